use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use inkdesk_postgres::Database;
use inkdesk_postgres::booking::PgBooking;

use crate::config::Settings;
use crate::delivery::Delivery;
use crate::front_desk::FrontDesk;
use crate::heartbeat::Heartbeats;
use crate::http::RateLimiter;
use crate::http::admin::AuthFailureLog;
use crate::metrics::Metrics;

/// What every request handler may reach: configuration, the database, and process health.
pub struct AppState {
    pub settings: Arc<Settings>,
    pub database: Database,
    pub started_at: Instant,
    pub heartbeats: Arc<Heartbeats>,
    /// The inbound use case; `None` when WhatsApp is not configured (development), and the webhook
    /// answers 503.
    pub front_desk: Option<FrontDesk>,
    /// The outbound gateway, for status callbacks that send a template instead.
    pub delivery: Option<Arc<Delivery>>,
    /// The booking use cases (approval, holds, payments).
    pub booking: Option<PgBooking>,
    /// The `admin` and `action_links` buckets (http-api.md §1.3), per replica.
    pub rate_limiter: Arc<RateLimiter>,
    /// This process's Prometheus registry, also fed by the job workers.
    pub metrics: Arc<Metrics>,
    /// Rate of `admin.auth_failure` events per client address, shared by every HTTP worker.
    pub admin_auth_failures: AuthFailureLog,
    shutting_down: AtomicBool,
}

impl AppState {
    pub fn new(settings: Arc<Settings>, database: Database, front_desk: Option<FrontDesk>) -> Self {
        Self {
            rate_limiter: Arc::new(RateLimiter::from_settings(&settings)),
            metrics: Arc::new(Metrics::default()),
            settings,
            database,
            started_at: Instant::now(),
            heartbeats: Arc::new(Heartbeats::default()),
            front_desk,
            delivery: None,
            booking: None,
            admin_auth_failures: AuthFailureLog::default(),
            shutting_down: AtomicBool::new(false),
        }
    }

    pub fn begin_shutdown(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
    }

    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::SeqCst)
    }
}
