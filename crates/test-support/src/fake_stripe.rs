//! An in-process fake of the Stripe API (integrations.md §3.6) on `127.0.0.1:0`. It speaks the real
//! wire format (form-encoded requests with nested keys, Stripe error bodies), authenticates with the
//! secret key (Bearer or Basic), validates what Stripe validates for a deposit session, honours
//! idempotency keys, expires sessions, records every request (`Authorization` redacted), plays
//! scripted failures, and builds and delivers signed webhook events against its own clock.
//!
//! ```no_run
//! # async fn demo() {
//! use inkdesk_test_support::fake_stripe::{FakeFailure, FakeStripe, Signing};
//! let fake = FakeStripe::start().await;
//! fake.fail_next(2, FakeFailure::server_error(500));
//! // point the client at fake.base_url() with fake.secret_key(), create a session, then:
//! let event = fake.complete("cs_test_fake_1", "paid");
//! fake.deliver("http://127.0.0.1:8080/webhooks/stripe", &event, Signing::Valid).await;
//! # }
//! ```

mod auth;
mod checkout;
mod events;
mod form;
mod idempotency;
mod server;
pub mod webhook;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use events::{AsyncOutcome, FakeEvent, event_json};
pub use webhook::{SIGNATURE_HEADER, Signing, post_webhook, sign_stripe, signature_header};

/// Defaults; the webhook secret is the spec's test-vector secret.
pub const FAKE_SECRET_KEY: &str = "sk_test_fake_inkdesk";
pub const FAKE_WEBHOOK_SECRET: &str = "whsec_test_inkdesk";

/// A scripted answer that replaces (or, for `Delay`, precedes) the normal one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FakeFailure {
    /// A Stripe error body `{"error": {"type", "code"?, "message"}}`.
    Stripe {
        status: u16,
        error_type: String,
        code: Option<String>,
        retry_after: Option<u64>,
        should_retry: Option<bool>,
    },
    /// A status with a body that is not a Stripe error (a proxy's error page).
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
    pub fn stripe(status: u16, error_type: &str, code: Option<&str>) -> Self {
        Self::Stripe {
            status,
            error_type: error_type.to_owned(),
            code: code.map(str::to_owned),
            retry_after: None,
            should_retry: None,
        }
    }

    /// 5xx `api_error`.
    pub fn server_error(status: u16) -> Self {
        Self::stripe(status, "api_error", None)
    }

    /// 429 `rate_limit_error` with `Retry-After: <seconds>`.
    pub fn rate_limited(retry_after: u64) -> Self {
        Self::stripe(429, "rate_limit_error", Some("rate_limit")).with_retry_after(retry_after)
    }

    pub fn http(status: u16) -> Self {
        Self::Http {
            status,
            retry_after: None,
        }
    }

    /// Adds `Retry-After: <seconds>` to a `Stripe` or `Http` failure.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        if let Self::Stripe { retry_after, .. } | Self::Http { retry_after, .. } = &mut self {
            *retry_after = Some(seconds);
        }
        self
    }

    /// Adds `Stripe-Should-Retry` to a `Stripe` failure.
    pub fn with_should_retry(mut self, value: bool) -> Self {
        if let Self::Stripe { should_retry, .. } = &mut self {
            *should_retry = Some(value);
        }
        self
    }
}

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Every header, `Authorization` redacted to `[redacted]`.
    pub headers: Vec<(String, String)>,
    /// Whether the credentials were the configured secret key.
    pub authorized: bool,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// The form body as decoded pairs, in order.
    pub form: Vec<(String, String)>,
    /// The form body with nested keys expanded (`line_items[0][quantity]` → `line_items[0].quantity`).
    pub params: serde_json::Value,
    /// What the fake answered; `None` when it dropped the connection or the client went away.
    pub status: Option<u16>,
    /// Answered from the idempotency store.
    pub replayed: bool,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded value of one flat form key, e.g. `metadata[lead_id]`.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn idempotency_key(&self) -> Option<&str> {
        self.header("idempotency-key")
    }
}

/// A Checkout Session held by the fake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeSession {
    pub id: String,
    pub created: i64,
    pub expires_at: i64,
    pub amount_total: i64,
    pub currency: String,
    pub client_reference_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub payment_intent_metadata: BTreeMap<String, String>,
    pub payment_method_types: Vec<String>,
    pub success_url: String,
    pub cancel_url: Option<String>,
    pub locale: Option<String>,
    /// `open`, `complete` or `expired`.
    pub status: String,
    /// `unpaid`, `paid` or `no_payment_required`.
    pub payment_status: String,
    pub payment_intent: Option<String>,
}

pub(crate) struct State {
    pub secret_key: String,
    pub webhook_secret: String,
    pub base_url: String,
    /// `None`: the system clock.
    pub fixed_now: Option<i64>,
    pub sessions: Vec<FakeSession>,
    pub idempotency: HashMap<String, idempotency::StoredReply>,
    pub script: VecDeque<FakeFailure>,
    pub requests: Vec<RecordedRequest>,
    /// Charge id and cumulative refunded amount per payment intent.
    pub charges: HashMap<String, (String, i64)>,
    pub counter: u64,
}

impl State {
    pub fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(system_now)
    }

    /// The next number for a generated id (`cs_test_fake_<n>`, `evt_test_fake_<n>`, …).
    pub fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    pub fn session_mut(&mut self, id: &str) -> Option<&mut FakeSession> {
        self.sessions.iter_mut().find(|s| s.id == id)
    }

    /// Stripe expires open sessions on its own once `expires_at` has passed.
    pub fn expire_overdue(&mut self) {
        let now = self.now();
        for session in &mut self.sessions {
            if session.status == "open" && session.expires_at <= now {
                session.status = "expired".to_owned();
            }
        }
    }
}

pub(crate) type Shared = Arc<Mutex<State>>;

pub(crate) fn lock(state: &Shared) -> MutexGuard<'_, State> {
    crate::http_fake::lock_state(state)
}

fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The running fake; stops serving when dropped.
pub struct FakeStripe {
    addr: SocketAddr,
    pub(crate) state: Shared,
    _server: crate::http_fake::ServerTask,
}

impl FakeStripe {
    /// Starts on an ephemeral port with the default keys, on the system clock.
    pub async fn start() -> Self {
        let (listener, addr) = crate::http_fake::bind_local("Stripe").await;
        let state = Arc::new(Mutex::new(State {
            secret_key: FAKE_SECRET_KEY.to_owned(),
            webhook_secret: FAKE_WEBHOOK_SECRET.to_owned(),
            base_url: format!("http://{addr}"),
            fixed_now: None,
            sessions: Vec::new(),
            idempotency: HashMap::new(),
            script: VecDeque::new(),
            requests: Vec::new(),
            charges: HashMap::new(),
            counter: 0,
        }));
        let server = crate::http_fake::ServerTask::spawn(server::serve(listener, state.clone()));
        Self {
            addr,
            state,
            _server: server,
        }
    }

    /// `STRIPE_API_BASE_URL` for the client under test (no trailing slash, no `/v1`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn secret_key(&self) -> String {
        lock(&self.state).secret_key.clone()
    }

    pub fn webhook_secret(&self) -> String {
        lock(&self.state).webhook_secret.clone()
    }

    pub fn set_webhook_secret(&self, secret: &str) {
        lock(&self.state).webhook_secret = secret.to_owned();
    }

    /// The fake's clock in Unix seconds: validation of `expires_at`, signatures, event `created`.
    pub fn now(&self) -> i64 {
        lock(&self.state).now()
    }

    /// Pins the clock.
    pub fn set_now(&self, unix: i64) {
        lock(&self.state).fixed_now = Some(unix);
    }

    /// Pins the clock `by` later than it reads now.
    pub fn advance(&self, by: Duration) {
        let mut state = lock(&self.state);
        let now = state.now();
        state.fixed_now = Some(now.saturating_add(i64::try_from(by.as_secs()).unwrap_or(i64::MAX)));
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// Every session, in creation order, with overdue ones expired.
    pub fn sessions(&self) -> Vec<FakeSession> {
        let mut state = lock(&self.state);
        state.expire_overdue();
        state.sessions.clone()
    }

    pub fn session(&self, id: &str) -> Option<FakeSession> {
        self.sessions().into_iter().find(|s| s.id == id)
    }

    /// The next `n` API requests answer with `failure`.
    pub fn fail_next(&self, n: usize, failure: FakeFailure) {
        lock(&self.state)
            .script
            .extend(std::iter::repeat_n(failure, n));
    }
}
