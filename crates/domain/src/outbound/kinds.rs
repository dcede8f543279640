//! What the gateway needs to know about each message kind, as the spec's tables: which template
//! stands in for it outside the window (integrations.md §2.2), whether it is deferred rather than
//! dropped (data-and-ops.md §4.4), and which kinds carry a payment link or matter enough to alert
//! the artist when they fail.

use crate::copy::MessageId;
use crate::rules::{Template, Templates};

/// The approved templates, one per `[whatsapp.templates]` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplatePurpose {
    ClientReplyToContinue,
    PaymentReceived,
    BookingConfirmed,
    AppointmentReminder,
    ArtistUpdate,
}

const CLIENT_REPLY_TO_CONTINUE: &[MessageId] = &[
    MessageId::APPROVED,
    MessageId::SLOT_OFFER,
    MessageId::SLOT_OFFER_REFRESH,
    MessageId::HOLD_EXPIRED_REOFFER,
    MessageId::SLOT_HELD,
    MessageId::DEPOSIT_LINK,
    MessageId::DEPOSIT_EXPIRED,
    MessageId::TIME_WINDOW_REQUEST,
    MessageId::PAYMENT_RECEIVED_NEEDS_SLOT,
    MessageId::PAYMENT_FAILED,
    MessageId::BOOKING_LINK,
    MessageId::CANCELLED_BY_ARTIST,
    MessageId::REJECTED,
    MessageId::RESUMED,
    MessageId::REFUND_CONFIRMATION,
    MessageId::ARTIST_MESSAGE,
];

const PAYMENT_RECEIVED: &[MessageId] = &[
    MessageId::PAYMENT_RECEIVED_PENDING,
    MessageId::PAYMENT_PROCESSING,
];

const BOOKING_CONFIRMED: &[MessageId] = &[
    MessageId::PAYMENT_RECEIVED_BOOKED,
    MessageId::BOOKED_CONFIRMATION,
    MessageId::BOOKING_MOVED,
];

const APPOINTMENT_REMINDER: &[MessageId] = &[
    MessageId::APPOINTMENT_REMINDER_48H,
    MessageId::APPOINTMENT_REMINDER_2H,
];

/// data-and-ops.md §4.4, client side; every `artist.*` kind is deferrable too.
const DEFERRABLE_CLIENT_KINDS: &[MessageId] = &[
    MessageId::APPROVED,
    MessageId::SLOT_OFFER,
    MessageId::SLOT_OFFER_REFRESH,
    MessageId::HOLD_EXPIRED_REOFFER,
    MessageId::SLOT_HELD,
    MessageId::DEPOSIT_LINK,
    MessageId::DEPOSIT_EXPIRED,
    MessageId::PAYMENT_RECEIVED_BOOKED,
    MessageId::PAYMENT_RECEIVED_PENDING,
    MessageId::PAYMENT_RECEIVED_NEEDS_SLOT,
    MessageId::PAYMENT_PROCESSING,
    MessageId::PAYMENT_FAILED,
    MessageId::BOOKING_LINK,
    MessageId::BOOKED_CONFIRMATION,
    MessageId::BOOKING_MOVED,
    MessageId::CANCELLED_BY_ARTIST,
    MessageId::REJECTED,
    MessageId::REFUND_CONFIRMATION,
    MessageId::RESUMED,
    MessageId::TIME_WINDOW_REQUEST,
    MessageId::ARTIST_MESSAGE,
];

/// Kinds whose text holds a Stripe Checkout URL: sending one after its payment stopped being
/// `open` would hand the client a dead (or already paid) link.
const PAYMENT_LINK_KINDS: &[MessageId] = &[
    MessageId::SLOT_HELD,
    MessageId::DEPOSIT_LINK,
    MessageId::DEPOSIT_REMINDER,
];

/// The answers to STOP itself: the only texts an opted-out contact still receives.
const OPT_OUT_ANSWERS: &[MessageId] =
    &[MessageId::OPT_OUT_CONFIRMATION, MessageId::OPTED_OUT_NOTICE];

/// "Slot offers, links, confirmations, artist messages" (data-and-ops.md §4.2, http-api.md
/// §3.2.1): a client who misses one of these is stuck, so the artist hears about the failure.
const CLIENT_IMPACTING: &[MessageId] = &[
    MessageId::SLOT_OFFER,
    MessageId::SLOT_OFFER_REFRESH,
    MessageId::HOLD_EXPIRED_REOFFER,
    MessageId::PAYMENT_RECEIVED_NEEDS_SLOT,
    MessageId::SLOT_HELD,
    MessageId::DEPOSIT_LINK,
    MessageId::DEPOSIT_REMINDER,
    MessageId::BOOKING_LINK,
    MessageId::PAYMENT_RECEIVED_BOOKED,
    MessageId::PAYMENT_RECEIVED_PENDING,
    MessageId::BOOKED_CONFIRMATION,
    MessageId::BOOKED_CONFIRMATION_WITHOUT_TIME,
    MessageId::BOOKING_MOVED,
    MessageId::REFUND_CONFIRMATION,
    MessageId::APPOINTMENT_REMINDER_48H,
    MessageId::APPOINTMENT_REMINDER_2H,
    MessageId::ARTIST_MESSAGE,
];

impl TemplatePurpose {
    pub const ALL: [TemplatePurpose; 5] = [
        Self::ClientReplyToContinue,
        Self::PaymentReceived,
        Self::BookingConfirmed,
        Self::AppointmentReminder,
        Self::ArtistUpdate,
    ];

    /// The template that may carry `kind` outside the window; `None` for conversational kinds
    /// (questions, repairs, acks, nudges), which are only ever replies inside it.
    pub fn for_kind(kind: MessageId) -> Option<Self> {
        if kind.is_artist_notification() {
            return Some(Self::ArtistUpdate);
        }
        let tables = [
            (Self::ClientReplyToContinue, CLIENT_REPLY_TO_CONTINUE),
            (Self::PaymentReceived, PAYMENT_RECEIVED),
            (Self::BookingConfirmed, BOOKING_CONFIRMED),
            (Self::AppointmentReminder, APPOINTMENT_REMINDER),
        ];
        tables
            .into_iter()
            .find(|(_, kinds)| kinds.contains(&kind))
            .map(|(purpose, _)| purpose)
    }

    /// The `[whatsapp.templates]` key.
    pub fn config_key(self) -> &'static str {
        match self {
            Self::ClientReplyToContinue => "client_reply_to_continue",
            Self::PaymentReceived => "payment_received",
            Self::BookingConfirmed => "booking_confirmed",
            Self::AppointmentReminder => "appointment_reminder",
            Self::ArtistUpdate => "artist_update",
        }
    }

    /// The configured template, or `None` when it has no name: startup validation refuses that,
    /// but the gateway must still defer rather than send a nameless template if it ever happens.
    pub fn configured(self, templates: &Templates) -> Option<&Template> {
        let template = match self {
            Self::ClientReplyToContinue => &templates.client_reply_to_continue,
            Self::PaymentReceived => &templates.payment_received,
            Self::BookingConfirmed => &templates.booking_confirmed,
            Self::AppointmentReminder => &templates.appointment_reminder,
            Self::ArtistUpdate => &templates.artist_update,
        };
        (!template.name.trim().is_empty()).then_some(template)
    }
}

/// Kept and sent when the contact next writes, instead of being dropped while the window is closed.
pub fn is_deferrable(kind: MessageId) -> bool {
    kind.is_artist_notification() || DEFERRABLE_CLIENT_KINDS.contains(&kind)
}

/// Appointment reminders go out as their template even inside the window, and are never deferred.
pub fn is_sent_as_template(kind: MessageId) -> bool {
    APPOINTMENT_REMINDER.contains(&kind)
}

pub fn carries_payment_link(kind: MessageId) -> bool {
    PAYMENT_LINK_KINDS.contains(&kind)
}

pub fn reaches_opted_out_contacts(kind: MessageId) -> bool {
    OPT_OUT_ANSWERS.contains(&kind)
}

pub fn is_client_impacting(kind: MessageId) -> bool {
    CLIENT_IMPACTING.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_deferrable_kind_has_a_template_and_only_reminders_have_one_without_deferral() {
        for kind in MessageId::all() {
            let purpose = TemplatePurpose::for_kind(kind);
            if is_deferrable(kind) {
                assert!(purpose.is_some(), "{kind} is deferrable without a template");
            } else if purpose.is_some() {
                assert!(
                    is_sent_as_template(kind),
                    "{kind} has a template but is dropped"
                );
            }
        }
    }

    #[test]
    fn kinds_map_to_the_templates_of_the_table() {
        let cases = [
            (
                MessageId::APPROVED,
                Some(TemplatePurpose::ClientReplyToContinue),
            ),
            (
                MessageId::ARTIST_MESSAGE,
                Some(TemplatePurpose::ClientReplyToContinue),
            ),
            (
                MessageId::PAYMENT_PROCESSING,
                Some(TemplatePurpose::PaymentReceived),
            ),
            (
                MessageId::BOOKING_MOVED,
                Some(TemplatePurpose::BookingConfirmed),
            ),
            (
                MessageId::APPOINTMENT_REMINDER_2H,
                Some(TemplatePurpose::AppointmentReminder),
            ),
            (
                MessageId::ARTIST_NEW_LEAD,
                Some(TemplatePurpose::ArtistUpdate),
            ),
            (
                MessageId::ARTIST_DATA_REQUEST,
                Some(TemplatePurpose::ArtistUpdate),
            ),
            (MessageId::Q_BUDGET, None),
            (MessageId::REPAIR_SLOT, None),
            (MessageId::SLOT_OFFER_NUDGE, None),
            (MessageId::DEPOSIT_REMINDER, None),
            (MessageId::BOOKED_CONFIRMATION_WITHOUT_TIME, None),
        ];
        for (kind, purpose) in cases {
            assert_eq!(TemplatePurpose::for_kind(kind), purpose, "{kind}");
        }
    }

    #[test]
    fn the_deferrable_list_has_the_specified_size() {
        let clients = MessageId::all()
            .filter(|kind| is_deferrable(*kind) && !kind.is_artist_notification())
            .count();
        assert_eq!(clients, 21);
    }

    #[test]
    fn a_nameless_template_counts_as_not_configured() {
        let mut templates = Templates::default();
        for purpose in TemplatePurpose::ALL {
            assert!(purpose.configured(&templates).is_some(), "{purpose:?}");
        }
        templates.booking_confirmed.name = "  ".to_owned();
        assert_eq!(
            TemplatePurpose::BookingConfirmed.configured(&templates),
            None
        );
        assert_eq!(
            TemplatePurpose::ArtistUpdate
                .configured(&templates)
                .map(|t| t.name.as_str()),
            Some("artist_update")
        );
    }

    #[test]
    fn config_keys_match_the_rules_file() {
        let templates = Templates::default();
        let keys: Vec<_> = templates.all().iter().map(|(key, _)| *key).collect();
        let ours: Vec<_> = TemplatePurpose::ALL
            .iter()
            .map(|p| p.config_key())
            .collect();
        assert_eq!(keys, ours);
    }
}
