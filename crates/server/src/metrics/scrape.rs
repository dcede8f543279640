//! Gauges read from the database when `/metrics` is scraped. Queue depth is read every scrape; lead
//! and outbound row counts scan bigger tables and are refreshed at most once a minute
//! (data-and-ops.md §8.3). A slow or unreachable database leaves these series out rather than
//! delaying the scrape: `/ready` is where an outage is reported.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use inkdesk_domain::model::LeadStatus;
use inkdesk_postgres::gauges::{
    OutboundCount, TransitionCount, leads_by_status, outbound_by_state, transitions,
};
use inkdesk_postgres::jobs::QueueDepth;
use inkdesk_postgres::{Database, DbError, JobQueue};

use super::family::{lock, render_gauge, render_read_counter};

const ROW_COUNTS_MAX_AGE: Duration = Duration::from_secs(60);
const QUERY_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
struct RowCounts {
    leads: Vec<(LeadStatus, i64)>,
    outbound: Vec<OutboundCount>,
    transitions: Vec<TransitionCount>,
}

#[derive(Debug, Default)]
pub struct DatabaseGauges {
    row_counts: Mutex<Option<(Instant, RowCounts)>>,
}

impl DatabaseGauges {
    pub async fn render(&self, database: &Database, out: &mut String) {
        let depth =
            tokio::time::timeout(QUERY_TIMEOUT, JobQueue::new(database.clone()).queue_depth())
                .await;
        match depth {
            Ok(Ok(depth)) => render_queue(&depth, out),
            Ok(Err(error)) => {
                tracing::debug!(error = %error, "queue depth unavailable for /metrics")
            }
            Err(_) => tracing::debug!("queue depth query timed out for /metrics"),
        }
        if let Some(counts) = self.row_counts(database).await {
            render_row_counts(&counts, out);
        }
    }

    async fn row_counts(&self, database: &Database) -> Option<RowCounts> {
        if let Some((read_at, counts)) = lock(&self.row_counts).as_ref()
            && read_at.elapsed() < ROW_COUNTS_MAX_AGE
        {
            return Some(counts.clone());
        }
        let read = tokio::time::timeout(QUERY_TIMEOUT, async {
            Ok::<_, DbError>(RowCounts {
                leads: leads_by_status(database).await?,
                outbound: outbound_by_state(database).await?,
                transitions: transitions(database).await?,
            })
        })
        .await;
        match read {
            Ok(Ok(counts)) => {
                *lock(&self.row_counts) = Some((Instant::now(), counts.clone()));
                Some(counts)
            }
            Ok(Err(error)) => {
                tracing::debug!(error = %error, "row counts unavailable for /metrics");
                None
            }
            Err(_) => {
                tracing::debug!("row count queries timed out for /metrics");
                None
            }
        }
    }
}

fn render_queue(depth: &QueueDepth, out: &mut String) {
    render_gauge(
        out,
        "inkdesk_jobs_queued",
        "Jobs waiting in the queue (due or not), by kind.",
        &["kind"],
        depth
            .per_kind
            .iter()
            .map(|k| (vec![k.kind.as_str()], k.queued as f64)),
    );
    render_gauge(
        out,
        "inkdesk_job_oldest_queued_age_seconds",
        "How long the longest-waiting due job has been due (0 when none is overdue).",
        &[],
        [(
            vec![],
            depth.oldest_due_age.unwrap_or_default().as_secs_f64(),
        )],
    );
}

fn render_row_counts(counts: &RowCounts, out: &mut String) {
    render_gauge(
        out,
        "inkdesk_leads",
        "Leads by status (refreshed at most every 60 s).",
        &["status"],
        counts
            .leads
            .iter()
            .map(|(status, n)| (vec![status.as_str()], *n as f64)),
    );
    render_gauge(
        out,
        "inkdesk_outbound_messages",
        "Outbound messages by recipient role and state (refreshed at most every 60 s).",
        &["recipient_role", "state"],
        counts.outbound.iter().map(|c| {
            (
                vec![c.recipient_role.as_str(), c.state.as_str()],
                c.n as f64,
            )
        }),
    );
    render_read_counter(
        out,
        "inkdesk_lead_transitions_total",
        "Lead status changes committed, by from and to status (all replicas; refreshed at most every 60 s).",
        &["from", "to"],
        counts.transitions.iter().map(|t| {
            (
                vec![t.from_status.as_str(), t.to_status.as_str()],
                t.n as f64,
            )
        }),
    );
}
