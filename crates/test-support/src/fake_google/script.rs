//! What tests script and inspect: which API a request went to, scripted failures, and the record of
//! every request.

use std::time::Duration;

use serde_json::Value;

/// The three Google endpoints the fake serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FakeApi {
    /// `POST /token` (the OAuth token endpoint).
    Token,
    /// `/calendar/v3/…`
    Calendar,
    /// `/v4/spreadsheets/…`
    Sheets,
}

/// A scripted answer that replaces (or, for `Delay`, precedes) the normal one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FakeFailure {
    /// Google's API error envelope with one `errors[]` item.
    Google {
        status: u16,
        reason: String,
        domain: String,
        retry_after: Option<u64>,
    },
    /// The token endpoint's OAuth error: `{"error": "<error>", "error_description": "…"}`.
    OAuth { status: u16, error: String },
    /// A status with a body that is not JSON (a proxy's error page).
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
    pub fn http(status: u16) -> Self {
        Self::Http {
            status,
            retry_after: None,
        }
    }

    /// A Google API error, domain `global`.
    pub fn google(status: u16, reason: &str) -> Self {
        Self::Google {
            status,
            reason: reason.to_owned(),
            domain: "global".to_owned(),
            retry_after: None,
        }
    }

    /// 403 `rateLimitExceeded` in domain `usageLimits`, as Calendar throttles.
    pub fn rate_limited() -> Self {
        Self::Google {
            status: 403,
            reason: "rateLimitExceeded".to_owned(),
            domain: "usageLimits".to_owned(),
            retry_after: None,
        }
    }

    /// 400 `invalid_grant` from the token endpoint (clock skew, deleted key).
    pub fn invalid_grant() -> Self {
        Self::OAuth {
            status: 400,
            error: "invalid_grant".to_owned(),
        }
    }

    /// Adds `Retry-After: <seconds>` to a `Google` or `Http` failure.
    pub fn with_retry_after(self, seconds: u64) -> Self {
        match self {
            Self::Google {
                status,
                reason,
                domain,
                ..
            } => Self::Google {
                status,
                reason,
                domain,
                retry_after: Some(seconds),
            },
            Self::Http { status, .. } => Self::Http {
                status,
                retry_after: Some(seconds),
            },
            other => other,
        }
    }
}

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// `None` for a path outside the three APIs.
    pub api: Option<FakeApi>,
    pub method: String,
    /// As sent, still percent-encoded (`/v4/spreadsheets/…/values/Leads%21A%3AA`).
    pub path: String,
    /// The raw query string.
    pub query: Option<String>,
    /// Every header, `Authorization` redacted to `Bearer [redacted]`.
    pub headers: Vec<(String, String)>,
    /// Whether the bearer token was one the fake issued, unexpired, with the API's scope.
    pub authorized: bool,
    /// The parsed JSON body; for the token endpoint the decoded assertion
    /// (`{"grant_type", "header", "claims"}`), never the signed assertion itself.
    pub body: Option<Value>,
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

    /// A query parameter, percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        super::wire::form_pairs(self.query.as_deref()?)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}
