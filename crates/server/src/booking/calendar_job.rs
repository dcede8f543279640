//! The `calendar.create_event` and `calendar.delete_event` jobs (booking.md §3.9). Each reads what
//! it needs in a short transaction, calls Google with nothing open, and records the result in
//! another. Retryable failures go back to the queue; a permanent failure or the last attempt
//! leaves the booking standing (the Postgres hold still blocks the time) and tells the artist.

use chrono::Utc;
use inkdesk_domain::jobs::JobKind;
use inkdesk_domain::provider::ProviderError;
use inkdesk_google::{
    CalendarClient, CalendarConfig, EventId, GoogleAuth, ServiceAccountCredentials,
};
use inkdesk_postgres::booking::{BookingError, CalendarFailure, PgBooking};
use inkdesk_postgres::jobs::{ClaimedJob, Outcome};

use super::calendar_event::new_event;
use crate::config::Settings;
use crate::workers::JobHandler;

/// The calendar job handler.
pub struct CalendarJobs {
    booking: PgBooking,
    client: CalendarClient,
    calendar_id: String,
    public_base_url: String,
}

/// Why the calendar jobs could not be set up at start-up.
#[derive(Debug, thiserror::Error)]
pub enum CalendarSetupError {
    #[error(transparent)]
    Credentials(#[from] inkdesk_google::CredentialsError),
    #[error(transparent)]
    Auth(#[from] inkdesk_google::AuthSetupError),
    #[error(transparent)]
    Client(#[from] inkdesk_google::ClientError),
}

impl CalendarJobs {
    pub fn new(
        booking: PgBooking,
        client: CalendarClient,
        calendar_id: String,
        public_base_url: String,
    ) -> Self {
        Self {
            booking,
            client,
            calendar_id,
            public_base_url,
        }
    }

    /// The handler when calendar mode is configured (`GOOGLE_CALENDAR_ENABLED`, the kill switch,
    /// a calendar id and a service account); `Ok(None)` otherwise.
    pub async fn from_settings(
        settings: &Settings,
        booking: PgBooking,
    ) -> Result<Option<Self>, CalendarSetupError> {
        let google = &settings.google;
        let (true, Some(calendar_id), Some(key)) = (
            google.calendar_enabled && settings.features.calendar,
            &google.calendar_id,
            &google.service_account_json,
        ) else {
            return Ok(None);
        };
        let credentials = ServiceAccountCredentials::from_env_value(key.expose())?;
        let auth = GoogleAuth::new(credentials, google.oauth_token_url.as_deref()).await?;
        let mut config = CalendarConfig::default();
        if let Some(base) = &google.calendar_base_url {
            config.base_url = base.clone();
        }
        let client = CalendarClient::new(auth, config)?;
        let base = crate::front_desk::links(settings).public_base_url;
        Ok(Some(Self::new(booking, client, calendar_id.clone(), base)))
    }

    async fn create(&self, job: &ClaimedJob) -> Outcome {
        let Some(hold_id) = payload_id(job, "hold_id") else {
            return Outcome::Failed(ProviderError::permanent("job_payload"));
        };
        let plan = match self.booking.calendar_event_plan(hold_id, Utc::now()).await {
            Ok(Some(plan)) => plan,
            // The booking is gone (cancelled, rescheduled): nothing to put in the calendar.
            Ok(None) => return Outcome::Cancelled,
            Err(error) => return database_failure(&error),
        };
        let event = match new_event(&plan, self.booking.rules(), &self.public_base_url) {
            Ok(event) => event,
            Err(_) => {
                let error = ProviderError::permanent("invalid_event_id");
                return self.creation_failed(job, hold_id, error).await;
            }
        };
        match self.client.insert_event(&self.calendar_id, &event).await {
            Ok(_) => {
                let recorded = self
                    .booking
                    .calendar_event_created(hold_id, event.id.as_str(), Utc::now())
                    .await;
                match recorded {
                    Ok(()) => Outcome::Succeeded,
                    // The retry meets its own event (409) and records it then.
                    Err(error) => database_failure(&error),
                }
            }
            Err(error) => self.creation_failed(job, hold_id, error).await,
        }
    }

    /// A retryable failure with attempts left goes back to the queue; anything else is final.
    async fn creation_failed(
        &self,
        job: &ClaimedJob,
        hold_id: i64,
        error: ProviderError,
    ) -> Outcome {
        if !is_final(job, &error) {
            return Outcome::Failed(error);
        }
        let failure = CalendarFailure {
            code: error.code().unwrap_or(error.class()).to_owned(),
        };
        tracing::error!(
            job_id = job.id.0,
            hold_id,
            error_class = error.class(),
            error_code = failure.code.as_str(),
            "calendar.event_failure"
        );
        if let Err(recording) = self
            .booking
            .calendar_event_failed(hold_id, &failure, Utc::now())
            .await
        {
            return database_failure(&recording);
        }
        Outcome::Failed(error)
    }

    async fn delete(&self, job: &ClaimedJob) -> Outcome {
        let (Some(hold_id), Some(event_id)) = (
            payload_id(job, "hold_id"),
            job.payload
                .get("event_id")
                .and_then(serde_json::Value::as_str)
                .and_then(|id| EventId::parse(id).ok()),
        ) else {
            return Outcome::Failed(ProviderError::permanent("job_payload"));
        };
        let deleted = self.client.delete_event(&self.calendar_id, &event_id).await;
        let now = Utc::now();
        match deleted {
            Ok(_) => match self
                .booking
                .calendar_event_deleted(hold_id, event_id.as_str(), now)
                .await
            {
                Ok(()) => Outcome::Succeeded,
                Err(error) => database_failure(&error),
            },
            Err(error) if !is_final(job, &error) => Outcome::Failed(error),
            Err(error) => {
                tracing::error!(
                    job_id = job.id.0,
                    hold_id,
                    error_class = error.class(),
                    "calendar event could not be deleted"
                );
                match self
                    .booking
                    .calendar_event_removal_failed(hold_id, event_id.as_str(), now)
                    .await
                {
                    Ok(()) => Outcome::Failed(error),
                    Err(recording) => database_failure(&recording),
                }
            }
        }
    }
}

impl JobHandler for CalendarJobs {
    fn kinds(&self) -> Vec<JobKind> {
        vec![JobKind::CalendarCreateEvent, JobKind::CalendarDeleteEvent]
    }

    async fn run(&self, job: &ClaimedJob) -> Outcome {
        match job.kind {
            JobKind::CalendarCreateEvent => self.create(job).await,
            JobKind::CalendarDeleteEvent => self.delete(job).await,
            _ => Outcome::Failed(ProviderError::permanent("not_a_calendar_job")),
        }
    }
}

/// The queue dead-letters this attempt: permanent classes, or the last retryable one.
fn is_final(job: &ClaimedJob, error: &ProviderError) -> bool {
    !matches!(error, ProviderError::Retryable { .. }) || job.attempt >= job.max_attempts
}

fn payload_id(job: &ClaimedJob, key: &str) -> Option<i64> {
    job.payload.get(key).and_then(serde_json::Value::as_i64)
}

/// Our own bookkeeping failed: worth another try later.
fn database_failure(error: &BookingError) -> Outcome {
    tracing::error!(error = %error, "calendar job bookkeeping failed");
    Outcome::Failed(ProviderError::retryable("database", None))
}
