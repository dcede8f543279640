use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::DbError;

/// Every migration of the top-level `migrations/` directory, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../../migrations");

type SyncConnection = AsyncConnectionWrapper<AsyncPgConnection>;

/// Applies every pending migration; returns the versions applied (empty when already current).
///
/// diesel's migration harness is synchronous, so it runs on a blocking thread over the async driver.
pub async fn run_pending_migrations(database_url: &str) -> Result<Vec<String>, DbError> {
    with_sync_connection(database_url, |conn| {
        conn.run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
            .map_err(|e| DbError::Migration(e.to_string()))
    })
    .await
}

/// Reverts every applied migration, newest first (used by tests and by operators rolling back).
pub async fn revert_all_migrations(database_url: &str) -> Result<Vec<String>, DbError> {
    with_sync_connection(database_url, |conn| {
        conn.revert_all_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
            .map_err(|e| DbError::Migration(e.to_string()))
    })
    .await
}

/// Versions of the embedded migrations, oldest first.
pub fn embedded_migration_versions() -> Vec<String> {
    use diesel::migration::MigrationSource;
    let mut versions: Vec<String> = MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
        .map(|all| all.iter().map(|m| m.name().version().to_string()).collect())
        .unwrap_or_default();
    versions.sort();
    versions
}

/// Versions recorded as applied in the database, oldest first (empty when none ever ran).
pub async fn applied_migration_versions(
    conn: &mut AsyncPgConnection,
) -> Result<Vec<String>, DbError> {
    use diesel::sql_types::{Bool, Text};
    use diesel_async::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        exists: bool,
    }
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        version: String,
    }

    let table =
        diesel::sql_query("SELECT to_regclass('__diesel_schema_migrations') IS NOT NULL AS exists")
            .get_result::<Exists>(conn)
            .await?;
    if !table.exists {
        return Ok(Vec::new());
    }
    let rows = diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
        .load::<Version>(conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.version).collect())
}

async fn with_sync_connection<T, F>(database_url: &str, work: F) -> Result<T, DbError>
where
    T: Send + 'static,
    F: FnOnce(&mut SyncConnection) -> Result<T, DbError> + Send + 'static,
{
    use diesel::Connection;
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = SyncConnection::establish(&url).map_err(DbError::Connect)?;
        work(&mut conn)
    })
    .await
    .map_err(|e| DbError::Migration(format!("migration task failed: {e}")))?
}
