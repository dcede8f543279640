//! The state changes of a job row that is already locked by the caller, shared by worker outcomes and
//! the lease reaper so both end a job the same way.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use serde_json::json;

use super::claim::millis;
use super::{JobId, JobKind};
use crate::DbError;
use crate::cached_sql::cached_sql;
use crate::system_events::{self, EventLevel, SystemEvent};

/// `jobs.last_error` is `varchar(1000)`.
const LAST_ERROR_MAX_CHARS: usize = 1000;

/// Why a job failed, as stored on the row and reported in events (codes only, never bodies).
#[derive(Debug, Clone, Copy)]
pub(super) struct Failure<'a> {
    pub class: &'a str,
    pub code: Option<&'a str>,
    pub message: &'a str,
}

/// Where a failed job went when it was handed back to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Returned {
    Queued {
        run_at: DateTime<Utc>,
    },
    /// A newer queued job with the same dedupe key already does this job's work.
    Superseded,
}

/// Ends the job as `succeeded` or `cancelled`.
pub(super) async fn finish(
    conn: &mut AsyncPgConnection,
    id: JobId,
    state: &'static str,
) -> Result<(), DbError> {
    cached_sql(
        "UPDATE jobs SET state = $2, finished_at = now(), lease_expires_at = NULL WHERE id = $1",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Text, _>(state)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct RunAt {
    #[diesel(sql_type = Timestamptz)]
    run_at: DateTime<Utc>,
}

/// Puts the job back in the queue to run after `delay`. When the dedupe key is already taken by a
/// newer queued job (enqueued while this one ran), this one is cancelled in its favour instead: the
/// newer job writes the same, fresher state.
pub(super) async fn return_to_queue(
    conn: &mut AsyncPgConnection,
    id: JobId,
    delay: Duration,
    failure: Failure<'_>,
) -> Result<Returned, DbError> {
    let message = bounded(failure.message);
    // A savepoint, so a unique violation leaves the surrounding transaction usable.
    let queued = conn
        .transaction::<_, DieselError, _>(async |conn| {
            cached_sql(
                "UPDATE jobs
                 SET state = 'queued', run_at = now() + $2 * interval '1 millisecond',
                     locked_by = NULL, lease_expires_at = NULL, last_error = $3, last_error_class = $4
                 WHERE id = $1
                 RETURNING run_at",
            )
            .bind::<BigInt, _>(id.0)
            .bind::<BigInt, _>(millis(delay))
            .bind::<Text, _>(&message)
            .bind::<Text, _>(failure.class)
            .get_result::<RunAt>(conn)
            .await
        })
        .await;
    match queued {
        Ok(row) => Ok(Returned::Queued { run_at: row.run_at }),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            cached_sql(
                "UPDATE jobs
                 SET state = 'cancelled', finished_at = now(), lease_expires_at = NULL,
                     last_error = $2, last_error_class = $3
                 WHERE id = $1",
            )
            .bind::<BigInt, _>(id.0)
            .bind::<Text, _>(&message)
            .bind::<Text, _>(failure.class)
            .execute(conn)
            .await?;
            Ok(Returned::Superseded)
        }
        Err(other) => Err(other.into()),
    }
}

/// A job that will not be tried again, with what the dead-letter event needs.
#[derive(Debug, Clone, Copy)]
pub(super) struct DeadJob<'a> {
    pub id: JobId,
    pub kind: JobKind,
    pub lead_id: Option<LeadId>,
    pub attempts: i32,
    pub correlation_id: Option<&'a str>,
}

/// Marks the job `dead` and writes ERROR `job.dead_lettered` in the same transaction.
pub(super) async fn dead_letter(
    conn: &mut AsyncPgConnection,
    job: DeadJob<'_>,
    failure: Failure<'_>,
) -> Result<(), DbError> {
    cached_sql(
        "UPDATE jobs
         SET state = 'dead', finished_at = now(), lease_expires_at = NULL,
             last_error = $2, last_error_class = $3
         WHERE id = $1",
    )
    .bind::<BigInt, _>(job.id.0)
    .bind::<Text, _>(bounded(failure.message))
    .bind::<Text, _>(failure.class)
    .execute(conn)
    .await?;
    let event = SystemEvent {
        level: EventLevel::Error,
        event_type: "job.dead_lettered".to_owned(),
        lead_id: job.lead_id,
        contact_id: None,
        payload: json!({
            "job_id": job.id.0,
            "kind": job.kind.as_str(),
            "lead_id": job.lead_id.map(|lead| lead.0),
            "attempts": job.attempts,
            "error_class": failure.class,
            "error_code": failure.code,
        }),
        correlation_id: job.correlation_id.map(str::to_owned),
    };
    system_events::record(conn, &event).await?;
    Ok(())
}

/// The stored error text, cut to what the column holds (on a character boundary).
pub(super) fn bounded(message: &str) -> String {
    message.chars().take(LAST_ERROR_MAX_CHARS).collect()
}
