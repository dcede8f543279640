//! The booking rows a payment decision reads and changes (`payments`, `slot_holds`), as the
//! adapter loads them under the lead lock, and the writes the decision asks for besides the lead's
//! own changes.

use chrono::{DateTime, Utc};

use crate::model::string_enum::string_enum;
use crate::model::{LeadId, Money};
use crate::status::PaymentFacts;

string_enum! {
    /// `payments.status`.
    pub enum PaymentStatus as "payment status" {
        Created = "created",
        Open = "open",
        /// A delayed payment method is still clearing.
        Processing = "processing",
        Paid = "paid",
        Expired = "expired",
        Failed = "failed",
        Cancelled = "cancelled",
        /// Stripe reported another amount, currency or mode than the row (booking.md §3.8 step 4).
        Mismatch = "mismatch",
        PartiallyRefunded = "partially_refunded",
        Refunded = "refunded",
    }
}

impl PaymentStatus {
    /// The Checkout session can still be paid and is not settled locally.
    pub fn is_unsettled(self) -> bool {
        matches!(self, Self::Created | Self::Open)
    }

    /// Money for this row is held by the studio (a second such row is a double payment).
    pub fn holds_money(self) -> bool {
        matches!(self, Self::Paid | Self::PartiallyRefunded)
    }
}

string_enum! {
    /// `slot_holds.state`.
    pub enum HoldState as "hold state" {
        Held = "held",
        Confirmed = "confirmed",
        Released = "released",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// `slot_holds.calendar_event_state`.
    pub enum CalendarEventState as "calendar event state" {
        NoEvent = "none",
        Pending = "pending",
        Created = "created",
        Failed = "failed",
        Deleted = "deleted",
    }
}

/// One `payments` row. Decisions return changed copies; the adapter writes their mutable columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub id: i64,
    pub lead_id: LeadId,
    pub amount: Money,
    pub status: PaymentStatus,
    pub hold_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub stripe_checkout_session_id: Option<String>,
    pub stripe_payment_intent_id: Option<String>,
    pub amount_received_minor: Option<i64>,
    pub amount_refunded_minor: i64,
    pub requires_review: bool,
    pub review_reason: Option<String>,
    pub livemode: Option<bool>,
    pub paid_at: Option<DateTime<Utc>>,
    pub expired_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
}

impl PaymentRecord {
    /// Created after `other` (the newer of two sessions of one lead).
    pub fn is_newer_than(&self, other: &PaymentRecord) -> bool {
        (self.created_at, self.id) > (other.created_at, other.id)
    }

    pub fn flag_for_review(&mut self, reason: &str) {
        self.requires_review = true;
        self.review_reason = Some(reason.to_owned());
    }
}

/// One `slot_holds` row: `[start, end)` is its session range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldRecord {
    pub id: i64,
    pub state: HoldState,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub calendar_event_id: Option<String>,
    pub calendar_event_state: CalendarEventState,
}

impl HoldRecord {
    pub fn is_live(&self) -> bool {
        matches!(self.state, HoldState::Held | HoldState::Confirmed)
    }
}

/// `slot_holds.release_reason` of the holds payments release.
pub mod release_reason {
    pub const EXPIRED: &str = "expired";
    pub const PAYMENT_FAILED: &str = "payment_failed";
    /// Another session of the lead was paid and booked its own slot.
    pub const SUPERSEDED: &str = "superseded";
    pub const CANCELLED: &str = "cancelled";
}

/// A change to a hold, applied in order (releases come before a re-insert, so the lead's own
/// held time never blocks it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldWrite {
    /// `held` → `confirmed` (no expiry any more).
    Confirm { hold_id: i64 },
    /// `held` → `released` with a reason.
    Release { hold_id: i64, reason: &'static str },
    /// A delayed payment keeps the time for longer.
    Extend { hold_id: i64, until: DateTime<Utc> },
    /// A live hold → `cancelled` (the lead was cancelled).
    Cancel { hold_id: i64 },
    /// The range of the released `from_hold` again, as a new `confirmed` hold with id `new_id`
    /// (reserved beforehand). An exclusion conflict means the time was taken meanwhile.
    Reinsert { new_id: i64, from_hold: i64 },
}

/// Booking rows a decision changes besides the lead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookingWrites {
    /// Changed payment rows, written whole.
    pub payments: Vec<PaymentRecord>,
    pub holds: Vec<HoldWrite>,
    /// Deferred link messages of this payment are no longer worth sending (booking.md §6 step 2).
    pub cancel_deferred_links_of: Option<i64>,
}

/// What became of a provider event (the webhook's `outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// Applied.
    Processed,
    /// Already processed (ledger) or already settled (a second event for a paid session).
    Duplicate,
    /// Recorded for the artist's review (unknown session, mismatch, unexpected payment).
    Review,
    /// Nothing to do (livemode mismatch, unknown session without a lead, unhandled type).
    Ignored,
}

impl EventOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processed => "processed",
            Self::Duplicate => "duplicate",
            Self::Review => "review",
            Self::Ignored => "ignored",
        }
    }
}

/// The guard facts of a lead whose payment rows are `payments` (the same rules as the store's
/// query, so a decision sees its own changes).
pub fn facts_of(payments: &[&PaymentRecord]) -> PaymentFacts {
    PaymentFacts {
        paid: payments.iter().any(|p| p.status == PaymentStatus::Paid),
        processing: payments
            .iter()
            .any(|p| p.status == PaymentStatus::Processing),
        partially_refunded: payments
            .iter()
            .any(|p| p.status == PaymentStatus::PartiallyRefunded),
        deposit_fully_refunded: payments.iter().any(|p| {
            p.status == PaymentStatus::Refunded
                || (p.amount_refunded_minor > 0 && p.amount_refunded_minor >= p.amount.amount_minor)
        }),
    }
}
