//! How an offer reads (booking.md §3.4): the intro chosen by why the offer is made, the numbered
//! lines that make the text answerable on its own, and the rows of the interactive list. Each slot
//! is labelled in the offer's zone with the abbreviation in force at its own time, so one offer
//! can mix `GMT` and `BST`.

use chrono_tz::Tz;

use crate::consultation::{OfferCause, Text};
use crate::copy::params::{AMOUNT, DURATION, SLOT_LINES, TIME_RANGE};
use crate::copy::{
    MessageId, format_money, format_session_length, slot_label, slot_row_title, time_range_label,
};
use crate::model::Money;
use crate::slots::Slot;

/// The intro text of an offer, by cause.
pub fn offer_intro(cause: OfferCause) -> MessageId {
    match cause {
        OfferCause::Refresh => MessageId::SLOT_OFFER_REFRESH,
        OfferCause::HoldExpired => MessageId::HOLD_EXPIRED_REOFFER,
        OfferCause::PaidNeedsSlot => MessageId::PAYMENT_RECEIVED_NEEDS_SLOT,
        OfferCause::Approved | OfferCause::Resumed | OfferCause::Reoffer | OfferCause::Artist => {
            MessageId::SLOT_OFFER
        }
    }
}

/// `1. Mon 29 Mar, 10:00–13:00 BST`, one line per slot, numbered as stored.
pub fn slot_lines(slots: &[Slot], zone: Tz) -> String {
    slots
        .iter()
        .map(|slot| format!("{}. {}", slot.index, slot_label(slot.start, slot.end, zone)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The offer's body: intro and numbered lines. `paid` is the deposit the paid-variant intro names.
pub fn offer_body(cause: OfferCause, slots: &[Slot], zone: Tz, paid: Option<Money>) -> Text {
    let id = offer_intro(cause);
    let mut body = Text::new(id).with(SLOT_LINES, slot_lines(slots, zone));
    if id == MessageId::PAYMENT_RECEIVED_NEEDS_SLOT {
        body = body.with(AMOUNT, paid.map(format_money).unwrap_or_default());
    }
    body
}

/// One row of the interactive list: `id = slot:<offer_id>:<n>`, `title = Mon 29 Mar 10:00`
/// (≤ 24 characters), description `10:00–13:00 BST · 3 hours` (a catalogue text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotListRow {
    pub id: String,
    pub title: String,
    pub description: Text,
}

/// The list rows of an offer stored as `offer_id`.
pub fn slot_list_rows(
    offer_id: i64,
    slots: &[Slot],
    zone: Tz,
    duration_minutes: u32,
) -> Vec<SlotListRow> {
    let duration = format_session_length(duration_minutes);
    slots
        .iter()
        .map(|slot| SlotListRow {
            id: format!("slot:{offer_id}:{}", slot.index),
            title: slot_row_title(slot.start, zone),
            description: Text::new(MessageId::UI_SLOTS_ROW_DESCRIPTION)
                .with(TIME_RANGE, time_range_label(slot.start, slot.end, zone))
                .with(DURATION, duration.as_str()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use chrono_tz::Europe::London;

    use super::*;
    use crate::consultation::Param;

    fn utc(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap()
    }

    fn example_a_slots() -> Vec<Slot> {
        vec![
            Slot {
                index: 1,
                start: utc(26, 15),
                end: utc(26, 18),
            },
            Slot {
                index: 2,
                start: utc(29, 9),
                end: utc(29, 12),
            },
        ]
    }

    #[test]
    fn lines_label_each_slot_with_its_own_zone_abbreviation() {
        assert_eq!(
            slot_lines(&example_a_slots(), London),
            "1. Fri 26 Mar, 15:00–18:00 GMT\n2. Mon 29 Mar, 10:00–13:00 BST"
        );
    }

    #[test]
    fn the_intro_follows_the_cause_and_the_paid_variant_names_the_amount() {
        assert_eq!(offer_intro(OfferCause::Approved), MessageId::SLOT_OFFER);
        assert_eq!(
            offer_intro(OfferCause::Refresh),
            MessageId::SLOT_OFFER_REFRESH
        );
        assert_eq!(
            offer_intro(OfferCause::HoldExpired),
            MessageId::HOLD_EXPIRED_REOFFER
        );
        let body = offer_body(
            OfferCause::PaidNeedsSlot,
            &example_a_slots(),
            London,
            Some(Money::gbp(15_000)),
        );
        assert_eq!(body.id, MessageId::PAYMENT_RECEIVED_NEEDS_SLOT);
        assert_eq!(body.param(AMOUNT), Some(&Param::Plain("£150".to_owned())));
    }

    #[test]
    fn list_rows_carry_the_offer_id_and_fit_whatsapp() {
        let rows = slot_list_rows(7, &example_a_slots(), London, 180);
        assert_eq!(rows[1].id, "slot:7:2");
        assert_eq!(rows[1].title, "Mon 29 Mar 10:00");
        assert!(rows.iter().all(|row| row.title.chars().count() <= 24));
        assert_eq!(
            rows[1].description.param(TIME_RANGE),
            Some(&Param::Plain("10:00–13:00 BST".to_owned()))
        );
        assert_eq!(
            rows[0].description.param(DURATION),
            Some(&Param::Plain("3 hours".to_owned()))
        );
    }
}
