//! Why one item of a webhook delivery could not be used. Reasons are fixed words (plus a sanitised
//! message type) so they can go into the `whatsapp.malformed_message` warning without leaking content.

use std::fmt;

/// What is wrong with one message or status object; the item is skipped and counted as ignored
/// (http-api.md §3.2 step 6), never answered with a 4xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MalformedReason {
    MissingId,
    MissingTimestamp,
    /// Not Unix seconds, negative, or out of range.
    BadTimestamp,
    /// `from` is missing or not 8–15 digits.
    BadSender,
    MissingType,
    /// A status object without its `status`.
    MissingStatus,
    /// A recognised `type` whose body is absent.
    MissingBody {
        message_type: String,
    },
    /// The object does not have the documented shape (a field of the wrong JSON type).
    Unreadable,
}

impl fmt::Display for MalformedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingId => f.write_str("missing_id"),
            Self::MissingTimestamp => f.write_str("missing_timestamp"),
            Self::BadTimestamp => f.write_str("bad_timestamp"),
            Self::BadSender => f.write_str("bad_sender"),
            Self::MissingType => f.write_str("missing_type"),
            Self::MissingStatus => f.write_str("missing_status"),
            Self::MissingBody { message_type } => write!(f, "missing_body:{message_type}"),
            Self::Unreadable => f.write_str("unreadable"),
        }
    }
}

/// A provider-chosen word (message type, field name) reduced to something safe to log: at most 40
/// characters of `[A-Za-z0-9_.-]`, else `invalid`.
pub(crate) fn loggable_token(raw: &str) -> String {
    let safe = !raw.is_empty()
        && raw.len() <= 40
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if safe {
        raw.to_owned()
    } else {
        "invalid".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_plain_words_only() {
        assert_eq!(loggable_token("request_welcome"), "request_welcome");
        assert_eq!(
            loggable_token("interactive.nfm_reply"),
            "interactive.nfm_reply"
        );
        assert_eq!(loggable_token("447700900123 says hi"), "invalid");
        assert_eq!(loggable_token(""), "invalid");
        assert_eq!(loggable_token(&"a".repeat(41)), "invalid");
    }

    #[test]
    fn reasons_display_as_codes() {
        let reason = MalformedReason::MissingBody {
            message_type: "image".into(),
        };
        assert_eq!(reason.to_string(), "missing_body:image");
        assert_eq!(MalformedReason::BadSender.to_string(), "bad_sender");
    }
}
