//! The process's Prometheus registry (data-and-ops.md §8.3): counters and histograms fed by the
//! code that sees the event, and gauges read from the database when `/metrics` is scraped.
//!
//! Labels only ever carry route templates, kinds, statuses and outcomes: never lead ids, phone
//! numbers, tokens or free text.

mod family;
mod scrape;

use std::time::Duration;

use family::{Counter, Histogram};

pub use scrape::DatabaseGauges;

/// Latency buckets for HTTP requests, seconds.
const HTTP_BOUNDS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Job durations include provider calls with their own timeouts, so the buckets reach further.
const JOB_BOUNDS: &[f64] = &[0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// What happened to one item of a provider webhook (`inkdesk_webhook_events_total{outcome}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOutcome {
    Processed,
    Duplicate,
    Late,
    Ignored,
    InvalidSignature,
    Failed,
    Review,
}

impl WebhookOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processed => "processed",
            Self::Duplicate => "duplicate",
            Self::Late => "late",
            Self::Ignored => "ignored",
            Self::InvalidSignature => "invalid_signature",
            Self::Failed => "failed",
            Self::Review => "review",
        }
    }
}

/// One per process, shared through `AppState::metrics` and the worker pool.
#[derive(Debug)]
pub struct Metrics {
    http_requests: Counter,
    http_duration: Histogram,
    webhook_events: Counter,
    jobs: Counter,
    job_duration: Histogram,
    outbound_messages: Counter,
    rate_limited: Counter,
    database: DatabaseGauges,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            http_requests: Counter::new(
                "inkdesk_http_requests_total",
                "HTTP requests answered, by route template, method and status.",
                &["route", "method", "status"],
            ),
            http_duration: Histogram::new(
                "inkdesk_http_request_duration_seconds",
                "Time to answer an HTTP request, by route template.",
                &["route"],
                HTTP_BOUNDS,
            ),
            webhook_events: Counter::new(
                "inkdesk_webhook_events_total",
                "Webhook deliveries and their items, by provider and outcome.",
                &["provider", "outcome"],
            ),
            jobs: Counter::new(
                "inkdesk_jobs_total",
                "Jobs run by this process, by kind and recorded outcome.",
                &["kind", "outcome"],
            ),
            job_duration: Histogram::new(
                "inkdesk_job_duration_seconds",
                "Time to run a job, by kind.",
                &["kind"],
                JOB_BOUNDS,
            ),
            outbound_messages: Counter::new(
                "inkdesk_outbound_messages_total",
                "Outbound WhatsApp messages settled by this process.",
                &["recipient_role", "mode", "outcome"],
            ),
            rate_limited: Counter::new(
                "inkdesk_rate_limited_total",
                "Requests rejected with 429, by rate-limit bucket.",
                &["bucket"],
            ),
            database: DatabaseGauges::default(),
        }
    }
}

impl Metrics {
    /// `route` is the matched template (`/a/{token}`), never the raw path.
    pub fn http_request(&self, route: &str, method: &str, status: u16, took: Duration) {
        self.http_requests
            .inc(&[route, method, &status.to_string()]);
        self.http_duration.observe(&[route], took.as_secs_f64());
    }

    pub fn webhook_events(&self, provider: &str, outcome: WebhookOutcome, count: u64) {
        if count > 0 {
            self.webhook_events
                .add(&[provider, outcome.as_str()], count);
        }
    }

    /// `outcome` is `Completed::metric_outcome` (`succeeded`, `retried`, `dead`, `cancelled`).
    pub fn job_finished(&self, kind: &str, outcome: &str, took: Duration) {
        self.jobs.inc(&[kind, outcome]);
        self.job_duration.observe(&[kind], took.as_secs_f64());
    }

    /// For the outbound gateway once a message is settled (`sent`, `deferred`, `blocked_optout`,
    /// `skipped_window_closed`, `failed`).
    pub fn outbound_message(&self, recipient_role: &str, mode: &str, outcome: &str) {
        self.outbound_messages.inc(&[recipient_role, mode, outcome]);
    }

    pub fn rate_limited(&self, bucket: &str) {
        self.rate_limited.inc(&[bucket]);
    }

    /// The whole exposition: in-process series, then the gauges read from `database`.
    pub async fn render(&self, database: &inkdesk_postgres::Database) -> String {
        let mut out = String::new();
        family::render_gauge(
            &mut out,
            "inkdesk_build_info",
            "The running version (always 1).",
            &["version"],
            [(vec![env!("CARGO_PKG_VERSION")], 1.0)],
        );
        for counter in [
            &self.http_requests,
            &self.webhook_events,
            &self.jobs,
            &self.outbound_messages,
            &self.rate_limited,
        ] {
            counter.render(&mut out);
        }
        self.http_duration.render(&mut out);
        self.job_duration.render(&mut out);
        self.database.render(database, &mut out).await;
        out
    }
}

/// HTTP methods outside the standard set share one label value, so a client cannot mint series.
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}
