//! What Stripe reports after the money moved (booking.md §8): refunds recorded (inkdesk never
//! moves money itself) and disputes raised.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::payment_case::{PaymentCase, PaymentDecision, PaymentDraft};
use super::provider_reports::{DisputeReport, RefundReport};
use super::records::{EventOutcome, PaymentStatus};
use crate::consultation::{EventLevel, Text};
use crate::copy::params::{AMOUNT, CLIENT, LEAD_REF};
use crate::copy::{MessageId, format_money};
use crate::model::{Actor, LeadStatus, Money};
use crate::rules::StudioRules;
use crate::status::TransitionReason;

/// `charge.refunded`: the refunded total only ever grows (events may arrive out of order).
pub fn record_refund(
    case: &PaymentCase,
    refund: &RefundReport,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> PaymentDecision {
    let mut d = PaymentDraft::new(case, rules, now);
    let stored = case.payment.amount_refunded_minor;
    let total = stored.max(refund.amount_refunded);
    if total == stored || total <= 0 {
        d.outcome = EventOutcome::Duplicate;
        return d.finish();
    }
    let was_deposit = case.payment.status.holds_money() && !case.payment.requires_review;
    d.payment.amount_refunded_minor = total;
    let full = total >= case.payment.amount.amount_minor;
    if full {
        d.payment.status = PaymentStatus::Refunded;
        d.payment.refunded_at = Some(now);
    } else if case.payment.status.holds_money() {
        d.payment.status = PaymentStatus::PartiallyRefunded;
    }
    // The artist refunded what they were asked to review: nothing is left to look at.
    d.payment.requires_review = false;
    let currency = case.payment.amount.currency;
    d.event(
        EventLevel::Info,
        "stripe.refund_recorded",
        json!({ "payment_id": case.payment.id, "lead_id": case.lead.id.0,
                "amount_refunded_minor": total, "amount_minor": case.payment.amount.amount_minor }),
    );
    if full && was_deposit {
        full_refund_of_deposit(&mut d, Money::new(total, currency));
    }
    d.finish()
}

/// The lead's own deposit is refunded in full: a cancelled or unbooked lead is `REFUNDED`; a
/// booking stands until the artist cancels it.
fn full_refund_of_deposit(d: &mut PaymentDraft<'_>, refunded: Money) {
    use LeadStatus::*;
    match d.case.lead.status() {
        Cancelled | DepositPaid | BookingPending | NeedsArtistReply => {
            let moved = d.move_to(Refunded, TransitionReason::RefundRecorded, Actor::Stripe);
            if moved.is_ok() {
                d.changes.tell_client(vec![
                    Text::new(MessageId::REFUND_CONFIRMATION).with(AMOUNT, format_money(refunded)),
                ]);
            }
        }
        Booked => {
            let notice = Text::new(MessageId::ARTIST_REFUND_RECORDED)
                .with(LEAD_REF, d.lead_ref())
                .with(CLIENT, d.case.client.clone())
                .with(AMOUNT, format_money(refunded));
            d.changes.tell_artist(notice, Vec::new());
        }
        _ => {}
    }
}

/// `charge.dispute.created`: the artist must answer it in Stripe; the status stays.
pub fn record_dispute(
    case: &PaymentCase,
    dispute: &DisputeReport,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> PaymentDecision {
    let mut d = PaymentDraft::new(case, rules, now);
    let reason_code = dispute.reason.as_deref().unwrap_or("unknown");
    d.event(
        EventLevel::Error,
        "stripe.dispute_created",
        json!({ "payment_id": case.payment.id, "lead_id": case.lead.id.0,
                "reason": reason_code, "received_minor": dispute.amount }),
    );
    let amount = Money::new(dispute.amount, case.payment.amount.currency);
    let reason = format!("the client disputed the payment ({reason_code}); answer it in Stripe");
    d.tell_artist_to_review(amount, &reason);
    d.outcome = EventOutcome::Review;
    d.finish()
}

#[cfg(test)]
#[path = "refund_tests.rs"]
mod tests;
