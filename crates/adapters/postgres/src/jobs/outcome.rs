//! Recording what became of a claimed job (data-and-ops.md §4.1.4–6).

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Int4, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::provider::ProviderError;

use super::backoff::{Jitter, retry_delay};
use super::settle::{self, DeadJob, Failure, Returned};
use super::{ClaimedJob, JobQueue};
use crate::DbError;
use crate::cached_sql::cached_sql;

/// What the worker's provider call achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done now, or found already done by an earlier attempt.
    Succeeded,
    Failed(ProviderError),
    /// The job's purpose is gone (lead cancelled, contact opted out, offer superseded).
    Cancelled,
}

/// Where the job ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completed {
    Succeeded,
    Retrying {
        run_at: DateTime<Utc>,
    },
    DeadLettered,
    Cancelled,
    /// The failed job was due a retry, but a newer queued job with the same dedupe key already does
    /// its work; this one was cancelled in that job's favour.
    Superseded,
    /// The claim was no longer this worker's (its lease expired and the reaper took the job back);
    /// nothing was recorded.
    LeaseLost,
}

impl Completed {
    /// The `outcome` label of `inkdesk_jobs_total`; `None` when nothing happened to the job.
    pub fn metric_outcome(self) -> Option<&'static str> {
        match self {
            Self::Succeeded => Some("succeeded"),
            Self::Retrying { .. } => Some("retried"),
            Self::DeadLettered => Some("dead"),
            Self::Cancelled | Self::Superseded => Some("cancelled"),
            Self::LeaseLost => None,
        }
    }
}

/// Records `outcome` for `job` on `conn`, which must be inside a transaction: the caller's own when
/// the result also changes business rows (lead, payment, hold), locked before the job as the lock
/// order says, so the job row and those rows change together or not at all.
pub async fn complete_in(
    conn: &mut AsyncPgConnection,
    job: &ClaimedJob,
    outcome: &Outcome,
    jitter: &dyn Jitter,
) -> Result<Completed, DbError> {
    if !lock_claim(conn, job).await? {
        return Ok(Completed::LeaseLost);
    }
    let error = match outcome {
        Outcome::Succeeded => {
            settle::finish(conn, job.id, "succeeded").await?;
            return Ok(Completed::Succeeded);
        }
        Outcome::Cancelled => {
            settle::finish(conn, job.id, "cancelled").await?;
            return Ok(Completed::Cancelled);
        }
        Outcome::Failed(error) => error,
    };
    let message = error.to_string();
    let failure = Failure {
        class: error.class(),
        code: error.code(),
        message: &message,
    };
    match error {
        ProviderError::Retryable { after, .. } if job.attempt < job.max_attempts => {
            let delay = retry_delay(job.kind.retry_policy(), job.attempt, *after, jitter);
            match settle::return_to_queue(conn, job.id, delay, failure).await? {
                Returned::Queued { run_at } => Ok(Completed::Retrying { run_at }),
                Returned::Superseded => Ok(Completed::Superseded),
            }
        }
        // Exhausted retries, and the classes that no retry would fix (a closed window reaching the
        // queue means the gateway's template path was not taken, so retrying would fail the same way).
        _ => {
            let dead = DeadJob {
                id: job.id,
                kind: job.kind,
                lead_id: job.lead_id,
                attempts: job.attempt,
                correlation_id: job.correlation_id.as_deref(),
            };
            settle::dead_letter(conn, dead, failure).await?;
            Ok(Completed::DeadLettered)
        }
    }
}

/// Locks the job row if it is still this claim's; `false` when the reaper (and maybe another worker)
/// has since taken it.
/// Ends `job` as succeeded inside the caller's transaction, so a handler that records its own
/// result commits both together; `LeaseLost` when the claim is no longer this worker's.
pub async fn succeed_in(conn: &AsyncPgConnection, job: &ClaimedJob) -> Result<Completed, DbError> {
    finish_claimed(conn, job, "succeeded", Completed::Succeeded).await
}

/// Ends a job this worker still holds as `state`; `LeaseLost` when the claim is no longer its own.
async fn finish_claimed(
    mut conn: &AsyncPgConnection,
    job: &ClaimedJob,
    state: &'static str,
    ended: Completed,
) -> Result<Completed, DbError> {
    let finished = cached_sql(
        "UPDATE jobs SET state = $4, finished_at = now(), lease_expires_at = NULL
         WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3",
    )
    .bind::<BigInt, _>(job.id.0)
    .bind::<Text, _>(&job.locked_by)
    .bind::<Int4, _>(job.attempt)
    .bind::<Text, _>(state)
    .execute(&mut conn)
    .await?;
    Ok(if finished == 1 {
        ended
    } else {
        Completed::LeaseLost
    })
}

async fn lock_claim(conn: &mut AsyncPgConnection, job: &ClaimedJob) -> Result<bool, DbError> {
    let locked = cached_sql(
        "SELECT id FROM jobs
         WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3
         FOR UPDATE",
    )
    .bind::<BigInt, _>(job.id.0)
    .bind::<Text, _>(&job.locked_by)
    .bind::<Int4, _>(job.attempt)
    .execute(conn)
    .await?;
    Ok(locked == 1)
}

impl JobQueue {
    /// Records `outcome` for `job` in a transaction of its own; the usual ending of a worker's run.
    pub async fn complete(
        &self,
        job: &ClaimedJob,
        outcome: &Outcome,
    ) -> Result<Completed, DbError> {
        let mut conn = self.db.connection().await?;
        let completed = match outcome {
            // The common ending is one statement on its own (no lock-then-update transaction):
            // the claim check and the write are the same conditional UPDATE.
            Outcome::Succeeded => {
                finish_claimed(&conn, job, "succeeded", Completed::Succeeded).await?
            }
            Outcome::Cancelled => {
                finish_claimed(&conn, job, "cancelled", Completed::Cancelled).await?
            }
            Outcome::Failed(_) => {
                let jitter = self.jitter.as_ref();
                conn.transaction::<_, DbError, _>(async |conn| {
                    complete_in(conn, job, outcome, jitter).await
                })
                .await?
            }
        };
        match completed {
            Completed::DeadLettered => tracing::error!(
                job_id = job.id.0,
                job_kind = job.kind.as_str(),
                attempt = job.attempt,
                error_class = error_class(outcome),
                "job.dead_lettered"
            ),
            Completed::Retrying { .. } => tracing::debug!(
                job_id = job.id.0,
                job_kind = job.kind.as_str(),
                attempt = job.attempt,
                error_class = error_class(outcome),
                "job retry scheduled"
            ),
            Completed::LeaseLost => tracing::warn!(
                job_id = job.id.0,
                job_kind = job.kind.as_str(),
                "job outcome dropped: lease lost"
            ),
            Completed::Succeeded | Completed::Cancelled | Completed::Superseded => {}
        }
        Ok(completed)
    }
}

fn error_class(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Failed(error) => error.class(),
        Outcome::Succeeded | Outcome::Cancelled => "none",
    }
}
