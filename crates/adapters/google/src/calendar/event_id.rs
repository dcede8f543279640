//! Client-chosen event ids (booking.md §3.9): `<event_id_prefix><lead_id>h<hold_id>`, e.g. `ink42h55`.
//! Deterministic per hold so a retried insert meets its own event (409) instead of making a second
//! one. Google allows only base32hex characters (`a`–`v`, `0`–`9`), 5 to 1024 of them.

use std::fmt;

use inkdesk_domain::model::LeadId;

const MIN_LEN: usize = 5;
const MAX_LEN: usize = 1024;
const MAX_PREFIX_LEN: usize = 20;

/// A valid Calendar event id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EventIdError {
    #[error("event_id_prefix must be 1–20 characters of a–v and 0–9")]
    Prefix,
    #[error("lead and hold ids must be positive")]
    NegativeId,
    #[error("an event id is 5–1024 characters of a–v and 0–9")]
    Invalid,
}

impl EventId {
    pub fn for_hold(prefix: &str, lead_id: LeadId, hold_id: i64) -> Result<Self, EventIdError> {
        if prefix.is_empty() || prefix.len() > MAX_PREFIX_LEN || !is_base32hex(prefix) {
            return Err(EventIdError::Prefix);
        }
        if lead_id.0 <= 0 || hold_id <= 0 {
            return Err(EventIdError::NegativeId);
        }
        Self::parse(&format!("{prefix}{}h{hold_id}", lead_id.0))
    }

    /// An id read back from a job payload or the database.
    pub fn parse(id: &str) -> Result<Self, EventIdError> {
        if (MIN_LEN..=MAX_LEN).contains(&id.len()) && is_base32hex(id) {
            Ok(Self(id.to_owned()))
        } else {
            Err(EventIdError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_base32hex(value: &str) -> bool {
    value
        .bytes()
        .all(|b| matches!(b, b'a'..=b'v' | b'0'..=b'9'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn ids_follow_the_spec_example_and_alphabet() {
        let id = EventId::for_hold("ink", LeadId(42), 55).unwrap();
        assert_eq!(id.as_str(), "ink42h55");
        assert_eq!(
            EventId::for_hold("Ink", LeadId(42), 55),
            Err(EventIdError::Prefix)
        );
        assert_eq!(
            EventId::for_hold("inkw", LeadId(42), 55),
            Err(EventIdError::Prefix)
        );
        assert_eq!(
            EventId::for_hold("", LeadId(42), 55),
            Err(EventIdError::Prefix)
        );
        assert_eq!(
            EventId::for_hold(&"a".repeat(21), LeadId(1), 1),
            Err(EventIdError::Prefix)
        );
        assert_eq!(
            EventId::for_hold("ink", LeadId(-1), 55),
            Err(EventIdError::NegativeId)
        );
        assert_eq!(
            EventId::for_hold("a", LeadId(1), 1),
            Err(EventIdError::Invalid)
        );
        assert_eq!(EventId::parse("ink42h55").unwrap().to_string(), "ink42h55");
        assert_eq!(EventId::parse("ink4"), Err(EventIdError::Invalid));
        assert_eq!(EventId::parse("ink42h55/../x"), Err(EventIdError::Invalid));
        assert!(EventId::parse(&"0".repeat(1025)).is_err());
    }
}
