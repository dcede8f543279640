//! One replica at a time per sweep (data-and-ops.md §4.7): a session-level advisory lock on a
//! connection held for the sweep's run. A crash releases it with the connection.

use diesel::sql_types::{Bool, Text};
use diesel_async::RunQueryDsl;

use crate::cached_sql::cached_sql;
use crate::{Database, DbConnection, DbError};

#[derive(diesel::QueryableByName)]
struct Taken {
    #[diesel(sql_type = Bool)]
    taken: bool,
}

/// Held while a sweep runs; `release` gives the lock back before the connection returns to the
/// pool.
pub struct SweepLock {
    conn: DbConnection,
    name: &'static str,
}

impl Database {
    /// The lock of sweep `name`, or `None` when another replica is running it.
    pub async fn try_sweep_lock(&self, name: &'static str) -> Result<Option<SweepLock>, DbError> {
        let mut conn = self.connection().await?;
        let Taken { taken } =
            cached_sql("SELECT pg_try_advisory_lock(hashtext('inkdesk:sweep:' || $1)) AS taken")
                .bind::<Text, _>(name)
                .get_result(&mut *conn)
                .await
                .map_err(DbError::Query)?;
        Ok(taken.then_some(SweepLock { conn, name }))
    }
}

impl SweepLock {
    pub async fn release(mut self) -> Result<(), DbError> {
        cached_sql("SELECT pg_advisory_unlock(hashtext('inkdesk:sweep:' || $1)) AS taken")
            .bind::<Text, _>(self.name)
            .execute(&mut *self.conn)
            .await
            .map_err(DbError::Query)?;
        Ok(())
    }
}
