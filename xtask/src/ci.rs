//! `ci`, `test` and `demo`.

use std::fs;
use std::process::Command;
use std::time::Instant;

use crate::postgres::Postgres;
use crate::run::{Result, cargo, step, succeeds, workspace_root};

/// fmt → clippy → nextest (real Postgres) → doctests → dependency direction.
pub fn ci() -> Result {
    let started = Instant::now();
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    step("cargo fmt --all --check", fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]);
    step("cargo clippy", clippy)?;

    let postgres = Postgres::obtain()?;
    run_tests(
        &postgres,
        &["--workspace".to_owned(), "--locked".to_owned()],
    )?;

    let mut doctests = cargo();
    doctests.args(["test", "--workspace", "--doc", "--locked"]);
    with_test_env(&mut doctests, &postgres);
    step("doctests", doctests)?;
    drop(postgres);

    crate::deps::check()?;
    eprintln!(
        "\nxtask ci: all green in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cargo xtask test [ARGS]`: the test suite (or the part ARGS select) on a real Postgres.
pub fn test(args: &[String]) -> Result {
    let postgres = Postgres::obtain()?;
    let mut args = args.to_vec();
    if !args
        .iter()
        .any(|a| a == "-p" || a == "--package" || a.starts_with("--package="))
    {
        args.insert(0, "--workspace".to_owned());
    }
    run_tests(&postgres, &args)
}

fn run_tests(postgres: &Postgres, args: &[String]) -> Result {
    let mut probe = cargo();
    probe.args(["nextest", "--version"]);
    let mut cmd = cargo();
    if succeeds(probe) {
        cmd.args(["nextest", "run"]).args(args);
    } else {
        eprintln!(
            "xtask: cargo-nextest not found; falling back to cargo test (cargo install cargo-nextest --locked)"
        );
        cmd.arg("test")
            .args(args.iter().filter(|a| a.as_str() != "--no-fail-fast"));
    }
    with_test_env(&mut cmd, postgres);
    step("tests (real Postgres)", cmd)
}

fn with_test_env(cmd: &mut Command, postgres: &Postgres) {
    cmd.env("DATABASE_URL", &postgres.url)
        .env("INKDESK_TEST_TEMPLATE", template_name());
}

/// The template database's name follows the migrations' content, so editing a migration during
/// development never reuses a stale template on a long-lived server.
fn template_name() -> String {
    let mut files: Vec<_> = walk(&workspace_root().join("migrations"));
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in files {
        let name = path.to_string_lossy().into_owned();
        let content = fs::read(&path).unwrap_or_default();
        for byte in name.bytes().chain(content) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("inkdesk_template_{hash:016x}")
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            // Hash paths relative to the workspace so clones in different places agree.
            out.push(
                path.strip_prefix(workspace_root())
                    .map(|p| p.to_path_buf())
                    .unwrap_or(path),
            );
        }
    }
    out
}

/// `cargo xtask demo`: Postgres, migrations and `inkdesk serve` in demo mode on 127.0.0.1:8080.
pub fn demo() -> Result {
    let postgres = Postgres::obtain()?;
    let mut build = cargo();
    build.args(["build", "--package", "inkdesk-server", "--bin", "inkdesk"]);
    step("build inkdesk", build)?;
    let binary = crate::run::target_dir().join("debug").join("inkdesk");
    let address = "127.0.0.1:8080";
    println!("\ninkdesk demo is starting on http://{address}");
    println!("  liveness:  http://{address}/health");
    println!("  readiness: http://{address}/ready");
    println!("  database:  {}", postgres.url);
    println!("Press Ctrl-C to stop the server and the database.\n");
    let mut serve = Command::new(binary);
    serve
        .arg("serve")
        .env("APP_ENV", "development")
        .env("DEMO_MODE", "true")
        .env("WHATSAPP_DRY_RUN", "true")
        .env("BIND_ADDRESS", address)
        .env("DATABASE_URL", &postgres.url)
        .env("MIGRATE_ON_START", "true")
        .env(
            "LOG_FORMAT",
            std::env::var("LOG_FORMAT").unwrap_or_else(|_| "pretty".into()),
        );
    let status = serve
        .status()
        .map_err(|e| format!("could not start inkdesk: {e}"))?;
    drop(postgres);
    if status.success() {
        Ok(())
    } else {
        Err(format!("inkdesk exited with {status}"))
    }
}
