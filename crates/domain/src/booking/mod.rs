//! The booking use cases' decisions (booking.md): approval, offers, holds, deposits, payment
//! confirmation, expiry, cancellation. Each is a pure function from the facts of one locked lead to
//! the [`LeadChanges`] its transaction writes; the Postgres adapter loads the facts, calls the
//! decision and writes the result in the same transaction, and jobs do the outside calls after.

mod approval;
mod booking_link;
mod calendar_fallback;
mod calendar_outcome;
mod cancel;
mod changes;
mod checkout;
mod delivery_alert;
mod deposit;
mod expiry;
mod hold;
mod mark_booked;
mod offer;
mod offer_text;
mod paid_pick;
mod payment;
mod payment_case;
mod provider_reports;
mod records;
mod refund;
mod reject;
mod review;
mod send_deposit;
#[cfg(test)]
mod test_fixtures;

pub use approval::{Approval, ApprovalRequest, MAX_NOTE_CHARS, approve};
pub use booking_link::{BookingLinkRequest, send_booking_link};
pub use calendar_fallback::calendar_unavailable;
pub use calendar_outcome::{
    calendar_event_created, calendar_event_deleted, calendar_event_failed,
    calendar_event_removal_failed,
};
pub use cancel::{CANCEL_REASON_MAX_CHARS, CancelCase, CancelDecision, CancelRequest, cancel_lead};
pub use changes::LeadChanges;
pub use checkout::{
    CheckoutFacts, CheckoutStart, DepositLink, LinkFailure, MIN_LINK_LIFETIME, checkout_slot_label,
    checkout_start, link_created, link_failed, link_window_too_short,
};
pub use delivery_alert::delivery_failed;
pub use deposit::{deposit_amount, lock_deposit};
pub use expiry::{ExpiryTrigger, expire_payment, payment_failed};
pub use hold::{HoldTerms, PlannedHold, offer_again, plan_hold, reissue_deposit, slot_taken};
pub use mark_booked::{MarkBookedRequest, appointment_held, mark_booked};
pub use offer::{
    NewOffer, OfferDecision, OfferFacts, offer_replace_key, offer_slots, slot_request, tour_stop,
    wants_offer,
};
pub use offer_text::{SlotListRow, offer_body, offer_intro, slot_lines, slot_list_rows};
pub use paid_pick::{PaidPick, PickAudience, book_paid_pick, books_on_pick};
pub use payment::{SlotFacts, needs_fresh_hold, settle_checkout};
pub use payment_case::{PaymentCase, PaymentDecision, lead_zone};
pub use provider_reports::{
    CheckoutReport, DisputeReport, PaymentNotice, ProviderEvent, RefundReport, SessionPayment,
};
pub use records::{
    BookingWrites, CalendarEventState, EventOutcome, HoldRecord, HoldState, HoldWrite,
    PaymentRecord, PaymentStatus, facts_of, release_reason,
};
pub use refund::{record_dispute, record_refund};
pub use reject::{MAX_REASON_CHARS, RejectRequest, reject};
pub use review::{Mismatch, ReviewPayment, check_session, unknown_session};
pub use send_deposit::{DepositFacts, DepositReissue, send_deposit};

use chrono::{DateTime, Utc};

use crate::model::Money;
use crate::status::TransitionError;

/// A `payments` row to create (`created`); the adapter enqueues its `stripe.create_checkout` job
/// with the id the row gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub amount: Money,
    /// The Checkout session's `expires_at`, and the hold's when there is one.
    pub expires_at: DateTime<Utc>,
    pub hold_id: Option<i64>,
    pub rule_version: String,
}

/// Why a booking use case refused to act. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingRefusal {
    /// The lead's status does not allow the action (a second approve, a paid lead rejected).
    #[error(transparent)]
    Status(#[from] TransitionError),
    /// The lead's state does not allow the action, in the admin API's own words.
    #[error("{0}")]
    NotAllowed(String),
    /// The request itself is invalid (an amount out of range, a slot in the past).
    #[error("{0}")]
    Invalid(String),
    /// The time overlaps a live hold of the artist.
    #[error("the time overlaps a live hold")]
    SlotTaken,
}
