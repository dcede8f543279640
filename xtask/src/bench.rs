//! `cargo xtask bench <name>`: benchmarks in release mode. They print figures and never fail on
//! timing; only a benchmark that cannot run at all is an error.

mod pgbench;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::postgres::Postgres;
use crate::run::{Result, cargo, step};

const USAGE: &str = "usage: cargo xtask bench parsers
       cargo xtask bench webhooks [--clients N] [--pool P] [--conversations M] [--seconds S] [--workers W] [--flood]";

/// The issue's throughput floor: this many webhooks/s, or this share of pgbench, whichever is lower.
const TARGET_WEBHOOKS_PER_S: f64 = 2000.0;
const TARGET_PGBENCH_SHARE: f64 = 0.6;
const TARGET_P99_MS: f64 = 50.0;

pub fn bench(args: &[String]) -> Result {
    match args.split_first() {
        Some((name, [])) if name == "parsers" => parsers(),
        Some((name, rest)) if name == "webhooks" => webhooks(rest),
        _ => Err(USAGE.into()),
    }
}

fn parsers() -> Result {
    let mut run = cargo();
    run.args([
        "run",
        "--release",
        "--locked",
        "--package",
        "inkdesk-domain",
        "--example",
        "bench_parsers",
    ]);
    step("bench parsers (release)", run)
}

struct Options {
    clients: u64,
    pool: Option<u64>,
    workers: Option<u64>,
    conversations: Option<u64>,
    seconds: Option<u64>,
    flood: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        clients: 50,
        pool: None,
        workers: None,
        conversations: None,
        seconds: None,
        flood: false,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--flood" {
            options.flood = true;
            continue;
        }
        let value = args
            .next()
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|v| *v > 0)
            .ok_or_else(|| format!("{flag} takes a positive whole number\n{USAGE}"))?;
        match flag.as_str() {
            "--clients" => options.clients = value,
            "--pool" => options.pool = Some(value),
            "--workers" => options.workers = Some(value),
            "--conversations" => options.conversations = Some(value),
            "--seconds" => options.seconds = Some(value),
            other => return Err(format!("unknown option '{other}'\n{USAGE}")),
        }
    }
    Ok(options)
}

/// The example, then pgbench on the same server, then the figures against the issue's targets.
fn webhooks(args: &[String]) -> Result {
    let options = parse(args)?;
    let postgres = Postgres::obtain_durable()?;
    // `cargo build` rather than `run`, so compile time is not mistaken for the benchmark's.
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "--locked",
        "--package",
        "inkdesk-server",
        "--example",
        "loadtest",
    ]);
    step("build the loadtest example (release)", build)?;

    let mut args = vec!["--clients".to_owned(), options.clients.to_string()];
    if let Some(p) = options.pool {
        args.extend(["--pool".to_owned(), p.to_string()]);
    }
    if let Some(w) = options.workers {
        args.extend(["--workers".to_owned(), w.to_string()]);
    }
    if let Some(m) = options.conversations {
        args.extend(["--conversations".to_owned(), m.to_string()]);
    }
    if let Some(s) = options.seconds {
        args.extend(["--seconds".to_owned(), s.to_string()]);
    }
    if options.flood {
        args.push("--flood".to_owned());
    }
    eprintln!("\n==> loadtest: server, fake Graph API and clients in one process");
    let results = run_loadtest(&postgres, &args)?;

    // As long as the webhook phase ran, so both see the same stretch of the disk's behaviour.
    let seconds = options
        .seconds
        .or_else(|| number(&results, "elapsed_s").map(|s| s.ceil().max(5.0) as u64))
        .unwrap_or(30);
    eprintln!(
        "\n==> pgbench: the same statements, {} clients, {seconds} s",
        options.clients
    );
    let pgbench = pgbench::run(&postgres, options.clients, seconds)?;
    summary(&results, pgbench.as_ref());
    Ok(())
}

fn loadtest_command() -> [&'static str; 8] {
    [
        "run",
        "--release",
        "--locked",
        "--package",
        "inkdesk-server",
        "--example",
        "loadtest",
        "--",
    ]
}

/// Runs the example, echoing its report, and returns its `RESULT key=value` pairs.
fn run_loadtest(postgres: &Postgres, args: &[String]) -> Result<HashMap<String, String>> {
    let mut cmd = cargo();
    cmd.args(loadtest_command())
        .args(args)
        .env("DATABASE_URL", &postgres.url)
        .stdout(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("could not start the loadtest example: {e}"))?;
    let mut results = HashMap::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            if let Some(pairs) = line.strip_prefix("RESULT ") {
                for pair in pairs.split_whitespace() {
                    if let Some((key, value)) = pair.split_once('=') {
                        results.insert(key.to_owned(), value.to_owned());
                    }
                }
            }
        }
    }
    let status = child.wait().map_err(|e| format!("loadtest example: {e}"))?;
    if !status.success() {
        return Err(format!("the loadtest example failed ({status})"));
    }
    if results.is_empty() {
        return Err("the loadtest example printed no RESULT line".into());
    }
    Ok(results)
}

/// Migrates a scratch database through the loadtest example, which already links the migrations.
pub(crate) fn migrate(url: &str) -> Result {
    let mut cmd = cargo();
    cmd.args(loadtest_command()).args(["--migrate", url]);
    step("migrations (loadtest --migrate)", cmd)
}

fn number(results: &HashMap<String, String>, key: &str) -> Option<f64> {
    results.get(key).and_then(|v| v.parse().ok())
}

fn summary(results: &HashMap<String, String>, pgbench: Option<&pgbench::Pgbench>) {
    let pgbench_tps = pgbench.map(|p| p.tps);
    let get = |key: &str| number(results, key).unwrap_or(f64::NAN);
    let rate = get("webhooks_per_s");
    println!("\n== bench webhooks: summary");
    println!("machine: {}", machine());
    let mode = results.get("mode").map_or("?", String::as_str);
    println!("mode: {mode} (50 clients unless --clients; see docs/benchmarks.md)");
    if mode == "conversations" {
        println!(
            "reply latency (webhook sent → the bot's reply at the fake Graph API): p50 {:.2} / p99 {:.2} ms",
            get("reply_p50_ms"),
            get("reply_p99_ms")
        );
    }
    match pgbench_tps {
        Some(tps) => println!(
            "webhooks/s {rate:.1}   pgbench tps {tps:.1}   webhooks/s ÷ pgbench tps = {:.2}",
            rate / tps
        ),
        None => println!("webhooks/s {rate:.1}   pgbench tps: not measured"),
    }
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    let errors = get("errors");
    println!("targets (informational; benchmarks never fail on timing):");
    println!("  0 errors: {} ({errors})", verdict(errors == 0.0));
    let p99 = get("p99_ms");
    println!(
        "  p99 ≤ {TARGET_P99_MS} ms: {} ({p99:.2} ms)",
        verdict(p99 <= TARGET_P99_MS)
    );
    if let Some([p50, p95, p99, max]) = pgbench.and_then(|p| p.latency) {
        // The yardstick's own latency at the same concurrency: a closed loop of N clients cannot
        // answer faster than the database runs the same statements for N clients.
        println!(
            "    (pgbench itself, same statements and clients: p50 {p50:.2} / p95 {p95:.2} / \
             p99 {p99:.2} / max {max:.2} ms)"
        );
    }
    let writes = get("write_tx_per_message");
    println!(
        "  ≤ 1 transaction per inbound message: {} ({writes:.3} write transactions/message; \
         {:.3} commits/message counting read-only ones, see the count phase)",
        verdict(writes <= 1.01),
        get("commits_per_message")
    );
    let floor = pgbench_tps
        .map(|tps| (tps * TARGET_PGBENCH_SHARE).min(TARGET_WEBHOOKS_PER_S))
        .unwrap_or(TARGET_WEBHOOKS_PER_S);
    println!(
        "  throughput ≥ min({TARGET_WEBHOOKS_PER_S}, {:.0} % of pgbench) = {floor:.0}/s: {} \
         ({rate:.1}/s = {:.0} % of the floor)",
        TARGET_PGBENCH_SHARE * 100.0,
        verdict(rate >= floor),
        rate / floor * 100.0
    );
}

/// Cores, memory and CPU model, for the record in docs/benchmarks.md.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let mut uname = Command::new("uname");
    uname.arg("-r");
    let kernel = crate::run::output(uname).unwrap_or_default();
    format!(
        "{cores} cores (available parallelism), {mem_gib:.1} GiB, {model}, Linux {}",
        kernel.trim()
    )
}
