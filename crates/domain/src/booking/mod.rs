//! The booking use cases' decisions (booking.md): approval, offers, holds, deposits, payment
//! confirmation, expiry, cancellation. Each is a pure function from the facts of one locked lead to
//! the [`LeadChanges`] its transaction writes; the Postgres adapter loads the facts, calls the
//! decision and writes the result in the same transaction, and jobs do the outside calls after.

mod changes;
mod checkout;
mod deposit;
mod hold;

pub use changes::LeadChanges;
pub use checkout::{
    CheckoutFacts, CheckoutStart, DepositLink, LinkFailure, MIN_LINK_LIFETIME, checkout_slot_label,
    checkout_start, link_created, link_failed, link_window_too_short,
};
pub use deposit::{deposit_amount, lock_deposit};
pub use hold::{HoldTerms, PlannedHold, offer_again, plan_hold, reissue_deposit, slot_taken};

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
    /// The request itself is invalid (an amount out of range, a slot in the past).
    #[error("{0}")]
    Invalid(String),
    /// The time overlaps a live hold of the artist.
    #[error("the time overlaps a live hold")]
    SlotTaken,
}
