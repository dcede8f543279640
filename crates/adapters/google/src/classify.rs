//! Turns a failed Sheets or Calendar call into the domain's error class (integrations.md §1.2, §4.4):
//! by HTTP status, refined by the `errors[].reason` / `domain` of Google's error envelope, with
//! `Retry-After` folded into `after`.

use std::time::{Duration, SystemTime};

use inkdesk_domain::provider::ProviderError;
use serde::Deserialize;

use crate::auth::safe_code;

/// A hostile or buggy `Retry-After` must not park a job for ever.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Throttling reasons Google sends with 403 (and sometimes 429).
const RATE_LIMIT_REASONS: [&str; 4] = [
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "quotaExceeded",
    "RATE_LIMIT_EXCEEDED",
];

/// `{"error": {"code": 403, "status": "PERMISSION_DENIED", "errors": [{"domain": "…", "reason": "…"}]}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GoogleError {
    pub reasons: Vec<(String, String)>,
    pub status: Option<String>,
}

impl GoogleError {
    /// An empty error when the body is not Google's envelope (an HTML page, an empty 502, …).
    pub(crate) fn parse(body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            #[serde(default)]
            status: Option<String>,
            #[serde(default)]
            errors: Vec<Item>,
        }
        #[derive(Deserialize)]
        struct Item {
            #[serde(default)]
            domain: String,
            #[serde(default)]
            reason: String,
        }
        let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
            return Self::default();
        };
        Self {
            reasons: envelope
                .error
                .errors
                .into_iter()
                .map(|item| (item.domain, item.reason))
                .collect(),
            status: envelope.error.status,
        }
    }

    fn first_reason(&self) -> Option<&str> {
        self.reasons
            .iter()
            .map(|(_, reason)| reason.as_str())
            .find(|r| !r.is_empty())
    }

    fn throttled(&self) -> bool {
        self.reasons.iter().any(|(domain, reason)| {
            domain == "usageLimits" || RATE_LIMIT_REASONS.contains(&reason.as_str())
        }) || self.status.as_deref() == Some("RESOURCE_EXHAUSTED")
    }
}

/// The class of a non-2xx answer. 401 arrives here only after the one retry with a fresh token.
pub(crate) fn classify(status: u16, error: &GoogleError, after: Option<Duration>) -> ProviderError {
    let code = error
        .first_reason()
        .and_then(safe_code)
        .map_or_else(|| format!("http_{status}"), |r| format!("{status}_{r}"));
    match status {
        401 => ProviderError::auth_broken(code),
        429 => ProviderError::retryable(code, after),
        403 if error.throttled() => ProviderError::retryable(code, after),
        408 | 500..=599 => ProviderError::retryable(code, after),
        _ => ProviderError::permanent(code),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn error(domain: &str, reason: &str) -> GoogleError {
        GoogleError::parse(
            serde_json::json!({"error": {"code": 403, "message": "m",
                "errors": [{"domain": domain, "reason": reason, "message": "m"}]}})
            .to_string()
            .as_bytes(),
        )
    }

    #[test]
    fn statuses_and_reasons_follow_the_spec() {
        let none = GoogleError::default();
        let after = Some(Duration::from_secs(7));
        assert_eq!(
            classify(401, &none, None),
            ProviderError::auth_broken("http_401")
        );
        assert_eq!(
            classify(429, &none, after),
            ProviderError::retryable("http_429", after)
        );
        assert_eq!(
            classify(403, &error("usageLimits", "rateLimitExceeded"), None),
            ProviderError::retryable("403_rateLimitExceeded", None)
        );
        assert_eq!(
            classify(403, &error("global", "userRateLimitExceeded"), None),
            ProviderError::retryable("403_userRateLimitExceeded", None)
        );
        assert_eq!(
            classify(403, &error("usageLimits", "dailyLimitExceeded"), None),
            ProviderError::retryable("403_dailyLimitExceeded", None)
        );
        assert_eq!(
            classify(403, &error("global", "forbidden"), None),
            ProviderError::permanent("403_forbidden")
        );
        assert_eq!(
            classify(404, &error("global", "notFound"), None),
            ProviderError::permanent("404_notFound")
        );
        assert_eq!(
            classify(400, &none, None),
            ProviderError::permanent("http_400")
        );
        assert_eq!(
            classify(503, &none, None),
            ProviderError::retryable("http_503", None)
        );
        assert_eq!(
            classify(408, &none, None),
            ProviderError::retryable("http_408", None)
        );
    }

    #[test]
    fn a_hostile_reason_is_not_copied_into_the_code() {
        let e = error("global", "<script>alert(1)</script>");
        assert_eq!(
            classify(400, &e, None),
            ProviderError::permanent("http_400")
        );
        assert_eq!(GoogleError::parse(b"<html>"), GoogleError::default());
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_is_capped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(retry_after(Some("30"), now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after(Some("999999999"), now), Some(MAX_RETRY_AFTER));
        assert_eq!(
            retry_after(Some("Sun, 09 Sep 2001 01:48:20 GMT"), now),
            Some(Duration::from_secs(100))
        );
        assert_eq!(retry_after(Some("soon"), now), None);
        assert_eq!(retry_after(None, now), None);
    }
}
