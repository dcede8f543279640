//! Which offered slot a client picked (consultation.md §25.4, booking.md §3.5).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::scan::tokenize;
use super::slot_reading::Reading;
use super::text::{keyword_form_of_normalised, normalise, phrase_match};

/// One slot of an offer. Slots are numbered from 1 in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferedSlot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The lead's current open offer, as the parser needs it.
#[derive(Debug, Clone, Copy)]
pub struct SlotOffer<'a> {
    /// `slot_offers.id`, the `<offer_id>` of list-reply ids `slot:<offer_id>:<n>`.
    pub offer_id: i64,
    pub slots: &'a [OfferedSlot],
    /// Days and times in messages are read in this zone (the offer's, default the studio's).
    pub zone: Tz,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotMatch {
    ListReply,
    Number,
    Option,
    Hash,
    List,
    Ordinal,
    Daypart,
    Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotRejection {
    NoMessage,
    StaleOffer,
    NoneSuit,
    MultipleNumbers,
    MultipleDays,
    MultipleTimes,
    OutOfRange,
    NoMatch,
    NoTimeMatch,
    NoIntent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotChoice {
    /// `index` is 1-based.
    Chosen {
        index: usize,
        matched_by: SlotMatch,
    },
    Rejected(SlotRejection),
}

impl SlotMatch {
    /// The `matched_by` value of `slot.parse_success` and the metrics label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ListReply => "list_reply",
            Self::Number => "number",
            Self::Option => "option",
            Self::Hash => "hash",
            Self::List => "list",
            Self::Ordinal => "ordinal",
            Self::Daypart => "daypart",
            Self::Time => "time",
        }
    }
}

impl SlotRejection {
    /// The `reason` of `slot.parse_reject_ambiguous` and the metrics label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoMessage => "no_message",
            Self::StaleOffer => "stale_offer",
            Self::NoneSuit => "none_suit",
            Self::MultipleNumbers => "multiple_numbers",
            Self::MultipleDays => "multiple_days",
            Self::MultipleTimes => "multiple_times",
            Self::OutOfRange => "out_of_range",
            Self::NoMatch => "no_match",
            Self::NoTimeMatch => "no_time_match",
            Self::NoIntent => "no_intent",
        }
    }
}

const NONE_SUIT: &[&str] = &[
    "NONE",
    "NONE OF THESE",
    "NONE OF THEM",
    "NONE WORK",
    "NOTHING WORKS",
    "NEITHER",
    "NO GOOD",
    "CAN'T DO ANY",
    "CANT DO ANY",
    "OTHER TIMES",
    "DIFFERENT TIME",
    "DIFFERENT TIMES",
    "ANOTHER TIME",
];

/// Interprets a reply to a slot offer. A list-reply id, when present, decides alone.
pub fn parse_slot_choice(
    message: Option<&str>,
    reply_id: Option<&str>,
    offer: &SlotOffer<'_>,
) -> SlotChoice {
    if let Some(id) = reply_id {
        return from_reply_id(id, offer);
    }
    let normal = normalise(message.unwrap_or_default());
    if normal.is_empty() {
        return SlotChoice::Rejected(SlotRejection::NoMessage);
    }
    let k = keyword_form_of_normalised(&normal);
    if NONE_SUIT.iter().any(|phrase| phrase_match(&k, phrase)) {
        return SlotChoice::Rejected(SlotRejection::NoneSuit);
    }
    let lower = normal.to_lowercase();
    let tokens = tokenize(&lower);
    Reading::new(&tokens, offer).choice()
}

fn from_reply_id(id: &str, offer: &SlotOffer<'_>) -> SlotChoice {
    let parsed = id
        .strip_prefix("slot:")
        .and_then(|rest| rest.split_once(':'));
    let Some((offer_id, n)) =
        parsed.and_then(|(o, n)| Some((o.parse::<i64>().ok()?, n.parse::<usize>().ok()?)))
    else {
        return SlotChoice::Rejected(SlotRejection::StaleOffer);
    };
    if offer_id != offer.offer_id {
        return SlotChoice::Rejected(SlotRejection::StaleOffer);
    }
    choose(n, offer.slots.len(), SlotMatch::ListReply)
}

pub(super) fn choose(n: usize, max: usize, matched_by: SlotMatch) -> SlotChoice {
    if (1..=max).contains(&n) {
        SlotChoice::Chosen {
            index: n,
            matched_by,
        }
    } else {
        SlotChoice::Rejected(SlotRejection::OutOfRange)
    }
}

#[cfg(test)]
#[path = "slot_choice_tests.rs"]
mod tests;
