//! Payments the artist has to look at (booking.md §3.8 steps 3, 4 and the last row of step 7, §7):
//! an amount, currency or mode that differs from the row, money for a lead that cannot take it,
//! a second deposit, a session inkdesk never created. Never dropped, never booked.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::LeadChanges;
use super::payment_case::PaymentDraft;
use super::provider_reports::{CheckoutReport, SessionPayment};
use super::records::{EventOutcome, PaymentRecord, PaymentStatus};
use crate::consultation::{EventLevel, SystemEvent, Text};
use crate::copy::params::{AMOUNT, CLIENT, LEAD_REF, REASON};
use crate::copy::{MessageId, format_money};
use crate::model::{Actor, Handover, HandoverReason, Lead, LeadStatus, Money};
use crate::status::{PaymentFacts, TransitionReason};

/// Why a completed session cannot count as the deposit (step 4; step 5's `no_payment_required`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    Mode,
    NothingToPay,
    Currency,
    Amount,
}

impl Mismatch {
    /// `payments.review_reason` and the event's `reason`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Mode => "mode_mismatch",
            Self::NothingToPay => "no_payment_required",
            Self::Currency => "currency_mismatch",
            Self::Amount => "amount_mismatch",
        }
    }
}

/// The first check of step 4 the session fails, if any.
pub fn check_session(payment: &PaymentRecord, report: &CheckoutReport) -> Option<Mismatch> {
    if !report.payment_mode {
        return Some(Mismatch::Mode);
    }
    if matches!(
        report.payment,
        SessionPayment::NoPaymentRequired | SessionPayment::Unknown
    ) {
        return Some(Mismatch::NothingToPay);
    }
    if report.currency != Some(payment.amount.currency) {
        return Some(Mismatch::Currency);
    }
    if report.amount_total != Some(payment.amount.amount_minor) {
        return Some(Mismatch::Amount);
    }
    None
}

/// Step 4: `mismatch`, review, ERROR event, the artist told; a payable lead is handed over.
pub(super) fn record_mismatch(
    d: &mut PaymentDraft<'_>,
    report: &CheckoutReport,
    problem: Mismatch,
) {
    let expected = d.payment.amount;
    d.payment.status = PaymentStatus::Mismatch;
    d.payment.flag_for_review(problem.code());
    if report.payment_intent.is_some() {
        d.payment.stripe_payment_intent_id = report.payment_intent.clone();
    }
    if report.payment == SessionPayment::Paid {
        d.payment.amount_received_minor = report.amount_total;
    }
    let received = report.amount();
    d.event(
        EventLevel::Error,
        "stripe.payment_mismatch",
        json!({
            "payment_id": d.payment.id,
            "lead_id": d.case.lead.id.0,
            "reason": problem.code(),
            "expected_minor": expected.amount_minor,
            "received_minor": report.amount_total,
            "currency": report.currency.map(|c| c.as_str().to_owned()),
        }),
    );
    let said = match received {
        Some(amount) => format_money(amount),
        None => "no amount".to_owned(),
    };
    let reason = match problem {
        Mismatch::Mode => "the Checkout session was not a one-off payment".to_owned(),
        Mismatch::NothingToPay => "Stripe reports nothing was paid for this session".to_owned(),
        Mismatch::Currency | Mismatch::Amount => {
            format!(
                "Stripe reports {said} instead of {}",
                format_money(expected)
            )
        }
    };
    hand_over_for_review(d, &reason);
    d.tell_artist_to_review(received.unwrap_or(expected), &reason);
    d.outcome = EventOutcome::Review;
}

/// The last row of step 7: money for a lead that cannot take it, or a second deposit. The
/// payment is already marked `paid`; the status stays and the client hears nothing.
pub(super) fn record_unexpected(d: &mut PaymentDraft<'_>, review_reason: &str, reason: &str) {
    d.payment.flag_for_review(review_reason);
    d.event(
        EventLevel::Error,
        "stripe.unexpected_payment",
        json!({
            "payment_id": d.payment.id,
            "lead_id": d.case.lead.id.0,
            "reason": review_reason,
        }),
    );
    let amount = d.payment.amount;
    d.tell_artist_to_review(amount, reason);
    d.outcome = EventOutcome::Review;
}

/// A payment problem for a lead waiting on its deposit: `NEEDS_ARTIST_REPLY` (`PAYMENT_REVIEW`).
/// A lead already with the artist keeps its status and gains the reason (README Clarifications).
fn hand_over_for_review(d: &mut PaymentDraft<'_>, reason: &str) {
    if d.changes.lead.status() == LeadStatus::NeedsArtistReply {
        d.changes.lead.append_to_handover(reason);
        return;
    }
    if !d.case.lead_is_payable() {
        return;
    }
    let handover = Handover::new(HandoverReason::PaymentReview, reason);
    // The table allows a handover from every payable status; should it refuse, the artist alert
    // still goes out and the status simply stays.
    let _ = d.move_to(
        LeadStatus::NeedsArtistReply,
        TransitionReason::Handover(handover),
        Actor::Stripe,
    );
}

/// A paid session inkdesk has no row for, on a lead named by its metadata (step 3): recorded as a
/// `paid` payment under review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPayment {
    pub session_id: String,
    pub amount: Money,
    pub payment_intent: Option<String>,
    pub review_reason: &'static str,
    pub paid_at: DateTime<Utc>,
}

/// Step 3 for a paid session of an existing lead: the row to insert (when Stripe named a positive
/// amount) and the artist's review notice.
pub fn unknown_session(
    lead: &Lead,
    payments: PaymentFacts,
    client: &str,
    report: &CheckoutReport,
    now: DateTime<Utc>,
) -> (LeadChanges, Option<ReviewPayment>) {
    let mut changes = LeadChanges::new(lead.clone(), payments);
    let amount = report.amount().filter(|amount| amount.amount_minor > 0);
    let row = amount.map(|amount| ReviewPayment {
        session_id: report.session_id.clone(),
        amount,
        payment_intent: report.payment_intent.clone(),
        review_reason: "unknown_session",
        paid_at: now,
    });
    let mut event = SystemEvent::info(
        "stripe.unexpected_payment",
        Some(lead.id),
        json!({ "lead_id": lead.id.0, "reason": "unknown_session" }),
    );
    event.level = EventLevel::Error;
    changes.event(event);
    let shown = amount.map_or_else(|| "an unknown amount".to_owned(), format_money);
    let text = Text::new(MessageId::ARTIST_PAYMENT_REVIEW)
        .with(LEAD_REF, lead.id.to_string())
        .with(CLIENT, client)
        .with(AMOUNT, shown)
        .with(
            REASON,
            "Stripe reports a payment through a Checkout session inkdesk did not create",
        );
    changes.tell_artist(text, Vec::new());
    (changes, row)
}
