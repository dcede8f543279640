//! Turns a failed Stripe call into the domain's error class (integrations.md §3.3): on HTTP status,
//! `error.type` and `Stripe-Should-Retry` when present, with `Retry-After` folded into `after`.

use std::time::{Duration, SystemTime};

use inkdesk_domain::provider::ProviderError;
use serde::Deserialize;

/// A hostile or buggy `Retry-After` must not park a job for ever.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The parts of Stripe's error body that are safe to log and useful to classify:
/// `{"error": {"type": "invalid_request_error", "code": "…", "param": "expires_at", "message": "…"}}`.
/// `message` is dropped: it can echo request values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub error_type: Option<String>,
    pub code: Option<String>,
    pub param: Option<String>,
}

impl ApiError {
    /// Empty when the body is not a Stripe error (a proxy's HTML page, an empty 502, …).
    pub(crate) fn parse(body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            #[serde(default, rename = "type")]
            error_type: Option<String>,
            #[serde(default)]
            code: Option<String>,
            #[serde(default)]
            param: Option<String>,
        }
        let Ok(Envelope { error }) = serde_json::from_slice(body) else {
            return Self::default();
        };
        Self {
            error_type: error.error_type.and_then(token),
            code: error.code.and_then(token),
            param: error.param.and_then(token),
        }
    }

    /// `error.code`, else `error.type`, else `http_<status>`: the code jobs and logs carry.
    pub(crate) fn code_or(&self, status: u16) -> String {
        self.code
            .clone()
            .or_else(|| self.error_type.clone())
            .unwrap_or_else(|| format!("http_{status}"))
    }

    fn is_type(&self, expected: &str) -> bool {
        self.error_type.as_deref() == Some(expected)
    }

    /// Expire answered "this session is not open" (already complete or expired): a
    /// parameter-less `invalid_request_error` on a call that has no parameters of ours.
    pub(crate) fn is_not_open(&self, status: u16) -> bool {
        status == 400 && self.is_type("invalid_request_error") && self.param.is_none()
    }
}

pub(crate) fn classify(
    status: u16,
    api: &ApiError,
    should_retry: Option<bool>,
    retry_after: Option<Duration>,
) -> ProviderError {
    let code = api.code_or(status);
    if status == 401 || status == 403 || api.is_type("authentication_error") {
        return ProviderError::auth_broken(code);
    }
    // The key was reused with other parameters: a bug on our side that retrying cannot fix.
    if api.is_type("idempotency_error") {
        return ProviderError::permanent(code);
    }
    // Stripe's own verdict wins over the status when it gives one.
    let transient =
        should_retry.unwrap_or(status == 408 || status == 409 || status == 429 || status >= 500);
    if transient {
        ProviderError::retryable(code, retry_after)
    } else {
        ProviderError::permanent(code)
    }
}

/// `Retry-After` as delta-seconds or an HTTP date, capped at a day; `None` when absent or unreadable.
pub(crate) fn retry_after(header: Option<&str>, now: SystemTime) -> Option<Duration> {
    let value = header?.trim();
    let delay = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => {
            let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            let at =
                SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(at.timestamp()).ok()?);
            at.duration_since(now).ok()?
        }
    };
    Some(delay.min(MAX_RETRY_AFTER))
}

/// `Stripe-Should-Retry: true|false`; anything else counts as absent.
pub(crate) fn should_retry(header: Option<&str>) -> Option<bool> {
    match header?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Stripe's codes and types are short snake_case tokens; anything else is not worth (or safe for) a
/// log field.
fn token(value: String) -> Option<String> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'[' | b']'));
    ok.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(error_type: &str, code: Option<&str>) -> ApiError {
        ApiError {
            error_type: Some(error_type.to_owned()),
            code: code.map(str::to_owned),
            param: None,
        }
    }

    fn secs(s: u64) -> Option<Duration> {
        Some(Duration::from_secs(s))
    }

    #[test]
    fn statuses_and_types_follow_the_spec_table() {
        let none = ApiError::default();
        assert_eq!(
            classify(
                429,
                &api("rate_limit_error", Some("rate_limit")),
                None,
                secs(7)
            ),
            ProviderError::retryable("rate_limit", secs(7))
        );
        assert_eq!(
            classify(500, &api("api_error", None), None, None),
            ProviderError::retryable("api_error", None)
        );
        assert_eq!(
            classify(502, &none, None, secs(3)),
            ProviderError::retryable("http_502", secs(3))
        );
        for status in [400, 402, 404] {
            assert_eq!(
                classify(status, &api("invalid_request_error", Some("x")), None, None),
                ProviderError::permanent("x")
            );
        }
        assert_eq!(
            classify(401, &api("authentication_error", None), None, None),
            ProviderError::auth_broken("authentication_error")
        );
        assert_eq!(
            classify(403, &none, None, None),
            ProviderError::auth_broken("http_403")
        );
        assert_eq!(
            classify(400, &api("idempotency_error", None), Some(true), None),
            ProviderError::permanent("idempotency_error")
        );
    }

    #[test]
    fn stripe_should_retry_overrides_the_status() {
        assert_eq!(
            classify(
                400,
                &api("invalid_request_error", Some("lock_timeout")),
                Some(true),
                None
            ),
            ProviderError::retryable("lock_timeout", None)
        );
        assert_eq!(
            classify(500, &api("api_error", None), Some(false), None),
            ProviderError::permanent("api_error")
        );
        assert_eq!(
            classify(401, &ApiError::default(), Some(true), None),
            ProviderError::auth_broken("http_401")
        );
    }

    #[test]
    fn error_bodies_keep_only_safe_tokens() {
        let body =
            br#"{"error": {"type": "invalid_request_error", "code": "parameter_invalid_integer",
            "param": "expires_at", "message": "Invalid integer: 12 Acacia Avenue"}}"#;
        let parsed = ApiError::parse(body);
        assert_eq!(parsed.error_type.as_deref(), Some("invalid_request_error"));
        assert_eq!(parsed.code.as_deref(), Some("parameter_invalid_integer"));
        assert_eq!(parsed.param.as_deref(), Some("expires_at"));
        let hostile = br#"{"error": {"type": "a b\nc", "code": "<script>"}}"#;
        assert_eq!(ApiError::parse(hostile), ApiError::default());
        assert_eq!(ApiError::parse(b"<html>502</html>"), ApiError::default());
        assert_eq!(ApiError::parse(b"{\"error\": 5}"), ApiError::default());
    }

    #[test]
    fn not_open_is_a_parameterless_invalid_request() {
        assert!(api("invalid_request_error", None).is_not_open(400));
        let mut with_param = api("invalid_request_error", None);
        with_param.param = Some("expand".into());
        assert!(!with_param.is_not_open(400));
        assert!(!api("idempotency_error", None).is_not_open(400));
        assert!(!api("invalid_request_error", None).is_not_open(402));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_caps_them() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_806_056_504);
        assert_eq!(retry_after(Some("30"), now), secs(30));
        assert_eq!(retry_after(Some(" 5 "), now), secs(5));
        assert_eq!(retry_after(Some("999999999"), now), Some(MAX_RETRY_AFTER));
        assert_eq!(
            retry_after(Some("Fri, 26 Mar 2027 11:21:44 GMT"), now),
            secs(3600)
        );
        assert_eq!(
            retry_after(Some("Thu, 01 Jan 1970 00:00:00 GMT"), now),
            None
        );
        assert_eq!(retry_after(Some("-3"), now), None);
        assert_eq!(retry_after(Some("soon"), now), None);
        assert_eq!(retry_after(None, now), None);
    }

    #[test]
    fn should_retry_header_values() {
        assert_eq!(should_retry(Some("true")), Some(true));
        assert_eq!(should_retry(Some("false")), Some(false));
        assert_eq!(should_retry(Some("maybe")), None);
        assert_eq!(should_retry(None), None);
    }
}
