//! Cooldowns: "at most once per period" for replies and notices (consultation.md §1).

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;

string_enum! {
    /// Per-contact cooldowns (`contacts.cooldowns`).
    pub enum ContactCooldown as "contact cooldown" {
        OptedOutNotice = "opted_out_notice",
        PilotNotice = "pilot_notice",
        PanicResponse = "panic_response",
        UnsupportedMessage = "unsupported_message",
        ArtistInboxStatus = "artist_inbox_status",
    }
}

string_enum! {
    /// Per-lead cooldowns (`leads.cooldowns`).
    pub enum LeadCooldown as "lead cooldown" {
        /// The status acknowledgement of §6.
        StatusAck = "status_ack",
        /// `handover_hold`; entering a handover starts it.
        HandoverHold = "handover_hold",
        /// Coalesced forwarding of client notes to the artist.
        ClientNotesForwarded = "client_notes_forwarded",
    }
}

/// When each keyed action last happened, stored as a JSON object of timestamps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cooldowns<K: Ord>(BTreeMap<K, DateTime<Utc>>);

impl<K: Ord> Default for Cooldowns<K> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<K: Ord + Copy> Cooldowns<K> {
    pub fn last(&self, key: K) -> Option<DateTime<Utc>> {
        self.0.get(&key).copied()
    }

    /// The action may happen: it never did, or `now − last ≥ cooldown` (the boundary is inclusive).
    pub fn is_ready(&self, key: K, cooldown: TimeDelta, now: DateTime<Utc>) -> bool {
        self.last(key).is_none_or(|last| now - last >= cooldown)
    }

    /// If the action may happen, records it as happening now and returns true.
    pub fn try_start(&mut self, key: K, cooldown: TimeDelta, now: DateTime<Utc>) -> bool {
        let ready = self.is_ready(key, cooldown, now);
        if ready {
            self.start(key, now);
        }
        ready
    }

    /// Starts the cooldown unconditionally (an action that ignores the cooldown still restarts it).
    pub fn start(&mut self, key: K, now: DateTime<Utc>) {
        self.0.insert(key, now);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 25, hour, minute, 0).unwrap()
    }

    #[test]
    fn a_cooldown_that_never_started_is_ready() {
        let cooldowns = Cooldowns::<LeadCooldown>::default();
        assert!(cooldowns.is_ready(LeadCooldown::StatusAck, TimeDelta::hours(6), at(9, 0)));
    }

    #[test]
    fn the_boundary_is_inclusive() {
        let mut cooldowns = Cooldowns::default();
        assert!(cooldowns.try_start(LeadCooldown::StatusAck, TimeDelta::hours(6), at(9, 0)));
        assert!(!cooldowns.try_start(LeadCooldown::StatusAck, TimeDelta::hours(6), at(14, 59)));
        assert_eq!(cooldowns.last(LeadCooldown::StatusAck), Some(at(9, 0)));
        assert!(cooldowns.try_start(LeadCooldown::StatusAck, TimeDelta::hours(6), at(15, 0)));
        assert_eq!(cooldowns.last(LeadCooldown::StatusAck), Some(at(15, 0)));
    }

    #[test]
    fn keys_are_independent() {
        let mut cooldowns = Cooldowns::default();
        cooldowns.start(ContactCooldown::PilotNotice, at(9, 0));
        assert!(cooldowns.is_ready(
            ContactCooldown::PanicResponse,
            TimeDelta::hours(6),
            at(9, 1)
        ));
        assert!(!cooldowns.is_ready(ContactCooldown::PilotNotice, TimeDelta::days(7), at(9, 1)));
    }

    #[test]
    fn stored_as_a_json_object_of_timestamps() {
        let mut cooldowns = Cooldowns::default();
        cooldowns.start(LeadCooldown::HandoverHold, at(9, 0));
        let json = serde_json::to_string(&cooldowns).unwrap();
        assert_eq!(json, r#"{"handover_hold":"2027-03-25T09:00:00Z"}"#);
        assert_eq!(
            serde_json::from_str::<Cooldowns<LeadCooldown>>(&json).unwrap(),
            cooldowns
        );
    }
}
