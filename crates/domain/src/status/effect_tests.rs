//! Entry effects of `transition` (consultation.md §3.1 item 5, §13.3, §18).

use chrono::{DateTime, TimeDelta, Utc};

use super::test_support::*;
use super::{PaymentFacts, StatusHistoryEntry, TransitionCause, TransitionReason as R, transition};
use crate::model::{
    Actor, BookingMode, FunnelTimestamps, Handover, HandoverReason as H, Lead, LeadCooldown,
    LeadId, LeadStatus, StrikeField,
};

use Actor::*;
use LeadStatus::*;

fn apply(
    lead: &mut Lead,
    to: LeadStatus,
    cause: TransitionCause,
    at: DateTime<Utc>,
) -> StatusHistoryEntry {
    transition(lead, to, cause, at).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_history_entry_records_lead_statuses_reason_actor_and_time() {
    let mut lead = calendar_lead(New);
    let entry = apply(
        &mut lead,
        Qualifying,
        cause(R::FirstMessage, Client),
        later(),
    );
    assert_eq!(
        entry,
        StatusHistoryEntry {
            lead_id: LeadId(42),
            from: New,
            to: Qualifying,
            reason_code: "first_message".to_owned(),
            actor: Client,
            at: later(),
        }
    );
    let json = serde_json::to_value(&entry).unwrap();
    assert_eq!(json["from"], "NEW");
    assert_eq!(json["actor"], "client");
}

#[test]
fn qualifying_started_at_is_set_only_the_first_time() {
    let mut lead = calendar_lead(New);
    assert_eq!(lead.funnel().qualifying_started_at, None);
    apply(&mut lead, Qualifying, cause(R::FirstMessage, Client), t0());
    apply(
        &mut lead,
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
        later(),
    );
    apply(&mut lead, Qualifying, cause(R::Resume, Client), later());
    assert_eq!(lead.funnel().qualifying_started_at, Some(t0()));
    assert_eq!(lead.status_entered_at(), later());
}

type Column = fn(&FunnelTimestamps) -> Option<DateTime<Utc>>;

#[test]
fn entering_a_funnel_status_stamps_its_column() {
    let refunded = PaymentFacts {
        deposit_fully_refunded: true,
        ..PaymentFacts::NONE
    };
    let rows: Vec<(&str, Lead, LeadStatus, TransitionCause, Column)> = vec![
        (
            "pending_approval_at",
            calendar_lead(Qualifying),
            PendingApproval,
            cause(R::Completed, Client),
            |f| f.pending_approval_at,
        ),
        (
            "deposit_paid_at",
            calendar_lead(AwaitingDeposit),
            DepositPaid,
            paid_cause(R::PaymentConfirmed, Stripe),
            |f| f.deposit_paid_at,
        ),
        (
            "booking_pending_at",
            manual_lead(DepositPaid),
            BookingPending,
            paid_cause(R::PaymentConfirmed, Stripe),
            |f| f.booking_pending_at,
        ),
        (
            "booked_at",
            calendar_lead(DepositPaid),
            Booked,
            paid_cause(R::HoldConfirmed, Stripe),
            |f| f.booked_at,
        ),
        (
            "rejected_at",
            calendar_lead(PendingApproval),
            Rejected,
            cause(R::Reject, Artist),
            |f| f.rejected_at,
        ),
        (
            "cancelled_at",
            calendar_lead(Booked),
            Cancelled,
            paid_cause(R::Cancel, Admin),
            |f| f.cancelled_at,
        ),
        (
            "refunded_at",
            calendar_lead(Cancelled),
            Refunded,
            TransitionCause::new(R::RefundRecorded, Stripe, refunded),
            |f| f.refunded_at,
        ),
        (
            "needs_artist_reply_at",
            calendar_lead(Booked),
            NeedsArtistReply,
            cause(handover(H::RescheduleRequest), Client),
            |f| f.needs_artist_reply_at,
        ),
        (
            "needs_follow_up_at",
            calendar_lead(Qualifying),
            NeedsFollowUp,
            cause(R::BudgetBelowMinimum, Client),
            |f| f.needs_follow_up_at,
        ),
        (
            "abandoned_at",
            calendar_lead(Qualifying),
            Abandoned,
            cause(R::ClientSilent, Scheduler),
            |f| f.abandoned_at,
        ),
        (
            "stale_at",
            calendar_lead(PendingApproval),
            Stale,
            cause(R::ApprovalUntouched, Scheduler),
            |f| f.stale_at,
        ),
        (
            "waitlisted_at",
            calendar_lead(TourConversionOffered),
            Waitlisted,
            cause(R::TourDeclined, Client),
            |f| f.waitlisted_at,
        ),
        (
            "opted_out_at",
            calendar_lead(Qualifying),
            OptOut,
            cause(R::OptOut, Client),
            |f| f.opted_out_at,
        ),
    ];
    for (column_name, mut lead, to, cause, column) in rows {
        assert_eq!(column(lead.funnel()), None, "{column_name} before");
        apply(&mut lead, to, cause, later());
        assert_eq!(column(lead.funnel()), Some(later()), "{column_name}");
    }
}

#[test]
fn a_later_entry_restamps_the_column() {
    let mut lead = calendar_lead(Stale);
    assert_eq!(lead.funnel().pending_approval_at, None);
    apply(&mut lead, PendingApproval, cause(R::Reopened, Client), t0());
    apply(
        &mut lead,
        NeedsArtistReply,
        cause(handover(H::HumanRequest), Client),
        t0(),
    );
    apply(
        &mut lead,
        PendingApproval,
        cause(R::Resume, Artist),
        later(),
    );
    assert_eq!(lead.funnel().pending_approval_at, Some(later()));
}

#[test]
fn approval_records_approved_at_and_the_booking_mode() {
    let mut lead = calendar_lead(PendingApproval);
    assert_eq!(lead.booking_mode(), None);
    apply(
        &mut lead,
        AwaitingDeposit,
        cause(R::Approve(BookingMode::Manual), Artist),
        later(),
    );
    assert_eq!(lead.funnel().approved_at, Some(later()));
    assert_eq!(lead.booking_mode(), Some(BookingMode::Manual));
}

#[test]
fn other_ways_into_awaiting_slot_do_not_count_as_approval() {
    let mut lead = calendar_lead(CollectingTimeWindows);
    apply(
        &mut lead,
        AwaitingSlot,
        cause(R::SlotsOffered, Admin),
        later(),
    );
    assert_eq!(lead.funnel().approved_at, Some(t0()));
}

#[test]
fn entering_a_handover_stores_it_remembers_the_previous_status_and_starts_the_hold_cooldown() {
    let mut lead = calendar_lead(AwaitingSlot);
    let third_failure = Handover::new(H::ParseFailure(StrikeField::Slot), "three unclear replies");
    apply(
        &mut lead,
        NeedsArtistReply,
        cause(R::Handover(third_failure.clone()), Client),
        later(),
    );
    assert_eq!(lead.return_status(), Some(AwaitingSlot));
    assert_eq!(lead.handover(), Some(&third_failure));
    assert!(lead.handover().is_some_and(|h| h.resumable));
    assert_eq!(
        lead.conversation.cooldowns.last(LeadCooldown::HandoverHold),
        Some(later())
    );
    let hold = TimeDelta::hours(6);
    assert!(
        !lead
            .conversation
            .cooldowns
            .is_ready(LeadCooldown::HandoverHold, hold, later())
    );
}

#[test]
fn a_cover_up_handover_resumes_to_pending_approval_never_to_qualifying() {
    let mut lead = calendar_lead(Qualifying);
    lead.mark_qualifying_completed(t0());
    apply(
        &mut lead,
        NeedsArtistReply,
        cause(handover(H::CoverUp), Client),
        t0(),
    );
    assert_eq!(lead.return_status(), Some(PendingApproval));
    assert!(lead.handover().is_some_and(|h| !h.resumable));
    apply(
        &mut lead,
        PendingApproval,
        cause(R::Resume, Artist),
        later(),
    );
    assert_eq!(lead.status(), PendingApproval);
}

#[test]
fn leaving_a_handover_clears_the_return_status_and_the_handover() {
    let mut lead = handed_over(PendingApproval, H::HumanRequest, BookingMode::Calendar);
    apply(
        &mut lead,
        AwaitingSlot,
        cause(R::Approve(BookingMode::Calendar), Artist),
        later(),
    );
    assert_eq!(lead.return_status(), None);
    assert_eq!(lead.handover(), None);
}

#[test]
fn resuming_a_parse_failure_handover_resets_only_that_strike_counter() {
    let mut lead = handed_over(
        Qualifying,
        H::ParseFailure(StrikeField::Budget),
        BookingMode::Calendar,
    );
    lead.conversation
        .parse_failures
        .record_failure(StrikeField::Budget);
    lead.conversation
        .parse_failures
        .record_failure(StrikeField::Dimensions);
    apply(&mut lead, Qualifying, cause(R::Resume, Client), later());
    assert_eq!(
        lead.conversation.parse_failures.count(StrikeField::Budget),
        0
    );
    assert_eq!(
        lead.conversation
            .parse_failures
            .count(StrikeField::Dimensions),
        1
    );
}

#[test]
fn abandoning_remembers_the_previous_status_until_the_client_returns() {
    let mut lead = calendar_lead(CollectingTimeWindows);
    apply(
        &mut lead,
        Abandoned,
        cause(R::ClientSilent, Scheduler),
        t0(),
    );
    assert_eq!(lead.return_status(), Some(CollectingTimeWindows));
    apply(
        &mut lead,
        CollectingTimeWindows,
        cause(R::ClientReturned, Client),
        later(),
    );
    assert_eq!(lead.return_status(), None);
}

#[test]
fn entering_collecting_time_windows_starts_a_new_round_each_time() {
    let mut lead = calendar_lead(AwaitingSlot);
    apply(
        &mut lead,
        CollectingTimeWindows,
        cause(R::NoFreeSlots, System),
        t0(),
    );
    assert_eq!(lead.conversation.time_window_round, 1);
    apply(
        &mut lead,
        NeedsArtistReply,
        cause(handover(H::TimeWindows), Client),
        t0(),
    );
    apply(
        &mut lead,
        CollectingTimeWindows,
        cause(R::Resume, Artist),
        later(),
    );
    assert_eq!(lead.conversation.time_window_round, 2);
}

#[test]
fn entering_waitlisted_sets_the_waitlisted_flag() {
    let mut lead = calendar_lead(Qualifying);
    apply(
        &mut lead,
        Waitlisted,
        cause(R::CityNotServed, Client),
        later(),
    );
    assert!(lead.interpretation.waitlisted);
}

#[test]
fn chained_transitions_each_return_their_own_entry() {
    let mut lead = calendar_lead(AwaitingDeposit);
    let paid = apply(
        &mut lead,
        DepositPaid,
        paid_cause(R::PaymentConfirmed, Stripe),
        later(),
    );
    let booked = apply(
        &mut lead,
        Booked,
        paid_cause(R::HoldConfirmed, Stripe),
        later(),
    );
    assert_eq!((paid.from, paid.to), (AwaitingDeposit, DepositPaid));
    assert_eq!((booked.from, booked.to), (DepositPaid, Booked));
    assert_eq!(lead.funnel().deposit_paid_at, Some(later()));
    assert_eq!(lead.funnel().booked_at, Some(later()));
}

#[test]
fn a_handover_reason_code_is_the_history_reason_code() {
    let mut lead = calendar_lead(AwaitingDeposit);
    let entry = apply(
        &mut lead,
        NeedsArtistReply,
        cause(handover(H::PaymentLinkFailed), System),
        later(),
    );
    assert_eq!(entry.reason_code, "PAYMENT_LINK_FAILED");
    assert_eq!(entry.actor, System);
}
