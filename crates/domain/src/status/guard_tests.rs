//! Guards (consultation.md §3.3), refused transitions and their error texts.

use super::test_support::*;
use super::{
    Guard, PaymentFacts, TransitionCause, TransitionError, TransitionReason as R, check_transition,
    transition,
};
use crate::model::{Actor, BookingMode, HandoverReason as H, Lead, LeadStatus, StatusRecord};

use Actor::*;
use BookingMode::{Calendar, Manual};
use LeadStatus::*;

/// Attempts the move, asserts it was refused without touching the lead, and returns the error.
#[track_caller]
fn refused(mut lead: Lead, to: LeadStatus, cause: TransitionCause) -> TransitionError {
    let before = lead.clone();
    assert!(check_transition(&lead, to, &cause).is_err());
    let error = transition(&mut lead, to, cause, later()).expect_err("must be refused");
    assert_eq!(lead, before, "a refused transition changed the lead");
    error
}

#[track_caller]
fn guard_of(error: TransitionError) -> Guard {
    match error {
        TransitionError::GuardFailed { guard, .. } => guard,
        other => panic!("expected a guard failure, got: {other}"),
    }
}

fn with_payments(reason: R, actor: Actor, payments: PaymentFacts) -> TransitionCause {
    TransitionCause::new(reason, actor, payments)
}

fn restored(state: StatusRecord) -> Lead {
    Lead::restore(
        crate::model::LeadId(42),
        crate::model::ArtistId::default(),
        crate::model::ContactId(17),
        t0(),
        state,
    )
    .unwrap()
}

#[test]
fn g1_approve_needs_a_completed_consultation() {
    let mut state = calendar_lead(PendingApproval).status_record().clone();
    state.funnel.qualifying_completed_at = None;
    let error = refused(
        restored(state),
        AwaitingSlot,
        cause(R::Approve(Calendar), Artist),
    );
    assert_eq!(guard_of(error), Guard::Approve);
}

#[test]
fn g1_approve_refuses_a_lead_already_approved() {
    let approved_then_handed_over = handed_over(AwaitingSlot, H::HumanRequest, Calendar);
    let error = refused(
        approved_then_handed_over,
        AwaitingSlot,
        cause(R::Approve(Calendar), Artist),
    );
    assert_eq!(guard_of(error), Guard::Approve);
}

#[test]
fn g1_approve_refuses_a_lead_with_a_paid_deposit() {
    let error = refused(
        calendar_lead(PendingApproval),
        AwaitingDeposit,
        paid_cause(R::Approve(Manual), Admin),
    );
    assert!(
        error.to_string().ends_with(
            "PENDING_APPROVAL to AWAITING_DEPOSIT: guard G1 approve does not hold (a deposit is already paid)"
        ),
        "{error}"
    );
    assert_eq!(guard_of(error), Guard::Approve);
}

#[test]
fn g2_unpaid_blocks_reject_and_opt_out_once_money_is_taken() {
    let money_taken = [
        PaymentFacts::PAID,
        PaymentFacts {
            processing: true,
            ..PaymentFacts::NONE
        },
        PaymentFacts {
            partially_refunded: true,
            ..PaymentFacts::NONE
        },
    ];
    for payments in money_taken {
        let reject = with_payments(R::Reject, Artist, payments);
        assert_eq!(
            guard_of(refused(calendar_lead(AwaitingDeposit), Rejected, reject)),
            Guard::Unpaid
        );
        let stop = with_payments(R::OptOut, Client, payments);
        assert_eq!(
            guard_of(refused(calendar_lead(AwaitingSlot), OptOut, stop)),
            Guard::Unpaid
        );
    }
}

#[test]
fn g2_applies_to_a_handover_too() {
    let paid_handover = handed_over(AwaitingDeposit, H::PaymentReview, Calendar);
    let error = refused(paid_handover, Rejected, paid_cause(R::Reject, Admin));
    assert!(
        error.to_string().contains("cancel the lead instead"),
        "{error}"
    );
}

#[test]
fn g3_mark_booked_needs_a_paid_payment() {
    let error = refused(
        manual_lead(BookingPending),
        Booked,
        cause(R::MarkBooked, Artist),
    );
    assert_eq!(guard_of(error), Guard::Paid);
    let handover = handed_over(BookingPending, H::HumanRequest, Manual);
    assert_eq!(
        guard_of(refused(handover, Booked, cause(R::MarkBooked, Admin))),
        Guard::Paid
    );
}

#[test]
fn g4_cancel_needs_an_approved_lead() {
    let unapproved = handed_over(PendingApproval, H::HumanRequest, Calendar);
    let error = refused(unapproved, Cancelled, cause(R::Cancel, Admin));
    assert_eq!(guard_of(error.clone()), Guard::Cancellable);
    assert!(error.to_string().contains("reject it instead"));
}

#[test]
fn g5_refunded_needs_the_full_deposit_back() {
    let partial = with_payments(
        R::RefundRecorded,
        Stripe,
        PaymentFacts {
            partially_refunded: true,
            ..PaymentFacts::NONE
        },
    );
    assert_eq!(
        guard_of(refused(calendar_lead(Cancelled), Refunded, partial)),
        Guard::Refunded
    );
}

#[test]
fn g6_calendar_keeps_manual_leads_out_of_slot_statuses() {
    let error = refused(
        manual_lead(DepositExpired),
        AwaitingSlot,
        cause(R::Reoffer, Client),
    );
    assert_eq!(guard_of(error), Guard::Calendar);
    let manual_handover = handed_over(AwaitingDeposit, H::CancelRequest, Manual);
    let offer = refused(manual_handover, AwaitingSlot, cause(R::SlotsOffered, Admin));
    assert_eq!(guard_of(offer), Guard::Calendar);
    let abandoned = abandoned_from(AwaitingSlot, Manual);
    assert_eq!(
        guard_of(refused(
            abandoned,
            AwaitingSlot,
            cause(R::ClientReturned, Client)
        )),
        Guard::Calendar
    );
}

#[test]
fn only_the_artist_resumes_a_handover_the_client_cannot_resume() {
    let cancel_request = || handed_over(Booked, H::CancelRequest, Calendar);
    let error = refused(cancel_request(), Booked, cause(R::Resume, Client));
    assert_eq!(guard_of(error), Guard::ClientResume);
    let mut lead = cancel_request();
    assert!(transition(&mut lead, Booked, cause(R::Resume, Artist), later()).is_ok());
}

#[test]
fn self_transitions_are_refused_naming_the_allowed_statuses() {
    let error = refused(
        calendar_lead(Booked),
        Booked,
        paid_cause(R::MarkBooked, Admin),
    );
    assert_eq!(
        error.to_string(),
        "lead #42 is already BOOKED; allowed from BOOKED: NEEDS_ARTIST_REPLY, CANCELLED"
    );
    let handover = handed_over(AwaitingSlot, H::HumanRequest, Calendar);
    let again = refused(
        handover,
        NeedsArtistReply,
        cause(super::test_support::handover(H::PaymentReview), Stripe),
    );
    assert!(
        matches!(again, TransitionError::SelfTransition { .. }),
        "{again}"
    );
}

#[test]
fn pairs_outside_the_table_are_refused_naming_the_allowed_statuses() {
    let error = refused(
        calendar_lead(Qualifying),
        Booked,
        paid_cause(R::MarkBooked, Admin),
    );
    assert_eq!(
        error.to_string(),
        "lead #42 cannot move from QUALIFYING to BOOKED; allowed from QUALIFYING: PENDING_APPROVAL, \
         NEEDS_ARTIST_REPLY, NEEDS_FOLLOW_UP, TOUR_CONVERSION_OFFERED, WAITLISTED, REJECTED, ABANDONED, OPTOUT"
    );
}

#[test]
fn a_closed_lead_names_no_allowed_status() {
    let error = refused(
        calendar_lead(Refunded),
        Booked,
        paid_cause(R::MarkBooked, Admin),
    );
    assert!(
        error.to_string().ends_with("allowed from REFUNDED: none"),
        "{error}"
    );
}

#[test]
fn representative_forbidden_moves_are_refused() {
    let forbidden = [
        (New, PendingApproval),
        (Qualifying, AwaitingSlot),
        (PendingApproval, Booked),
        (PendingApproval, Cancelled),
        (AwaitingSlot, Booked),
        (AwaitingDeposit, Abandoned),
        (DepositPaid, Rejected),
        (DepositPaid, OptOut),
        (Booked, Refunded),
        (Booked, Rejected),
        (Cancelled, Booked),
        (Stale, Qualifying),
        (Abandoned, PendingApproval),
    ];
    for (from, to) in forbidden {
        for reason in R::every_kind() {
            for actor in Actor::ALL {
                let mut lead = calendar_lead(from);
                let before = lead.clone();
                let error = transition(
                    &mut lead,
                    to,
                    TransitionCause::new(reason.clone(), *actor, PaymentFacts::PAID),
                    later(),
                );
                assert!(error.is_err(), "{from} -> {to} by {}", reason.code());
                assert_eq!(lead, before);
            }
        }
    }
}

#[test]
fn a_handover_returns_only_to_its_own_return_status() {
    let lead = handed_over(AwaitingSlot, H::HumanRequest, Calendar);
    let error = refused(lead, Qualifying, cause(R::Resume, Artist));
    assert_eq!(
        error.to_string(),
        "lead #42 cannot move from NEEDS_ARTIST_REPLY to QUALIFYING; allowed from NEEDS_ARTIST_REPLY: \
         AWAITING_SLOT, AWAITING_DEPOSIT, DEPOSIT_PAID, BOOKED, REJECTED, CANCELLED, REFUNDED, OPTOUT"
    );
}

#[test]
fn a_trigger_from_another_row_is_refused_naming_where_it_leads() {
    let lead = handed_over(PendingApproval, H::HumanRequest, Calendar);
    let error = refused(lead, PendingApproval, cause(R::Approve(Calendar), Artist));
    assert_eq!(
        error.to_string(),
        "lead #42 cannot move from NEEDS_ARTIST_REPLY to PENDING_APPROVAL by `approve`; \
         `approve` from NEEDS_ARTIST_REPLY allows: AWAITING_SLOT"
    );
    let wrong_mode = refused(
        calendar_lead(PendingApproval),
        AwaitingSlot,
        cause(R::Approve(Manual), Artist),
    );
    assert!(
        matches!(wrong_mode, TransitionError::WrongTrigger { .. }),
        "{wrong_mode}"
    );
}

#[test]
fn reschedule_from_a_handover_needs_a_booked_return_status() {
    let paid_not_booked = handed_over(DepositPaid, H::HumanRequest, Calendar);
    let error = refused(paid_not_booked, Booked, paid_cause(R::Rescheduled, Admin));
    assert!(
        matches!(error, TransitionError::WrongTrigger { .. }),
        "{error}"
    );
}

#[test]
fn an_actor_outside_the_trigger_row_is_refused() {
    let error = refused(
        calendar_lead(PendingApproval),
        Rejected,
        cause(R::Reject, Client),
    );
    assert_eq!(
        error.to_string(),
        "lead #42 cannot move from PENDING_APPROVAL to REJECTED: `reject` is not done by client (only by artist, admin)"
    );
    let stop = refused(calendar_lead(Qualifying), OptOut, cause(R::OptOut, Admin));
    assert!(matches!(stop, TransitionError::WrongActor { .. }), "{stop}");
    let sweep = refused(
        calendar_lead(Qualifying),
        Abandoned,
        cause(R::ClientSilent, Client),
    );
    assert!(
        matches!(sweep, TransitionError::WrongActor { .. }),
        "{sweep}"
    );
}

#[test]
fn check_transition_agrees_with_transition_and_changes_nothing() {
    let lead = calendar_lead(PendingApproval);
    let approve = cause(R::Approve(Calendar), Artist);
    assert_eq!(check_transition(&lead, AwaitingSlot, &approve), Ok(()));
    assert_eq!(lead.status(), PendingApproval);
    let mut moved = lead.clone();
    assert!(transition(&mut moved, AwaitingSlot, approve, later()).is_ok());
}
