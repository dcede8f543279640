//! A contact: one WhatsApp number for one artist. Owns the sticky opt-out flag and the 24-hour window
//! clock, and outlives its leads (data-and-ops.md §2.2).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::cooldown::{ContactCooldown, Cooldowns};
use super::{ArtistId, ContactId, Phone};

/// Whether the contact may receive automated messages. Sticky: only an exact opt-in phrase clears an
/// opt-out (consultation.md §19) — not a new lead, not an admin action.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Consent {
    opted_out: bool,
    opted_out_at: Option<DateTime<Utc>>,
    opted_in_at: Option<DateTime<Utc>>,
}

impl Consent {
    /// Rebuilds stored consent (persistence only).
    pub fn restore(
        opted_out: bool,
        opted_out_at: Option<DateTime<Utc>>,
        opted_in_at: Option<DateTime<Utc>>,
    ) -> Self {
        Self {
            opted_out,
            opted_out_at,
            opted_in_at,
        }
    }

    pub fn opted_out(&self) -> bool {
        self.opted_out
    }

    pub fn opted_out_at(&self) -> Option<DateTime<Utc>> {
        self.opted_out_at
    }

    pub fn opted_in_at(&self) -> Option<DateTime<Utc>> {
        self.opted_in_at
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub artist_id: ArtistId,
    /// `None` after erasure.
    pub phone: Option<Phone>,
    pub profile_name: Option<String>,
    /// The artist's own number.
    pub is_artist: bool,
    consent: Consent,
    /// WhatsApp timestamp of the newest inbound message: the window clock.
    pub last_inbound_at: Option<DateTime<Utc>>,
    /// Server time at which that message arrived.
    pub last_inbound_received_at: Option<DateTime<Utc>>,
    /// WhatsApp reported the number undeliverable (error 131026).
    pub undeliverable_at: Option<DateTime<Utc>>,
    pub cooldowns: Cooldowns<ContactCooldown>,
    pub erased_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Contact {
    /// WhatsApp's customer-service window lasts 24 hours from the newest inbound message.
    pub const WINDOW: TimeDelta = TimeDelta::hours(24);

    /// A contact seen for the first time; consent is given until they opt out.
    pub fn new(id: ContactId, artist_id: ArtistId, phone: Phone, now: DateTime<Utc>) -> Self {
        Self {
            id,
            artist_id,
            phone: Some(phone),
            profile_name: None,
            is_artist: false,
            consent: Consent::default(),
            last_inbound_at: None,
            last_inbound_received_at: None,
            undeliverable_at: None,
            cooldowns: Cooldowns::default(),
            erased_at: None,
            created_at: now,
        }
    }

    /// Sets stored consent (persistence only).
    pub fn with_consent(mut self, consent: Consent) -> Self {
        self.consent = consent;
        self
    }

    pub fn consent(&self) -> &Consent {
        &self.consent
    }

    pub fn is_opted_out(&self) -> bool {
        self.consent.opted_out
    }

    /// STOP. Returns whether this changed anything (a repeated STOP keeps the first timestamp).
    pub fn opt_out(&mut self, now: DateTime<Utc>) -> bool {
        if self.consent.opted_out {
            return false;
        }
        self.consent.opted_out = true;
        self.consent.opted_out_at = Some(now);
        true
    }

    /// An exact opt-in phrase while opted out. Returns whether this changed anything.
    pub fn opt_in(&mut self, now: DateTime<Utc>) -> bool {
        if !self.consent.opted_out {
            return false;
        }
        self.consent.opted_out = false;
        self.consent.opted_in_at = Some(now);
        true
    }

    /// Moves the window clock to an inbound message's WhatsApp time, unless a newer one was seen.
    pub fn record_inbound(&mut self, wa_timestamp: DateTime<Utc>, received_at: DateTime<Utc>) {
        if self.last_inbound_at.is_none_or(|last| wa_timestamp > last) {
            self.last_inbound_at = Some(wa_timestamp);
            self.last_inbound_received_at = Some(received_at);
        }
    }

    /// When the window closes (shown to the artist as `window_open_until`); `None` if the contact
    /// never wrote.
    pub fn window_closes_at(&self) -> Option<DateTime<Utc>> {
        self.last_inbound_at.map(|last| last + Self::WINDOW)
    }

    /// Free-form messages may be sent: `now < last_inbound_at + 24 h − safety_margin`
    /// (data-and-ops.md §4.5).
    pub fn window_open(&self, now: DateTime<Utc>, safety_margin: TimeDelta) -> bool {
        self.window_closes_at()
            .is_some_and(|closes| now < closes - safety_margin)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, hour, minute, second)
            .unwrap()
    }

    fn contact() -> Contact {
        let phone = Phone::parse("447700900123").unwrap();
        Contact::new(ContactId(17), ArtistId::default(), phone, at(25, 14, 0, 0))
    }

    #[test]
    fn a_contact_who_never_wrote_has_a_closed_window() {
        let contact = contact();
        assert!(!contact.window_open(at(25, 14, 0, 0), TimeDelta::seconds(60)));
        assert_eq!(contact.window_closes_at(), None);
    }

    #[test]
    fn the_window_closes_a_safety_margin_before_24_hours() {
        let mut contact = contact();
        contact.record_inbound(at(25, 14, 31, 7), at(25, 14, 31, 9));
        let margin = TimeDelta::seconds(60);
        assert_eq!(contact.window_closes_at(), Some(at(26, 14, 31, 7)));
        assert!(contact.window_open(at(26, 14, 30, 6), margin));
        assert!(!contact.window_open(at(26, 14, 30, 7), margin));
    }

    #[test]
    fn an_older_inbound_message_does_not_move_the_window_clock_back() {
        let mut contact = contact();
        contact.record_inbound(at(25, 15, 0, 0), at(25, 15, 0, 1));
        contact.record_inbound(at(25, 14, 0, 0), at(25, 15, 0, 2));
        assert_eq!(contact.last_inbound_at, Some(at(25, 15, 0, 0)));
        assert_eq!(contact.last_inbound_received_at, Some(at(25, 15, 0, 1)));
    }

    #[test]
    fn opt_out_is_sticky_until_opt_in() {
        let mut contact = contact();
        assert!(contact.opt_out(at(25, 15, 0, 0)));
        assert!(!contact.opt_out(at(25, 16, 0, 0)));
        assert!(contact.is_opted_out());
        assert_eq!(contact.consent().opted_out_at(), Some(at(25, 15, 0, 0)));
        assert!(contact.opt_in(at(26, 9, 0, 0)));
        assert!(!contact.is_opted_out());
        assert_eq!(contact.consent().opted_in_at(), Some(at(26, 9, 0, 0)));
        assert!(!contact.opt_in(at(26, 10, 0, 0)));
    }

    #[test]
    fn stored_consent_is_restored() {
        let consent = Consent::restore(true, Some(at(20, 9, 0, 0)), None);
        let contact = contact().with_consent(consent);
        assert!(contact.is_opted_out());
    }
}
