use std::time::Duration;

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};

use crate::{DbError, applied_migration_versions, embedded_migration_versions};

pub type DbPool = Pool<AsyncPgConnection>;
pub type DbConnection = Object<AsyncPgConnection>;

/// How long a readiness probe may wait for the database before calling it down.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// The connection pool and what the server needs to know about the database's health.
#[derive(Clone)]
pub struct Database {
    pool: DbPool,
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
        Ok(Self { pool })
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

async fn ping(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    use diesel_async::SimpleAsyncConnection;
    conn.batch_execute("SELECT 1").await?;
    Ok(())
}

fn deadpool_runtime() -> deadpool::Runtime {
    deadpool::Runtime::Tokio1
}
