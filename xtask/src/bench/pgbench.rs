//! The yardstick for the webhook benchmark: `pgbench` running one inbound message's statements
//! (`inbound.pgbench`) on a migrated scratch database of the same server, with as many clients.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::postgres::{Postgres, find_bin_dir};
use crate::run::{Result, target_dir};

const SCRIPT: &str = include_str!("inbound.pgbench");

/// Contacts (each with a lead in QUALIFYING) seeded per pgbench client; the script picks among
/// its client's own.
const CONTACTS_PER_CLIENT: u64 = 1000;

/// What pgbench reached, or `None` when pgbench is not installed.
pub fn run(postgres: &Postgres, clients: u64, seconds: u64) -> Result<Option<Pgbench>> {
    let Some(pgbench) = tool("pgbench") else {
        eprintln!("xtask: pgbench not found (PG_BIN, pg_config, PATH); skipping the comparison");
        return Ok(None);
    };
    let psql = tool("psql").ok_or("psql not found (PG_BIN, pg_config, PATH)")?;
    let name = format!("inkdesk_pgbench_{}", std::process::id());
    let url = with_database(&postgres.url, &name);
    sql(&psql, &postgres.url, &format!("CREATE DATABASE \"{name}\""))?;
    let scratch = Scratch {
        psql: psql.clone(),
        admin_url: postgres.url.clone(),
        name,
    };
    super::migrate(&url)?;
    sql(&psql, &url, &seed(clients))?;

    let script = target_dir().join("bench").join("inbound.pgbench");
    if let Some(dir) = script.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    }
    fs::write(&script, SCRIPT).map_err(|e| format!("write {}: {e}", script.display()))?;
    // Per-transaction latencies (`-l`) go to files in a directory of their own.
    let logs = script.with_file_name("pgbench-logs");
    let _ = fs::remove_dir_all(&logs);
    fs::create_dir_all(&logs).map_err(|e| format!("create {}: {e}", logs.display()))?;
    let mut cmd = Command::new(&pgbench);
    // -n: there are no pgbench_* tables to vacuum. Prepared statements: the best a client can do
    // with these statements, which is what the server is measured against.
    cmd.args(["-n", "-M", "prepared", "-j", "2", "-P", "5", "-r", "-l"])
        .args(["-c", &clients.to_string(), "-T", &seconds.to_string()])
        .arg("-f")
        .arg(&script)
        .arg(&url)
        .current_dir(&logs)
        .stderr(Stdio::inherit());
    let out = cmd
        .output()
        .map_err(|e| format!("could not run {}: {e}", pgbench.display()))?;
    let report = String::from_utf8_lossy(&out.stdout);
    print!("{report}");
    drop(scratch);
    if !out.status.success() {
        return Err(format!("pgbench failed ({})", out.status));
    }
    let tps = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok())
        .ok_or("pgbench printed no tps figure")?;
    let latency = latencies_ms(&logs)?;
    let _ = fs::remove_dir_all(&logs);
    Ok(Some(Pgbench { tps, latency }))
}

/// What pgbench reached: transactions per second and its own latency percentiles.
pub struct Pgbench {
    pub tps: f64,
    /// p50, p95, p99 and max in ms, from every transaction pgbench logged.
    pub latency: Option<[f64; 4]>,
}

/// Percentiles over the `-l` logs (`client transaction latency_us script epoch epoch_us` lines).
fn latencies_ms(dir: &std::path::Path) -> Result<Option<[f64; 4]>> {
    let mut samples: Vec<u64> = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        samples.extend(
            text.lines()
                .filter_map(|line| line.split_whitespace().nth(2)?.parse::<u64>().ok()),
        );
    }
    if samples.is_empty() {
        return Ok(None);
    }
    samples.sort_unstable();
    let at = |rank: f64| {
        let index = ((rank / 100.0) * samples.len() as f64).ceil() as usize;
        samples[index.clamp(1, samples.len()) - 1] as f64 / 1000.0
    };
    Ok(Some([at(50.0), at(95.0), at(99.0), at(100.0)]))
}

/// The artist, and per client `CONTACTS_PER_CLIENT` contacts with a lead mid-consultation.
fn seed(clients: u64) -> String {
    let contacts = clients * CONTACTS_PER_CLIENT;
    format!(
        "INSERT INTO artists (id) VALUES ('default') ON CONFLICT DO NOTHING;
         INSERT INTO contacts (artist_id, phone)
             SELECT 'default', '4479' || lpad(g::text, 8, '0') FROM generate_series(0, {contacts} - 1) g;
         INSERT INTO leads (artist_id, contact_id, status, current_step, qualifying_started_at)
             SELECT 'default', id, 'QUALIFYING', 6, now() FROM contacts;
         ANALYZE;"
    )
}

/// Drops the scratch database however the run ends.
struct Scratch {
    psql: PathBuf,
    admin_url: String,
    name: String,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let drop_it = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        if let Err(e) = sql(&self.psql, &self.admin_url, &drop_it) {
            eprintln!("xtask: could not drop {}: {e}", self.name);
        }
    }
}

fn sql(psql: &PathBuf, url: &str, statements: &str) -> Result {
    let mut cmd = Command::new(psql);
    cmd.args([
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        url,
        "-c",
        statements,
    ])
    .stdout(Stdio::null());
    let status = cmd
        .status()
        .map_err(|e| format!("could not run psql: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("psql failed ({status})"))
    }
}

/// From the server's bin directory when there is one (same version as the cluster), else `PATH`.
fn tool(name: &str) -> Option<PathBuf> {
    if let Some(path) = find_bin_dir()
        .ok()
        .map(|dir| dir.join(name))
        .filter(|p| p.is_file())
    {
        return Some(path);
    }
    let mut probe = Command::new(name);
    probe
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    probe
        .status()
        .is_ok_and(|s| s.success())
        .then(|| PathBuf::from(name))
}

/// Replaces the database (the path) of a `postgres://` URL, keeping any query string.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let base = base[authority..]
        .find('/')
        .map_or(base, |slash| &base[..authority + slash]);
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn with_database_replaces_only_the_path() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h:1/db?sslmode=disable", "x"),
            "postgres://u:p@h:1/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:5", "x"), "postgres://h:5/x");
    }
}
