//! One test per row of the transition table (consultation.md §3.2), each with the row's triggers and
//! actors, on a lead for which the row's guards hold: the rows up to approval, and those of the resumable and closed
//! statuses.

use super::test_support::*;
use super::{PaymentFacts, TransitionCause, TransitionReason as R, transition};
use crate::model::{Actor, BookingMode, HandoverReason as H, LeadStatus, StrikeField};

use Actor::*;
use BookingMode::{Calendar, Manual};
use LeadStatus::*;

#[test]
fn row_new_to_qualifying_on_first_message() {
    moves(
        calendar_lead(New),
        Qualifying,
        cause(R::FirstMessage, Client),
    );
}

#[test]
fn row_qualifying_to_pending_approval_on_completion() {
    moves(
        calendar_lead(Qualifying),
        PendingApproval,
        cause(R::Completed, Client),
    );
}

#[test]
fn row_qualifying_to_needs_artist_reply_on_handover_or_cover_up() {
    moves(
        calendar_lead(Qualifying),
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
    );
    moves(
        calendar_lead(Qualifying),
        NeedsArtistReply,
        cause(handover(H::CoverUp), Client),
    );
}

#[test]
fn row_qualifying_to_needs_follow_up_on_budget_below_minimum() {
    moves(
        calendar_lead(Qualifying),
        NeedsFollowUp,
        cause(R::BudgetBelowMinimum, Client),
    );
}

#[test]
fn row_qualifying_to_tour_conversion_offered_when_city_not_served_with_options() {
    moves(
        calendar_lead(Qualifying),
        TourConversionOffered,
        cause(R::CityNotServed, Client),
    );
}

#[test]
fn row_qualifying_to_waitlisted_when_city_not_served_without_options() {
    moves(
        calendar_lead(Qualifying),
        Waitlisted,
        cause(R::CityNotServed, Client),
    );
}

#[test]
fn row_qualifying_to_rejected_by_artist_or_admin() {
    moves(
        calendar_lead(Qualifying),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(calendar_lead(Qualifying), Rejected, cause(R::Reject, Admin));
}

#[test]
fn row_qualifying_to_abandoned_after_silence() {
    moves(
        calendar_lead(Qualifying),
        Abandoned,
        cause(R::ClientSilent, Scheduler),
    );
}

#[test]
fn row_qualifying_to_optout_on_stop() {
    moves(calendar_lead(Qualifying), OptOut, cause(R::OptOut, Client));
}

#[test]
fn row_needs_artist_reply_to_return_status_on_resume() {
    for return_status in super::HANDOVER_RETURN_STATUSES {
        let lead = handed_over(return_status, H::HumanRequest, Calendar);
        let payments = if matches!(return_status, DepositPaid | BookingPending | Booked) {
            PaymentFacts::PAID
        } else {
            PaymentFacts::NONE
        };
        moves(
            lead,
            return_status,
            TransitionCause::new(R::Resume, Artist, payments),
        );
    }
    let resumable = handed_over(Qualifying, H::ParseFailure(StrikeField::Budget), Calendar);
    moves(resumable, Qualifying, cause(R::Resume, Client));
    moves(
        handed_over(AwaitingDeposit, H::CancelRequest, Manual),
        AwaitingDeposit,
        cause(R::Resume, Admin),
    );
}

#[test]
fn row_needs_artist_reply_to_awaiting_slot_or_deposit_on_approve_or_artist_offer() {
    let cover_up = || handed_over(PendingApproval, H::CoverUp, Calendar);
    moves(
        cover_up(),
        AwaitingSlot,
        cause(R::Approve(Calendar), Artist),
    );
    moves(
        cover_up(),
        AwaitingDeposit,
        cause(R::Approve(Manual), Admin),
    );
    moves(
        handed_over(AwaitingDeposit, H::CancelRequest, Calendar),
        AwaitingSlot,
        cause(R::SlotsOffered, Admin),
    );
}

#[test]
fn row_needs_artist_reply_to_deposit_paid_on_payment_or_offer_to_a_paid_lead() {
    let before_payment = handed_over(AwaitingDeposit, H::HumanRequest, Calendar);
    moves(
        before_payment,
        DepositPaid,
        paid_cause(R::PaymentConfirmed, Stripe),
    );
    let paid = handed_over(DepositPaid, H::HumanRequest, Calendar);
    moves(paid, DepositPaid, paid_cause(R::SlotsOffered, Admin));
}

#[test]
fn row_needs_artist_reply_to_booked_on_mark_booked_or_reschedule() {
    moves(
        handed_over(BookingPending, H::HumanRequest, Manual),
        Booked,
        paid_cause(R::MarkBooked, Artist),
    );
    moves(
        handed_over(Booked, H::RescheduleRequest, Calendar),
        Booked,
        paid_cause(R::Rescheduled, Admin),
    );
}

#[test]
fn row_needs_artist_reply_to_rejected_when_unpaid() {
    moves(
        handed_over(PendingApproval, H::CoverUp, Calendar),
        Rejected,
        cause(R::Reject, Artist),
    );
}

#[test]
fn row_needs_artist_reply_to_cancelled_when_approved() {
    moves(
        handed_over(AwaitingSlot, H::HumanRequest, Calendar),
        Cancelled,
        cause(R::Cancel, Admin),
    );
}

#[test]
fn row_needs_artist_reply_to_refunded_on_full_refund() {
    moves(
        handed_over(DepositPaid, H::RefundQuestion, Calendar),
        Refunded,
        refund_recorded(),
    );
}

#[test]
fn row_needs_artist_reply_to_optout_when_unpaid() {
    moves(
        handed_over(Qualifying, H::HumanRequest, Calendar),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_needs_follow_up_on_accepted_minimum_continues_completion() {
    for to in [PendingApproval, TourConversionOffered, Waitlisted] {
        moves(
            calendar_lead(NeedsFollowUp),
            to,
            cause(R::BudgetAccepted, Client),
        );
    }
}

#[test]
fn row_needs_follow_up_to_awaiting_slot_or_deposit_on_approve() {
    moves(
        calendar_lead(NeedsFollowUp),
        AwaitingSlot,
        cause(R::Approve(Calendar), Artist),
    );
    moves(
        calendar_lead(NeedsFollowUp),
        AwaitingDeposit,
        cause(R::Approve(Manual), Admin),
    );
}

#[test]
fn row_needs_follow_up_to_needs_artist_reply_on_handover() {
    let third_failure = handover(H::ParseFailure(StrikeField::BudgetFollowUp));
    moves(
        calendar_lead(NeedsFollowUp),
        NeedsArtistReply,
        cause(third_failure, Client),
    );
}

#[test]
fn row_needs_follow_up_to_rejected_abandoned_or_optout() {
    moves(
        calendar_lead(NeedsFollowUp),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(
        calendar_lead(NeedsFollowUp),
        Abandoned,
        cause(R::ClientSilent, Scheduler),
    );
    moves(
        calendar_lead(NeedsFollowUp),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_tour_conversion_offered_to_pending_approval_when_accepted() {
    moves(
        calendar_lead(TourConversionOffered),
        PendingApproval,
        cause(R::TourAccepted, Client),
    );
}

#[test]
fn row_tour_conversion_offered_to_waitlisted_when_declined() {
    moves(
        calendar_lead(TourConversionOffered),
        Waitlisted,
        cause(R::TourDeclined, Client),
    );
}

#[test]
fn row_tour_conversion_offered_to_handover_rejected_abandoned_or_optout() {
    let unclear = handover(H::ParseFailure(StrikeField::TourChoice));
    moves(
        calendar_lead(TourConversionOffered),
        NeedsArtistReply,
        cause(unclear, Client),
    );
    moves(
        calendar_lead(TourConversionOffered),
        Rejected,
        cause(R::Reject, Admin),
    );
    moves(
        calendar_lead(TourConversionOffered),
        Abandoned,
        cause(R::ClientSilent, Scheduler),
    );
    moves(
        calendar_lead(TourConversionOffered),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_pending_approval_to_awaiting_slot_on_approve_in_calendar_mode() {
    moves(
        calendar_lead(PendingApproval),
        AwaitingSlot,
        cause(R::Approve(Calendar), Artist),
    );
}

#[test]
fn row_pending_approval_to_awaiting_deposit_on_approve_in_manual_mode() {
    moves(
        calendar_lead(PendingApproval),
        AwaitingDeposit,
        cause(R::Approve(Manual), Admin),
    );
}

#[test]
fn row_pending_approval_to_rejected_handover_stale_or_optout() {
    moves(
        calendar_lead(PendingApproval),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(
        calendar_lead(PendingApproval),
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
    );
    moves(
        calendar_lead(PendingApproval),
        Stale,
        cause(R::ApprovalUntouched, Scheduler),
    );
    moves(
        calendar_lead(PendingApproval),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_abandoned_to_return_status_when_the_client_writes() {
    for return_status in super::ABANDONED_RETURN_STATUSES {
        let mode = if return_status == DepositExpired {
            Manual
        } else {
            Calendar
        };
        moves(
            abandoned_from(return_status, mode),
            return_status,
            cause(R::ClientReturned, Client),
        );
    }
}

#[test]
fn row_stale_to_pending_approval_when_the_client_writes() {
    moves(
        calendar_lead(Stale),
        PendingApproval,
        cause(R::Reopened, Client),
    );
}

#[test]
fn row_stale_to_awaiting_slot_or_deposit_on_approve_or_rejected() {
    moves(
        calendar_lead(Stale),
        AwaitingSlot,
        cause(R::Approve(Calendar), Artist),
    );
    moves(
        calendar_lead(Stale),
        AwaitingDeposit,
        cause(R::Approve(Manual), Artist),
    );
    moves(calendar_lead(Stale), Rejected, cause(R::Reject, Admin));
}

#[test]
fn row_closed_statuses_never_move() {
    for closed in [Waitlisted, Rejected, Refunded, OptOut] {
        for to in LeadStatus::ALL {
            for reason in R::every_kind() {
                for actor in Actor::ALL {
                    let mut lead = calendar_lead(closed);
                    let before = lead.clone();
                    let result = transition(&mut lead, *to, cause(reason.clone(), *actor), later());
                    assert!(result.is_err(), "{closed} -> {to} by {}", reason.code());
                    assert_eq!(lead, before);
                }
            }
        }
    }
}
