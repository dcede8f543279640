//! Giving dead (or cancelled) jobs another go from the admin pages (http-api.md §5.20). The gateway
//! re-evaluates a job's purpose when it runs, so re-queuing an obsolete job is harmless.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Array, BigInt, Nullable, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use serde_json::json;

use super::{JobId, JobKind, JobQueue, unreadable};
use crate::DbError;
use crate::system_events::{self, EventLevel, SystemEvent};

/// The finished states an operator may send back to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetriableState {
    Dead,
    Cancelled,
}

impl RetriableState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Dead => "dead",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Which jobs to re-queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequeueSelection {
    /// These jobs, where they are `dead` or `cancelled`.
    Jobs(Vec<JobId>),
    /// Up to `limit` jobs in `state`, newest first, optionally of one kind or one lead.
    Matching {
        state: RetriableState,
        kind: Option<JobKind>,
        lead_id: Option<LeadId>,
        limit: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequeueReport {
    pub retried: Vec<JobId>,
    /// Selected jobs left alone: not dead or cancelled, or already covered by a queued job with the
    /// same dedupe key.
    pub skipped: usize,
}

#[derive(diesel::QueryableByName)]
struct Candidate {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
}

impl JobQueue {
    /// Re-queues the selected jobs with `attempts = 0`, due now, each with INFO `job.requeued` carrying
    /// the operator request's `correlation_id`.
    pub async fn requeue_dead(
        &self,
        selection: &RequeueSelection,
        correlation_id: Option<&str>,
    ) -> Result<RequeueReport, DbError> {
        let mut conn = self.db.connection().await?;
        conn.transaction::<_, DbError, _>(async |conn| {
            requeue(conn, selection, correlation_id).await
        })
        .await
    }
}

async fn requeue(
    conn: &mut AsyncPgConnection,
    selection: &RequeueSelection,
    correlation_id: Option<&str>,
) -> Result<RequeueReport, DbError> {
    // Newest first, so among finished duplicates of one dedupe key the freshest is the one re-queued.
    let (candidates, requested) = match selection {
        RequeueSelection::Jobs(ids) => {
            let mut ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
            ids.sort_unstable();
            ids.dedup();
            let candidates = diesel::sql_query(
                "SELECT id, kind, lead_id FROM jobs
                 WHERE id = ANY($1) AND state IN ('dead', 'cancelled')
                 ORDER BY id DESC
                 FOR UPDATE",
            )
            .bind::<Array<BigInt>, _>(&ids)
            .load::<Candidate>(conn)
            .await?;
            (candidates, ids.len())
        }
        RequeueSelection::Matching {
            state,
            kind,
            lead_id,
            limit,
        } => {
            let candidates = diesel::sql_query(
                "SELECT id, kind, lead_id FROM jobs
                 WHERE state = $1
                   AND ($2::text IS NULL OR kind = $2)
                   AND ($3::bigint IS NULL OR lead_id = $3)
                 ORDER BY id DESC
                 LIMIT $4
                 FOR UPDATE",
            )
            .bind::<Text, _>(state.as_str())
            .bind::<Nullable<Text>, _>(kind.map(JobKind::as_str))
            .bind::<Nullable<BigInt>, _>(lead_id.map(|lead| lead.0))
            .bind::<BigInt, _>(i64::from(*limit))
            .load::<Candidate>(conn)
            .await?;
            let found = candidates.len();
            (candidates, found)
        }
    };

    let mut retried = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let kind: JobKind = candidate.kind.parse().map_err(unreadable)?;
        if !back_to_queue(conn, JobId(candidate.id)).await? {
            continue;
        }
        let event = SystemEvent {
            level: EventLevel::Info,
            event_type: "job.requeued".to_owned(),
            lead_id: candidate.lead_id.map(LeadId),
            contact_id: None,
            payload: json!({ "job_id": candidate.id, "kind": kind.as_str() }),
            correlation_id: correlation_id.map(str::to_owned),
        };
        system_events::record(conn, &event).await?;
        retried.push(JobId(candidate.id));
    }
    retried.sort_unstable();
    Ok(RequeueReport {
        skipped: requested.saturating_sub(retried.len()),
        retried,
    })
}

/// `false` when a queued job with the same dedupe key already exists (it does this job's work).
async fn back_to_queue(conn: &mut AsyncPgConnection, id: JobId) -> Result<bool, DbError> {
    // A savepoint, so a unique violation leaves the surrounding transaction usable.
    let requeued = conn
        .transaction::<_, DieselError, _>(async |conn| {
            diesel::sql_query(
                "UPDATE jobs
                 SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL,
                     locked_by = NULL, lease_expires_at = NULL
                 WHERE id = $1",
            )
            .bind::<BigInt, _>(id.0)
            .execute(conn)
            .await
        })
        .await;
    match requeued {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(other) => Err(other.into()),
    }
}
