use super::*;
use crate::booking::records::HoldState;
use crate::booking::test_fixtures::*;
use crate::model::LeadId;
use crate::status::test_support::calendar_lead;
use LeadStatus::*;

fn request() -> CancelRequest {
    CancelRequest {
        reason: "client moving abroad".to_owned(),
        notify_client: true,
        requested_by: CancelledBy::Client,
    }
}

fn booked_case() -> CancelCase {
    let mut confirmed = hold(HOLD, HoldState::Confirmed);
    confirmed.calendar_event_id = Some("ink42h55".to_owned());
    confirmed.calendar_event_state = CalendarEventState::Created;
    CancelCase {
        lead: calendar_lead(Booked),
        payments: vec![payment(PAYMENT, PaymentStatus::Paid)],
        holds: vec![confirmed, hold(50, HoldState::Released)],
        client: "Alex".to_owned(),
    }
}

#[test]
fn cancelling_a_paid_booking_frees_the_time_and_deletes_the_event() {
    let d = cancel_lead(&booked_case(), &request(), Actor::Admin, &rules(), now()).unwrap();
    assert_eq!(moves(&d.changes), [(Booked, Cancelled)]);
    assert_eq!(d.writes.holds, [HoldWrite::Cancel { hold_id: HOLD }]);
    assert!(d.changes.jobs.contains(&JobRequest::CalendarDeleteEvent {
        lead_id: LeadId(42),
        hold_id: HOLD,
        event_id: "ink42h55".to_owned()
    }));
    assert_eq!(
        client_messages(&d.changes),
        [vec![MessageId::CANCELLED_BY_ARTIST]]
    );
    assert_eq!(
        artist_messages(&d.changes),
        [vec![MessageId::ARTIST_CANCELLED_PAID]]
    );
    assert!(d.deposit_paid && !d.refund_recorded);
    let admin = &d.changes.lead.admin;
    assert_eq!(admin.cancelled_by, Some(CancelledBy::Client));
    assert_eq!(
        admin.cancellation_reason.as_deref(),
        Some("client moving abroad")
    );
    assert_eq!(admin.last_admin_action.as_deref(), Some("cancel"));
    assert!(d.changes.lead.funnel().cancelled_at.is_some());
}

#[test]
fn cancelling_an_unpaid_lead_expires_its_open_session() {
    let case = CancelCase {
        lead: calendar_lead(AwaitingDeposit),
        payments: vec![payment(PAYMENT, PaymentStatus::Open)],
        holds: vec![hold(HOLD, HoldState::Held)],
        client: "Alex".to_owned(),
    };
    let quiet = CancelRequest {
        notify_client: false,
        ..request()
    };
    let d = cancel_lead(&case, &quiet, Actor::Admin, &rules(), now()).unwrap();
    assert_eq!(d.writes.payments[0].status, PaymentStatus::Cancelled);
    assert!(d.changes.jobs.contains(&JobRequest::StripeExpireSession {
        lead_id: LeadId(42),
        payment_id: PAYMENT
    }));
    assert_eq!(d.writes.holds, [HoldWrite::Cancel { hold_id: HOLD }]);
    assert!(d.changes.outbound.is_empty());
    assert!(!d.deposit_paid);
}

#[test]
fn cancel_needs_an_approved_lead_and_a_reason() {
    let mut case = booked_case();
    case.lead = calendar_lead(PendingApproval);
    assert!(matches!(
        cancel_lead(&case, &request(), Actor::Admin, &rules(), now()),
        Err(BookingRefusal::Status(_))
    ));
    let blank = CancelRequest {
        reason: "  ".to_owned(),
        ..request()
    };
    assert!(matches!(
        cancel_lead(&booked_case(), &blank, Actor::Admin, &rules(), now()),
        Err(BookingRefusal::Invalid(_))
    ));
    let long = CancelRequest {
        reason: "x".repeat(501),
        ..request()
    };
    assert!(cancel_lead(&booked_case(), &long, Actor::Admin, &rules(), now()).is_err());
}
