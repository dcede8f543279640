//! A deposit that lapsed (booking.md §6: the session expired, by Stripe's event or the hold-expiry
//! sweep) or whose delayed payment failed (§7). The time is released; a lead still waiting on this
//! payment gets fresh times (calendar) or an expired link (manual). Both are idempotent.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::payment_case::{PaymentCase, PaymentDecision, PaymentDraft};
use super::records::{EventOutcome, HoldState, HoldWrite, PaymentStatus, release_reason};
use crate::consultation::{EventLevel, JobRequest, OfferCause, Text};
use crate::copy::MessageId;
use crate::model::{Actor, BookingMode, LeadStatus};
use crate::rules::StudioRules;
use crate::status::TransitionReason;

/// What noticed the lapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryTrigger {
    /// `checkout.session.expired`.
    Webhook,
    /// The `hold-expiry` sweep: Stripe may not know yet, so the session is expired there too.
    Sweep,
}

impl ExpiryTrigger {
    fn actor(self) -> Actor {
        match self {
            Self::Webhook => Actor::Stripe,
            Self::Sweep => Actor::Scheduler,
        }
    }

    fn event_type(self) -> &'static str {
        match self {
            Self::Webhook => "stripe.checkout_expired",
            Self::Sweep => "deposit_expired_sweep",
        }
    }
}

/// `expire_payment(payment_id)`.
pub fn expire_payment(
    case: &PaymentCase,
    trigger: ExpiryTrigger,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> PaymentDecision {
    let mut d = PaymentDraft::new(case, rules, now);
    match case.payment.status {
        PaymentStatus::Created | PaymentStatus::Open => {}
        // Stripe never expires a session whose payment is clearing; should it say so, the payment
        // is left to its async result.
        PaymentStatus::Processing => {
            d.event(
                EventLevel::Warn,
                "stripe.expired_while_processing",
                json!({ "payment_id": case.payment.id, "lead_id": case.lead.id.0 }),
            );
            d.outcome = EventOutcome::Ignored;
            return d.finish();
        }
        _ => {
            d.outcome = EventOutcome::Duplicate;
            return d.finish();
        }
    }
    d.payment.status = PaymentStatus::Expired;
    d.payment.expired_at = Some(now);
    release_own_hold(&mut d, release_reason::EXPIRED);
    d.cancel_deferred_links_of = Some(case.payment.id);
    if trigger == ExpiryTrigger::Sweep {
        d.changes.job(JobRequest::StripeExpireSession {
            lead_id: case.lead.id,
            payment_id: case.payment.id,
        });
    }
    d.event(
        EventLevel::Info,
        trigger.event_type(),
        json!({ "payment_id": case.payment.id, "lead_id": case.lead.id.0 }),
    );
    if !case.has_newer_payment() {
        lapse_lead(&mut d, trigger);
    }
    d.finish()
}

/// §6 step 4.
fn lapse_lead(d: &mut PaymentDraft<'_>, trigger: ExpiryTrigger) {
    let case = d.case;
    let lead = &case.lead;
    match lead.status() {
        LeadStatus::AwaitingDeposit => {}
        LeadStatus::NeedsArtistReply => {
            d.changes.lead.deposit_lapsed_during_handover();
            return;
        }
        _ => return,
    }
    let deposit = &mut d.changes.lead.deposit;
    deposit.expiry_count = deposit.expiry_count.saturating_add(1);
    let expiries = u32::from(deposit.expiry_count);
    let calendar = lead.booking_mode() == Some(BookingMode::Calendar);
    let moved = d.move_to(
        LeadStatus::DepositExpired,
        TransitionReason::DepositExpired,
        trigger.actor(),
    );
    if moved.is_err() {
        return;
    }
    if calendar && expiries <= d.rules.booking.auto_reoffer_after_expiry {
        let reoffered = d.move_to(
            LeadStatus::AwaitingSlot,
            TransitionReason::Reoffer,
            Actor::System,
        );
        if reoffered.is_ok() {
            d.changes.job(JobRequest::SlotsOffer {
                lead_id: lead.id,
                cause: OfferCause::HoldExpired,
            });
            return;
        }
    }
    d.changes
        .tell_client(vec![Text::new(MessageId::DEPOSIT_EXPIRED)]);
}

/// `checkout.session.async_payment_failed` (§7): payment `failed`, time released; a lead waiting
/// on it gets fresh times (calendar) or an expired link (manual), and `payment_failed`.
pub fn payment_failed(
    case: &PaymentCase,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> PaymentDecision {
    let mut d = PaymentDraft::new(case, rules, now);
    if !matches!(
        case.payment.status,
        PaymentStatus::Created | PaymentStatus::Open | PaymentStatus::Processing
    ) {
        d.outcome = EventOutcome::Duplicate;
        return d.finish();
    }
    d.payment.status = PaymentStatus::Failed;
    release_own_hold(&mut d, release_reason::PAYMENT_FAILED);
    d.cancel_deferred_links_of = Some(case.payment.id);
    let amount = case.payment.amount;
    d.tell_artist_to_review(amount, "the client's delayed payment failed (async_failed)");
    if case.has_newer_payment() {
        return d.finish();
    }
    match case.lead.status() {
        LeadStatus::AwaitingDeposit => {}
        LeadStatus::NeedsArtistReply => {
            d.changes.lead.deposit_lapsed_during_handover();
            return d.finish();
        }
        _ => return d.finish(),
    }
    let moved = match case.lead.booking_mode() {
        Some(BookingMode::Calendar) => d
            .move_to(
                LeadStatus::AwaitingSlot,
                TransitionReason::PaymentFailed,
                Actor::Stripe,
            )
            .map(|()| {
                d.changes.job(JobRequest::SlotsOffer {
                    lead_id: case.lead.id,
                    cause: OfferCause::Reoffer,
                });
            }),
        Some(BookingMode::Manual) | None => d.move_to(
            LeadStatus::DepositExpired,
            TransitionReason::PaymentFailed,
            Actor::Stripe,
        ),
    };
    if moved.is_ok() {
        d.changes
            .tell_client(vec![Text::new(MessageId::PAYMENT_FAILED)]);
    }
    d.finish()
}

/// The payment's own `held` hold (a confirmed one is a booking and stays).
fn release_own_hold(d: &mut PaymentDraft<'_>, reason: &'static str) {
    let held = d
        .payment
        .hold_id
        .and_then(|id| d.case.hold(id))
        .filter(|hold| hold.state == HoldState::Held)
        .map(|hold| hold.id);
    if let Some(hold_id) = held {
        d.hold_write(HoldWrite::Release { hold_id, reason });
    }
}

#[cfg(test)]
#[path = "expiry_tests.rs"]
mod tests;
