//! The durable job queue (outbox), data-and-ops.md §4.1–4.2.
//!
//! Business transactions [`enqueue`] jobs next to the change that needs them; workers in any replica
//! [`JobQueue::claim`] due jobs, call the provider with no transaction open, and record the
//! [`Outcome`]. Retries back off with jitter, exhausted or hopeless jobs are dead-lettered with an
//! ERROR `job.dead_lettered` system event, and a reaper returns jobs whose worker vanished.

mod backoff;
mod claim;
mod depth;
mod enqueue;
mod kinds;
mod new_job;
mod outcome;
mod reaper;
mod requeue;
mod settle;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use inkdesk_domain::model::LeadId;
use serde_json::Value;

use crate::Database;

pub use backoff::{Jitter, SystemJitter, retry_delay};
pub use depth::{KindDepth, QueueDepth};
pub use enqueue::{enqueue, enqueue_send};
pub use kinds::{JobKind, OrderingScope, RetryPolicy, UnknownJobKind};
pub use new_job::NewJob;
pub use outcome::{Completed, Outcome, complete_in, succeed_in};
pub use reaper::ReapedJob;
pub use requeue::{RequeueReport, RequeueSelection, RetriableState};

/// Database identity of a job (`jobs.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(pub i64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A job a worker holds the lease on. `(id, locked_by, attempt)` identifies this one claim: after a
/// lease expires and someone else claims the job, the old holder can no longer extend or complete it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedJob {
    pub id: JobId,
    pub kind: JobKind,
    pub payload: Value,
    /// 1 on the first run; counts claims, including ones whose worker vanished.
    pub attempt: i32,
    pub max_attempts: i32,
    pub lead_id: Option<LeadId>,
    pub correlation_id: Option<String>,
    pub locked_by: String,
    pub lease_expires_at: DateTime<Utc>,
}

/// The queue as workers, the reaper and the admin pages see it.
#[derive(Clone)]
pub struct JobQueue {
    db: Database,
    jitter: Arc<dyn Jitter>,
}

impl JobQueue {
    /// Resolves when this process committed new jobs (see [`Database::jobs_queued`]).
    pub async fn wait_for_queued(&self) {
        self.db.wait_for_queued_jobs().await;
    }

    pub fn new(db: Database) -> Self {
        Self::with_jitter(db, Arc::new(SystemJitter))
    }

    /// A queue whose retry delays use `jitter` (tests pin it to make delays exact).
    pub fn with_jitter(db: Database, jitter: Arc<dyn Jitter>) -> Self {
        Self { db, jitter }
    }
}

/// A value this build cannot read back from a row (a kind written by a newer release).
fn unreadable(error: impl std::error::Error + Send + Sync + 'static) -> crate::DbError {
    crate::DbError::Query(diesel::result::Error::DeserializationError(Box::new(error)))
}
