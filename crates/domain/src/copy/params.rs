//! The placeholders a catalogue text may use, and the longest value each can carry.
//!
//! Startup validation renders every variant with values of these lengths, so a text that fits
//! here fits WhatsApp whatever the lead holds. The bounds follow the producers: studio-rules
//! strings, formatter outputs, the longest question, WhatsApp's own limits.

/// A placeholder name and the longest value (in characters) it is rendered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub max_chars: usize,
}

macro_rules! params {
    ($($name:ident = $id:literal, $max:expr;)*) => {
        $(pub const $name: &str = $id;)*
        /// Every placeholder name known to the catalogue.
        pub const ALL: &[ParamSpec] = &[$(ParamSpec { name: $id, max_chars: $max }),*];
    };
}

params! {
    // Studio rules.
    ARTIST_NAME = "artist_name", 60;
    HOME_CITY = "home_city", 60;
    // Conversation.
    QUESTION = "question", 600;
    PROMPT = "prompt", 1500;
    SIZE = "size", 30;
    CITY = "city", 60;
    REQUESTED_CITY = "requested_city", 60;
    BUDGET = "budget", 40;
    MINIMUM = "minimum", 20;
    CATEGORY_LABEL = "category_label", 40;
    OPTIONS = "options", 300;
    COUNT = "count", 2;
    REMAINING = "remaining", 2;
    LEAD_REF = "lead_ref", 21;
    // Booking.
    SLOT_LINES = "slot_lines", 450;
    SLOT_LABEL = "slot_label", 60;
    TIME_LABEL = "time_label", 20;
    EXPIRES_LABEL = "expires_label", 60;
    AMOUNT = "amount", 20;
    URL = "url", 1000;
    DATES = "dates", 30;
    TIME_RANGE = "time_range", 40;
    DURATION = "duration", 20;
    // Verbatim artist text (admin API accepts 1–4096 characters).
    TEXT = "text", 4096;
    // Artist notifications (split into parts when long, consultation.md §24 rule 8).
    CLIENT = "client", 160;
    SUMMARY = "summary", 4000;
    LINKS = "links", 1500;
    ADMIN_URL = "admin_url", 300;
    REASON = "reason", 200;
    RECENT_MESSAGES = "recent_messages", 600;
    STRIKES = "strikes", 200;
    MESSAGES = "messages", 4000;
    WINDOWS = "windows", 600;
    PROBLEM = "problem", 300;
    STAGE = "stage", 60;
    PENDING_COUNT = "pending_count", 6;
    NEEDS_REPLY_COUNT = "needs_reply_count", 6;
}

pub fn spec(name: &str) -> Option<ParamSpec> {
    ALL.iter().copied().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_identifiers() {
        for (i, p) in ALL.iter().enumerate() {
            assert!(
                p.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
            assert!(p.max_chars > 0);
            assert!(
                ALL[i + 1..].iter().all(|q| q.name != p.name),
                "{} twice",
                p.name
            );
        }
        assert_eq!(spec("amount").map(|p| p.max_chars), Some(20));
        assert_eq!(spec("nope"), None);
    }
}
