//! Leads in any state, for the status machine's tests.

use chrono::{DateTime, TimeZone, Utc};

use super::{PaymentFacts, TransitionCause, TransitionReason};
use crate::model::{
    Actor, ArtistId, BookingMode, ContactId, FunnelTimestamps, Handover, HandoverReason, Lead,
    LeadId, LeadStatus, StatusRecord,
};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 25, 14, 0, 0).unwrap()
}

pub fn later() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 26, 9, 30, 0).unwrap()
}

/// A lead at rest in `status`, entered at `t0`, with the history that status implies: qualification
/// complete from `PENDING_APPROVAL` on, approved in `mode` once past approval.
pub fn lead_in(status: LeadStatus, mode: BookingMode) -> Lead {
    use LeadStatus::*;
    let completed = !matches!(status, New | Qualifying);
    let approved = matches!(
        status,
        AwaitingSlot
            | CollectingTimeWindows
            | AwaitingDeposit
            | DepositExpired
            | DepositPaid
            | BookingPending
            | Booked
            | Cancelled
            | Refunded
    );
    let funnel = FunnelTimestamps {
        qualifying_started_at: (status != New).then(t0),
        qualifying_completed_at: completed.then(t0),
        approved_at: approved.then(t0),
        ..FunnelTimestamps::default()
    };
    let state = StatusRecord {
        status,
        status_entered_at: t0(),
        return_status: None,
        booking_mode: approved.then_some(mode),
        handover: None,
        funnel,
    };
    restore(state)
}

pub fn calendar_lead(status: LeadStatus) -> Lead {
    lead_in(status, BookingMode::Calendar)
}

pub fn manual_lead(status: LeadStatus) -> Lead {
    lead_in(status, BookingMode::Manual)
}

/// A lead handed over from `return_status` (approved in `mode` if that status is past approval).
pub fn handed_over(return_status: LeadStatus, reason: HandoverReason, mode: BookingMode) -> Lead {
    let base = lead_in(return_status, mode);
    let mut state = base.status_record().clone();
    state.status = LeadStatus::NeedsArtistReply;
    state.return_status = Some(return_status);
    state.handover = Some(Handover::new(reason, "test handover"));
    state.funnel.needs_artist_reply_at = Some(t0());
    restore(state)
}

/// A lead abandoned from `return_status`.
pub fn abandoned_from(return_status: LeadStatus, mode: BookingMode) -> Lead {
    let base = lead_in(return_status, mode);
    let mut state = base.status_record().clone();
    state.status = LeadStatus::Abandoned;
    state.return_status = Some(return_status);
    state.funnel.abandoned_at = Some(t0());
    restore(state)
}

fn restore(state: StatusRecord) -> Lead {
    Lead::restore(LeadId(42), ArtistId::default(), ContactId(17), t0(), state).unwrap()
}

pub fn cause(reason: TransitionReason, actor: Actor) -> TransitionCause {
    TransitionCause::new(reason, actor, PaymentFacts::NONE)
}

pub fn paid_cause(reason: TransitionReason, actor: Actor) -> TransitionCause {
    TransitionCause::new(reason, actor, PaymentFacts::PAID)
}

pub fn handover(reason: HandoverReason) -> TransitionReason {
    TransitionReason::Handover(Handover::new(reason, "test handover"))
}

/// Asserts that the move succeeds and is recorded as asked.
#[track_caller]
pub fn moves(mut lead: Lead, to: LeadStatus, cause: TransitionCause) {
    let from = lead.status();
    let reason_code = cause.reason.code();
    let entry = super::transition(&mut lead, to, cause, later())
        .unwrap_or_else(|error| panic!("{from} -> {to} by {reason_code}: {error}"));
    assert_eq!((entry.from, entry.to), (from, to));
    assert_eq!(entry.reason_code, reason_code);
    assert_eq!(lead.status(), to);
    assert_eq!(lead.status_entered_at(), later());
}

/// Stripe recorded a full refund of the paid deposit.
pub fn refund_recorded() -> TransitionCause {
    let payments = PaymentFacts {
        deposit_fully_refunded: true,
        ..PaymentFacts::NONE
    };
    TransitionCause::new(TransitionReason::RefundRecorded, Actor::Stripe, payments)
}
