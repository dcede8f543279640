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

/// One text for both statements, so the two can never disagree on how a job is written.
macro_rules! insert_job {
    () => {
        "INSERT INTO jobs (kind, payload, run_at, max_attempts, ordering_key, dedupe_key, lead_id,
                           correlation_id)
         VALUES ($1, $2, coalesce($3, now()), $4, $5, $6, $7, $8)
         ON CONFLICT (dedupe_key) WHERE state = 'queued'
         DO UPDATE SET run_at = least(jobs.run_at, EXCLUDED.run_at)
         RETURNING id"
    };
}

/// Binds `$1`–`$8` of [`insert_job!`] from a job.
macro_rules! bind_job {
    ($statement:expr, $job:expr) => {{
        let job: &NewJob = $job;
        $statement
            .bind::<Text, _>(job.kind.as_str())
            .bind::<Jsonb, _>(&job.payload)
            .bind::<Nullable<Timestamptz>, _>(job.run_at)
            .bind::<Int4, _>(job.kind.retry_policy().max_attempts)
            .bind::<Nullable<Text>, _>(job.ordering_key.as_deref())
            .bind::<Nullable<Text>, _>(job.dedupe_key.as_deref())
            .bind::<Nullable<BigInt>, _>(job.lead_id.map(|lead| lead.0))
            .bind::<Nullable<Text>, _>(job.correlation_id.as_deref())
    }};
}

/// Enqueues `job` on `conn`, which should be inside the caller's business transaction so the job exists
/// exactly when the change that caused it does.
///
/// With a dedupe key, an already *queued* job with that key is reused and keeps its payload, its run
/// time becoming the earlier of the two; a *running* one does not count, so the latest state is always
/// written once more. Nothing is signalled here: the committer rings
/// [`Database::jobs_queued`](crate::Database::jobs_queued) after its commit, and other processes poll.
/// (A `pg_notify` here would serialise every committing unit of work on Postgres's notify queue lock.)
pub async fn enqueue(mut conn: &AsyncPgConnection, job: &NewJob) -> Result<JobId, DbError> {
    let inserted = bind_job!(cached_sql(insert_job!()), job)
        .get_result::<Inserted>(&mut conn)
        .await?;
    Ok(JobId(inserted.id))
}

/// Enqueues the send job of an outbound message written earlier in the same transaction and
/// records the job on the message, in one statement.
pub async fn enqueue_send(
    mut conn: &AsyncPgConnection,
    job: &NewJob,
    outbound_id: i64,
) -> Result<JobId, DbError> {
    let statement = cached_sql(concat!(
        "WITH job AS (",
        insert_job!(),
        ") UPDATE outbound_messages SET job_id = job.id FROM job
           WHERE outbound_messages.id = $9
           RETURNING job.id"
    ));
    let inserted = bind_job!(statement, job)
        .bind::<BigInt, _>(outbound_id)
        .get_result::<Inserted>(&mut conn)
        .await?;
    Ok(JobId(inserted.id))
}
