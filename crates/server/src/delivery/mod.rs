//! The outbound gateway's imperative shell (data-and-ops.md §4.3): the handler of `whatsapp.send`
//! and `artist.notify` jobs. The decisions are the domain's (`inkdesk_domain::outbound`); this
//! module runs each job in three steps so that no transaction is ever open while WhatsApp is
//! called:
//!
//! 1. [`plan`]: lock the row and its contact, plan, settle whatever needs no network, commit;
//! 2. send (with the one plain-text retry of a refused interactive message);
//! 3. [`record`]: store what WhatsApp answered in a new transaction.
//!
//! A row that is no longer `queued` is done, so a job retried after a recorded send never sends
//! twice.

mod plan;
mod record;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use diesel_async::AsyncConnection;
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::model::{LeadId, Phone};
use inkdesk_domain::outbound::{FailureAction, on_send_failure};
use inkdesk_domain::provider::ProviderError;
use inkdesk_domain::rules::Templates;
use inkdesk_postgres::booking::PgBooking;
use inkdesk_postgres::jobs::{ClaimedJob, JobKind, Outcome};
use inkdesk_postgres::outbound::OutboundId;
use inkdesk_postgres::{Database, DbError};
use inkdesk_whatsapp::CloudApiClient;

use crate::config::Settings;
use crate::workers::{JobHandler, Ran};
use plan::{Pending, Planned, plan_after_window_closed, plan_send};
use record::{Recorded, SendResult, as_seen_by_domain, record_result};
use wire::WireMessage;

/// What the gateway needs from the configuration.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// `WHATSAPP_DRY_RUN` or demo mode: rows are marked sent and nothing leaves the process.
    pub dry_run: bool,
    /// `FEATURE_NOTIFICATIONS_ENABLED`.
    pub notifications_enabled: bool,
    /// `ARTIST_WHATSAPP_NUMBER`; artist notifications go out only to this number.
    pub artist_number: Option<Phone>,
    /// `conversation.window_safety_margin_seconds`.
    pub window_safety_margin: TimeDelta,
    /// `[whatsapp.templates]`.
    pub templates: Templates,
    /// Fills the `artist_update` event summary and ends the plain-text form of a slot list.
    pub catalogue: Arc<Catalogue>,
}

impl DeliverySettings {
    pub fn from_settings(settings: &Settings, catalogue: Arc<Catalogue>) -> Self {
        let rules = &settings.studio_rules;
        Self {
            dry_run: settings.whatsapp_dry_run(),
            notifications_enabled: settings.features.notifications,
            // Validated at startup; a number that does not parse is as good as none.
            artist_number: settings
                .artist_whatsapp_number
                .as_deref()
                .and_then(|raw| Phone::parse(raw).ok()),
            window_safety_margin: TimeDelta::seconds(i64::from(
                rules.conversation.window_safety_margin_seconds,
            )),
            templates: rules.whatsapp.templates.clone(),
            catalogue,
        }
    }
}

/// Why a job could not do its bookkeeping.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryJobError {
    #[error("the job payload names no outbound message")]
    NoOutboundMessage,
    #[error(transparent)]
    Database(#[from] DbError),
}

impl DeliveryJobError {
    /// A payload no retry will fix is dead-lettered now; the database is worth another try.
    fn outcome(&self) -> Outcome {
        match self {
            Self::NoOutboundMessage => Outcome::Failed(ProviderError::permanent("job_payload")),
            Self::Database(_) => Outcome::Failed(ProviderError::retryable("database", None)),
        }
    }
}

/// A send that happened but is not recorded would go out again when the job is retried, so
/// recording gets a few quick tries of its own first.
const RECORD_TRIES: u32 = 3;
const RECORD_PAUSE: Duration = Duration::from_millis(250);

/// The `whatsapp.send` / `artist.notify` job handler.
#[derive(Clone)]
pub struct Delivery {
    db: Database,
    client: CloudApiClient,
    settings: Arc<DeliverySettings>,
    /// Writes the artist alerts of failed deliveries; without it they are logged only.
    alerts: Option<PgBooking>,
}

impl Delivery {
    pub fn new(db: Database, client: CloudApiClient, settings: DeliverySettings) -> Self {
        Self {
            db,
            client,
            settings: Arc::new(settings),
            alerts: None,
        }
    }

    /// Artist alerts for deliveries that failed for good go through `booking`'s writers.
    pub fn with_alerts(mut self, booking: PgBooking) -> Self {
        self.alerts = Some(booking);
        self
    }

    /// Tells the artist that a message for `lead`'s client did not go out (integrations.md §2.3),
    /// after the failure itself is committed. A lost alert is logged; the failure and its event
    /// stand either way.
    pub async fn alert_artist(&self, lead: Option<LeadId>, alert: MessageId) {
        let (Some(booking), Some(lead)) = (&self.alerts, lead) else {
            tracing::warn!(
                alert = alert.as_str(),
                "artist alert not written: no lead or no writer"
            );
            return;
        };
        if let Err(error) = booking.delivery_failed(lead, alert, Utc::now()).await {
            tracing::error!(lead_id = lead.0, alert = alert.as_str(), error = %error, "artist alert not written");
        }
    }

    /// Runs one claimed job to the outcome the queue should record.
    pub async fn deliver(&self, job: &ClaimedJob) -> Result<Outcome, DeliveryJobError> {
        match self.deliver_to_end(job, false).await? {
            Ran::Outcome(outcome) => Ok(outcome),
            // Not asked for; kept total rather than unreachable.
            Ran::Recorded(_) => Ok(Outcome::Succeeded),
        }
    }

    /// Like [`Delivery::deliver`]; with `finish_job`, a send WhatsApp accepted also ends the job
    /// in the transaction that records the send (one commit fewer per message).
    async fn deliver_to_end(
        &self,
        job: &ClaimedJob,
        finish_job: bool,
    ) -> Result<Ran, DeliveryJobError> {
        let id = outbound_id(job).ok_or(DeliveryJobError::NoOutboundMessage)?;
        let pending = match self.plan(id).await? {
            Planned::Settled(outcome) => return Ok(Ran::Outcome(outcome)),
            Planned::Send(pending) => pending,
        };
        let result = self.send(&pending).await;
        Ok(self.record(job, &pending, &result, finish_job).await?)
    }

    /// A `failed` status callback said 131047 (the window closed before WhatsApp could deliver):
    /// take the template path for the message now, as a send would have (data-and-ops.md §4.3).
    pub async fn after_window_closed(&self, id: OutboundId) -> Result<(), DbError> {
        let settings = self.settings.as_ref();
        let mut conn = self.db.connection().await?;
        conn.transaction::<_, DbError, _>(async |conn| {
            plan_after_window_closed(conn, settings, id, Utc::now()).await
        })
        .await
        .map(|_| ())
    }

    async fn plan(&self, id: OutboundId) -> Result<Planned, DbError> {
        let settings = self.settings.as_ref();
        let mut conn = self.db.connection().await?;
        conn.transaction::<_, DbError, _>(async |conn| {
            plan_send(conn, settings, id, Utc::now()).await
        })
        .await
    }

    async fn send(&self, pending: &Pending) -> SendResult {
        let first = self.send_message(&pending.to, &pending.message).await;
        let (Err(error), Some(text)) = (&first, &pending.fallback_text) else {
            return self.logged(pending, first);
        };
        let action = on_send_failure(pending.kind, pending.mode, &as_seen_by_domain(error), false);
        if action != FailureAction::RetryAsText {
            return self.logged(pending, first);
        }
        tracing::info!(
            outbound_id = pending.id.0,
            kind = pending.kind.as_str(),
            error_code = error.code().unwrap_or_default(),
            "interactive message refused for its parameters; sending it once as plain text"
        );
        let retried = self.client.send_text(&pending.to, text).await;
        self.logged(pending, retried)
    }

    async fn send_message(&self, to: &Phone, message: &WireMessage) -> SendResult {
        match message {
            WireMessage::Text(body) => self.client.send_text(to, body).await,
            WireMessage::Buttons(buttons) => {
                self.client.send_interactive_buttons(to, buttons).await
            }
            WireMessage::List(list) => self.client.send_interactive_list(to, list).await,
            WireMessage::Template(template) => self.client.send_template(to, template).await,
        }
    }

    /// Failures are logged by the client with their status and codes; this adds the success.
    fn logged(&self, pending: &Pending, result: SendResult) -> SendResult {
        if let Ok(provider_id) = &result {
            tracing::info!(
                outbound_id = pending.id.0,
                kind = pending.kind.as_str(),
                recipient = pending.recipient.as_str(),
                message_type = pending.message.label(),
                to = pending.to.masked(),
                provider_message_id = provider_id.as_str(),
                "whatsapp message sent"
            );
        }
        result
    }

    async fn record(
        &self,
        job: &ClaimedJob,
        pending: &Pending,
        result: &SendResult,
        finish_job: bool,
    ) -> Result<Ran, DbError> {
        let recorded = self
            .record_with_retries(job, pending, result, finish_job)
            .await?;
        if let Some(alert) = recorded.alert {
            self.alert_artist(pending.lead_id, alert).await;
        }
        Ok(recorded.ran)
    }

    async fn record_with_retries(
        &self,
        job: &ClaimedJob,
        pending: &Pending,
        result: &SendResult,
        finish_job: bool,
    ) -> Result<Recorded, DbError> {
        let settings = self.settings.as_ref();
        let mut tries = 0;
        loop {
            tries += 1;
            let recorded = async {
                let mut conn = self.db.connection().await?;
                conn.transaction::<_, DbError, _>(async |conn| {
                    record_result(conn, settings, job, pending, result, Utc::now(), finish_job)
                        .await
                })
                .await
            }
            .await;
            match recorded {
                Err(error) if tries < RECORD_TRIES => {
                    tracing::warn!(error = %error, tries, "recording a send failed; trying again");
                    tokio::time::sleep(RECORD_PAUSE * tries).await;
                }
                other => return other,
            }
        }
    }
}

impl JobHandler for Delivery {
    fn kinds(&self) -> Vec<JobKind> {
        vec![JobKind::WhatsappSend, JobKind::ArtistNotify]
    }

    async fn run(&self, job: &ClaimedJob) -> Outcome {
        match self.deliver(job).await {
            Ok(outcome) => outcome,
            Err(error) => {
                tracing::error!(error = %error, "send job could not do its bookkeeping");
                error.outcome()
            }
        }
    }

    async fn run_to_end(&self, job: &ClaimedJob) -> Ran {
        match self.deliver_to_end(job, true).await {
            Ok(ran) => ran,
            Err(error) => {
                tracing::error!(error = %error, "send job could not do its bookkeeping");
                Ran::Outcome(error.outcome())
            }
        }
    }
}

fn outbound_id(job: &ClaimedJob) -> Option<OutboundId> {
    job.payload
        .get("outbound_message_id")
        .and_then(serde_json::Value::as_i64)
        .map(OutboundId)
}
