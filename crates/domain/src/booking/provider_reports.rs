//! What the payment provider reported, in the domain's words: the Stripe adapter's verified events
//! are translated into these before any decision (integrations.md §3.4). Ids only; no names.

use crate::model::{Currency, LeadId, Money};

/// `payment_status` of a Checkout Session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPayment {
    Paid,
    /// A delayed method has not settled (or, for `async_payment_failed`, failed).
    Unpaid,
    /// Treated as a mismatch: a deposit always has something to pay.
    NoPaymentRequired,
    /// A value Stripe added later: never books anything.
    Unknown,
}

/// A Checkout Session as a `checkout.session.*` event carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutReport {
    pub session_id: String,
    pub payment: SessionPayment,
    /// `mode = payment`.
    pub payment_mode: bool,
    pub amount_total: Option<i64>,
    /// Upper-cased; `None` when absent or not a currency code.
    pub currency: Option<Currency>,
    pub payment_intent: Option<String>,
    /// `metadata.lead_id`, then `client_reference_id` (positive integers only): where to look when
    /// the session is not one of ours.
    pub lead_hints: Vec<LeadId>,
}

impl CheckoutReport {
    /// `amount_total` in `currency`, when both are present.
    pub fn amount(&self) -> Option<Money> {
        Some(Money::new(self.amount_total?, self.currency?))
    }
}

/// `charge.refunded`: `amount_refunded` is cumulative over every refund so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundReport {
    pub payment_intent: String,
    pub amount: i64,
    pub amount_refunded: i64,
}

/// `charge.dispute.created`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeReport {
    pub payment_intent: String,
    pub amount: i64,
    /// Stripe's reason code (`fraudulent`, `duplicate`, …).
    pub reason: Option<String>,
}

/// A verified provider event inkdesk acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentNotice {
    CheckoutCompleted(CheckoutReport),
    AsyncPaymentSucceeded(CheckoutReport),
    AsyncPaymentFailed(CheckoutReport),
    CheckoutExpired(CheckoutReport),
    ChargeRefunded(RefundReport),
    DisputeCreated(DisputeReport),
}

impl PaymentNotice {
    /// The Stripe event type, for the ledger's `kind` and the webhook answer.
    pub fn event_type(&self) -> &'static str {
        match self {
            Self::CheckoutCompleted(_) => "checkout.session.completed",
            Self::AsyncPaymentSucceeded(_) => "checkout.session.async_payment_succeeded",
            Self::AsyncPaymentFailed(_) => "checkout.session.async_payment_failed",
            Self::CheckoutExpired(_) => "checkout.session.expired",
            Self::ChargeRefunded(_) => "charge.refunded",
            Self::DisputeCreated(_) => "charge.dispute.created",
        }
    }

    pub fn checkout(&self) -> Option<&CheckoutReport> {
        match self {
            Self::CheckoutCompleted(report)
            | Self::AsyncPaymentSucceeded(report)
            | Self::AsyncPaymentFailed(report)
            | Self::CheckoutExpired(report) => Some(report),
            Self::ChargeRefunded(_) | Self::DisputeCreated(_) => None,
        }
    }
}

/// One delivery: the ledger key, the mode it was sent in, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEvent {
    pub event_id: String,
    pub livemode: bool,
    pub notice: PaymentNotice,
}
