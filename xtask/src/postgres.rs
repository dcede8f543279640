//! A PostgreSQL for tests and development: the one in `DATABASE_URL`, or a private throwaway cluster.
//!
//! The throwaway cluster lives under `target/xtask-pg/`, listens on 127.0.0.1 on a free port with no
//! unix socket and, for tests, `fsync=off`; benchmarks ask for a durable one (Postgres' default
//! `fsync`, `synchronous_commit` and `full_page_writes`), since commit latency is what they measure. It is supervised by a small `sh` watchdog that holds a pipe from this
//! process: whenever xtask ends (normally, on a failed test run, on Ctrl-C or even on SIGKILL) the pipe
//! closes and the watchdog stops the server and deletes its directory. `initdb` refuses to run as root,
//! so as root the cluster runs as the `postgres` user through `runuser`.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::run::{Result, output, succeeds, target_dir};

const WATCHDOG: &str = r#"
trap '' INT HUP
root=$1; data=$2; log=$3; shift 3
"$@" >"$log" 2>&1 &
read _ignored || true
pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null
wait
rm -rf "$root"
"#;

/// A running database server for this xtask invocation.
pub struct Postgres {
    pub url: String,
    watchdog: Option<(Child, ChildStdin)>,
}

impl Postgres {
    /// `DATABASE_URL` when set, otherwise a throwaway cluster that trades durability for speed.
    pub fn obtain() -> Result<Self> {
        Self::obtain_with(false)
    }

    /// `DATABASE_URL` when set, otherwise a throwaway cluster with Postgres' default durability.
    pub fn obtain_durable() -> Result<Self> {
        Self::obtain_with(true)
    }

    fn obtain_with(durable: bool) -> Result<Self> {
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => {
                eprintln!("xtask: using DATABASE_URL");
                Ok(Self {
                    url,
                    watchdog: None,
                })
            }
            _ => Self::throwaway(durable),
        }
    }

    fn throwaway(durable: bool) -> Result<Self> {
        let bin = find_bin_dir()?;
        let as_root = is_root();
        let unique = format!(
            "{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        let root = cluster_root(&unique, as_root)?;
        let data = root.join("data");
        let log = root.join("postgres.log");
        initdb(&bin, &data, as_root)?;
        let port = free_port()?;

        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(WATCHDOG).arg("xtask-pg-watchdog");
        cmd.arg(&root).arg(&data).arg(&log);
        if as_root {
            cmd.args(["runuser", "-u", "postgres", "--"]);
        }
        cmd.arg(bin.join("postgres"))
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string()])
            .args(server_settings(durable));
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start postgres: {e}"))?;
        let stdin = child
            .stdin
            .take()
            .ok_or("could not hold the postgres watchdog's pipe")?;
        let pg = Self {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            watchdog: Some((child, stdin)),
        };
        wait_ready(&bin, port, &log)?;
        eprintln!(
            "xtask: throwaway Postgres on 127.0.0.1:{port} ({}{})",
            root.display(),
            if durable { ", durable" } else { "" }
        );
        Ok(pg)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.watchdog.take() {
            drop(stdin);
            let _ = child.wait();
        }
    }
}

fn server_settings(durable: bool) -> Vec<String> {
    let common = [
        "listen_addresses=127.0.0.1",
        "unix_socket_directories=",
        "max_connections=300",
        "shared_buffers=128MB",
    ];
    // Spelled out rather than left to the defaults, so the command line shows what was measured.
    let durability = if durable {
        ["fsync=on", "synchronous_commit=on", "full_page_writes=on"]
    } else {
        [
            "fsync=off",
            "synchronous_commit=off",
            "full_page_writes=off",
        ]
    };
    common
        .iter()
        .chain(&durability)
        .flat_map(|s| ["-c".to_owned(), (*s).to_owned()])
        .collect()
}

/// `PG_BIN`, then `pg_config --bindir`, then the highest `/usr/lib/postgresql/*/bin`.
pub fn find_bin_dir() -> Result<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(dir) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        if has_server(&dir) {
            return Ok(dir);
        }
        return Err(format!("PG_BIN={} has no initdb/postgres", dir.display()));
    }
    let mut config = Command::new("pg_config");
    config.arg("--bindir").stderr(Stdio::null());
    if let Ok(out) = config.output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server(&dir) {
            return Ok(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_server(dir))
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir).ok_or_else(|| {
        "no PostgreSQL server binaries (initdb, postgres) found via PG_BIN, pg_config or \
         /usr/lib/postgresql/*/bin: install them (Debian/Ubuntu: `apt-get install postgresql`) \
         or set DATABASE_URL to a server you own"
            .to_owned()
    })
}

fn is_root() -> bool {
    let mut id = Command::new("id");
    id.arg("-u");
    output(id).is_ok_and(|uid| uid.trim() == "0")
}

/// A fresh directory the server's user can reach: under `target/`, or under the system temp dir
/// when `target/` sits somewhere the `postgres` user cannot traverse (e.g. under /root).
fn cluster_root(unique: &str, as_root: bool) -> Result<PathBuf> {
    let preferred = target_dir().join("xtask-pg").join(unique);
    let fallback = std::env::temp_dir().join(format!("inkdesk-pg-{unique}"));
    for root in [preferred, fallback] {
        if fs::create_dir_all(&root).is_err() {
            continue;
        }
        if !as_root {
            return Ok(root);
        }
        let mut chown = Command::new("chown");
        chown.arg("postgres:").arg(&root);
        let mut probe = Command::new("runuser");
        probe
            .args(["-u", "postgres", "--", "test", "-w"])
            .arg(&root);
        if succeeds(chown) && succeeds(probe) {
            return Ok(root);
        }
        let _ = fs::remove_dir_all(&root);
    }
    Err("no directory the postgres user can write to (tried target/ and the temp dir)".into())
}

fn as_server_user(program: PathBuf, as_root: bool) -> Command {
    if as_root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn initdb(bin: &Path, data: &Path, as_root: bool) -> Result {
    let mut cmd = as_server_user(bin.join("initdb"), as_root);
    cmd.arg("-D")
        .arg(data)
        .args([
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--no-locale",
        ])
        .stdout(Stdio::null());
    let out = cmd
        .output()
        .map_err(|e| format!("could not run initdb: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

fn wait_ready(bin: &Path, port: u16, log: &Path) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let mut probe = Command::new(bin.join("pg_isready"));
        probe.args([
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            "postgres",
        ]);
        if succeeds(probe) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let tail = fs::read_to_string(log).unwrap_or_default();
    Err(format!(
        "postgres did not become ready within 60 s; its log:\n{tail}"
    ))
}

fn dev_root() -> PathBuf {
    target_dir().join("xtask-pg").join("dev")
}

/// `cargo xtask db-up`: a persistent cluster for development (survives this process).
pub fn db_up() -> Result {
    let root = dev_root();
    let data = root.join("data");
    let port_file = root.join("port");
    let bin = find_bin_dir()?;
    if let Ok(port) = fs::read_to_string(&port_file) {
        let mut probe = Command::new(bin.join("pg_isready"));
        probe.args(["-q", "-h", "127.0.0.1", "-p", port.trim()]);
        if succeeds(probe) {
            println!("postgres://postgres@127.0.0.1:{}/postgres", port.trim());
            return Ok(());
        }
    }
    let as_root = is_root();
    fs::create_dir_all(&root).map_err(|e| format!("create {}: {e}", root.display()))?;
    if as_root {
        let mut chown = Command::new("chown");
        chown.arg("postgres:").arg(&root);
        if !succeeds(chown) {
            return Err(format!(
                "could not hand {} to the postgres user",
                root.display()
            ));
        }
    }
    if !data.join("PG_VERSION").exists() {
        initdb(&bin, &data, as_root)?;
    }
    let port = free_port()?;
    let mut start = as_server_user(bin.join("pg_ctl"), as_root);
    start
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(root.join("postgres.log"))
        .arg("-o")
        .arg(format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        ))
        .args(["-w", "start"])
        .stdout(Stdio::null());
    if !succeeds(start) {
        return Err(format!(
            "pg_ctl start failed; see {}",
            root.join("postgres.log").display()
        ));
    }
    fs::write(&port_file, port.to_string()).map_err(|e| e.to_string())?;
    println!("postgres://postgres@127.0.0.1:{port}/postgres");
    Ok(())
}

/// `cargo xtask db-down`: stops the development cluster and deletes it.
pub fn db_down() -> Result {
    let root = dev_root();
    let data = root.join("data");
    if data.join("postmaster.pid").exists() {
        let bin = find_bin_dir()?;
        let mut stop = as_server_user(bin.join("pg_ctl"), is_root());
        stop.arg("-D").arg(&data).args(["-m", "fast", "-w", "stop"]);
        let _ = succeeds(stop);
    }
    if root.exists() {
        fs::remove_dir_all(&root).map_err(|e| format!("remove {}: {e}", root.display()))?;
    }
    println!("development Postgres stopped and removed");
    Ok(())
}
