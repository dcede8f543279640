//! How an external provider call failed, in the classes every adapter returns (integrations.md §1.2).
//! The job queue turns the class into an outcome: back off and retry, switch to a template, dead-letter
//! now, or count an idempotent replay as success.

use std::fmt;
use std::time::Duration;

/// A failed call to WhatsApp, Stripe or Google, classified for the job queue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// Timeouts, connection errors, 5xx, 429 and throttling codes: retry after at least `after`.
    #[error("temporary provider failure ({code}); retry{}", RetryAfter(*.after))]
    Retryable {
        code: String,
        after: Option<Duration>,
    },
    /// WhatsApp 131047: outside the 24-hour window; the gateway switches to a template.
    #[error("the 24-hour messaging window is closed")]
    WindowClosed,
    /// Invalid request, unknown template, not found, bad parameters: dead-letter now.
    #[error("permanent provider failure ({code})")]
    Permanent { code: String },
    /// Expired or invalid credentials, blocked account: dead-letter now and alert.
    #[error("provider rejected our credentials ({code})")]
    AuthBroken { code: String },
}

impl ProviderError {
    pub fn retryable(code: impl Into<String>, after: Option<Duration>) -> Self {
        Self::Retryable {
            code: code.into(),
            after,
        }
    }

    pub fn permanent(code: impl Into<String>) -> Self {
        Self::Permanent { code: code.into() }
    }

    pub fn auth_broken(code: impl Into<String>) -> Self {
        Self::AuthBroken { code: code.into() }
    }

    /// The error class name used in `jobs.last_error_class` and metrics.
    pub fn class(&self) -> &'static str {
        match self {
            Self::Retryable { .. } => "retryable",
            Self::WindowClosed => "window_closed",
            Self::Permanent { .. } => "permanent",
            Self::AuthBroken { .. } => "auth_broken",
        }
    }

    /// The provider's own error code, for `job.dead_lettered` events.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Retryable { code, .. } | Self::Permanent { code } | Self::AuthBroken { code } => {
                Some(code)
            }
            Self::WindowClosed => Some("131047"),
        }
    }
}

struct RetryAfter(Option<Duration>);

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(after) => write!(f, " after {}s", after.as_secs()),
            None => Ok(()),
        }
    }
}

/// What a provider call achieved when it did not fail: done now, or already done by an earlier
/// attempt (Calendar 409 for our own event id, 404 on delete, expiring a session that is not open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    Done,
    AlreadyDone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_codes_name_the_failure() {
        let e = ProviderError::retryable("429", Some(Duration::from_secs(30)));
        assert_eq!(e.class(), "retryable");
        assert_eq!(
            e.to_string(),
            "temporary provider failure (429); retry after 30s"
        );
        assert_eq!(ProviderError::WindowClosed.code(), Some("131047"));
        assert_eq!(ProviderError::auth_broken("190").class(), "auth_broken");
    }
}
