//! Message ids: the exact ASCII keys of the catalogue, which double as outbound message kinds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::SizeCategory;

/// Key of a text in the message catalogue (`q.budget`, `slot_held`, `artist.new_lead`, ...).
///
/// Only the ids listed below exist, so a `MessageId` held in memory always names a catalogue
/// entry; strings from configuration or storage go through [`MessageId::from_str`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(&'static str);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a message id of the catalogue")]
pub struct UnknownMessageId(pub String);

impl MessageId {
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Every id the domain can send, in catalogue order.
    pub fn all() -> impl Iterator<Item = MessageId> {
        [CLIENT_IDS, ARTIST_IDS, UI_IDS]
            .into_iter()
            .flatten()
            .copied()
    }

    /// The question text for a consultation key (`idea` → `q.idea`).
    pub fn question(key: &str) -> Option<MessageId> {
        Self::prefixed("q.", key)
    }

    /// The repair text for a strike field (`dimensions` → `repair.dimensions`).
    pub fn repair(field: &str) -> Option<MessageId> {
        Self::prefixed("repair.", field)
    }

    pub fn is_artist_notification(self) -> bool {
        self.0.starts_with("artist.")
    }

    fn prefixed(prefix: &str, rest: &str) -> Option<MessageId> {
        Self::all().find(|id| id.0.strip_prefix(prefix) == Some(rest))
    }
}

impl FromStr for MessageId {
    type Err = UnknownMessageId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::all()
            .find(|id| id.0 == s)
            .ok_or_else(|| UnknownMessageId(s.to_owned()))
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageId({})", self.0)
    }
}

impl Serialize for MessageId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for MessageId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

/// Declares the id constants and the list that holds them, so an id cannot exist without being
/// listed (and therefore validated at startup).
macro_rules! message_ids {
    ($list:ident: $($name:ident = $id:literal,)*) => {
        impl MessageId {
            $(pub const $name: MessageId = MessageId($id);)*
        }
        const $list: &[MessageId] = &[$(MessageId::$name),*];
    };
}

// consultation.md §24.1, plus three ids the spec's flows need but the table leaves unnamed:
// `enquiry_already_open` (README clarification) and the two "booked, time not yet known" texts.
message_ids! { CLIENT_IDS:
    WELCOME = "welcome",
    WELCOME_WITH_IDEA = "welcome_with_idea",
    ASK_QUESTION = "ask_question",
    Q_IDEA = "q.idea",
    Q_PLACEMENT = "q.placement",
    Q_DIMENSIONS = "q.dimensions",
    Q_STYLE = "q.style",
    Q_COMPLEXITY = "q.complexity",
    Q_COVERUP = "q.coverup",
    Q_REFERENCE_IMAGES = "q.reference_images",
    Q_BUDGET = "q.budget",
    Q_LOCATION_CITY = "q.location_city",
    Q_LOCATION_COUNTRY = "q.location_country",
    Q_INSTAGRAM_HANDLE = "q.instagram_handle",
    Q_TRAVEL_CITY = "q.travel_city",
    Q_TIMING = "q.timing",
    Q_TRAVEL_CITY_WHICH = "q.travel_city_which",
    CONFIRMATION_SUMMARY = "confirmation_summary",
    REPAIR_DIMENSIONS = "repair.dimensions",
    REPAIR_COMPLEXITY = "repair.complexity",
    REPAIR_COVERUP = "repair.coverup",
    REPAIR_BUDGET = "repair.budget",
    REPAIR_LOCATION_CITY = "repair.location_city",
    REPAIR_LOCATION_COUNTRY = "repair.location_country",
    REPAIR_TRAVEL_CITY = "repair.travel_city",
    REPAIR_SLOT = "repair.slot",
    REPAIR_TOUR_CHOICE = "repair.tour_choice",
    REPAIR_TIME_WINDOW = "repair.time_window",
    REPAIR_BUDGET_FOLLOW_UP = "repair.budget_follow_up",
    ONE_AT_A_TIME = "one_at_a_time",
    ATTACHMENT_SAVED = "attachment_saved",
    REFERENCE_SAVED = "reference_saved",
    VOICE_NOTE_SAVED = "voice_note_saved",
    LOCATION_PIN = "location_pin",
    UNSUPPORTED_MESSAGE = "unsupported_message",
    STALE_CHOICE = "stale_choice",
    SCHEDULING_LATER = "scheduling_later",
    PRICE_LATER = "price_later",
    HANDOVER_HUMAN = "handover.human",
    HANDOVER_REFUND = "handover.refund",
    HANDOVER_DATA_REQUEST = "handover.data_request",
    HANDOVER_GENERIC = "handover.generic",
    HANDOVER_QUESTION = "handover.question",
    HANDOVER_COVERUP = "handover.coverup",
    HANDOVER_PARSE_FAILURE = "handover.parse_failure",
    HANDOVER_RESCHEDULE = "handover.reschedule",
    HANDOVER_CANCEL_REQUEST = "handover.cancel_request",
    HANDOVER_HOLD = "handover_hold",
    RESUMED = "resumed",
    WELCOME_BACK = "welcome_back",
    ENQUIRY_ALREADY_OPEN = "enquiry_already_open",
    OPT_OUT_CONFIRMATION = "opt_out_confirmation",
    OPTED_OUT_NOTICE = "opted_out_notice",
    OPT_IN_CONFIRMATION = "opt_in_confirmation",
    PILOT_NOTICE = "pilot_notice",
    PANIC_RESPONSE = "panic_response",
    COMPLETION = "completion",
    BUDGET_BELOW_MINIMUM = "budget_below_minimum",
    BUDGET_FOLLOW_UP_DECLINED = "budget_follow_up_declined",
    TOUR_OFFER = "tour_offer",
    TOUR_ACCEPTED = "tour_accepted",
    TOUR_WAITLISTED = "tour_waitlisted",
    WAITLISTED = "waitlisted",
    PENDING_APPROVAL_ACK = "pending_approval_ack",
    REJECTED = "rejected",
    REJECTED_ACK = "rejected_ack",
    WAITLISTED_ACK = "waitlisted_ack",
    CANCELLED_ACK = "cancelled_ack",
    APPROVED = "approved",
    SLOTS_COMING = "slots_coming",
    SLOT_OFFER = "slot_offer",
    SLOT_OFFER_REFRESH = "slot_offer_refresh",
    SLOT_OFFER_NUDGE = "slot_offer_nudge",
    HOLD_EXPIRED_REOFFER = "hold_expired_reoffer",
    SLOT_HELD = "slot_held",
    DEPOSIT_LINK = "deposit_link",
    DEPOSIT_REMINDER = "deposit_reminder",
    AWAITING_DEPOSIT_ACK = "awaiting_deposit_ack",
    DEPOSIT_EXPIRED = "deposit_expired",
    PAYMENT_RECEIVED_BOOKED = "payment_received_booked",
    PAYMENT_RECEIVED_PENDING = "payment_received_pending",
    PAYMENT_RECEIVED_NEEDS_SLOT = "payment_received_needs_slot",
    PAYMENT_RECEIVED_ACK = "payment_received_ack",
    PAYMENT_PROCESSING = "payment_processing",
    PAYMENT_FAILED = "payment_failed",
    REFUND_CONFIRMATION = "refund_confirmation",
    DEPOSIT_POLICY = "deposit_policy",
    BOOKING_LINK = "booking_link",
    BOOKED_CONFIRMATION = "booked_confirmation",
    BOOKED_CONFIRMATION_WITHOUT_TIME = "booked_confirmation_without_time",
    BOOKING_MOVED = "booking_moved",
    BOOKED_ACK = "booked_ack",
    BOOKED_ACK_WITHOUT_TIME = "booked_ack_without_time",
    BOOKING_PENDING_ACK = "booking_pending_ack",
    CANCELLED_BY_ARTIST = "cancelled_by_artist",
    TIME_WINDOW_REQUEST = "time_window_request",
    TIME_WINDOW_MORE = "time_window_more",
    TIME_WINDOWS_COLLECTED = "time_windows_collected",
    APPOINTMENT_REMINDER_48H = "appointment_reminder_48h",
    APPOINTMENT_REMINDER_2H = "appointment_reminder_2h",
    QUALIFYING_NUDGE = "qualifying_nudge",
    ARTIST_MESSAGE = "artist_message",
}

// consultation.md §24.2, plus `artist.deposit_paid_needs_slot` (booking.md §3.8 "needs a new slot").
message_ids! { ARTIST_IDS:
    ARTIST_NEW_LEAD = "artist.new_lead",
    ARTIST_APPROVAL_NUDGE = "artist.approval_nudge",
    ARTIST_STALE = "artist.stale",
    ARTIST_HANDOVER = "artist.handover",
    ARTIST_CLIENT_MESSAGES = "artist.client_messages",
    ARTIST_BUDGET_FOLLOW_UP = "artist.budget_follow_up",
    ARTIST_BUDGET_DECLINED = "artist.budget_declined",
    ARTIST_BOOKING_CONFIRMED = "artist.booking_confirmed",
    ARTIST_DEPOSIT_PAID = "artist.deposit_paid",
    ARTIST_DEPOSIT_PAID_NEEDS_SLOT = "artist.deposit_paid_needs_slot",
    ARTIST_PAYMENT_REVIEW = "artist.payment_review",
    ARTIST_REFUND_RECORDED = "artist.refund_recorded",
    ARTIST_CANCELLED_PAID = "artist.cancelled_paid",
    ARTIST_CALENDAR_FAILED = "artist.calendar_failed",
    ARTIST_JOB_FAILED = "artist.job_failed",
    ARTIST_CLIENT_OPTED_OUT = "artist.client_opted_out",
    ARTIST_UNDELIVERABLE = "artist.undeliverable",
    ARTIST_TIME_WINDOWS = "artist.time_windows",
    ARTIST_INBOX_STATUS = "artist.inbox_status",
    ARTIST_NEEDS_REPLY_NUDGE = "artist.needs_reply_nudge",
    ARTIST_BOOKING_PENDING_NUDGE = "artist.booking_pending_nudge",
    ARTIST_ABANDONED = "artist.abandoned",
    ARTIST_DATA_REQUEST = "artist.data_request",
}

// Not outbound kinds: labels that travel inside other messages (buttons, list parts, action-link
// lines, the one-line `artist_update` template summary). They live in the catalogue so overrides
// and locales reach them and startup validation checks their WhatsApp limits.
message_ids! { UI_IDS:
    UI_COMPLEXITY_1 = "ui.complexity.1",
    UI_COMPLEXITY_2 = "ui.complexity.2",
    UI_COMPLEXITY_3 = "ui.complexity.3",
    UI_COVERUP_YES = "ui.coverup.yes",
    UI_COVERUP_NO = "ui.coverup.no",
    UI_COVERUP_UNSURE = "ui.coverup.unsure",
    UI_TRAVEL_CITY_STUDIO = "ui.travel_city.studio",
    UI_TRAVEL_CITY_OTHER = "ui.travel_city.other",
    UI_TIMING_SOON = "ui.timing.soon",
    UI_TIMING_LATER = "ui.timing.later",
    UI_TIMING_FLEXIBLE = "ui.timing.flexible",
    UI_BUDGET_FOLLOW_UP_YES = "ui.budget_follow_up.yes",
    UI_BUDGET_FOLLOW_UP_NO = "ui.budget_follow_up.no",
    UI_TOUR_STOP_BUTTON = "ui.tour.stop_button",
    UI_TOUR_STUDIO_BUTTON = "ui.tour.studio_button",
    UI_TOUR_WAITLIST_BUTTON = "ui.tour.waitlist_button",
    UI_TOUR_STOP_OPTION = "ui.tour.stop_option",
    UI_TOUR_STUDIO_OPTION = "ui.tour.studio_option",
    UI_SLOTS_HEADER = "ui.slots.header",
    UI_SLOTS_FOOTER = "ui.slots.footer",
    UI_SLOTS_BUTTON = "ui.slots.button",
    UI_SLOTS_SECTION = "ui.slots.section",
    UI_SLOTS_ROW_DESCRIPTION = "ui.slots.row_description",
    UI_SLOTS_PLAIN_REPLY = "ui.slots.plain_reply",
    UI_CATEGORY_SMALL = "ui.category.small",
    UI_CATEGORY_MEDIUM = "ui.category.medium",
    UI_CATEGORY_LARGE = "ui.category.large",
    UI_CATEGORY_XL = "ui.category.xl",
    UI_ACTION_APPROVE = "ui.action.approve",
    UI_ACTION_REJECT = "ui.action.reject",
    UI_ACTION_RESUME = "ui.action.resume",
    UI_ACTION_SEND_DEPOSIT = "ui.action.send_deposit",
    UI_ACTION_MARK_BOOKED = "ui.action.mark_booked",
    UPDATE_NEW_LEAD = "update.new_lead",
    UPDATE_APPROVAL_NUDGE = "update.approval_nudge",
    UPDATE_STALE = "update.stale",
    UPDATE_HANDOVER = "update.handover",
    UPDATE_CLIENT_MESSAGES = "update.client_messages",
    UPDATE_BUDGET_FOLLOW_UP = "update.budget_follow_up",
    UPDATE_BUDGET_DECLINED = "update.budget_declined",
    UPDATE_BOOKING_CONFIRMED = "update.booking_confirmed",
    UPDATE_DEPOSIT_PAID = "update.deposit_paid",
    UPDATE_DEPOSIT_PAID_NEEDS_SLOT = "update.deposit_paid_needs_slot",
    UPDATE_PAYMENT_REVIEW = "update.payment_review",
    UPDATE_REFUND_RECORDED = "update.refund_recorded",
    UPDATE_CANCELLED_PAID = "update.cancelled_paid",
    UPDATE_CALENDAR_FAILED = "update.calendar_failed",
    UPDATE_JOB_FAILED = "update.job_failed",
    UPDATE_CLIENT_OPTED_OUT = "update.client_opted_out",
    UPDATE_UNDELIVERABLE = "update.undeliverable",
    UPDATE_TIME_WINDOWS = "update.time_windows",
    UPDATE_INBOX_STATUS = "update.inbox_status",
    UPDATE_NEEDS_REPLY_NUDGE = "update.needs_reply_nudge",
    UPDATE_BOOKING_PENDING_NUDGE = "update.booking_pending_nudge",
    UPDATE_ABANDONED = "update.abandoned",
    UPDATE_DATA_REQUEST = "update.data_request",
}

impl MessageId {
    /// The `{category_label}` wording for a size category (consultation.md §14.7).
    pub fn category_label(category: SizeCategory) -> MessageId {
        match category {
            SizeCategory::Small => Self::UI_CATEGORY_SMALL,
            SizeCategory::Medium => Self::UI_CATEGORY_MEDIUM,
            SizeCategory::Large => Self::UI_CATEGORY_LARGE,
            SizeCategory::Xl => Self::UI_CATEGORY_XL,
        }
    }

    /// The one-line `artist_update` template summary (≤ 60 chars) standing in for an artist
    /// notification while the artist's window is closed.
    pub fn artist_update_line(self) -> Option<MessageId> {
        let kind = self.0.strip_prefix("artist.")?;
        Self::prefixed("update.", kind)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_are_unique_lowercase_ascii() {
        let mut seen = BTreeSet::new();
        for id in MessageId::all() {
            assert!(seen.insert(id.as_str()), "duplicate id {id}");
            assert!(
                id.as_str().bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'_'
                    || b == b'.'),
                "{id} is not lower-case ASCII"
            );
        }
    }

    #[test]
    fn spec_id_families_are_complete() {
        assert_eq!(
            MessageId::all()
                .filter(|id| id.as_str().starts_with("q."))
                .count(),
            14
        );
        assert_eq!(
            MessageId::all()
                .filter(|id| id.as_str().starts_with("repair."))
                .count(),
            11
        );
        assert_eq!(
            MessageId::all()
                .filter(|id| id.is_artist_notification())
                .count(),
            23
        );
        assert_eq!(MessageId::question("budget"), Some(MessageId::Q_BUDGET));
        assert_eq!(MessageId::repair("slot"), Some(MessageId::REPAIR_SLOT));
        assert_eq!(MessageId::repair("idea"), None);
    }

    #[test]
    fn every_artist_notification_has_an_update_line() {
        for id in MessageId::all().filter(|id| id.is_artist_notification()) {
            assert!(id.artist_update_line().is_some(), "{id} lacks update.*");
        }
        assert_eq!(MessageId::WELCOME.artist_update_line(), None);
    }

    #[test]
    fn parses_and_round_trips_through_serde() {
        assert_eq!("slot_held".parse::<MessageId>(), Ok(MessageId::SLOT_HELD));
        assert_eq!(
            "slot_hold".parse::<MessageId>(),
            Err(UnknownMessageId("slot_hold".to_owned()))
        );
        let json = serde_json::to_string(&MessageId::REPAIR_SLOT).unwrap();
        assert_eq!(json, "\"repair.slot\"");
        assert_eq!(
            serde_json::from_str::<MessageId>(&json).unwrap(),
            MessageId::REPAIR_SLOT
        );
        assert!(serde_json::from_str::<MessageId>("\"nope\"").is_err());
    }
}
