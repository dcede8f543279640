//! Recovering jobs whose worker vanished (crash, kill, lost connection): their lease runs out and the
//! reaper hands them back to the queue, or dead-letters them when no attempt is left.

use std::time::Duration;

use diesel::sql_types::{BigInt, Int4, Nullable, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use serde_json::json;

use super::settle::{self, DeadJob, Failure, Returned};
use super::{JobId, JobKind, JobQueue, unreadable};
use crate::DbError;
use crate::system_events::{self, EventLevel, SystemEvent};

/// How many expired jobs one pass settles; the next pass (30 s later) takes the rest.
const REAP_BATCH: i64 = 500;

const LEASE_EXPIRED: Failure<'static> = Failure {
    class: "lease_expired",
    code: None,
    message: "lease expired before the worker recorded an outcome",
};

/// A job the reaper took back, and whether it will run again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReapedJob {
    pub id: JobId,
    pub kind: JobKind,
    pub requeued: bool,
}

#[derive(diesel::QueryableByName)]
struct ExpiredRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Int4)]
    attempts: i32,
    #[diesel(sql_type = Int4)]
    max_attempts: i32,
    #[diesel(sql_type = Nullable<Text>)]
    correlation_id: Option<String>,
}

impl JobQueue {
    /// Returns `running` jobs whose lease has expired to `queued` (due at once), or to `dead` when
    /// their attempts are used up, each with WARN `job.lease_expired`.
    pub async fn reap_expired_leases(&self) -> Result<Vec<ReapedJob>, DbError> {
        let mut conn = self.db.connection().await?;
        let reaped = conn
            .transaction::<_, DbError, _>(async |conn| reap(conn).await)
            .await?;
        for job in &reaped {
            tracing::warn!(
                job_id = job.id.0,
                job_kind = job.kind.as_str(),
                requeued = job.requeued,
                "job.lease_expired"
            );
        }
        Ok(reaped)
    }
}

async fn reap(conn: &mut AsyncPgConnection) -> Result<Vec<ReapedJob>, DbError> {
    // SKIP LOCKED: a worker completing its job right now holds the row; it is not ours to reap.
    let expired = diesel::sql_query(
        "SELECT id, kind, lead_id, attempts, max_attempts, correlation_id
         FROM jobs
         WHERE state = 'running' AND lease_expires_at < now()
         ORDER BY id
         LIMIT $1
         FOR UPDATE SKIP LOCKED",
    )
    .bind::<BigInt, _>(REAP_BATCH)
    .load::<ExpiredRow>(conn)
    .await?;

    let mut reaped = Vec::with_capacity(expired.len());
    for row in expired {
        let id = JobId(row.id);
        let kind: JobKind = row.kind.parse().map_err(unreadable)?;
        let lead_id = row.lead_id.map(LeadId);
        let event = SystemEvent {
            level: EventLevel::Warn,
            event_type: "job.lease_expired".to_owned(),
            lead_id,
            contact_id: None,
            payload: json!({ "job_id": id.0, "kind": kind.as_str() }),
            correlation_id: row.correlation_id.clone(),
        };
        system_events::record(conn, &event).await?;
        let requeued = if row.attempts >= row.max_attempts {
            let dead = DeadJob {
                id,
                kind,
                lead_id,
                attempts: row.attempts,
                correlation_id: row.correlation_id.as_deref(),
            };
            settle::dead_letter(conn, dead, LEASE_EXPIRED).await?;
            false
        } else {
            let returned = settle::return_to_queue(conn, id, Duration::ZERO, LEASE_EXPIRED).await?;
            matches!(returned, Returned::Queued { .. })
        };
        reaped.push(ReapedJob { id, kind, requeued });
    }
    Ok(reaped)
}
