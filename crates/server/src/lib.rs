//! # inkdesk-server
//!
//! The composition root: loads configuration, wires the adapters into the domain's use cases, runs
//! the HTTP server (actix-web) and, as they arrive, the background workers and scheduler. Handlers stay
//! thin: business rules live in `inkdesk-domain`, I/O in the adapter crates.
//!
//! Nothing depends on this crate; it may depend on everything.

pub mod booking;
pub mod config;
pub mod delivery;
pub mod front_desk;
pub mod heartbeat;
pub mod http;
pub mod jobs;
pub mod metrics;
pub mod ports;
pub mod scheduler;
mod secrets;
pub mod sheets_job;
mod state;
pub mod telemetry;
mod whatsapp_inbound;
pub mod workers;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use inkdesk_postgres::Database;
use inkdesk_postgres::jobs::JobQueue;
use inkdesk_whatsapp::{CloudApiClient, CloudApiConfig};

use crate::delivery::{Delivery, DeliverySettings};
use crate::workers::{WorkerConfig, WorkerPool};

pub use state::AppState;

use crate::config::Settings;

/// Failures that stop the process before or while serving.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("DATABASE_URL is not configured")]
    NoDatabase,
    #[error(transparent)]
    Database(#[from] inkdesk_postgres::DbError),
    #[error("migrations are pending and MIGRATE_ON_START=false; run `inkdesk migrate` first")]
    PendingMigrations,
    #[error(transparent)]
    FrontDesk(#[from] front_desk::BuildError),
    #[error("WhatsApp client configuration is invalid: {0}")]
    WhatsApp(String),
    #[error("Google Sheets configuration is invalid: {0}")]
    LeadLog(#[from] sheets_job::LeadLogSetupError),
    #[error("Stripe client configuration is invalid: {0}")]
    Stripe(#[from] inkdesk_stripe::ClientError),
    #[error("Google Calendar cannot be used: {0}")]
    Calendar(#[from] booking::google_calendar::CalendarSetupError),
    #[error("could not bind or run the HTTP server: {0}")]
    Io(#[from] std::io::Error),
}

/// Installs the process-wide rustls crypto provider (ring). Must run before any TLS client exists.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// How often the sweeps look for work.
const SWEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// A bound, not yet awaited server: tests read `address` and spawn `run`.
pub struct Server {
    pub address: SocketAddr,
    pub state: web::Data<AppState>,
    server: actix_web::dev::Server,
    /// The job workers started by `run_until_stopped`; `None` when WhatsApp sending is not
    /// configured, or for tests that inspect the outbox before anything is delivered.
    workers: Option<(JobQueue, Arc<Delivery>, WorkerConfig)>,
    /// The Stripe Checkout jobs, when Stripe is configured.
    checkout: Option<Arc<booking::CheckoutJobs>>,
}

impl Server {
    /// Binds the HTTP listener (port 0 picks a free port) without touching the database.
    pub fn bind(settings: Settings, listener: TcpListener) -> Result<Self, ServeError> {
        let url = settings
            .database_url
            .clone()
            .ok_or(ServeError::NoDatabase)?;
        let database = Database::connect_lazy(url.expose(), settings.database_max_connections)?;
        let address = listener.local_addr()?;
        let front_desk = front_desk::build(&settings, &database, url.expose())?;
        let booking = booking::build(&settings, &database)?;
        let checkout = booking::CheckoutJobs::from_settings(&settings, &booking)?;
        let workers = delivery_workers(&settings, &database, &booking)?;
        let mut app_state = AppState::new(Arc::new(settings), database, Some(front_desk));
        app_state.delivery = workers.as_ref().map(|(_, delivery, _)| delivery.clone());
        app_state.booking = Some(booking);
        let state = web::Data::new(app_state);
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            // The last `wrap` runs first: correlation id, then request metrics, then rate limits.
            App::new()
                .wrap(from_fn(http::rate_limit))
                .wrap(from_fn(http::record_request))
                .wrap(from_fn(http::correlation))
                .configure(http::configure(app_state.clone()))
        })
        .listen(listener)?
        .disable_signals()
        .shutdown_timeout(app_state_grace(&state))
        .run();
        Ok(Self {
            address,
            state,
            server,
            workers,
            checkout,
        })
    }

    /// Serves HTTP only: no job is claimed (the outbox stays as written).
    pub fn without_workers(mut self) -> Self {
        self.workers = None;
        self
    }

    /// Serves until SIGINT/SIGTERM (or until the handle is stopped), then drains gracefully.
    pub async fn run_until_stopped(self) -> Result<(), ServeError> {
        let handle = self.server.handle();
        let state = self.state.clone();
        let lead_log = match &self.workers {
            Some(_) => sheets_job::LeadLog::from_settings(&state.settings, &state.database).await?,
            None => None,
        };
        let calendar = match (&self.workers, &state.booking) {
            (Some(_), Some(booking)) => calendar_jobs(&state.settings, booking.clone()).await,
            _ => None,
        };
        let checkout = self.checkout;
        let slots_offer = match (&self.workers, &state.booking) {
            (Some(_), Some(booking)) => {
                booking::slots_job::SlotsOfferJob::from_settings(&state.settings, booking.clone())
                    .await?
                    .map(Arc::new)
            }
            _ => None,
        };
        let scheduler = match (&self.workers, &state.booking) {
            (Some(_), Some(booking)) if state.settings.scheduler_enabled => {
                Some(scheduler::Scheduler::start(
                    state.database.clone(),
                    booking.clone(),
                    SWEEP_INTERVAL,
                    state.heartbeats.clone(),
                ))
            }
            _ => None,
        };
        let pool = self.workers.map(|(queue, delivery, config)| {
            let config = config.with_metrics(state.metrics.clone());
            let router = Arc::new(
                jobs::JobRouter::new(delivery)
                    .with_lead_log(lead_log)
                    .with_calendar(calendar)
                    .with_checkout(checkout)
                    .with_slots_offer(slots_offer),
            );
            WorkerPool::start(queue, router, config, state.heartbeats.clone())
        });
        tokio::spawn(async move {
            wait_for_shutdown_signal().await;
            tracing::info!("shutdown signal received; draining");
            state.begin_shutdown();
            handle.stop(true).await;
        });
        self.server.await?;
        if let Some(scheduler) = scheduler {
            scheduler.stop().await;
        }
        if let Some(pool) = pool {
            pool.shutdown().await;
        }
        Ok(())
    }
}

/// The calendar event jobs; a set-up failure leaves them queued (and says so) rather than stopping
/// the front desk.
async fn calendar_jobs(
    settings: &Settings,
    booking: inkdesk_postgres::booking::PgBooking,
) -> Option<Arc<booking::calendar_job::CalendarJobs>> {
    match booking::calendar_job::CalendarJobs::from_settings(settings, booking).await {
        Ok(jobs) => jobs.map(Arc::new),
        Err(error) => {
            tracing::error!(error = %error, "calendar jobs are not running: Google set-up failed");
            None
        }
    }
}

/// The outbound delivery workers, when WhatsApp sending is configured (always in dry run / demo).
fn delivery_workers(
    settings: &Settings,
    database: &Database,
    booking: &inkdesk_postgres::booking::PgBooking,
) -> Result<Option<(JobQueue, Arc<Delivery>, WorkerConfig)>, ServeError> {
    let whatsapp = &settings.whatsapp;
    let (Some(token), Some(phone_number_id)) = (&whatsapp.access_token, &whatsapp.phone_number_id)
    else {
        if !settings.whatsapp_dry_run() {
            tracing::warn!("WhatsApp sending is not configured: outbound messages stay queued");
            return Ok(None);
        }
        return Ok(Some(worker_setup(
            settings,
            database,
            booking,
            dry_run_client()?,
        )?));
    };
    let mut config = CloudApiConfig::new(phone_number_id.clone(), token.expose());
    if let Some(base) = &whatsapp.api_base_url {
        config.base_url = base.clone();
    }
    config.api_version = whatsapp.api_version.clone();
    let client = CloudApiClient::new(config).map_err(|e| ServeError::WhatsApp(e.to_string()))?;
    Ok(Some(worker_setup(settings, database, booking, client)?))
}

/// Dry run never calls the Graph API; the client only has to exist.
fn dry_run_client() -> Result<CloudApiClient, ServeError> {
    CloudApiClient::new(CloudApiConfig::new("dry-run", "dry-run"))
        .map_err(|e| ServeError::WhatsApp(e.to_string()))
}

fn worker_setup(
    settings: &Settings,
    database: &Database,
    booking: &inkdesk_postgres::booking::PgBooking,
    client: CloudApiClient,
) -> Result<(JobQueue, Arc<Delivery>, WorkerConfig), ServeError> {
    let catalogue = Arc::new(
        front_desk::catalogue(&settings.studio_rules).map_err(front_desk::BuildError::from)?,
    );
    let delivery = Delivery::new(
        database.clone(),
        client,
        DeliverySettings::from_settings(settings, catalogue),
    )
    .with_alerts(booking.clone());
    let config = WorkerConfig::new(
        settings.worker_concurrency,
        std::time::Duration::from_millis(settings.job_poll_interval_ms),
        std::time::Duration::from_secs(settings.shutdown_grace_seconds),
    );
    Ok((JobQueue::new(database.clone()), Arc::new(delivery), config))
}

fn app_state_grace(state: &web::Data<AppState>) -> u64 {
    state.settings.shutdown_grace_seconds
}

async fn wait_for_shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// `inkdesk serve`: migrate when configured to, refuse to start with pending migrations, then serve.
pub async fn serve(settings: Settings) -> Result<(), ServeError> {
    let url = settings
        .database_url
        .clone()
        .ok_or(ServeError::NoDatabase)?;
    if settings.migrate_on_start {
        let applied = inkdesk_postgres::run_pending_migrations(url.expose()).await?;
        tracing::info!(count = applied.len(), "migrations applied at start-up");
    }
    let listener = TcpListener::bind(settings.bind_address)?;
    let server = Server::bind(settings, listener)?;
    if server.state.database.has_pending_migrations().await? {
        return Err(ServeError::PendingMigrations);
    }
    let s = &server.state.settings;
    tracing::info!(
        address = %server.address,
        app_env = s.app_env.as_str(),
        booking_mode = s.booking_mode().as_str(),
        dry_run = s.whatsapp_dry_run(),
        demo_mode = s.features.demo_mode,
        sheets = s.google.sheets_enabled && s.features.sheets,
        calendar = s.google.calendar_enabled && s.features.calendar,
        "inkdesk serving"
    );
    for name in &s.ignored_variables {
        tracing::warn!(
            variable = name,
            "configuration variable is accepted for compatibility and ignored"
        );
    }
    if s.admin_api_key.is_none() {
        tracing::warn!("ADMIN_API_KEY is not set: the admin API is open (development only)");
    }
    server.run_until_stopped().await
}
