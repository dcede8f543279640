//! Writing a job into the outbox, inside the transaction of the state change that needs it.

use diesel::sql_types::{BigInt, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::{JobId, NewJob};
use crate::DbError;
use crate::cached_sql::cached_sql;

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Enqueues `job` on `conn`, which should be inside the caller's business transaction so the job exists
/// exactly when the change that caused it does.
///
/// With a dedupe key, an already *queued* job with that key is reused and keeps its payload, its run
/// time becoming the earlier of the two; a *running* one does not count, so the latest state is always
/// written once more. Nothing is signalled here: the committer rings
/// [`Database::jobs_queued`](crate::Database::jobs_queued) after its commit, and other processes poll.
/// (A `pg_notify` here would serialise every committing unit of work on Postgres's notify queue lock.)
pub async fn enqueue(conn: &mut AsyncPgConnection, job: &NewJob) -> Result<JobId, DbError> {
    let inserted = cached_sql(
        "INSERT INTO jobs (kind, payload, run_at, max_attempts, ordering_key, dedupe_key, lead_id,
                           correlation_id)
         VALUES ($1, $2, coalesce($3, now()), $4, $5, $6, $7, $8)
         ON CONFLICT (dedupe_key) WHERE state = 'queued'
         DO UPDATE SET run_at = least(jobs.run_at, EXCLUDED.run_at)
         RETURNING id",
    )
    .bind::<Text, _>(job.kind.as_str())
    .bind::<Jsonb, _>(&job.payload)
    .bind::<Nullable<Timestamptz>, _>(job.run_at)
    .bind::<Int4, _>(job.kind.retry_policy().max_attempts)
    .bind::<Nullable<Text>, _>(job.ordering_key.as_deref())
    .bind::<Nullable<Text>, _>(job.dedupe_key.as_deref())
    .bind::<Nullable<BigInt>, _>(job.lead_id.map(|lead| lead.0))
    .bind::<Nullable<Text>, _>(job.correlation_id.as_deref())
    .get_result::<Inserted>(conn)
    .await?;
    Ok(JobId(inserted.id))
}
