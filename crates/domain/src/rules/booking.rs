//! `[booking]`: session lengths and the knobs of slot generation, offers and holds.

use serde::Deserialize;

use super::problems::Problems;
use crate::model::SizeCategory;

/// Longest session the studio can book, in minutes (12 hours).
const MAX_DURATION_MINUTES: u32 = 720;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookingRules {
    pub duration_minutes: SessionMinutes,
    pub default_duration_minutes: u32,
    pub buffer_minutes: u32,
    pub minimum_notice_hours: u32,
    pub lookahead_days: u32,
    pub slot_count: u32,
    pub slot_step_minutes: u32,
    pub max_slots_per_day: u32,
    pub block_all_day_events: bool,
    pub hold_release_grace_seconds: u32,
    pub offer_valid_hours: u32,
    pub pick_min_lead_hours: u32,
    pub auto_reoffer_after_expiry: u32,
    pub async_payment_hold_hours: u32,
    pub booked_lead_live_days_without_time: u32,
    /// Prefix of Google Calendar event ids, which allow only base32hex characters.
    pub event_id_prefix: String,
}

impl Default for BookingRules {
    fn default() -> Self {
        Self {
            duration_minutes: SessionMinutes::default(),
            default_duration_minutes: 180,
            buffer_minutes: 30,
            minimum_notice_hours: 24,
            lookahead_days: 21,
            slot_count: 8,
            slot_step_minutes: 60,
            max_slots_per_day: 2,
            block_all_day_events: true,
            hold_release_grace_seconds: 120,
            offer_valid_hours: 48,
            pick_min_lead_hours: 2,
            auto_reoffer_after_expiry: 1,
            async_payment_hold_hours: 72,
            booked_lead_live_days_without_time: 60,
            event_id_prefix: "ink".to_owned(),
        }
    }
}

/// Session length per size category; keys left out of the TOML keep their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionMinutes {
    #[serde(rename = "SMALL")]
    pub small: u32,
    #[serde(rename = "MEDIUM")]
    pub medium: u32,
    #[serde(rename = "LARGE")]
    pub large: u32,
    #[serde(rename = "XL")]
    pub xl: u32,
}

impl Default for SessionMinutes {
    fn default() -> Self {
        Self {
            small: 120,
            medium: 180,
            large: 240,
            xl: 360,
        }
    }
}

impl SessionMinutes {
    pub fn for_category(&self, category: SizeCategory) -> u32 {
        match category {
            SizeCategory::Small => self.small,
            SizeCategory::Medium => self.medium,
            SizeCategory::Large => self.large,
            SizeCategory::Xl => self.xl,
        }
    }
}

impl BookingRules {
    /// Session length for a lead: its category's duration, or the default when it has no estimate.
    pub fn session_minutes(&self, category: Option<SizeCategory>) -> u32 {
        category.map_or(self.default_duration_minutes, |c| {
            self.duration_minutes.for_category(c)
        })
    }

    pub(super) fn check(&self, problems: &mut Problems) {
        for category in SizeCategory::ALL {
            let key = format!("booking.duration_minutes.{}", category.as_str());
            let minutes = self.duration_minutes.for_category(category);
            problems.within(key, minutes, 1, MAX_DURATION_MINUTES);
        }
        problems.within(
            "booking.default_duration_minutes",
            self.default_duration_minutes,
            1,
            MAX_DURATION_MINUTES,
        );
        problems.within("booking.slot_count", self.slot_count, 1, 10);
        problems.positive_count("booking.slot_step_minutes", self.slot_step_minutes);
        problems.positive_count("booking.max_slots_per_day", self.max_slots_per_day);
        problems.positive_count("booking.lookahead_days", self.lookahead_days);
        if !is_event_id_prefix(&self.event_id_prefix) {
            problems.push(
                "booking.event_id_prefix",
                "must be 1 to 20 characters from a-v and 0-9 (base32hex)",
            );
        }
    }
}

/// `^[a-v0-9]{1,20}$`.
fn is_event_id_prefix(prefix: &str) -> bool {
    (1..=20).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_id_prefix_is_base32hex() {
        for good in ["ink", "a", "v0", "abcdefghij0123456789"] {
            assert!(is_event_id_prefix(good), "{good:?} should be accepted");
        }
        for bad in ["", "inkw", "INK", "ink-", "abcdefghij0123456789a", "ïnk"] {
            assert!(!is_event_id_prefix(bad), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn session_minutes_fall_back_to_the_default_without_a_category() {
        let booking = BookingRules::default();
        assert_eq!(booking.session_minutes(Some(SizeCategory::Xl)), 360);
        assert_eq!(booking.session_minutes(None), 180);
    }
}
