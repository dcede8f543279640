//! What the database says about a run: commit counters from `pg_stat_database`, transaction ids from
//! the snapshot horizon, the server's version and durability settings, and the outbox's state.

use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_test_support::TestDb;
use tokio::sync::Mutex;

pub const DELIVERED_JOBS: &str = "SELECT count(*) FROM jobs WHERE kind IN ('whatsapp.send', 'artist.notify') AND state = 'succeeded'";
pub const DEAD_JOBS: &str =
    "SELECT count(*) FROM jobs WHERE kind IN ('whatsapp.send', 'artist.notify') AND state = 'dead'";
pub const PENDING_APPROVAL: &str = "SELECT count(*) FROM leads WHERE status = 'PENDING_APPROVAL'";
const PENDING_JOBS: &str =
    "SELECT count(*) FROM jobs WHERE kind IN ('whatsapp.send', 'artist.notify')
                            AND state IN ('queued', 'running')";

/// The settings that decide what a commit costs, printed with every run.
const SETTINGS: &str = "fsync, synchronous_commit, full_page_writes, wal_sync_method, \
                        commit_delay, wal_level, shared_buffers, max_connections, max_wal_size";

/// A connection to the server's maintenance database: reading the counters from there keeps the
/// reads themselves out of the benchmark database's figures.
pub struct Counters {
    conn: Mutex<AsyncPgConnection>,
}

/// One reading of a database's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub commits: i64,
    pub rollbacks: i64,
    /// Sessions opened on the database (each spends two commits on diesel's connection set-up).
    pub sessions: i64,
    /// The next transaction id to be assigned, server-wide: only transactions that write take one.
    pub xids: i64,
}

impl Reading {
    pub fn since(&self, before: &Reading) -> Reading {
        Reading {
            commits: self.commits - before.commits,
            rollbacks: self.rollbacks - before.rollbacks,
            sessions: self.sessions - before.sessions,
            xids: self.xids - before.xids,
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    commits: i64,
    #[diesel(sql_type = BigInt)]
    rollbacks: i64,
    #[diesel(sql_type = BigInt)]
    sessions: i64,
    #[diesel(sql_type = BigInt)]
    xids: i64,
}

#[derive(diesel::QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl Counters {
    pub async fn connect(admin_url: &str) -> Self {
        let conn = AsyncPgConnection::establish(admin_url)
            .await
            .expect("connect to DATABASE_URL");
        Self {
            conn: Mutex::new(conn),
        }
    }

    pub async fn read(&self, database: &str) -> Reading {
        let mut conn = self.conn.lock().await;
        let row: Row = diesel::sql_query(
            "SELECT xact_commit AS commits, xact_rollback AS rollbacks, sessions,
                    pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xids
             FROM pg_stat_database WHERE datname = $1",
        )
        .bind::<Text, _>(database)
        .get_result(&mut *conn)
        .await
        .expect("read pg_stat_database");
        Reading {
            commits: row.commits,
            rollbacks: row.rollbacks,
            sessions: row.sessions,
            xids: row.xids,
        }
    }

    /// Reads until two readings a little over a second apart agree: backends publish their
    /// counters at most once a second, so a quiet database shows its final figures by then.
    pub async fn settled(&self, database: &str) -> Reading {
        let mut last = self.read(database).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(1100)).await;
            let now = self.read(database).await;
            if now.commits == last.commits && now.rollbacks == last.rollbacks {
                return now;
            }
            last = now;
        }
        last
    }

    /// Ends every session on `database`, so their pending counters are published.
    pub async fn end_sessions(&self, database: &str) {
        let mut conn = self.conn.lock().await;
        let _ = diesel::sql_query(
            "SELECT count(pg_terminate_backend(pid))::bigint AS n FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind::<Text, _>(database)
        .get_result::<Count>(&mut *conn)
        .await;
    }

    /// `PostgreSQL 16.x …` and the durability-relevant settings, one line.
    pub async fn describe_server(&self) -> String {
        let mut conn = self.conn.lock().await;
        let version: Line = diesel::sql_query("SELECT version() AS line")
            .get_result(&mut *conn)
            .await
            .expect("read the server version");
        let names: Vec<String> = SETTINGS.split(", ").map(|s| format!("'{s}'")).collect();
        let settings: Line = diesel::sql_query(format!(
            "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) AS line
             FROM pg_settings WHERE name IN ({})",
            names.join(", ")
        ))
        .get_result(&mut *conn)
        .await
        .expect("read pg_settings");
        format!(
            "postgres: {}\npostgres settings: {}",
            version.line, settings.line
        )
    }
}

/// Autovacuum stays off the count phase's tables: an automatic ANALYZE takes a transaction id, and
/// transaction ids are how the phase counts write transactions.
pub async fn without_autovacuum(db: &TestDb) {
    use diesel_async::SimpleAsyncConnection;
    let mut conn = db.connect().await;
    conn.batch_execute(
        "DO $$ DECLARE t text; BEGIN
           FOR t IN SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
                    WHERE schemaname = 'public' LOOP
             EXECUTE 'ALTER TABLE ' || t || ' SET (autovacuum_enabled = off)';
           END LOOP;
         END $$",
    )
    .await
    .expect("turn autovacuum off for the count phase");
}

pub async fn count(db: &TestDb, sql: &str) -> i64 {
    let mut conn = db.connect().await;
    let Count { n } = diesel::sql_query(format!("SELECT ({sql})::bigint AS n"))
        .get_result(&mut conn)
        .await
        .expect("count rows");
    n
}

/// Waits until no send job is queued or running; `false` when `limit` passed first.
pub async fn wait_for_outbox(db: &TestDb, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if count(db, PENDING_JOBS).await == 0 {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
