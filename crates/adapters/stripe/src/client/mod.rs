//! The Stripe API client (integrations.md §3.1–§3.3): one shared `reqwest::Client`, no retries (the
//! job queue retries with the same idempotency key), every failure classified into a
//! [`ProviderError`].
//!
//! Requests go over our own reqwest client rather than async-stripe's hyper client: in rc.10 that
//! client discards response headers (no `Retry-After`, `Stripe-Should-Retry` or `Request-Id`, all
//! required by §1.1/§3.3), loses the status of a non-JSON error body, has no connect timeout and
//! disables connection reuse. The pinned crates still supply the API version and the typed expire
//! request.

mod call;
mod classify;
mod params;

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use inkdesk_domain::ports::CheckoutSession;
use inkdesk_domain::provider::{Completion, ProviderError};
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use stripe_checkout::checkout_session::ExpireCheckoutSession;
use stripe_client_core::{StripeMethod, StripeRequest};

use call::{Call, Rejected};
use params::SessionSettings;

pub use params::{
    CheckoutParams, PRODUCT_NAME, checkout_idempotency_key, expire_idempotency_key,
    product_description,
};

pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";
pub const DEFAULT_LOCALE: &str = "en-GB";
const FORM: &str = "application/x-www-form-urlencoded";

/// The `Stripe-Version` every request sends: the one compiled into the pinned async-stripe release
/// (the webhook endpoint must be configured with the same one).
pub fn api_version() -> &'static str {
    stripe_client_core::VERSION.as_str()
}

/// How long a call may take (integrations.md §1.1: 5 s connect, 20 s in total).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(20),
        }
    }
}

/// Where and as whom the client talks to Stripe, and the session settings that come from config.
#[derive(Clone)]
pub struct StripeConfig {
    /// `STRIPE_API_BASE_URL`; tests point it at the fake.
    pub base_url: String,
    /// `STRIPE_SECRET_KEY`.
    pub secret_key: String,
    /// `STRIPE_SUCCESS_URL` (or its `PUBLIC_BASE_URL` default, resolved by the caller).
    pub success_url: String,
    /// `STRIPE_CANCEL_URL` (or its default).
    pub cancel_url: String,
    /// `STRIPE_PAYMENT_METHOD_TYPES`; empty omits the parameter.
    pub payment_method_types: Vec<String>,
    /// Checkout's locale, from the studio locale.
    pub locale: String,
    pub timeouts: Timeouts,
}

impl StripeConfig {
    /// Production base URL, `card` only, `en-GB`, the spec's timeouts.
    pub fn new(
        secret_key: impl Into<String>,
        success_url: impl Into<String>,
        cancel_url: impl Into<String>,
    ) -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            secret_key: secret_key.into(),
            success_url: success_url.into(),
            cancel_url: cancel_url.into(),
            payment_method_types: vec!["card".to_owned()],
            locale: DEFAULT_LOCALE.to_owned(),
            timeouts: Timeouts::default(),
        }
    }
}

impl fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeConfig")
            .field("base_url", &self.base_url)
            .field("secret_key", &"[redacted]")
            .field("success_url", &self.success_url)
            .field("cancel_url", &self.cancel_url)
            .field("payment_method_types", &self.payment_method_types)
            .field("locale", &self.locale)
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

/// The client could not be built from its configuration.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("STRIPE_API_BASE_URL is not an http(s) URL")]
    BaseUrl,
    #[error("STRIPE_SECRET_KEY is empty or not a valid header value")]
    SecretKey,
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("STRIPE_PAYMENT_METHOD_TYPES entries must be lower-case snake_case names")]
    PaymentMethodType,
    #[error("the HTTP client could not be built: {0}")]
    Http(#[from] reqwest::Error),
}

/// The Stripe client. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    /// `<base>/v1/`
    v1: Url,
    bearer: HeaderValue,
    settings: SessionSettings,
}

impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeClient")
            .field("v1", &self.v1.as_str())
            .finish_non_exhaustive()
    }
}

impl StripeClient {
    /// Needs the process-wide rustls provider (ring) installed first, as `main` does.
    pub fn new(config: StripeConfig) -> Result<Self, ClientError> {
        let mut v1 = Url::parse(&config.base_url).map_err(|_| ClientError::BaseUrl)?;
        if !matches!(v1.scheme(), "http" | "https") || v1.cannot_be_a_base() {
            return Err(ClientError::BaseUrl);
        }
        v1.path_segments_mut()
            .map_err(|()| ClientError::BaseUrl)?
            .pop_if_empty()
            .push("v1")
            .push("");
        let mut bearer = HeaderValue::from_str(&format!("Bearer {}", config.secret_key))
            .map_err(|_| ClientError::SecretKey)?;
        if config.secret_key.trim().is_empty() {
            return Err(ClientError::SecretKey);
        }
        bearer.set_sensitive(true);
        for (name, value) in [
            ("STRIPE_SUCCESS_URL", &config.success_url),
            ("STRIPE_CANCEL_URL", &config.cancel_url),
            ("the Checkout locale", &config.locale),
        ] {
            if value.trim().is_empty() {
                return Err(ClientError::Empty(name));
            }
        }
        let method_name =
            |m: &String| !m.is_empty() && m.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if !config.payment_method_types.iter().all(method_name) {
            return Err(ClientError::PaymentMethodType);
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("inkdesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(config.timeouts.connect)
            .timeout(config.timeouts.total)
            .build()?;
        Ok(Self {
            http,
            v1,
            bearer,
            settings: SessionSettings {
                success_url: config.success_url,
                cancel_url: config.cancel_url,
                payment_method_types: config.payment_method_types,
                locale: config.locale,
            },
        })
    }

    /// `POST /v1/checkout/sessions` with every §3.1 parameter and
    /// `Idempotency-Key: inkdesk-checkout-<payment_id>`. The returned `expires_at` is Stripe's; the
    /// caller checks it equals the requested one (the session exists either way, so it is returned
    /// rather than turned into an error that would orphan it).
    pub async fn create_checkout_session(
        &self,
        params: &CheckoutParams,
    ) -> Result<CheckoutSession, ProviderError> {
        let call = Call {
            operation: "create_checkout",
            payment_id: params.payment_id,
        };
        let form = match params::checkout_form(&self.settings, params) {
            Ok(form) => form,
            Err(error) => return Err(fail(&call, call.rejected_locally(error, None))),
        };
        let request = self
            .post(&["checkout", "sessions"])
            .header(
                "idempotency-key",
                checkout_idempotency_key(params.payment_id),
            )
            .body(params::encode(&form));
        let reply = call.send(request).await.map_err(|r| fail(&call, r))?;
        match created_session(&reply.body) {
            Some(session) => {
                call.log_success(&reply, &session.session_id);
                Ok(session)
            }
            // Stripe created something we cannot read; the same key would replay the same answer.
            None => Err(fail(
                &call,
                reply.into_rejected(ProviderError::permanent("unreadable_response")),
            )),
        }
    }

    /// `POST /v1/checkout/sessions/{id}/expire` with `Idempotency-Key: inkdesk-expire-<payment_id>`.
    /// A session that is no longer open (completed or expired) or unknown to Stripe is `AlreadyDone`.
    pub async fn expire_checkout_session(
        &self,
        session_id: &str,
        payment_id: i64,
    ) -> Result<Completion, ProviderError> {
        let call = Call {
            operation: "expire_checkout",
            payment_id,
        };
        if !is_session_id(session_id) {
            let error = ProviderError::permanent("invalid_session_id");
            return Err(fail(&call, call.rejected_locally(error, None)));
        }
        let typed = ExpireCheckoutSession::new(session_id).build();
        debug_assert!(matches!(typed.method, StripeMethod::Post));
        let segments: Vec<&str> = typed.path.split('/').filter(|s| !s.is_empty()).collect();
        let request = self
            .post(&segments)
            .header("idempotency-key", expire_idempotency_key(payment_id))
            .body(typed.body.unwrap_or_default());
        match call.send(request).await {
            Ok(reply) => {
                call.log_success(&reply, session_id);
                Ok(Completion::Done)
            }
            Err(rejected) if is_already_done(&rejected) => {
                call.log_already_done(&rejected, session_id);
                Ok(Completion::AlreadyDone)
            }
            Err(rejected) => Err(fail(&call, rejected)),
        }
    }

    fn post(&self, segments: &[&str]) -> reqwest::RequestBuilder {
        let mut url = self.v1.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // Each segment is percent-encoded, so an id can never add path components.
            path.pop_if_empty().extend(segments);
        }
        self.http
            .post(url)
            .header(AUTHORIZATION, self.bearer.clone())
            .header("stripe-version", api_version())
            .header(CONTENT_TYPE, FORM)
    }
}

fn fail(call: &Call, rejected: Rejected) -> ProviderError {
    call.log_failure(&rejected);
    rejected.error
}

/// 404 `resource_missing`, or 400 "only open sessions can be expired". A 404 without that code (a
/// misrouted base URL answering "Unrecognized request URL") stays a permanent failure rather than
/// silently counting as done.
fn is_already_done(rejected: &Rejected) -> bool {
    match rejected.status {
        Some(404) => rejected.api.code.as_deref() == Some("resource_missing"),
        Some(status) => rejected.api.is_not_open(status),
        None => false,
    }
}

/// `cs_test_…` / `cs_live_…`: ASCII letters, digits and underscores only.
fn is_session_id(id: &str) -> bool {
    id.len() > 3
        && id.len() <= 255
        && id.starts_with("cs_")
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `id`, `url` and `expires_at` of a created session; `None` when any is missing or unusable.
fn created_session(body: &[u8]) -> Option<CheckoutSession> {
    #[derive(serde::Deserialize)]
    struct Created {
        id: String,
        url: Option<String>,
        expires_at: i64,
    }
    let created: Created = serde_json::from_slice(body).ok()?;
    let url = created.url.filter(|u| !u.is_empty())?;
    if !is_session_id(&created.id) {
        return None;
    }
    let expires_at: DateTime<Utc> = DateTime::from_timestamp(created.expires_at, 0)?;
    Some(CheckoutSession {
        session_id: created.id,
        url,
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_is_the_pinned_release() {
        assert_eq!(api_version(), "2026-09-30.endive");
    }

    #[test]
    fn session_ids_are_plain_tokens() {
        assert!(is_session_id("cs_test_fake_1"));
        assert!(is_session_id(
            "cs_test_a1Kx9Pq2Lm3Nb4Vc5Xz6Wy7Ut8Sr9Qp0On1Mk2Jl3Ih4Gf5Ed6"
        ));
        for bad in [
            "",
            "cs_",
            "pi_1",
            "cs_1/../../v1/refunds",
            "cs_1?x=1",
            "cs_é",
        ] {
            assert!(!is_session_id(bad), "{bad}");
        }
    }

    #[test]
    fn created_session_needs_id_url_and_expiry() {
        let ok = br#"{"id": "cs_test_1", "url": "https://checkout.stripe.com/c/pay/cs_test_1",
                      "expires_at": 1806141892, "status": "open"}"#;
        let session = created_session(ok).unwrap();
        assert_eq!(session.session_id, "cs_test_1");
        assert_eq!(session.expires_at.timestamp(), 1_806_141_892);
        for bad in [
            &br#"{"id": "cs_test_1", "url": null, "expires_at": 1806141892}"#[..],
            br#"{"id": "cs_test_1", "url": "u"}"#,
            br#"{"id": "x/y", "url": "u", "expires_at": 1}"#,
            br#"{"id": "cs_test_1", "url": "u", "expires_at": 9223372036854775807}"#,
            b"<html>",
        ] {
            assert!(created_session(bad).is_none());
        }
    }
}
