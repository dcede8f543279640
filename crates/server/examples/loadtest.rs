//! Load test of the WhatsApp webhook path (issue 4). Run it through `cargo xtask bench webhooks`,
//! which supplies a Postgres with default durability and compares the result with `pgbench`.
//!
//! ```text
//! DATABASE_URL=postgres://… cargo run --release -p inkdesk-server --example loadtest -- \
//!     [--clients N] [--pool P] [--conversations M] [--seconds S]
//! cargo run --release -p inkdesk-server --example loadtest -- --migrate <database url>
//! ```
//!
//! Everything runs in this process, as the issue's budget assumes (server, load generator and the
//! fake Graph API share the machine with Postgres): the server on 127.0.0.1:0 with its delivery
//! workers sending to `FakeWhatsApp`, and N clients, each walking fresh phone numbers through the 13
//! messages of a consultation, one signed webhook at a time over a shared keep-alive HTTP client.
//!
//! Two phases, each on a fresh database cloned from the migrated template (`TestDb`):
//! 1. *count*: every client runs one consultation against a server without workers, so the
//!    database's commit counter moves only for the webhook path; that gives transactions per message.
//! 2. *load*: the measured run, with workers delivering to the fake; afterwards the outbox is drained
//!    and the delivered jobs are counted.
//!
//! `RESULT key=value` lines at the end are for xtask; everything else is for people.

// A benchmark harness, not product code: a setup step that fails (no database, no port) should
// abort the run loudly, and the server's own test settings helper is reused as-is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "loadtest/clients.rs"]
mod clients;
#[path = "loadtest/stats.rs"]
mod stats;
#[path = "../tests/support/mod.rs"]
mod support;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;

use clients::{Plan, Tally};
use stats::Counters;

const USAGE: &str =
    "usage: loadtest [--clients N] [--pool P] [--conversations M] [--seconds S] [--workers W] [--flood] | --migrate URL
  (DATABASE_URL: a Postgres server where fresh databases may be created)";

/// What the command line asks for.
struct Options {
    clients: usize,
    /// `DATABASE_MAX_CONNECTIONS` of the server under load; the server's default when absent.
    pool: Option<usize>,
    conversations: Option<u64>,
    seconds: Option<u64>,
    /// `WORKER_CONCURRENCY` of the server under load.
    workers: usize,
    /// Answer the moment the webhook is acknowledged instead of when the bot's reply arrives.
    flood: bool,
}

enum Command {
    Bench(Options),
    Migrate(String),
}

fn parse(args: &[String]) -> Result<Command, String> {
    let mut options = Options {
        clients: 50,
        pool: None,
        conversations: None,
        seconds: None,
        flood: false,
        workers: 4,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value"))
                .cloned()
        };
        let number = |text: String| {
            text.parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{flag} takes a positive whole number, not '{text}'"))
        };
        match flag.as_str() {
            "--migrate" => return Ok(Command::Migrate(value()?)),
            "--clients" => {
                options.clients = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?
            }
            "--pool" => {
                options.pool = Some(usize::try_from(number(value()?)?).map_err(|e| e.to_string())?)
            }
            "--conversations" => options.conversations = Some(number(value()?)?),
            "--seconds" => options.seconds = Some(number(value()?)?),
            "--flood" => options.flood = true,
            "--workers" => {
                options.workers = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument '{other}'\n{USAGE}")),
        }
    }
    if options.clients > 9_999 {
        return Err("--clients is at most 9999".into());
    }
    // Without a bound the run would never end; half a minute is long enough for fsync drift to show.
    if options.conversations.is_none() && options.seconds.is_none() {
        options.seconds = Some(30);
    }
    Ok(Command::Bench(options))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    inkdesk_test_support::init_crypto();
    match command {
        Command::Migrate(url) => match inkdesk_postgres::run_pending_migrations(&url).await {
            Ok(applied) => {
                eprintln!("loadtest: {} migrations applied", applied.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("loadtest: migrations failed: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Bench(options) => {
            bench(options).await;
            ExitCode::SUCCESS
        }
    }
}

async fn bench(options: Options) {
    let admin_url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the Postgres server");
    let counters = Counters::connect(&admin_url).await;
    println!("{}", counters.describe_server().await);

    let count = count_phase(&counters, options.clients).await;

    let graph = std::sync::Arc::new(FakeWhatsApp::start().await);
    let db = TestDb::fresh().await;
    let mut settings = support::settings(db.url(), Some(&graph.base_url()));
    settings.worker_concurrency = options.workers;
    if let Some(pool) = options.pool {
        settings.database_max_connections = pool;
    }
    let pool = settings.database_max_connections;
    let base = support::spawn_with(settings, true);
    let bounds = match (options.conversations, options.seconds) {
        (Some(m), Some(s)) => format!("{m} conversations or {s} s, whichever first"),
        (Some(m), None) => format!("{m} conversations"),
        (None, Some(s)) => format!("{s} s"),
        (None, None) => unreachable!("parse sets a bound"),
    };
    let mode = match options.flood {
        true => "flood (each answer follows the previous 200 at once)",
        false => "conversations (each answer follows the bot's reply, no think time)",
    };
    println!(
        "load: {} clients, {mode}, {bounds}; server pool {pool} connections, {} workers, 20 ms poll",
        options.clients, options.workers
    );
    let before = counters.read(db.name()).await;
    let tally = clients::drive(Plan {
        url: format!("{base}/webhooks/whatsapp"),
        clients: options.clients,
        conversations: options.conversations,
        seconds: options.seconds,
        phase: 2,
        replies: (!options.flood).then(|| graph.clone()),
    })
    .await;
    let inbound_done = Instant::now();
    print_tally(&tally);

    let drained = stats::wait_for_outbox(&db, Duration::from_secs(300)).await;
    // Idle workers poll every 20 ms, so the counters never settle; a backend publishes its counters
    // within about a second, which is all this informational figure needs.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = counters.read(db.name()).await;
    let delivered = stats::count(&db, stats::DELIVERED_JOBS).await;
    let dead = stats::count(&db, stats::DEAD_JOBS).await;
    let pending_approval = stats::count(&db, stats::PENDING_APPROVAL).await;
    let received = graph.sent_messages().len();
    match drained {
        true => println!(
            "outbox drained {:.1} s after the last webhook",
            inbound_done.elapsed().as_secs_f64()
        ),
        false => println!("outbox NOT drained within 300 s"),
    }
    println!(
        "jobs delivered (succeeded whatsapp.send + artist.notify): {delivered}, dead: {dead}; \
         messages the fake Graph API received: {received}"
    );
    println!(
        "consultations completed: {} (leads now PENDING_APPROVAL: {pending_approval})",
        tally.conversations
    );
    let all = after.since(&before);
    println!(
        "load phase, whole database incl. workers: {} commits, {} rollbacks, {} xids = {:.2} commits per inbound message",
        all.commits,
        all.rollbacks,
        all.xids,
        all.commits as f64 / tally.ok.max(1) as f64
    );

    let rate = tally.ok as f64 / tally.elapsed.as_secs_f64();
    let [p50, p95, p99, max] = tally.percentiles_ms([50.0, 95.0, 99.0, 100.0]);
    let [reply_p50, reply_p99] = tally.reply_percentiles_ms([50.0, 99.0]);
    println!(
        "RESULT mode={} webhooks={} errors={} elapsed_s={:.2} webhooks_per_s={rate:.1} p50_ms={p50:.2} \
         p95_ms={p95:.2} p99_ms={p99:.2} max_ms={max:.2} reply_p50_ms={reply_p50:.2} \
         reply_p99_ms={reply_p99:.2} commits_per_message={:.3} write_tx_per_message={:.3} \
         jobs_delivered={delivered} fake_received={received}",
        if options.flood {
            "flood"
        } else {
            "conversations"
        },
        tally.ok,
        tally.errors,
        tally.elapsed.as_secs_f64(),
        count.commits,
        count.writes
    );
}

/// What the count phase measured, per inbound message.
struct CountPhase {
    /// Every commit in the database, read-only ones included.
    commits: f64,
    /// Transactions that took a transaction id: they wrote, so each waited for a WAL flush.
    writes: f64,
}

/// One consultation per client against a server without workers, on a database of its own, so the
/// database's counters move only for the webhook path.
async fn count_phase(counters: &Counters, clients: usize) -> CountPhase {
    let db = TestDb::fresh().await;
    stats::without_autovacuum(&db).await;
    let base = support::spawn_with(support::settings(db.url(), None), false);
    let before = counters.read(db.name()).await;
    let tally = clients::drive(Plan {
        url: format!("{base}/webhooks/whatsapp"),
        clients,
        conversations: Some(clients as u64),
        seconds: None,
        phase: 1,
        replies: None,
    })
    .await;
    // Backends publish their counters lazily; ending them makes the figures final.
    counters.end_sessions(db.name()).await;
    let delta = counters.settled(db.name()).await.since(&before);
    let messages = tally.ok.max(1) as f64;
    let counted = CountPhase {
        commits: delta.commits as f64 / messages,
        writes: delta.xids as f64 / messages,
    };
    let [p50, p99] = tally.percentiles_ms([50.0, 99.0]);
    println!(
        "count phase (one consultation per client, no workers): {} webhooks, {} errors, \
         {:.1} webhooks/s, p50 {p50:.2} ms, p99 {p99:.2} ms",
        tally.ok,
        tally.errors,
        tally.ok as f64 / tally.elapsed.as_secs_f64()
    );
    // Read-only commits besides the units of work: each pooled connection's set-up, the lead-id
    // reservation (nextval on a second connection) of each consultation, and the implicit
    // transaction the extended protocol opens for a statement prepared outside BEGIN.
    println!(
        "  {} commits ({:.3}/message, read-only ones included; {} sessions opened), {} rollbacks, \
         {} write transactions (transaction ids assigned, server-wide) = {:.3}/message",
        delta.commits, counted.commits, delta.sessions, delta.rollbacks, delta.xids, counted.writes
    );
    counted
}

fn print_tally(tally: &Tally) {
    let [p50, p95, p99, max] = tally.percentiles_ms([50.0, 95.0, 99.0, 100.0]);
    println!(
        "inbound: {} webhooks answered 200 in {:.2} s = {:.1} webhooks/s; errors {}; \
         late {}, duplicates {}",
        tally.ok,
        tally.elapsed.as_secs_f64(),
        tally.ok as f64 / tally.elapsed.as_secs_f64(),
        tally.errors,
        tally.late,
        tally.duplicates
    );
    println!("latency ms: p50 {p50:.2}  p95 {p95:.2}  p99 {p99:.2}  max {max:.2}");
    if !tally.reply_latencies_us.is_empty() {
        let [p50, p95, p99, max] = tally.reply_percentiles_ms([50.0, 95.0, 99.0, 100.0]);
        println!(
            "reply latency ms (webhook sent → bot's reply at the fake Graph API): \
             p50 {p50:.2}  p95 {p95:.2}  p99 {p99:.2}  max {max:.2}"
        );
    }
    for sample in &tally.error_samples {
        println!("  error: {sample}");
    }
}
