//! The Google Sheets lead log (integrations.md §4.2): one row per lead, found by lead id in column A
//! and rewritten from the lead's current state, or appended.

mod a1;
mod pacer;
mod row;
mod upsert;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use inkdesk_domain::model::LeadId;
use inkdesk_domain::ports::{LeadSheet, PortError};
use inkdesk_domain::provider::ProviderError;

use crate::api::{Api, ClientError, Timeouts};
use crate::auth::{GoogleAuth, SHEETS_SCOPES};
use crate::encode;
use pacer::Pacer;

pub use row::{COLUMNS, Cell, LeadRow};

pub const DEFAULT_SHEETS_BASE_URL: &str = "https://sheets.googleapis.com";
pub const DEFAULT_TAB: &str = "Leads";

/// Which sheet the lead log lives in, and how the client paces itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetsConfig {
    /// `GOOGLE_SHEETS_BASE_URL`; tests point it at the fake.
    pub base_url: String,
    /// `GOOGLE_SHEETS_SPREADSHEET_ID`.
    pub spreadsheet_id: String,
    /// `GOOGLE_SHEETS_TAB`.
    pub tab: String,
    pub timeouts: Timeouts,
    /// Least time between two requests from this process (1 s; tests use zero).
    pub min_request_interval: Duration,
}

impl SheetsConfig {
    /// Production base URL, the `Leads` tab, the spec's timeouts and pace.
    pub fn new(spreadsheet_id: impl Into<String>) -> Self {
        Self {
            base_url: DEFAULT_SHEETS_BASE_URL.to_owned(),
            spreadsheet_id: spreadsheet_id.into(),
            tab: DEFAULT_TAB.to_owned(),
            timeouts: Timeouts::default(),
            min_request_interval: Duration::from_secs(1),
        }
    }
}

/// The lead-log client. Cheap to clone; clones share the connection pool, token cache, pace and
/// the "header checked" flag.
#[derive(Debug, Clone)]
pub struct SheetsClient {
    api: Api,
    /// `<base>/v4/spreadsheets/<id>/values/`
    values_url: String,
    tab: String,
    pacer: Pacer,
    header_checked: Arc<AtomicBool>,
}

impl SheetsClient {
    /// Needs the process-wide rustls provider (ring) installed first, as `main` does.
    pub fn new(auth: GoogleAuth, config: SheetsConfig) -> Result<Self, ClientError> {
        if config.spreadsheet_id.trim().is_empty() {
            return Err(ClientError::Empty("GOOGLE_SHEETS_SPREADSHEET_ID"));
        }
        if config.tab.trim().is_empty() {
            return Err(ClientError::Empty("GOOGLE_SHEETS_TAB"));
        }
        let api = Api::new(
            auth,
            SHEETS_SCOPES,
            "sheets",
            &config.base_url,
            "GOOGLE_SHEETS_BASE_URL",
            config.timeouts,
        )?;
        let values_url = format!(
            "{}/v4/spreadsheets/{}/values/",
            api.base_url,
            encode::segment(&config.spreadsheet_id)
        );
        Ok(Self {
            api,
            values_url,
            tab: config.tab,
            pacer: Pacer::new(config.min_request_interval),
            header_checked: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The account the spreadsheet must be shared with (Editor).
    pub fn client_email(&self) -> &str {
        self.api.auth().client_email()
    }

    /// `…/values/<range>[suffix]?<query>`, the range percent-encoded.
    fn url(
        &self,
        range: &str,
        suffix: &str,
        query: &[(&str, &str)],
    ) -> Result<reqwest::Url, ProviderError> {
        let url = format!("{}{}{suffix}", self.values_url, encode::segment(range));
        encode::with_query(&url, query).ok_or_else(|| ProviderError::permanent("invalid_url"))
    }
}

impl LeadSheet for SheetsClient {
    /// Cells in column order, as text (the lead id as a number). Missing cells are written empty,
    /// extra ones dropped. The port has no row-number memory (`sheet_rows`), so column A is read
    /// every time; [`SheetsClient::upsert`] takes and returns the row number.
    async fn upsert_row(&self, lead_id: LeadId, cells: Vec<String>) -> Result<(), PortError> {
        let mut row: Vec<Cell> = cells
            .into_iter()
            .take(COLUMNS.len())
            .map(|text| {
                if text.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(text)
                }
            })
            .collect();
        row.resize(COLUMNS.len(), Cell::Empty);
        row[0] = Cell::Int(lead_id.0);
        self.upsert_cells(lead_id.0, &row, None).await?;
        Ok(())
    }
}
