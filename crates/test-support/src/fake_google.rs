//! An in-process fake of Google's OAuth token endpoint, Calendar v3 and Sheets v4 (integrations.md
//! §4.5) on `127.0.0.1:0`. It speaks the real wire formats, checks the JWT-bearer assertion (claims
//! and RS256 signature against the throwaway test key), issues expiring `fake-<n>` tokens and
//! requires them, keeps calendars and spreadsheets in memory, records every request (bearer token
//! and assertion redacted) and plays scripted failures per API: error statuses, `Retry-After`,
//! delays and dropped connections.
//!
//! ```no_run
//! # async fn demo() {
//! use inkdesk_test_support::fake_google::{FakeApi, FakeFailure, FakeGoogle};
//! let fake = FakeGoogle::start().await;
//! fake.fail_next(FakeApi::Token, 1, FakeFailure::invalid_grant());
//! let key_json = fake.service_account_json(); // token_uri points at the fake
//! // Sheets and Calendar base URLs: fake.base_url()
//! # }
//! ```

mod a1;
mod calendar;
mod key;
mod script;
mod server;
mod sheets;
mod token;
mod wire;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::Value;

pub use key::{FAKE_CLIENT_EMAIL, FAKE_PRIVATE_KEY_ID, TEST_PRIVATE_KEY_PEM, service_account_json};
pub use script::{FakeApi, FakeFailure, RecordedRequest};
pub use token::{GOOGLE_TOKEN_URL, KNOWN_SCOPES};

/// Defaults matching the spec's examples.
pub const FAKE_CALENDAR_ID: &str = "rowan.studio@example.com";
pub const FAKE_SPREADSHEET_ID: &str = "1FakeLeadLogSpreadsheetId";
pub const FAKE_SHEET_TAB: &str = "Leads";
/// `expires_in` of issued tokens unless a test changes it.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3599;
/// Events per list page: small, so paging is exercised.
pub const DEFAULT_LIST_PAGE_SIZE: usize = 2;

pub(crate) struct IssuedToken {
    pub scopes: Vec<String>,
    pub expires_at: Instant,
}

pub(crate) struct State {
    pub client_email: String,
    pub token_url: String,
    pub token_lifetime: u64,
    pub issued: u64,
    pub tokens: HashMap<String, IssuedToken>,
    pub scripts: HashMap<FakeApi, VecDeque<FakeFailure>>,
    pub requests: Vec<RecordedRequest>,
    pub calendars: HashMap<String, calendar::FakeCalendar>,
    pub list_page_size: usize,
    pub spreadsheets: HashMap<String, HashMap<String, sheets::Grid>>,
}

pub(crate) type Shared = Arc<Mutex<State>>;

pub(crate) fn lock(state: &Shared) -> MutexGuard<'_, State> {
    crate::http_fake::lock_state(state)
}

/// The running fake; stops serving when dropped.
pub struct FakeGoogle {
    addr: SocketAddr,
    state: Shared,
    _server: crate::http_fake::ServerTask,
}

impl FakeGoogle {
    /// Starts on an ephemeral port with [`FAKE_CALENDAR_ID`] (empty) and [`FAKE_SPREADSHEET_ID`] with
    /// an empty [`FAKE_SHEET_TAB`].
    pub async fn start() -> Self {
        let (listener, addr) = crate::http_fake::bind_local("Google").await;
        let state = Arc::new(Mutex::new(State {
            client_email: FAKE_CLIENT_EMAIL.to_owned(),
            token_url: format!("http://{addr}/token"),
            token_lifetime: DEFAULT_TOKEN_LIFETIME_SECS,
            issued: 0,
            tokens: HashMap::new(),
            scripts: HashMap::new(),
            requests: Vec::new(),
            calendars: HashMap::from([(FAKE_CALENDAR_ID.to_owned(), Default::default())]),
            list_page_size: DEFAULT_LIST_PAGE_SIZE,
            spreadsheets: HashMap::from([(
                FAKE_SPREADSHEET_ID.to_owned(),
                sheets::new_spreadsheet(FAKE_SHEET_TAB),
            )]),
        }));
        let server = crate::http_fake::ServerTask::spawn(server::serve(listener, state.clone()));
        Self {
            addr,
            state,
            _server: server,
        }
    }

    /// `GOOGLE_SHEETS_BASE_URL` and `GOOGLE_CALENDAR_BASE_URL` for the client under test.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `GOOGLE_OAUTH_TOKEN_URL` for the client under test.
    pub fn token_url(&self) -> String {
        format!("http://{}/token", self.addr)
    }

    /// The test service-account key with `token_uri` pointing at this fake.
    pub fn service_account_json(&self) -> String {
        service_account_json(&self.token_url())
    }

    /// Writes [`Self::service_account_json`] to `dir` and returns the file's path (for the
    /// "file path" form of `GOOGLE_SERVICE_ACCOUNT_JSON`).
    pub fn write_service_account_file(&self, dir: &Path) -> PathBuf {
        let path = dir.join(format!("inkdesk-fake-google-{}.json", self.addr.port()));
        std::fs::write(&path, self.service_account_json()).expect("write the test key file");
        path
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// The requests to one API, in arrival order.
    pub fn requests_to(&self, api: FakeApi) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.api == Some(api))
            .collect()
    }

    /// The next `n` requests to `api` answer with `failure` (the request is still recorded).
    pub fn fail_next(&self, api: FakeApi, n: usize, failure: FakeFailure) {
        lock(&self.state)
            .scripts
            .entry(api)
            .or_default()
            .extend(std::iter::repeat_n(failure, n));
    }

    /// How many tokens the token endpoint has issued.
    pub fn tokens_issued(&self) -> u64 {
        lock(&self.state).issued
    }

    /// Forgets every issued token: the next API call with a cached token gets a 401.
    pub fn revoke_tokens(&self) {
        lock(&self.state).tokens.clear();
    }

    /// `expires_in` of tokens issued from now on.
    pub fn set_token_lifetime(&self, seconds: u64) {
        lock(&self.state).token_lifetime = seconds;
    }

    /// Adds an empty calendar (unknown calendars answer `notFound`).
    pub fn add_calendar(&self, calendar_id: &str) {
        lock(&self.state)
            .calendars
            .entry(calendar_id.to_owned())
            .or_default();
    }

    /// A busy range freeBusy reports for `calendar_id`, as if from an event the fake does not list.
    pub fn add_busy(&self, calendar_id: &str, start: DateTime<Utc>, end: DateTime<Utc>) {
        lock(&self.state)
            .calendars
            .entry(calendar_id.to_owned())
            .or_default()
            .busy
            .push((start, end));
    }

    /// freeBusy answers an `errors` entry with `reason` for `calendar_id` (`None` clears it).
    pub fn set_calendar_error(&self, calendar_id: &str, reason: Option<&str>) {
        lock(&self.state)
            .calendars
            .entry(calendar_id.to_owned())
            .or_default()
            .error = reason.map(str::to_owned);
    }

    /// Stores an event as-is (an all-day event, a cancelled one, one created by a human).
    pub fn add_event(&self, calendar_id: &str, event: Value) {
        let id = event["id"].as_str().unwrap_or_default().to_owned();
        lock(&self.state)
            .calendars
            .entry(calendar_id.to_owned())
            .or_default()
            .events
            .insert(
                id,
                calendar::StoredEvent {
                    body: event,
                    deleted: false,
                },
            );
    }

    /// A stored event (deleted ones too, with `status: cancelled`).
    pub fn event(&self, calendar_id: &str, event_id: &str) -> Option<Value> {
        lock(&self.state)
            .calendars
            .get(calendar_id)?
            .events
            .get(event_id)
            .map(|e| e.body.clone())
    }

    /// The live (not deleted) events of a calendar, by id.
    pub fn events(&self, calendar_id: &str) -> Vec<Value> {
        lock(&self.state)
            .calendars
            .get(calendar_id)
            .map(|c| {
                c.events
                    .values()
                    .filter(|e| !e.deleted)
                    .map(|e| e.body.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Events per list page.
    pub fn set_list_page_size(&self, size: usize) {
        lock(&self.state).list_page_size = size.max(1);
    }

    /// The grid of a tab, rows from row 1, as stored (unformatted values).
    pub fn sheet_rows(&self, spreadsheet_id: &str, tab: &str) -> Vec<Vec<Value>> {
        lock(&self.state)
            .spreadsheets
            .get(spreadsheet_id)
            .and_then(|s| s.get(tab))
            .cloned()
            .unwrap_or_default()
    }

    /// Replaces (or creates) a tab's grid: a human re-sorting or editing the sheet.
    pub fn set_sheet_rows(&self, spreadsheet_id: &str, tab: &str, rows: Vec<Vec<Value>>) {
        lock(&self.state)
            .spreadsheets
            .entry(spreadsheet_id.to_owned())
            .or_default()
            .insert(tab.to_owned(), rows);
    }

    /// Deletes row `row_number` (1-based) of a tab, shifting the rows below up.
    pub fn delete_sheet_row(&self, spreadsheet_id: &str, tab: &str, row_number: usize) {
        let mut state = lock(&self.state);
        if let Some(grid) = state
            .spreadsheets
            .get_mut(spreadsheet_id)
            .and_then(|s| s.get_mut(tab))
            && (1..=grid.len()).contains(&row_number)
        {
            grid.remove(row_number - 1);
        }
    }
}
