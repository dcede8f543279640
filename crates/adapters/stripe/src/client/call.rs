//! One Stripe round trip: send, read a bounded body, classify a failure, and log the outcome with
//! provider, operation, payment id, status, duration, error code and `Request-Id` — never bodies,
//! keys or Checkout URLs.

use std::time::{Instant, SystemTime};

use inkdesk_domain::provider::ProviderError;
use reqwest::{RequestBuilder, Response};

use super::classify::{ApiError, classify, retry_after, should_retry};

/// Stripe answers are a few kilobytes; anything larger is not an answer we can use.
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// A logged, classified call. `operation` is a fixed name (`create_checkout`, `expire_checkout`).
pub(crate) struct Call {
    pub operation: &'static str,
    pub payment_id: i64,
}

/// A 2xx answer, body read.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    request_id: Option<String>,
    /// `Idempotent-Replayed: true`: Stripe answered from its idempotency store.
    replayed: bool,
    started: Instant,
}

/// A non-2xx answer or no answer at all, classified but not yet logged (expire turns some of them
/// into success).
pub(crate) struct Rejected {
    /// `None` for timeouts and connection failures.
    pub status: Option<u16>,
    pub api: ApiError,
    pub error: ProviderError,
    request_id: Option<String>,
    started: Instant,
}

impl Call {
    pub(crate) async fn send(&self, request: RequestBuilder) -> Result<Reply, Rejected> {
        let started = Instant::now();
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return Err(transport_failed(&error, started)),
        };
        let status = response.status().as_u16();
        let request_id = header(&response, "request-id").and_then(request_id);
        if response.status().is_success() {
            let replayed = header(&response, "idempotent-replayed") == Some("true");
            return match read_capped(response).await {
                Some(body) => Ok(Reply {
                    status,
                    body,
                    request_id,
                    replayed,
                    started,
                }),
                // Stripe answered 2xx but the body was lost or oversized; asking again with the same
                // idempotency key returns the stored answer, so this is worth a retry.
                None => Err(Rejected {
                    status: Some(status),
                    api: ApiError::default(),
                    error: ProviderError::retryable("unreadable_response", None),
                    request_id,
                    started,
                }),
            };
        }
        let after = retry_after(header(&response, "retry-after"), SystemTime::now());
        let retry = should_retry(header(&response, "stripe-should-retry"));
        // A failure body that cannot be read is classified by status alone.
        let api = read_capped(response)
            .await
            .map(|body| ApiError::parse(&body))
            .unwrap_or_default();
        let error = classify(status, &api, retry, after);
        Err(Rejected {
            status: Some(status),
            api,
            error,
            request_id,
            started,
        })
    }

    pub(crate) fn log_success(&self, reply: &Reply, session_id: &str) {
        tracing::info!(
            provider = "stripe",
            operation = self.operation,
            payment_id = self.payment_id,
            session_id,
            status = reply.status,
            duration_ms = elapsed_ms(reply.started),
            request_id = reply.request_id.as_deref(),
            idempotent_replayed = reply.replayed,
            "stripe call succeeded"
        );
    }

    /// A rejection that counts as success (expiring a session that is no longer open).
    pub(crate) fn log_already_done(&self, rejected: &Rejected, session_id: &str) {
        tracing::info!(
            provider = "stripe",
            operation = self.operation,
            payment_id = self.payment_id,
            session_id,
            status = rejected.status,
            duration_ms = elapsed_ms(rejected.started),
            error_type = rejected.api.error_type.as_deref(),
            error_code = rejected.api.code.as_deref(),
            request_id = rejected.request_id.as_deref(),
            "stripe call already done"
        );
    }

    pub(crate) fn log_failure(&self, rejected: &Rejected) {
        tracing::warn!(
            provider = "stripe",
            operation = self.operation,
            payment_id = self.payment_id,
            status = rejected.status,
            duration_ms = elapsed_ms(rejected.started),
            error_class = rejected.error.class(),
            error_type = rejected.api.error_type.as_deref(),
            error_code = rejected.error.code(),
            error_param = rejected.api.param.as_deref(),
            request_id = rejected.request_id.as_deref(),
            "stripe call failed"
        );
    }

    /// A failure found before or after the round trip (bad input, unusable answer).
    pub(crate) fn rejected_locally(&self, error: ProviderError, status: Option<u16>) -> Rejected {
        Rejected {
            status,
            api: ApiError::default(),
            error,
            request_id: None,
            started: Instant::now(),
        }
    }
}

impl Reply {
    /// The same reply turned into a failure (a 2xx whose body lacks what we need).
    pub(crate) fn into_rejected(self, error: ProviderError) -> Rejected {
        Rejected {
            status: Some(self.status),
            api: ApiError::default(),
            error,
            request_id: self.request_id,
            started: self.started,
        }
    }
}

/// Timeouts and connection failures are retried with the same idempotency key, which makes a
/// request that did reach Stripe harmless to send again.
fn transport_failed(error: &reqwest::Error, started: Instant) -> Rejected {
    let code = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connection"
    } else {
        "transport"
    };
    Rejected {
        status: None,
        api: ApiError::default(),
        error: ProviderError::retryable(code, None),
        request_id: None,
        started,
    }
}

/// The whole body, or `None` when it is larger than the cap or could not be read.
async fn read_capped(mut response: Response) -> Option<Vec<u8>> {
    if response
        .content_length()
        .is_some_and(|len| len > MAX_RESPONSE_BYTES as u64)
    {
        return None;
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body)
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name)?.to_str().ok()
}

/// `req_…` is a short token; anything else is not worth (or safe for) a log field.
fn request_id(value: &str) -> Option<String> {
    let token = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    token.then(|| value.to_owned())
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
