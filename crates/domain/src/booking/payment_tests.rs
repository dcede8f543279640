use super::*;
use crate::booking::provider_reports::SessionPayment;
use crate::booking::records::{HoldRecord, PaymentRecord};
use crate::booking::review::unknown_session;
use crate::booking::test_fixtures::*;
use crate::consultation::{ActionLink, Recipient};
use crate::model::{Currency, HandoverReason, LeadId};
use crate::status::test_support::{calendar_lead, handed_over, manual_lead};
use LeadStatus::*;

fn settle(case: &PaymentCase, report: &CheckoutReport) -> PaymentDecision {
    settle_checkout(case, report, SlotFacts::default(), &rules(), now())
}

fn paid(decision: &PaymentDecision) -> &PaymentRecord {
    decision
        .writes
        .payments
        .iter()
        .find(|p| p.id == PAYMENT)
        .expect("the payment is written")
}

#[test]
fn a_paid_session_with_a_held_hold_books_the_lead() {
    let d = settle(&case(calendar_lead(AwaitingDeposit)), &paid_report());
    assert_eq!(d.outcome, EventOutcome::Processed);
    assert_eq!(
        moves(&d.changes),
        [(AwaitingDeposit, DepositPaid), (DepositPaid, Booked)]
    );
    assert_eq!(
        d.changes.transitions[1].reason_code, "hold_confirmed",
        "BOOKED by HoldConfirmed"
    );
    assert_eq!(d.writes.holds, [HoldWrite::Confirm { hold_id: HOLD }]);
    let payment = paid(&d);
    assert_eq!(payment.status, PaymentStatus::Paid);
    assert_eq!(payment.paid_at, Some(now()));
    assert_eq!(
        payment.stripe_payment_intent_id.as_deref(),
        Some("pi_test_1")
    );
    assert_eq!(payment.amount_received_minor, Some(15_000));
    assert!(d.changes.jobs.contains(&JobRequest::CalendarCreateEvent {
        lead_id: LeadId(42),
        hold_id: HOLD
    }));
    assert!(d.changes.jobs.contains(&JobRequest::SheetsUpsert {
        lead_id: LeadId(42)
    }));
    assert_eq!(
        client_messages(&d.changes),
        [vec![
            MessageId::PAYMENT_RECEIVED_BOOKED,
            MessageId::DEPOSIT_POLICY
        ]]
    );
    assert_eq!(
        artist_messages(&d.changes),
        [vec![MessageId::ARTIST_BOOKING_CONFIRMED]]
    );
    let booking = &d.changes.lead.booking;
    assert_eq!(booking.confirmed_hold_id, Some(HOLD));
    assert_eq!(booking.appointment.map(|a| a.start_at), Some(slot_start()));
    assert_eq!(
        event_types(&d.changes),
        [("stripe.payment_confirmed".to_owned(), "INFO")]
    );
    let client = &d.changes.outbound[0].parts[0];
    assert!(
        matches!(client.param("slot_label"), Some(crate::consultation::Param::Plain(label)) if label.contains("Mon 29 Mar"))
    );
}

#[test]
fn a_released_hold_is_reinserted_when_the_time_is_still_free() {
    let mut case = case(calendar_lead(DepositExpired));
    case.holds = vec![hold(HOLD, HoldState::Released)];
    assert!(needs_fresh_hold(&case));
    let slot = SlotFacts {
        spare_hold_id: Some(77),
        taken: false,
    };
    let d = settle_checkout(&case, &paid_report(), slot, &rules(), now());
    assert_eq!(
        d.writes.holds,
        [HoldWrite::Reinsert {
            new_id: 77,
            from_hold: HOLD
        }]
    );
    assert_eq!(d.status(), Booked);
    assert!(d.changes.jobs.contains(&JobRequest::CalendarCreateEvent {
        lead_id: LeadId(42),
        hold_id: 77
    }));
    assert_eq!(d.changes.lead.booking.confirmed_hold_id, Some(77));
}

#[test]
fn a_taken_time_leaves_the_lead_paid_and_offers_fresh_times() {
    let mut case = case(calendar_lead(AwaitingDeposit));
    case.holds = vec![hold(HOLD, HoldState::Released)];
    let slot = SlotFacts {
        spare_hold_id: Some(77),
        taken: true,
    };
    let d = settle_checkout(&case, &paid_report(), slot, &rules(), now());
    assert_eq!(moves(&d.changes), [(AwaitingDeposit, DepositPaid)]);
    assert!(d.writes.holds.is_empty());
    assert!(d.changes.jobs.contains(&JobRequest::SlotsOffer {
        lead_id: LeadId(42),
        cause: OfferCause::PaidNeedsSlot
    }));
    assert!(
        client_messages(&d.changes).is_empty(),
        "slots.offer sends it"
    );
    assert_eq!(
        artist_messages(&d.changes),
        [vec![MessageId::ARTIST_DEPOSIT_PAID_NEEDS_SLOT]]
    );
}

#[test]
fn manual_mode_waits_for_the_artist_to_mark_it_booked() {
    let mut case = case(manual_lead(AwaitingDeposit));
    case.payment.hold_id = None;
    case.holds.clear();
    let d = settle(&case, &paid_report());
    assert_eq!(
        moves(&d.changes),
        [
            (AwaitingDeposit, DepositPaid),
            (DepositPaid, BookingPending)
        ]
    );
    assert_eq!(
        client_messages(&d.changes),
        [vec![
            MessageId::PAYMENT_RECEIVED_PENDING,
            MessageId::DEPOSIT_POLICY
        ]]
    );
    let artist = d
        .changes
        .outbound
        .iter()
        .find(|m| m.recipient == Recipient::Artist)
        .unwrap();
    assert_eq!(artist.kind(), MessageId::ARTIST_DEPOSIT_PAID);
    assert_eq!(
        artist.action_links,
        [ActionLink {
            action: LinkAction::MarkBooked,
            required_status: BookingPending
        }]
    );
}

#[test]
fn money_for_a_lead_that_cannot_take_it_is_recorded_for_review() {
    for status in [Cancelled, Rejected, Refunded, PendingApproval, Stale] {
        let d = settle(&case(calendar_lead(status)), &paid_report());
        assert_eq!(d.outcome, EventOutcome::Review, "{status}");
        assert!(d.changes.transitions.is_empty(), "{status}");
        let payment = paid(&d);
        assert_eq!(payment.status, PaymentStatus::Paid);
        assert!(payment.requires_review);
        assert_eq!(
            payment.review_reason.as_deref(),
            Some(format!("lead_not_payable:{status}").as_str())
        );
        assert!(client_messages(&d.changes).is_empty());
        assert_eq!(
            artist_messages(&d.changes),
            [vec![MessageId::ARTIST_PAYMENT_REVIEW]]
        );
        assert_eq!(
            event_types(&d.changes),
            [("stripe.unexpected_payment".to_owned(), "ERROR")]
        );
        assert!(d.writes.holds.is_empty());
    }
}

#[test]
fn a_second_deposit_is_a_duplicate_payment() {
    let mut case = case(calendar_lead(AwaitingDeposit));
    let mut first = payment(100, PaymentStatus::Paid);
    first.hold_id = None;
    case.others.push(first);
    let d = settle(&case, &paid_report());
    assert_eq!(d.outcome, EventOutcome::Review);
    assert_eq!(paid(&d).review_reason.as_deref(), Some("duplicate_payment"));
    assert!(d.changes.transitions.is_empty());
    assert!(!needs_fresh_hold(&case));
}

#[test]
fn an_amount_or_currency_mismatch_hands_the_lead_over_without_booking() {
    let mut wrong_amount = paid_report();
    wrong_amount.amount_total = Some(10_000);
    let mut wrong_currency = paid_report();
    wrong_currency.currency = Some(Currency::EUR);
    let mut nothing_to_pay = paid_report();
    nothing_to_pay.payment = SessionPayment::NoPaymentRequired;
    for (report, code) in [
        (wrong_amount, "amount_mismatch"),
        (wrong_currency, "currency_mismatch"),
        (nothing_to_pay, "no_payment_required"),
    ] {
        let d = settle(&case(calendar_lead(AwaitingDeposit)), &report);
        assert_eq!(d.outcome, EventOutcome::Review, "{code}");
        let payment = paid(&d);
        assert_eq!(payment.status, PaymentStatus::Mismatch);
        assert_eq!(payment.review_reason.as_deref(), Some(code));
        assert_eq!(moves(&d.changes), [(AwaitingDeposit, NeedsArtistReply)]);
        assert_eq!(
            d.changes.lead.handover().map(|h| h.reason_code),
            Some(HandoverReason::PaymentReview)
        );
        assert_eq!(
            event_types(&d.changes),
            [("stripe.payment_mismatch".to_owned(), "ERROR")]
        );
        assert_eq!(
            artist_messages(&d.changes),
            [vec![MessageId::ARTIST_PAYMENT_REVIEW]]
        );
        assert!(d.writes.holds.is_empty(), "no booking");
        assert!(client_messages(&d.changes).is_empty());
    }
}

#[test]
fn a_mismatch_during_a_handover_adds_to_it_without_a_transition() {
    let lead = handed_over(
        AwaitingDeposit,
        HandoverReason::HumanRequest,
        crate::model::BookingMode::Calendar,
    );
    let mut report = paid_report();
    report.amount_total = Some(1);
    let d = settle(&case(lead), &report);
    assert!(d.changes.transitions.is_empty());
    let handover = d.changes.lead.handover().unwrap();
    assert!(
        handover.reason.contains("instead of"),
        "{}",
        handover.reason
    );
}

#[test]
fn an_unpaid_completion_is_processing_and_keeps_the_time_longer() {
    let mut report = paid_report();
    report.payment = SessionPayment::Unpaid;
    let d = settle(&case(calendar_lead(AwaitingDeposit)), &report);
    assert_eq!(paid(&d).status, PaymentStatus::Processing);
    assert_eq!(
        d.writes.holds,
        [HoldWrite::Extend {
            hold_id: HOLD,
            until: now() + chrono::TimeDelta::hours(72)
        }]
    );
    assert_eq!(
        client_messages(&d.changes),
        [vec![MessageId::PAYMENT_PROCESSING]]
    );
    assert!(d.changes.transitions.is_empty());
    // The async success then books it.
    let mut later = case(calendar_lead(AwaitingDeposit));
    later.payment.status = PaymentStatus::Processing;
    assert_eq!(settle(&later, &paid_report()).status(), Booked);
}

#[test]
fn another_event_for_a_paid_session_changes_nothing() {
    let mut case = case(calendar_lead(Booked));
    case.payment.status = PaymentStatus::Paid;
    let d = settle(&case, &paid_report());
    assert_eq!(d.outcome, EventOutcome::Duplicate);
    assert!(d.writes.payments.is_empty() && d.writes.holds.is_empty());
    assert!(d.changes.outbound.is_empty() && d.changes.events.is_empty());
}

#[test]
fn paying_an_older_session_books_it_and_expires_the_newer_one() {
    let mut case = case(calendar_lead(AwaitingDeposit));
    case.payment.status = PaymentStatus::Cancelled;
    case.holds = vec![hold(HOLD, HoldState::Released), newer_hold()];
    let mut newer = payment(118, PaymentStatus::Open);
    newer.hold_id = Some(56);
    newer.created_at = case.payment.created_at + chrono::TimeDelta::minutes(5);
    case.others.push(newer);
    let slot = SlotFacts {
        spare_hold_id: Some(77),
        taken: false,
    };
    let d = settle_checkout(&case, &paid_report(), slot, &rules(), now());
    assert_eq!(d.status(), Booked);
    assert_eq!(
        d.writes.holds,
        [
            HoldWrite::Release {
                hold_id: 56,
                reason: release_reason::SUPERSEDED
            },
            HoldWrite::Reinsert {
                new_id: 77,
                from_hold: HOLD
            }
        ]
    );
    assert!(d.changes.jobs.contains(&JobRequest::StripeExpireSession {
        lead_id: LeadId(42),
        payment_id: 118
    }));
}

fn newer_hold() -> HoldRecord {
    let mut newer = hold(56, HoldState::Held);
    newer.start += chrono::TimeDelta::days(1);
    newer.end += chrono::TimeDelta::days(1);
    newer
}

#[test]
fn a_payment_during_a_handover_moves_the_lead_on_and_repeats_the_reason() {
    let lead = handed_over(
        AwaitingDeposit,
        HandoverReason::HumanRequest,
        crate::model::BookingMode::Calendar,
    );
    let d = settle(&case(lead), &paid_report());
    assert_eq!(
        moves(&d.changes),
        [(NeedsArtistReply, DepositPaid), (DepositPaid, Booked)]
    );
    let notice = d
        .changes
        .outbound
        .iter()
        .find(|m| m.recipient == Recipient::Artist)
        .unwrap();
    assert!(matches!(
        notice.parts[0].param("summary"),
        Some(crate::consultation::Param::Plain(s)) if s.contains("test handover")
    ));
}

#[test]
fn a_lead_handed_over_before_approval_cannot_take_a_payment() {
    let lead = handed_over(
        PendingApproval,
        HandoverReason::HumanRequest,
        crate::model::BookingMode::Calendar,
    );
    let d = settle(&case(lead), &paid_report());
    assert_eq!(d.outcome, EventOutcome::Review);
    assert!(d.changes.transitions.is_empty());
}

#[test]
fn an_unknown_session_of_a_known_lead_is_recorded_for_review() {
    let lead = calendar_lead(AwaitingDeposit);
    let (changes, row) = unknown_session(
        &lead,
        crate::status::PaymentFacts::NONE,
        "Alex",
        &paid_report(),
        now(),
    );
    let row = row.unwrap();
    assert_eq!(row.amount, Money::gbp(15_000));
    assert_eq!(row.review_reason, "unknown_session");
    assert_eq!(
        artist_messages(&changes),
        [vec![MessageId::ARTIST_PAYMENT_REVIEW]]
    );
    assert!(changes.transitions.is_empty());
    let mut free = paid_report();
    free.amount_total = Some(0);
    assert!(
        unknown_session(
            &lead,
            crate::status::PaymentFacts::NONE,
            "Alex",
            &free,
            now()
        )
        .1
        .is_none()
    );
}

use crate::model::Money;
