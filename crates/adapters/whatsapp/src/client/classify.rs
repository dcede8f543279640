//! Turns a failed Graph API call into the domain's error class (integrations.md §2.3, §2.5): by
//! `error.code` when the body has one, by HTTP status only when it does not, with `Retry-After` and the
//! per-code minimum delays folded into `after`.

use std::time::{Duration, SystemTime};

use inkdesk_domain::provider::ProviderError;
use serde::Deserialize;

/// The Graph API's error envelope: `{"error": {"code": 131047, "fbtrace_id": "…", …}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GraphError {
    pub code: Option<i64>,
    pub fbtrace_id: Option<String>,
}

impl GraphError {
    /// `None` when the body is not a Graph error (an HTML error page, an empty 502, …).
    pub(crate) fn parse(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Envelope {
            error: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            #[serde(default)]
            code: Option<i64>,
            #[serde(default)]
            fbtrace_id: Option<String>,
        }
        let envelope: Envelope = serde_json::from_slice(body).ok()?;
        Some(Self {
            code: envelope.error.code,
            fbtrace_id: envelope.error.fbtrace_id,
        })
    }
}

/// Messaging calls (send, mark-read) and media calls (metadata, download) follow different rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    Messaging,
    Media,
}

const WINDOW_CLOSED: i64 = 131_047;
/// Token expired or invalid, missing permission, policy block.
const AUTH_BROKEN: [i64; 5] = [190, 0, 10, 200, 368];
/// Codes that are permanent whatever HTTP status carries them.
const PERMANENT: [i64; 12] = [
    131_026, 131_048, 131_008, 131_009, 100, 131_051, 132_000, 132_001, 132_005, 132_007, 132_012,
    133_010,
];
/// Repeated media failures can get the endpoint blocked for the number: never sooner than this.
const MEDIA_MIN_DELAY: Duration = Duration::from_secs(120);
/// A hostile or buggy `Retry-After` must not park a job for ever.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

pub(crate) fn classify(
    kind: CallKind,
    status: u16,
    graph_code: Option<i64>,
    retry_after: Option<Duration>,
) -> ProviderError {
    let code = graph_code.map_or_else(|| format!("http_{status}"), |c| c.to_string());
    let auth_broken = graph_code.map_or(status == 401, |c| AUTH_BROKEN.contains(&c));
    if auth_broken {
        return ProviderError::auth_broken(code);
    }
    if kind == CallKind::Media {
        // 404 (and 131052 with it) means the media id expired: asking again will not bring it back.
        return if status == 404 {
            ProviderError::permanent(code)
        } else {
            ProviderError::retryable(code, at_least(retry_after, MEDIA_MIN_DELAY))
        };
    }
    let transient_status = status == 408 || status == 429 || status >= 500;
    match graph_code {
        Some(WINDOW_CLOSED) => ProviderError::WindowClosed,
        Some(130_429) => ProviderError::retryable(code, at_least(retry_after, secs(30))),
        Some(131_056) => ProviderError::retryable(code, at_least(retry_after, secs(6))),
        Some(4 | 80_007) => ProviderError::retryable(code, at_least(retry_after, secs(60))),
        Some(131_000 | 131_052 | 131_053) => ProviderError::retryable(code, retry_after),
        Some(c) if PERMANENT.contains(&c) => ProviderError::permanent(code),
        _ if transient_status => ProviderError::retryable(code, retry_after),
        _ => ProviderError::permanent(code),
    }
}

/// A timeout or connection failure: retry, after the media floor for media calls.
pub(crate) fn transport_failure(kind: CallKind, code: &str) -> ProviderError {
    let after = match kind {
        CallKind::Messaging => None,
        CallKind::Media => Some(MEDIA_MIN_DELAY),
    };
    ProviderError::retryable(code, after)
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

fn at_least(retry_after: Option<Duration>, floor: Duration) -> Option<Duration> {
    Some(retry_after.map_or(floor, |after| after.max(floor)))
}

fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messaging(status: u16, code: Option<i64>, retry_after: Option<u64>) -> ProviderError {
        classify(
            CallKind::Messaging,
            status,
            code,
            retry_after.map(Duration::from_secs),
        )
    }

    fn retryable(code: &str, after: Option<u64>) -> ProviderError {
        ProviderError::retryable(code, after.map(Duration::from_secs))
    }

    #[test]
    fn messaging_codes_follow_the_spec_table() {
        assert_eq!(
            messaging(400, Some(131_047), None),
            ProviderError::WindowClosed
        );
        assert_eq!(
            messaging(400, Some(130_429), None),
            retryable("130429", Some(30))
        );
        assert_eq!(
            messaging(429, Some(130_429), Some(90)),
            retryable("130429", Some(90))
        );
        assert_eq!(
            messaging(400, Some(130_429), Some(5)),
            retryable("130429", Some(30))
        );
        assert_eq!(
            messaging(400, Some(131_056), None),
            retryable("131056", Some(6))
        );
        assert_eq!(messaging(400, Some(4), None), retryable("4", Some(60)));
        assert_eq!(
            messaging(400, Some(80_007), None),
            retryable("80007", Some(60))
        );
        assert_eq!(
            messaging(500, Some(131_000), None),
            retryable("131000", None)
        );
        assert_eq!(
            messaging(400, Some(131_052), None),
            retryable("131052", None)
        );
        assert_eq!(
            messaging(400, Some(131_053), Some(7)),
            retryable("131053", Some(7))
        );
        for code in [
            131_026, 131_048, 131_008, 131_009, 100, 131_051, 132_000, 132_001, 132_005, 132_007,
            132_012, 133_010,
        ] {
            assert_eq!(
                messaging(400, Some(code), None),
                ProviderError::permanent(code.to_string())
            );
            assert_eq!(
                messaging(500, Some(code), None),
                ProviderError::permanent(code.to_string())
            );
        }
        for code in [190, 0, 10, 200, 368] {
            assert_eq!(
                messaging(400, Some(code), None),
                ProviderError::auth_broken(code.to_string())
            );
        }
    }

    #[test]
    fn unknown_codes_fall_back_to_the_status() {
        assert_eq!(
            messaging(400, Some(99_999), None),
            ProviderError::permanent("99999")
        );
        assert_eq!(
            messaging(403, Some(99_999), Some(10)),
            ProviderError::permanent("99999")
        );
        assert_eq!(messaging(503, Some(2), Some(10)), retryable("2", Some(10)));
    }

    #[test]
    fn status_decides_only_without_a_graph_body() {
        assert_eq!(messaging(500, None, None), retryable("http_500", None));
        assert_eq!(
            messaging(502, None, Some(3)),
            retryable("http_502", Some(3))
        );
        assert_eq!(
            messaging(429, None, Some(17)),
            retryable("http_429", Some(17))
        );
        assert_eq!(messaging(408, None, None), retryable("http_408", None));
        assert_eq!(
            messaging(401, None, None),
            ProviderError::auth_broken("http_401")
        );
        assert_eq!(
            messaging(404, None, None),
            ProviderError::permanent("http_404")
        );
        assert_eq!(
            messaging(400, None, None),
            ProviderError::permanent("http_400")
        );
    }

    #[test]
    fn media_failures_are_permanent_on_404_else_slow_retries() {
        let media = |status, code, after: Option<u64>| {
            classify(
                CallKind::Media,
                status,
                code,
                after.map(Duration::from_secs),
            )
        };
        assert_eq!(
            media(404, Some(131_052), None),
            ProviderError::permanent("131052")
        );
        assert_eq!(media(404, None, None), ProviderError::permanent("http_404"));
        assert_eq!(
            media(400, Some(131_052), None),
            retryable("131052", Some(120))
        );
        assert_eq!(
            media(500, None, Some(600)),
            retryable("http_500", Some(600))
        );
        assert_eq!(
            media(429, Some(130_429), Some(1)),
            retryable("130429", Some(120))
        );
        assert_eq!(
            media(401, Some(190), None),
            ProviderError::auth_broken("190")
        );
        assert_eq!(
            transport_failure(CallKind::Media, "timeout"),
            retryable("timeout", Some(120))
        );
        assert_eq!(
            transport_failure(CallKind::Messaging, "timeout"),
            retryable("timeout", None)
        );
    }

    #[test]
    fn graph_error_bodies() {
        let body = br#"{"error": {"message": "(#131047) Re-engagement message", "type": "OAuthException", "code": 131047,
            "error_data": {"messaging_product": "whatsapp", "details": "..."}, "fbtrace_id": "AbCdEf123"}}"#;
        assert_eq!(
            GraphError::parse(body),
            Some(GraphError {
                code: Some(131_047),
                fbtrace_id: Some("AbCdEf123".into())
            })
        );
        assert_eq!(GraphError::parse(b"<html>Bad Gateway</html>"), None);
        assert_eq!(GraphError::parse(b""), None);
        assert_eq!(GraphError::parse(br#"{"error": "nope"}"#), None);
        assert_eq!(
            GraphError::parse(br#"{"error": {"message": "x"}}"#),
            Some(GraphError::default())
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after(Some("120"), now), Some(secs(120)));
        assert_eq!(retry_after(Some(" 7 "), now), Some(secs(7)));
        assert_eq!(
            retry_after(Some("Sun, 06 Nov 1994 08:50:37 GMT"), now),
            Some(secs(60))
        );
        assert_eq!(
            retry_after(Some("Sun, 06 Nov 1994 08:48:37 GMT"), now),
            None
        );
        assert_eq!(retry_after(Some("soon"), now), None);
        assert_eq!(retry_after(Some("-5"), now), None);
        assert_eq!(retry_after(None, now), None);
        assert_eq!(retry_after(Some("99999999999"), now), Some(MAX_RETRY_AFTER));
    }
}
