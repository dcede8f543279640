//! The Google Sheets lead log (integrations.md §4.2): the handler of `sheets.upsert` jobs. Each run
//! reads the lead as it stands now, so a job coalesced from several changes writes the latest
//! state, then upserts the lead's one row and remembers where it went. Running a job twice writes
//! the same row twice, never a second row.
//!
//! The queue does the retrying (data-and-ops.md §4.2: 10 attempts, 30 s to 30 min); the Google
//! adapter has already classified each failure (5xx, 429, timeouts retryable; other 4xx permanent).

mod row;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use inkdesk_domain::model::LeadId;
use inkdesk_domain::provider::ProviderError;
use inkdesk_google::{
    AuthSetupError, ClientError, CredentialsError, GoogleAuth, ServiceAccountCredentials,
    SheetsClient, SheetsConfig,
};
use inkdesk_postgres::Database;
use inkdesk_postgres::jobs::{ClaimedJob, JobKind, Outcome};
use inkdesk_postgres::sheet_log::{self, LeadLogFacts};
use inkdesk_postgres::system_events::{self, EventLevel, SystemEvent};
use serde_json::json;

use crate::config::{GoogleSettings, Settings};
use crate::workers::JobHandler;

/// The lead log could not be set up from the configuration (startup: fail fast).
#[derive(Debug, thiserror::Error)]
pub enum LeadLogSetupError {
    #[error("{0} is missing (required when GOOGLE_SHEETS_ENABLED=true)")]
    Missing(&'static str),
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    #[error(transparent)]
    Auth(#[from] AuthSetupError),
    #[error("the Sheets client could not be built: {0}")]
    Client(#[from] ClientError),
}

/// The `sheets.upsert` job handler.
pub struct LeadLog {
    db: Database,
    client: SheetsClient,
    /// The spreadsheet `sheet_rows` remembers rows for.
    spreadsheet_id: String,
}

impl LeadLog {
    pub fn new(db: Database, client: SheetsClient, spreadsheet_id: impl Into<String>) -> Self {
        Self {
            db,
            client,
            spreadsheet_id: spreadsheet_id.into(),
        }
    }

    /// The handler when Sheets is enabled and not switched off (`GOOGLE_SHEETS_ENABLED`,
    /// `FEATURE_SHEETS_ENABLED`); `None` otherwise, and `sheets.upsert` jobs stay queued.
    pub async fn from_settings(
        settings: &Settings,
        db: &Database,
    ) -> Result<Option<Arc<Self>>, LeadLogSetupError> {
        let google = &settings.google;
        if !(google.sheets_enabled && settings.features.sheets) {
            return Ok(None);
        }
        let spreadsheet_id = google
            .spreadsheet_id
            .clone()
            .ok_or(LeadLogSetupError::Missing("GOOGLE_SHEETS_SPREADSHEET_ID"))?;
        let key = google
            .service_account_json
            .as_ref()
            .ok_or(LeadLogSetupError::Missing("GOOGLE_SERVICE_ACCOUNT_JSON"))?;
        let credentials = ServiceAccountCredentials::from_env_value(key.expose())?;
        let auth = GoogleAuth::new(credentials, google.oauth_token_url.as_deref()).await?;
        let client = SheetsClient::new(auth, sheets_config(google, &spreadsheet_id))?;
        tracing::info!(
            client_email = client.client_email(),
            "Sheets lead log enabled; the spreadsheet must be shared with this account as Editor"
        );
        Ok(Some(Arc::new(Self::new(
            db.clone(),
            client,
            spreadsheet_id,
        ))))
    }

    /// Writes the lead's row from its current state and returns what the queue should record.
    pub async fn upsert(&self, job: &ClaimedJob) -> Outcome {
        let Some(lead) = lead_id(job) else {
            tracing::error!(job_id = job.id.0, "sheets.upsert payload names no lead");
            return Outcome::Failed(ProviderError::permanent("job_payload"));
        };
        let facts = match sheet_log::load(&self.db, lead, &self.spreadsheet_id).await {
            Ok(Some(facts)) => facts,
            Ok(None) => {
                tracing::error!(
                    lead_id = lead.0,
                    "sheets.upsert for a lead that does not exist"
                );
                return Outcome::Failed(ProviderError::permanent("lead_not_found"));
            }
            Err(error) => {
                tracing::warn!(lead_id = lead.0, error = %error, "could not read the lead for its sheet row");
                return Outcome::Failed(ProviderError::retryable("database", None));
            }
        };
        match self
            .client
            .upsert(&row::lead_row(&facts), facts.remembered_row)
            .await
        {
            Ok(row_number) => {
                self.remember(&facts, row_number).await;
                Outcome::Succeeded
            }
            Err(error) => {
                if gives_up(job, &error) {
                    self.record_failure(job, lead, &error).await;
                }
                Outcome::Failed(error)
            }
        }
    }

    /// A row that is written but not remembered is found again through column A next time, so a
    /// failure here costs one read, not a retry of the whole job.
    async fn remember(&self, facts: &LeadLogFacts, row_number: u32) {
        let lead = facts.lead_id;
        tracing::info!(
            lead_id = lead.0,
            row = row_number,
            status = facts.status.as_str(),
            "lead log row written"
        );
        if facts.remembered_row == Some(row_number) {
            return;
        }
        let remembered =
            sheet_log::remember_row(&self.db, lead, &self.spreadsheet_id, row_number, Utc::now())
                .await;
        if let Err(error) = remembered {
            tracing::warn!(lead_id = lead.0, error = %error, "could not remember the lead's sheet row");
        }
    }

    /// ERROR `sheets.sync_failure` when the queue is about to dead-letter the job.
    async fn record_failure(&self, job: &ClaimedJob, lead: LeadId, error: &ProviderError) {
        let code = error.code().unwrap_or_default();
        if matches!(error, ProviderError::Permanent { .. })
            && (code.starts_with("403") || code.starts_with("404"))
        {
            tracing::error!(
                client_email = self.client.client_email(),
                error_code = code,
                "Sheets refused the lead log: share the spreadsheet with this account as Editor"
            );
        }
        let event = SystemEvent {
            level: EventLevel::Error,
            event_type: "sheets.sync_failure".to_owned(),
            lead_id: Some(lead),
            contact_id: None,
            payload: json!({ "lead_id": lead.0, "code": code }),
            correlation_id: job.correlation_id.clone(),
        };
        if let Err(failure) = system_events::record_alone(&self.db, &event).await {
            tracing::error!(lead_id = lead.0, error = %failure, "could not record sheets.sync_failure");
        }
    }
}

impl JobHandler for LeadLog {
    fn kinds(&self) -> Vec<JobKind> {
        vec![JobKind::SheetsUpsert]
    }

    async fn run(&self, job: &ClaimedJob) -> Outcome {
        self.upsert(job).await
    }
}

/// The client configuration: the tab from `GOOGLE_SHEETS_TAB`, the spec's timeouts and pace.
pub fn sheets_config(google: &GoogleSettings, spreadsheet_id: &str) -> SheetsConfig {
    let mut config = SheetsConfig::new(spreadsheet_id);
    config.tab.clone_from(&google.sheets_tab);
    if let Some(base_url) = &google.sheets_base_url {
        config.base_url.clone_from(base_url);
        // The pace protects Google's per-user quota; the override only ever points at a fake
        // (production refuses it), which has none.
        config.min_request_interval = Duration::ZERO;
    }
    config
}

/// Whether this failure is the job's last: no retry class, or no attempts left.
fn gives_up(job: &ClaimedJob, error: &ProviderError) -> bool {
    !matches!(error, ProviderError::Retryable { .. }) || job.attempt >= job.max_attempts
}

fn lead_id(job: &ClaimedJob) -> Option<LeadId> {
    job.payload
        .get("lead_id")
        .and_then(serde_json::Value::as_i64)
        .map(LeadId)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use chrono::Utc;
    use inkdesk_postgres::jobs::JobId;

    use super::*;

    fn google(base_url: Option<&str>) -> GoogleSettings {
        GoogleSettings {
            sheets_enabled: true,
            spreadsheet_id: Some("sheet-1".into()),
            sheets_tab: "Rowan's leads".into(),
            calendar_enabled: false,
            calendar_id: None,
            service_account_json: None,
            oauth_token_url: None,
            sheets_base_url: base_url.map(Into::into),
            calendar_base_url: None,
        }
    }

    fn job(attempt: i32) -> ClaimedJob {
        ClaimedJob {
            id: JobId(1),
            kind: JobKind::SheetsUpsert,
            payload: json!({ "lead_id": 42 }),
            attempt,
            max_attempts: 10,
            lead_id: Some(LeadId(42)),
            correlation_id: None,
            locked_by: "w".into(),
            lease_expires_at: Utc::now(),
        }
    }

    #[test]
    fn the_tab_comes_from_settings_and_only_google_itself_is_paced() {
        let production = sheets_config(&google(None), "sheet-1");
        assert_eq!(production.tab, "Rowan's leads");
        assert_eq!(production.spreadsheet_id, "sheet-1");
        assert_eq!(production.min_request_interval, Duration::from_secs(1));
        let fake = sheets_config(&google(Some("http://127.0.0.1:9")), "sheet-1");
        assert_eq!(fake.base_url, "http://127.0.0.1:9");
        assert_eq!(fake.min_request_interval, Duration::ZERO);
    }

    #[test]
    fn the_last_attempt_and_hopeless_errors_give_up() {
        let busy = ProviderError::retryable("http_503", None);
        assert!(!gives_up(&job(9), &busy));
        assert!(gives_up(&job(10), &busy));
        assert!(gives_up(
            &job(1),
            &ProviderError::permanent("400_badRequest")
        ));
        assert!(gives_up(
            &job(1),
            &ProviderError::auth_broken("invalid_grant")
        ));
        assert_eq!(lead_id(&job(1)), Some(LeadId(42)));
    }
}
