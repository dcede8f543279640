use std::sync::Arc;
use std::time::Duration;

use diesel::ConnectionError;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use tokio::sync::Notify;

use crate::{DbError, applied_migration_versions, embedded_migration_versions};

pub type DbPool = Pool<AsyncPgConnection>;
pub type DbConnection = Object<AsyncPgConnection>;

/// How long a readiness probe may wait for the database before calling it down.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// Limits every pooled session runs under, set once when the connection opens so no transaction
/// pays a round trip for them: a transaction left idle (a caller that vanished mid unit of work)
/// ends after 30 s, and a lock wait longer than 10 s means something is stuck, so the provider's
/// retry is the better bet.
const SESSION_LIMITS: &str =
    "SET idle_in_transaction_session_timeout = '30s'; SET lock_timeout = '10s'";

/// The connection pool and what the server needs to know about the database's health.
#[derive(Clone)]
pub struct Database {
    pool: DbPool,
    /// Rung after a commit that queued jobs, so this process's idle workers look at once instead
    /// of at their next poll (other processes find the jobs by polling).
    jobs_queued: Arc<Notify>,
}

/// The answer to "can this replica take traffic?", as far as the database is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    pub connected: bool,
    pub migrations_current: bool,
}

impl Database {
    /// Builds a lazy pool: no connection is opened until one is needed, so a server can start (and
    /// report "not ready") while the database is still down.
    pub fn connect_lazy(database_url: &str, max_connections: usize) -> Result<Self, DbError> {
        // Fast recycling: a `SELECT 1` on every checkout would double the statements (and the
        // transactions) of the webhook path; a connection broken by an outage is flagged by the
        // driver and replaced instead of being handed out again.
        let mut config = ManagerConfig::default();
        config.recycling_method = RecyclingMethod::Fast;
        config.custom_setup = Box::new(|url| Box::pin(establish(url)));
        let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
            database_url,
            config,
        );
        let pool = Pool::builder(manager)
            .max_size(max_connections.max(1))
            .wait_timeout(Some(Duration::from_secs(5)))
            .create_timeout(Some(Duration::from_secs(5)))
            .runtime(deadpool_runtime())
            .build()
            .map_err(|e| DbError::Pool(Box::new(e)))?;
        Ok(Self {
            pool,
            jobs_queued: Arc::default(),
        })
    }

    /// Tells this process's idle workers that committed jobs are waiting.
    pub fn jobs_queued(&self) {
        // A stored permit covers a worker that is between its empty claim and its wait.
        self.jobs_queued.notify_one();
    }

    /// Resolves at the next [`Database::jobs_queued`] (or at once for one rung while nobody waited).
    pub async fn wait_for_queued_jobs(&self) {
        self.jobs_queued.notified().await;
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    pub async fn connection(&self) -> Result<DbConnection, DbError> {
        self.pool
            .get()
            .await
            .map_err(|e| DbError::Pool(Box::new(e)))
    }

    /// `SELECT 1` and a comparison of applied against embedded migrations, within two seconds.
    pub async fn readiness(&self) -> Readiness {
        let probe = async {
            let mut conn = self.connection().await?;
            ping(&mut conn).await?;
            let applied = applied_migration_versions(&mut conn).await?;
            Ok::<_, DbError>(migrations_current(&applied))
        };
        match tokio::time::timeout(READINESS_TIMEOUT, probe).await {
            Ok(Ok(current)) => Readiness {
                connected: true,
                migrations_current: current,
            },
            _ => Readiness {
                connected: false,
                migrations_current: false,
            },
        }
    }

    /// Whether every embedded migration has been applied (used by `serve` before taking traffic).
    pub async fn has_pending_migrations(&self) -> Result<bool, DbError> {
        let mut conn = self.connection().await?;
        let applied = applied_migration_versions(&mut conn).await?;
        Ok(!migrations_current(&applied))
    }
}

fn migrations_current(applied: &[String]) -> bool {
    embedded_migration_versions()
        .iter()
        .all(|version| applied.contains(version))
}

async fn establish(url: &str) -> diesel::ConnectionResult<AsyncPgConnection> {
    let mut conn = AsyncPgConnection::establish(url).await?;
    conn.batch_execute(SESSION_LIMITS)
        .await
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

async fn ping(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    conn.batch_execute("SELECT 1").await?;
    Ok(())
}

fn deadpool_runtime() -> deadpool::Runtime {
    deadpool::Runtime::Tokio1
}
