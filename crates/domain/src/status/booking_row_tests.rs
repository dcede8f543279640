//! One test per row of the transition table (consultation.md §3.2), each with the row's triggers and
//! actors, on a lead for which the row's guards hold: the rows from slot offering to refund.

use super::TransitionReason as R;
use super::test_support::*;
use crate::model::{Actor, HandoverReason as H, LeadStatus, StrikeField};

use Actor::*;
use LeadStatus::*;

#[test]
fn row_awaiting_slot_to_awaiting_deposit_when_a_slot_is_picked() {
    moves(
        calendar_lead(AwaitingSlot),
        AwaitingDeposit,
        cause(R::SlotPicked, Client),
    );
}

#[test]
fn row_awaiting_slot_to_collecting_time_windows_without_offerable_slots() {
    moves(
        calendar_lead(AwaitingSlot),
        CollectingTimeWindows,
        cause(R::NoFreeSlots, System),
    );
    moves(
        calendar_lead(AwaitingSlot),
        CollectingTimeWindows,
        cause(R::NoneSuit, Client),
    );
    moves(
        calendar_lead(AwaitingSlot),
        CollectingTimeWindows,
        cause(R::CalendarUnavailable, System),
    );
}

#[test]
fn row_awaiting_slot_to_deposit_paid_on_late_payment() {
    moves(
        calendar_lead(AwaitingSlot),
        DepositPaid,
        paid_cause(R::PaymentConfirmed, Stripe),
    );
}

#[test]
fn row_awaiting_slot_to_handover_rejected_cancelled_abandoned_or_optout() {
    let third_failure = handover(H::ParseFailure(StrikeField::Slot));
    moves(
        calendar_lead(AwaitingSlot),
        NeedsArtistReply,
        cause(third_failure, Client),
    );
    moves(
        calendar_lead(AwaitingSlot),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(
        calendar_lead(AwaitingSlot),
        Cancelled,
        cause(R::Cancel, Admin),
    );
    moves(
        calendar_lead(AwaitingSlot),
        Abandoned,
        cause(R::ClientSilent, Scheduler),
    );
    moves(
        calendar_lead(AwaitingSlot),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_collecting_time_windows_to_needs_artist_reply_when_windows_collected() {
    moves(
        calendar_lead(CollectingTimeWindows),
        NeedsArtistReply,
        cause(handover(H::TimeWindows), Client),
    );
    moves(
        calendar_lead(CollectingTimeWindows),
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
    );
}

#[test]
fn row_collecting_time_windows_to_awaiting_slot_when_artist_offers_slots() {
    moves(
        calendar_lead(CollectingTimeWindows),
        AwaitingSlot,
        cause(R::SlotsOffered, Admin),
    );
}

#[test]
fn row_collecting_time_windows_to_deposit_paid_on_late_payment() {
    moves(
        calendar_lead(CollectingTimeWindows),
        DepositPaid,
        paid_cause(R::PaymentConfirmed, Stripe),
    );
}

#[test]
fn row_collecting_time_windows_to_rejected_cancelled_abandoned_or_optout() {
    moves(
        calendar_lead(CollectingTimeWindows),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(
        calendar_lead(CollectingTimeWindows),
        Cancelled,
        cause(R::Cancel, Admin),
    );
    moves(
        calendar_lead(CollectingTimeWindows),
        Abandoned,
        cause(R::ClientSilent, Scheduler),
    );
    moves(
        calendar_lead(CollectingTimeWindows),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_awaiting_deposit_to_deposit_paid_on_payment() {
    moves(
        calendar_lead(AwaitingDeposit),
        DepositPaid,
        paid_cause(R::PaymentConfirmed, Stripe),
    );
}

#[test]
fn row_awaiting_deposit_to_deposit_expired_on_expiry_or_failed_async_payment() {
    moves(
        calendar_lead(AwaitingDeposit),
        DepositExpired,
        cause(R::DepositExpired, Stripe),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        DepositExpired,
        cause(R::DepositExpired, Scheduler),
    );
    moves(
        manual_lead(AwaitingDeposit),
        DepositExpired,
        cause(R::PaymentFailed, Stripe),
    );
}

#[test]
fn row_awaiting_deposit_to_awaiting_slot_for_other_times_conflicts_offers_or_failed_payment() {
    moves(
        calendar_lead(AwaitingDeposit),
        AwaitingSlot,
        cause(R::OtherTimes, Client),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        AwaitingSlot,
        cause(R::CalendarConflict, System),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        AwaitingSlot,
        cause(R::LinkWindowTooShort, System),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        AwaitingSlot,
        cause(R::SlotsOffered, Admin),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        AwaitingSlot,
        cause(R::PaymentFailed, Stripe),
    );
}

#[test]
fn row_awaiting_deposit_to_handover_rejected_cancelled_or_optout() {
    moves(
        calendar_lead(AwaitingDeposit),
        NeedsArtistReply,
        cause(handover(H::PaymentLinkFailed), System),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        NeedsArtistReply,
        cause(handover(H::CancelRequest), Client),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        Cancelled,
        cause(R::Cancel, Admin),
    );
    moves(
        calendar_lead(AwaitingDeposit),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_deposit_expired_to_awaiting_slot_on_reoffer_in_calendar_mode() {
    moves(
        calendar_lead(DepositExpired),
        AwaitingSlot,
        cause(R::Reoffer, System),
    );
    moves(
        calendar_lead(DepositExpired),
        AwaitingSlot,
        cause(R::Reoffer, Client),
    );
    moves(
        calendar_lead(DepositExpired),
        AwaitingSlot,
        cause(R::SlotsOffered, Admin),
    );
}

#[test]
fn row_deposit_expired_to_awaiting_deposit_when_link_reissued_in_manual_mode() {
    moves(
        manual_lead(DepositExpired),
        AwaitingDeposit,
        cause(R::LinkReissued, Client),
    );
    moves(
        manual_lead(DepositExpired),
        AwaitingDeposit,
        cause(R::LinkReissued, Artist),
    );
}

#[test]
fn row_deposit_expired_to_deposit_paid_on_late_payment() {
    moves(
        manual_lead(DepositExpired),
        DepositPaid,
        paid_cause(R::PaymentConfirmed, Stripe),
    );
}

#[test]
fn row_deposit_expired_to_handover_rejected_cancelled_abandoned_or_optout() {
    moves(
        manual_lead(DepositExpired),
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
    );
    moves(
        manual_lead(DepositExpired),
        Rejected,
        cause(R::Reject, Artist),
    );
    moves(
        manual_lead(DepositExpired),
        Cancelled,
        cause(R::Cancel, Admin),
    );
    moves(
        manual_lead(DepositExpired),
        Abandoned,
        cause(R::ClientSilent, Scheduler),
    );
    moves(
        manual_lead(DepositExpired),
        OptOut,
        cause(R::OptOut, Client),
    );
}

#[test]
fn row_deposit_paid_to_booked_on_hold_confirmed_pick_or_mark_booked() {
    moves(
        calendar_lead(DepositPaid),
        Booked,
        paid_cause(R::HoldConfirmed, Stripe),
    );
    moves(
        calendar_lead(DepositPaid),
        Booked,
        paid_cause(R::SlotPicked, Client),
    );
    moves(
        manual_lead(DepositPaid),
        Booked,
        paid_cause(R::MarkBooked, Artist),
    );
}

#[test]
fn row_deposit_paid_to_booking_pending_in_manual_mode_or_by_booking_link() {
    moves(
        manual_lead(DepositPaid),
        BookingPending,
        paid_cause(R::PaymentConfirmed, Stripe),
    );
    // README Clarifications: send-booking-link works whatever the booking mode.
    moves(
        calendar_lead(DepositPaid),
        BookingPending,
        paid_cause(R::BookingLinkSent, Admin),
    );
}

#[test]
fn row_deposit_paid_to_handover_cancelled_or_refunded() {
    moves(
        calendar_lead(DepositPaid),
        NeedsArtistReply,
        cause(handover(H::PaidNoSlot), System),
    );
    moves(
        calendar_lead(DepositPaid),
        Cancelled,
        paid_cause(R::Cancel, Admin),
    );
    moves(calendar_lead(DepositPaid), Refunded, refund_recorded());
}

#[test]
fn row_booking_pending_to_booked_on_mark_booked() {
    moves(
        manual_lead(BookingPending),
        Booked,
        paid_cause(R::MarkBooked, Admin),
    );
}

#[test]
fn row_booking_pending_to_handover_cancelled_or_refunded() {
    moves(
        manual_lead(BookingPending),
        NeedsArtistReply,
        cause(handover(H::RescheduleRequest), Client),
    );
    moves(
        manual_lead(BookingPending),
        Cancelled,
        paid_cause(R::Cancel, Artist),
    );
    moves(manual_lead(BookingPending), Refunded, refund_recorded());
}

#[test]
fn row_booked_to_needs_artist_reply_on_reschedule_or_other_handover() {
    moves(
        calendar_lead(Booked),
        NeedsArtistReply,
        cause(handover(H::RescheduleRequest), Client),
    );
    moves(
        calendar_lead(Booked),
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
    );
}

#[test]
fn row_booked_to_cancelled_by_artist_or_admin() {
    moves(
        calendar_lead(Booked),
        Cancelled,
        paid_cause(R::Cancel, Artist),
    );
    moves(
        calendar_lead(Booked),
        Cancelled,
        paid_cause(R::Cancel, Admin),
    );
}

#[test]
fn row_cancelled_to_refunded_on_full_refund() {
    moves(calendar_lead(Cancelled), Refunded, refund_recorded());
}
