use super::*;
use crate::booking::records::HoldWrite;
use crate::booking::test_fixtures::*;
use crate::model::{BookingMode, HandoverReason, LeadId};
use crate::status::test_support::{calendar_lead, handed_over, manual_lead};
use LeadStatus::*;

fn expire(case: &PaymentCase, trigger: ExpiryTrigger) -> PaymentDecision {
    expire_payment(case, trigger, &rules(), now())
}

fn released() -> Vec<HoldWrite> {
    vec![HoldWrite::Release {
        hold_id: HOLD,
        reason: release_reason::EXPIRED,
    }]
}

#[test]
fn the_first_expiry_in_calendar_mode_offers_fresh_times() {
    let d = expire(
        &case(calendar_lead(AwaitingDeposit)),
        ExpiryTrigger::Webhook,
    );
    assert_eq!(
        moves(&d.changes),
        [
            (AwaitingDeposit, DepositExpired),
            (DepositExpired, AwaitingSlot)
        ]
    );
    assert_eq!(d.writes.holds, released());
    assert_eq!(d.writes.payments[0].status, PaymentStatus::Expired);
    assert_eq!(d.writes.payments[0].expired_at, Some(now()));
    assert_eq!(d.writes.cancel_deferred_links_of, Some(PAYMENT));
    assert_eq!(d.changes.lead.deposit.expiry_count, 1);
    assert!(d.changes.jobs.contains(&JobRequest::SlotsOffer {
        lead_id: LeadId(42),
        cause: OfferCause::HoldExpired
    }));
    assert!(
        client_messages(&d.changes).is_empty(),
        "the offer carries the intro"
    );
    assert_eq!(
        event_types(&d.changes),
        [("stripe.checkout_expired".to_owned(), "INFO")]
    );
    assert_eq!(d.changes.transitions[0].actor, Actor::Stripe);
    assert_eq!(d.changes.transitions[1].actor, Actor::System);
}

#[test]
fn a_further_expiry_rests_in_deposit_expired() {
    let mut lead = calendar_lead(AwaitingDeposit);
    lead.deposit.expiry_count = 1;
    let d = expire(&case(lead), ExpiryTrigger::Webhook);
    assert_eq!(moves(&d.changes), [(AwaitingDeposit, DepositExpired)]);
    assert_eq!(d.changes.lead.deposit.expiry_count, 2);
    assert_eq!(
        client_messages(&d.changes),
        [vec![MessageId::DEPOSIT_EXPIRED]]
    );
    assert!(
        !d.changes
            .jobs
            .iter()
            .any(|job| matches!(job, JobRequest::SlotsOffer { .. }))
    );
}

#[test]
fn manual_mode_expires_the_link() {
    let mut case = case(manual_lead(AwaitingDeposit));
    case.payment.hold_id = None;
    case.holds.clear();
    let d = expire(&case, ExpiryTrigger::Sweep);
    assert_eq!(moves(&d.changes), [(AwaitingDeposit, DepositExpired)]);
    assert_eq!(d.changes.transitions[0].actor, Actor::Scheduler);
    assert_eq!(
        client_messages(&d.changes),
        [vec![MessageId::DEPOSIT_EXPIRED]]
    );
    assert!(d.changes.jobs.contains(&JobRequest::StripeExpireSession {
        lead_id: LeadId(42),
        payment_id: PAYMENT
    }));
    assert_eq!(
        event_types(&d.changes),
        [("deposit_expired_sweep".to_owned(), "INFO")]
    );
}

#[test]
fn an_old_link_expiring_leaves_the_lead_alone() {
    let mut case = case(calendar_lead(AwaitingDeposit));
    let mut newer = payment(118, PaymentStatus::Open);
    newer.created_at += chrono::TimeDelta::minutes(5);
    case.others.push(newer);
    let d = expire(&case, ExpiryTrigger::Webhook);
    assert!(d.changes.transitions.is_empty());
    assert_eq!(d.writes.payments[0].status, PaymentStatus::Expired);
    assert_eq!(d.writes.holds, released());
    assert!(d.changes.outbound.is_empty());
}

#[test]
fn a_lapse_during_a_handover_changes_where_it_returns_to() {
    let lead = handed_over(
        AwaitingDeposit,
        HandoverReason::HumanRequest,
        BookingMode::Calendar,
    );
    let d = expire(&case(lead), ExpiryTrigger::Webhook);
    assert!(d.changes.transitions.is_empty());
    assert_eq!(d.changes.lead.return_status(), Some(AwaitingSlot));
    assert!(d.changes.outbound.is_empty());
}

#[test]
fn a_settled_payment_is_not_expired_again() {
    for status in [
        PaymentStatus::Paid,
        PaymentStatus::Expired,
        PaymentStatus::Failed,
        PaymentStatus::Cancelled,
    ] {
        let mut case = case(calendar_lead(Booked));
        case.payment.status = status;
        let d = expire(&case, ExpiryTrigger::Webhook);
        assert_eq!(d.outcome, EventOutcome::Duplicate);
        assert!(d.writes.payments.is_empty() && d.writes.holds.is_empty());
    }
    let mut processing = case(calendar_lead(AwaitingDeposit));
    processing.payment.status = PaymentStatus::Processing;
    let d = expire(&processing, ExpiryTrigger::Webhook);
    assert_eq!(d.outcome, EventOutcome::Ignored);
    assert_eq!(
        event_types(&d.changes),
        [("stripe.expired_while_processing".to_owned(), "WARN")]
    );
}

#[test]
fn a_failed_delayed_payment_offers_fresh_times_or_expires_the_link() {
    let mut calendar = case(calendar_lead(AwaitingDeposit));
    calendar.payment.status = PaymentStatus::Processing;
    let d = payment_failed(&calendar, &rules(), now());
    assert_eq!(moves(&d.changes), [(AwaitingDeposit, AwaitingSlot)]);
    assert_eq!(d.writes.payments[0].status, PaymentStatus::Failed);
    assert_eq!(
        d.writes.holds,
        [HoldWrite::Release {
            hold_id: HOLD,
            reason: release_reason::PAYMENT_FAILED
        }]
    );
    assert_eq!(
        client_messages(&d.changes),
        [vec![MessageId::PAYMENT_FAILED]]
    );
    assert_eq!(
        artist_messages(&d.changes),
        [vec![MessageId::ARTIST_PAYMENT_REVIEW]]
    );
    assert!(
        d.changes
            .jobs
            .iter()
            .any(|job| matches!(job, JobRequest::SlotsOffer { .. }))
    );

    let mut manual = case(manual_lead(AwaitingDeposit));
    manual.payment.status = PaymentStatus::Processing;
    let d = payment_failed(&manual, &rules(), now());
    assert_eq!(moves(&d.changes), [(AwaitingDeposit, DepositExpired)]);

    let mut settled = case(calendar_lead(Booked));
    settled.payment.status = PaymentStatus::Paid;
    assert_eq!(
        payment_failed(&settled, &rules(), now()).outcome,
        EventOutcome::Duplicate
    );
}
