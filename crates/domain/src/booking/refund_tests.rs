use super::*;
use crate::booking::test_fixtures::*;
use crate::status::test_support::calendar_lead;
use LeadStatus::*;

fn refund(amount_refunded: i64) -> RefundReport {
    RefundReport {
        payment_intent: "pi_test_1".to_owned(),
        amount: 15_000,
        amount_refunded,
    }
}

fn paid_case(status: LeadStatus) -> PaymentCase {
    let mut case = case(calendar_lead(status));
    case.payment.status = PaymentStatus::Paid;
    case
}

#[test]
fn a_full_refund_of_an_unbooked_deposit_refunds_the_lead() {
    for status in [Cancelled, DepositPaid, BookingPending] {
        let d = record_refund(&paid_case(status), &refund(15_000), &rules(), now());
        assert_eq!(moves(&d.changes), [(status, Refunded)], "{status}");
        let payment = &d.writes.payments[0];
        assert_eq!(payment.status, PaymentStatus::Refunded);
        assert_eq!(payment.amount_refunded_minor, 15_000);
        assert_eq!(payment.refunded_at, Some(now()));
        assert_eq!(
            client_messages(&d.changes),
            [vec![MessageId::REFUND_CONFIRMATION]]
        );
        assert_eq!(
            event_types(&d.changes),
            [("stripe.refund_recorded".to_owned(), "INFO")]
        );
    }
}

#[test]
fn a_refund_of_a_booking_only_tells_the_artist() {
    let d = record_refund(&paid_case(Booked), &refund(15_000), &rules(), now());
    assert!(d.changes.transitions.is_empty());
    assert_eq!(
        artist_messages(&d.changes),
        [vec![MessageId::ARTIST_REFUND_RECORDED]]
    );
    assert!(client_messages(&d.changes).is_empty());
}

#[test]
fn partial_and_out_of_order_refunds_keep_the_largest_total() {
    let d = record_refund(&paid_case(DepositPaid), &refund(5_000), &rules(), now());
    assert_eq!(
        d.writes.payments[0].status,
        PaymentStatus::PartiallyRefunded
    );
    assert!(d.changes.transitions.is_empty());

    let mut later = paid_case(DepositPaid);
    later.payment.status = PaymentStatus::PartiallyRefunded;
    later.payment.amount_refunded_minor = 10_000;
    let stale = record_refund(&later, &refund(5_000), &rules(), now());
    assert_eq!(stale.outcome, EventOutcome::Duplicate);
    assert!(stale.writes.payments.is_empty());
}

#[test]
fn refunding_a_reviewed_payment_clears_the_flag_and_leaves_the_lead() {
    let mut case = paid_case(DepositPaid);
    case.payment.flag_for_review("duplicate_payment");
    let d = record_refund(&case, &refund(15_000), &rules(), now());
    assert!(!d.writes.payments[0].requires_review);
    assert!(d.changes.transitions.is_empty());
}

#[test]
fn a_dispute_alerts_the_artist_without_a_status_change() {
    let dispute = DisputeReport {
        payment_intent: "pi_test_1".to_owned(),
        amount: 15_000,
        reason: Some("fraudulent".to_owned()),
    };
    let d = record_dispute(&paid_case(Booked), &dispute, &rules(), now());
    assert!(d.changes.transitions.is_empty());
    assert_eq!(
        event_types(&d.changes),
        [("stripe.dispute_created".to_owned(), "ERROR")]
    );
    assert_eq!(
        artist_messages(&d.changes),
        [vec![MessageId::ARTIST_PAYMENT_REVIEW]]
    );
}
