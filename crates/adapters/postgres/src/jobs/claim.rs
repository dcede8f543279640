//! Claiming due jobs and keeping their lease alive (data-and-ops.md §4.1.2–3).

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use serde_json::Value;

use super::{ClaimedJob, JobId, JobKind, JobQueue, unreadable};
use crate::DbError;
use crate::cached_sql::cached_sql;

/// One statement: pick due jobs nobody else holds, skipping any job queued behind an earlier job with
/// the same ordering key, and take them. `SKIP LOCKED` lets concurrent claimers pass each other; the
/// re-check of `state = 'queued'` on a row another claimer just took makes a double claim impossible.
const CLAIM: &str = "
    WITH due AS (
        SELECT j.id
        FROM jobs j
        WHERE j.state = 'queued'
          AND j.run_at <= now()
          AND ($4::bigint IS NULL OR j.id = $4)
          AND ($5::text[] IS NULL OR j.kind = ANY($5))
          AND NOT EXISTS (
              SELECT 1 FROM jobs earlier
              WHERE earlier.ordering_key = j.ordering_key
                AND earlier.id < j.id
                AND earlier.state IN ('queued', 'running'))
        ORDER BY j.run_at, j.id
        LIMIT $3
        FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs
    SET state = 'running',
        attempts = jobs.attempts + 1,
        locked_by = $1,
        lease_expires_at = now() + $2 * interval '1 millisecond'
    FROM due
    WHERE jobs.id = due.id
    RETURNING jobs.id, jobs.kind, jobs.payload, jobs.attempts, jobs.max_attempts, jobs.lead_id,
              jobs.correlation_id, jobs.locked_by, jobs.lease_expires_at";

#[derive(diesel::QueryableByName)]
struct ClaimedRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Jsonb)]
    payload: Value,
    #[diesel(sql_type = Int4)]
    attempts: i32,
    #[diesel(sql_type = Int4)]
    max_attempts: i32,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    correlation_id: Option<String>,
    #[diesel(sql_type = Text)]
    locked_by: String,
    #[diesel(sql_type = Timestamptz)]
    lease_expires_at: DateTime<Utc>,
}

impl TryFrom<ClaimedRow> for ClaimedJob {
    type Error = DbError;

    fn try_from(row: ClaimedRow) -> Result<Self, DbError> {
        Ok(Self {
            id: JobId(row.id),
            kind: row.kind.parse().map_err(unreadable)?,
            payload: row.payload,
            attempt: row.attempts,
            max_attempts: row.max_attempts,
            lead_id: row.lead_id.map(LeadId),
            correlation_id: row.correlation_id,
            locked_by: row.locked_by,
            lease_expires_at: row.lease_expires_at,
        })
    }
}

impl JobQueue {
    /// Takes up to `limit` due jobs for `worker_id`, each leased for `lease`, oldest due first.
    pub async fn claim(
        &self,
        worker_id: &str,
        limit: u32,
        lease: Duration,
    ) -> Result<Vec<ClaimedJob>, DbError> {
        let mut conn = self.db.connection().await?;
        claim_due(&mut conn, worker_id, limit, lease, None, None).await
    }

    /// Like [`JobQueue::claim`], restricted to the kinds this process has handlers for, so a job
    /// whose handler ships in a later release waits in the queue instead of failing.
    pub async fn claim_kinds(
        &self,
        worker_id: &str,
        limit: u32,
        lease: Duration,
        kinds: &[JobKind],
    ) -> Result<Vec<ClaimedJob>, DbError> {
        let kinds: Vec<String> = kinds.iter().map(|k| k.as_str().to_owned()).collect();
        let mut conn = self.db.connection().await?;
        claim_due(&mut conn, worker_id, limit, lease, None, Some(kinds)).await
    }

    /// Takes one specific job if it is due, free and first in its ordering line (the inline fast path
    /// of an admin action that just enqueued it); `None` when a worker has it or it must wait.
    pub async fn claim_job(
        &self,
        job: JobId,
        worker_id: &str,
        lease: Duration,
    ) -> Result<Option<ClaimedJob>, DbError> {
        let mut conn = self.db.connection().await?;
        let mut claimed = claim_due(&mut conn, worker_id, 1, lease, Some(job), None).await?;
        Ok(claimed.pop())
    }

    /// Pushes the lease of a long-running job to `now + lease`. `false` means the claim is no longer
    /// this worker's (the reaper returned it): stop and do not record an outcome.
    pub async fn extend_lease(&self, job: &ClaimedJob, lease: Duration) -> Result<bool, DbError> {
        let mut conn = self.db.connection().await?;
        let extended = cached_sql(
            "UPDATE jobs SET lease_expires_at = now() + $4 * interval '1 millisecond'
             WHERE id = $1 AND state = 'running' AND locked_by = $2 AND attempts = $3",
        )
        .bind::<BigInt, _>(job.id.0)
        .bind::<Text, _>(&job.locked_by)
        .bind::<Int4, _>(job.attempt)
        .bind::<BigInt, _>(millis(lease))
        .execute(&mut conn)
        .await?;
        Ok(extended == 1)
    }
}

async fn claim_due(
    conn: &mut AsyncPgConnection,
    worker_id: &str,
    limit: u32,
    lease: Duration,
    only: Option<JobId>,
    kinds: Option<Vec<String>>,
) -> Result<Vec<ClaimedJob>, DbError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let rows = cached_sql(CLAIM)
        .bind::<Text, _>(worker_id)
        .bind::<BigInt, _>(millis(lease))
        .bind::<BigInt, _>(i64::from(limit))
        .bind::<Nullable<BigInt>, _>(only.map(|id| id.0))
        .bind::<Nullable<Array<Text>>, _>(kinds)
        .load::<ClaimedRow>(conn)
        .await?;
    let mut jobs = rows
        .into_iter()
        .map(ClaimedJob::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    // RETURNING has no order; hand jobs out in the order they were written.
    jobs.sort_by_key(|job| job.id);
    Ok(jobs)
}

pub(super) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
