//! An in-process fake of the WhatsApp Graph API (integrations.md §2.8) on `127.0.0.1:0`. It speaks the
//! real wire format, validates what Meta validates, records every request (bearer token redacted),
//! answers `wamid.FAKE.<n>`, and plays scripted failures: Graph error codes, bare HTTP statuses,
//! `Retry-After`, delays and dropped connections, globally or per recipient, plus a per-recipient
//! "window closed" mode. Media metadata and downloads are served with scenarios.
//!
//! ```no_run
//! # async fn demo() {
//! use inkdesk_test_support::fake_whatsapp::{FakeFailure, FakeWhatsApp};
//! let fake = FakeWhatsApp::start().await;
//! fake.fail_next(1, FakeFailure::http(500));
//! fake.close_window_for("447700900123");
//! // point the client at fake.base_url() with fake.access_token() and fake.phone_number_id()
//! # }
//! ```

mod media;
mod server;
mod validate;
pub mod webhook;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use media::{FakeMedia, MediaScenario};

/// Defaults matching the spec fixtures, so webhook payloads and sends agree out of the box.
pub const FAKE_PHONE_NUMBER_ID: &str = "109876543210987";
pub const FAKE_ACCESS_TOKEN: &str = "fake-whatsapp-token";
pub const FAKE_API_VERSION: &str = "v24.0";

/// The approved templates of integrations.md §2.2 with their body parameter counts.
pub const DEFAULT_TEMPLATES: [(&str, usize); 5] = [
    ("next_steps_reply_to_continue", 0),
    ("deposit_received_next_steps", 1),
    ("booking_confirmed", 3),
    ("appointment_reminder", 3),
    ("artist_update", 2),
];

/// A scripted answer that replaces (or, for `Delay`, precedes) the normal one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FakeFailure {
    /// A Graph error body with `code` and `fbtrace_id`.
    Graph {
        status: u16,
        code: i64,
        retry_after: Option<u64>,
    },
    /// A status with a body that is not a Graph error (a proxy's error page).
    Http {
        status: u16,
        retry_after: Option<u64>,
    },
    /// Waits, then answers normally: longer than the client's timeout makes a timeout.
    Delay(Duration),
    /// Closes the connection without answering.
    Reset,
}

impl FakeFailure {
    /// Graph error `code` with HTTP 400, as Meta sends most of them.
    pub fn graph(code: i64) -> Self {
        Self::Graph {
            status: 400,
            code,
            retry_after: None,
        }
    }

    pub fn http(status: u16) -> Self {
        Self::Http {
            status,
            retry_after: None,
        }
    }

    /// Adds `Retry-After: <seconds>` to a `Graph` or `Http` failure.
    pub fn with_retry_after(self, seconds: u64) -> Self {
        match self {
            Self::Graph { status, code, .. } => Self::Graph {
                status,
                code,
                retry_after: Some(seconds),
            },
            Self::Http { status, .. } => Self::Http {
                status,
                retry_after: Some(seconds),
            },
            other => other,
        }
    }

    /// Replaces the HTTP status of a `Graph` or `Http` failure.
    pub fn with_status(self, status: u16) -> Self {
        match self {
            Self::Graph {
                code, retry_after, ..
            } => Self::Graph {
                status,
                code,
                retry_after,
            },
            Self::Http { retry_after, .. } => Self::Http {
                status,
                retry_after,
            },
            other => other,
        }
    }
}

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Every header, `Authorization` redacted to `Bearer [redacted]`.
    pub headers: Vec<(String, String)>,
    /// Whether the bearer token was the configured one.
    pub authorized: bool,
    /// The parsed JSON body, when there was one.
    pub body: Option<serde_json::Value>,
    /// `to` of a send.
    pub recipient: Option<String>,
    /// `type` of a send (`text`, `interactive`, `template`); `None` for mark-read and media.
    pub message_type: Option<String>,
    /// What the fake answered; `None` when it dropped the connection or the client went away.
    pub status: Option<u16>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) struct State {
    pub token: String,
    pub phone_number_id: String,
    pub api_version: String,
    pub base_url: String,
    pub templates: HashMap<String, usize>,
    pub window_closed: HashSet<String>,
    pub script: VecDeque<FakeFailure>,
    pub recipient_scripts: HashMap<String, VecDeque<FakeFailure>>,
    pub media: HashMap<String, FakeMedia>,
    pub requests: Vec<RecordedRequest>,
    pub sent: u64,
    pub traces: u64,
    /// Inboxes a caller waits on, by recipient (see [`FakeWhatsApp::inbox`]).
    pub inboxes: HashMap<String, Arc<Inbox>>,
}

/// Counts the messages one recipient was sent, for a caller that waits for a reply (the load
/// test's clients answer each question when it arrives, as a person would).
#[derive(Debug, Default)]
pub struct Inbox {
    received: std::sync::atomic::AtomicU64,
    arrived: tokio::sync::Notify,
}

impl Inbox {
    /// Messages accepted for this recipient since the inbox was opened.
    pub fn received(&self) -> u64 {
        self.received.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Waits until more than `seen` messages have been accepted for this recipient.
    pub async fn wait_beyond(&self, seen: u64) {
        while self.received() <= seen {
            self.arrived.notified().await;
        }
    }

    pub(crate) fn delivered(&self) {
        self.received
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        // `notify_one` keeps a permit when nobody waits yet, so an arrival is never missed.
        self.arrived.notify_one();
    }
}

pub(crate) type Shared = Arc<Mutex<State>>;

pub(crate) fn lock(state: &Shared) -> MutexGuard<'_, State> {
    crate::http_fake::lock_state(state)
}

/// The running fake; stops serving when dropped.
pub struct FakeWhatsApp {
    addr: SocketAddr,
    state: Shared,
    _server: crate::http_fake::ServerTask,
}

impl FakeWhatsApp {
    /// Starts on an ephemeral port with the default token, number id, version and templates.
    pub async fn start() -> Self {
        let (listener, addr) = crate::http_fake::bind_local("WhatsApp").await;
        let state = Arc::new(Mutex::new(State {
            token: FAKE_ACCESS_TOKEN.to_owned(),
            phone_number_id: FAKE_PHONE_NUMBER_ID.to_owned(),
            api_version: FAKE_API_VERSION.to_owned(),
            base_url: format!("http://{addr}"),
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(name, count)| ((*name).to_owned(), *count))
                .collect(),
            window_closed: HashSet::new(),
            script: VecDeque::new(),
            recipient_scripts: HashMap::new(),
            media: HashMap::new(),
            requests: Vec::new(),
            sent: 0,
            traces: 0,
            inboxes: HashMap::new(),
        }));
        let server = crate::http_fake::ServerTask::spawn(server::serve(listener, state.clone()));
        Self {
            addr,
            state,
            _server: server,
        }
    }

    /// `WHATSAPP_API_BASE_URL` for the client under test (no trailing slash, no version).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn access_token(&self) -> String {
        lock(&self.state).token.clone()
    }

    pub fn phone_number_id(&self) -> String {
        lock(&self.state).phone_number_id.clone()
    }

    pub fn api_version(&self) -> String {
        lock(&self.state).api_version.clone()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// Successful sends only (the ones that got a `wamid.FAKE.<n>`), in order.
    pub fn sent_messages(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.message_type.is_some() && r.status == Some(200))
            .collect()
    }

    /// An inbox counting the messages `phone` is sent from now on (the same one for the same phone).
    pub fn inbox(&self, phone: &str) -> Arc<Inbox> {
        lock(&self.state)
            .inboxes
            .entry(phone.to_owned())
            .or_default()
            .clone()
    }

    /// Stops counting for `phone`.
    pub fn close_inbox(&self, phone: &str) {
        lock(&self.state).inboxes.remove(phone);
    }

    /// The next `n` requests, of any kind, answer with `failure`.
    pub fn fail_next(&self, n: usize, failure: FakeFailure) {
        lock(&self.state)
            .script
            .extend(std::iter::repeat_n(failure, n));
    }

    /// The next `n` sends to `phone` answer with `failure` (before any global script).
    pub fn fail_next_for(&self, phone: &str, n: usize, failure: FakeFailure) {
        lock(&self.state)
            .recipient_scripts
            .entry(phone.to_owned())
            .or_default()
            .extend(std::iter::repeat_n(failure, n));
    }

    /// Free-form sends to `phone` answer 131047; templates are still accepted.
    pub fn close_window_for(&self, phone: &str) {
        lock(&self.state).window_closed.insert(phone.to_owned());
    }

    pub fn open_window_for(&self, phone: &str) {
        lock(&self.state).window_closed.remove(phone);
    }

    /// Approves (or re-registers) a template with its body parameter count.
    pub fn approve_template(&self, name: &str, body_parameters: usize) {
        lock(&self.state)
            .templates
            .insert(name.to_owned(), body_parameters);
    }

    pub fn add_media(&self, media: FakeMedia) {
        lock(&self.state).media.insert(media.id.clone(), media);
    }
}
