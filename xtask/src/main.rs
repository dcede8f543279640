//! # xtask
//!
//! Developer and CI automation for inkdesk, std only (no dependencies, so it builds in seconds and can
//! never drag anything into the product): `ci`, `test`, `db-up`, `db-down`, `demo`. It finds or starts
//! the PostgreSQL the tests need and enforces the crate map's dependency direction.

mod bench;
mod ci;
mod deps;
mod json;
mod postgres;
mod run;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  ci          fmt --check, clippy -D warnings, nextest on a real Postgres, doctests, dependency direction
  test [ARGS] run the test suite on a real Postgres (ARGS go to cargo nextest run)
  db-up       start a persistent development Postgres under target/ and print its URL
  db-down     stop and delete it
  demo        Postgres + migrations + `inkdesk serve` in demo mode on 127.0.0.1:8080 (Ctrl-C stops all)
  deps        only the dependency-direction check
  bench NAME  a benchmark in release mode: parsers, or webhooks [--clients N] [--pool P] [--conversations M]
              [--seconds S] (durable throwaway Postgres unless DATABASE_URL; compares with pgbench)

Postgres: DATABASE_URL when set; otherwise a throwaway cluster under target/ (binaries from PG_BIN,
`pg_config --bindir`, or the highest /usr/lib/postgresql/*/bin).";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match command.as_str() {
        "ci" => ci::ci(),
        "test" => ci::test(&rest),
        "db-up" => postgres::db_up(),
        "db-down" => postgres::db_down(),
        "demo" => ci::demo(),
        "deps" => deps::check(),
        "bench" => bench::bench(&rest),
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
