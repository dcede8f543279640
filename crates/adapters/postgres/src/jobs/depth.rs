//! How much work is waiting, per kind, for the `inkdesk_jobs_queued` and
//! `inkdesk_job_oldest_queued_age_seconds` gauges and the admin pages.

use std::time::Duration;

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel_async::RunQueryDsl;

use super::{JobKind, JobQueue, unreadable};
use crate::DbError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindDepth {
    pub kind: JobKind,
    /// Waiting, due or not.
    pub queued: i64,
    pub running: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueDepth {
    /// Every kind, in table order, zero when idle (a gauge must not vanish when its queue empties).
    pub per_kind: Vec<KindDepth>,
    /// How long the longest-waiting due job has been due; `None` when nothing is overdue.
    pub oldest_due_age: Option<Duration>,
}

#[derive(diesel::QueryableByName)]
struct KindRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    queued: i64,
    #[diesel(sql_type = BigInt)]
    running: i64,
}

#[derive(diesel::QueryableByName)]
struct OldestRow {
    #[diesel(sql_type = Nullable<BigInt>)]
    age_ms: Option<i64>,
}

impl JobQueue {
    pub async fn queue_depth(&self) -> Result<QueueDepth, DbError> {
        let mut conn = self.db.connection().await?;
        let rows = diesel::sql_query(
            "SELECT kind,
                    count(*) FILTER (WHERE state = 'queued') AS queued,
                    count(*) FILTER (WHERE state = 'running') AS running
             FROM jobs
             WHERE state IN ('queued', 'running')
             GROUP BY kind",
        )
        .load::<KindRow>(&mut conn)
        .await?;
        let oldest = diesel::sql_query(
            "SELECT (extract(epoch FROM now() - min(run_at)) * 1000)::bigint AS age_ms
             FROM jobs
             WHERE state = 'queued' AND run_at <= now()",
        )
        .get_result::<OldestRow>(&mut conn)
        .await?;

        let mut per_kind: Vec<KindDepth> = JobKind::ALL
            .into_iter()
            .map(|kind| KindDepth {
                kind,
                queued: 0,
                running: 0,
            })
            .collect();
        for row in rows {
            let kind: JobKind = row.kind.parse().map_err(unreadable)?;
            if let Some(depth) = per_kind.iter_mut().find(|depth| depth.kind == kind) {
                depth.queued = row.queued;
                depth.running = row.running;
            }
        }
        let oldest_due_age = oldest
            .age_ms
            .map(|ms| Duration::from_millis(u64::try_from(ms).unwrap_or(0)));
        Ok(QueueDepth {
            per_kind,
            oldest_due_age,
        })
    }
}
