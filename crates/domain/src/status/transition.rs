//! The one function that changes a lead's status (consultation.md §3.1).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::guards::{self, Guard, PaymentFacts};
use super::reason::TransitionReason;
use super::table;
use crate::model::{Actor, HandoverReason, Lead, LeadCooldown, LeadId, LeadStatus};

/// Proof of being the status machine: only this module can make one, and `Lead` hands out write
/// access to its status columns only against it.
pub(crate) struct TransitionPermit(());

/// Why a transition is requested, by whom, and what the guards need to know about the payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionCause {
    pub reason: TransitionReason,
    pub actor: Actor,
    pub payments: PaymentFacts,
}

impl TransitionCause {
    pub fn new(reason: TransitionReason, actor: Actor, payments: PaymentFacts) -> Self {
        Self {
            reason,
            actor,
            payments,
        }
    }
}

/// One `status_history` row (the persistence side adds its id and the correlation id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusHistoryEntry {
    pub lead_id: LeadId,
    pub from: LeadStatus,
    pub to: LeadStatus,
    pub reason_code: String,
    pub actor: Actor,
    pub at: DateTime<Utc>,
}

/// Statuses named in an error message, e.g. `AWAITING_SLOT, AWAITING_DEPOSIT` or `none`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList(pub Vec<LeadStatus>);

impl fmt::Display for StatusList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let names: Vec<&str> = self.0.iter().map(|status| status.as_str()).collect();
        f.write_str(&names.join(", "))
    }
}

/// A refused transition. The lead is left exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("lead {lead} is already {status}; allowed from {status}: {allowed}")]
    SelfTransition {
        lead: LeadId,
        status: LeadStatus,
        allowed: StatusList,
    },
    #[error("lead {lead} cannot move from {from} to {to}; allowed from {from}: {allowed}")]
    NotAllowed {
        lead: LeadId,
        from: LeadStatus,
        to: LeadStatus,
        allowed: StatusList,
    },
    #[error(
        "lead {lead} cannot move from {from} to {to} by `{reason_code}`; `{reason_code}` from {from} allows: {allowed}"
    )]
    WrongTrigger {
        lead: LeadId,
        from: LeadStatus,
        to: LeadStatus,
        reason_code: String,
        allowed: StatusList,
    },
    #[error(
        "lead {lead} cannot move from {from} to {to}: `{reason_code}` is not done by {actor} (only by {permitted})"
    )]
    WrongActor {
        lead: LeadId,
        from: LeadStatus,
        to: LeadStatus,
        reason_code: String,
        actor: Actor,
        permitted: String,
    },
    #[error("lead {lead} cannot move from {from} to {to}: guard {guard} does not hold ({detail})")]
    GuardFailed {
        lead: LeadId,
        from: LeadStatus,
        to: LeadStatus,
        guard: Guard,
        detail: &'static str,
    },
}

/// Every status the lead can move to by some trigger of the table, given where it would return to
/// (guards not considered).
pub fn reachable_targets(lead: &Lead) -> Vec<LeadStatus> {
    table::reachable_targets(lead.status(), lead.return_status())
}

/// Whether `transition` would accept this move, without changing anything (for offering actions).
pub fn check_transition(
    lead: &Lead,
    to: LeadStatus,
    cause: &TransitionCause,
) -> Result<(), TransitionError> {
    let from = lead.status();
    let return_status = lead.return_status();
    let reachable = reachable_targets(lead);
    if from == to {
        return Err(TransitionError::SelfTransition {
            lead: lead.id,
            status: from,
            allowed: StatusList(reachable),
        });
    }
    if !reachable.contains(&to) {
        return Err(TransitionError::NotAllowed {
            lead: lead.id,
            from,
            to,
            allowed: StatusList(reachable),
        });
    }
    if !table::permits(from, to, &cause.reason, return_status) {
        return Err(TransitionError::WrongTrigger {
            lead: lead.id,
            from,
            to,
            reason_code: cause.reason.code(),
            allowed: StatusList(table::targets_for_reason(
                from,
                &cause.reason,
                return_status,
            )),
        });
    }
    let permitted = cause.reason.actors();
    if !permitted.contains(&cause.actor) {
        let names: Vec<&str> = permitted.iter().map(|actor| actor.as_str()).collect();
        return Err(TransitionError::WrongActor {
            lead: lead.id,
            from,
            to,
            reason_code: cause.reason.code(),
            actor: cause.actor,
            permitted: names.join(", "),
        });
    }
    guards::check(lead, to, &cause.reason, cause.actor, cause.payments).map_err(|failure| {
        TransitionError::GuardFailed {
            lead: lead.id,
            from,
            to,
            guard: failure.guard,
            detail: failure.detail,
        }
    })
}

/// Moves `lead` to `to` if the transition table and its guards allow it, applies the entry effects,
/// and returns the history row to insert in the same transaction. On error nothing changes.
///
/// Entry effects: `status_entered_at = now`; the funnel timestamp of the target
/// (`qualifying_started_at` only the first time, `approved_at` and the booking mode on approval);
/// entering `NEEDS_ARTIST_REPLY` stores the handover and its return status (the previous status, or
/// `PENDING_APPROVAL` for a handover raised at completion) and starts the hold-reply cooldown;
/// entering `ABANDONED` remembers the previous status; leaving either clears the return status, and
/// resuming from a parse-failure handover resets that field's strikes; entering
/// `COLLECTING_TIME_WINDOWS` starts a new round; entering `WAITLISTED` sets `waitlisted`.
///
/// The caller, in the same database transaction, updates the row with `WHERE status = from`, inserts
/// the history row, revokes action tokens minted before the transition and enqueues `sheets.upsert`.
pub fn transition(
    lead: &mut Lead,
    to: LeadStatus,
    cause: TransitionCause,
    now: DateTime<Utc>,
) -> Result<StatusHistoryEntry, TransitionError> {
    check_transition(lead, to, &cause)?;
    let from = lead.status();
    let entry = StatusHistoryEntry {
        lead_id: lead.id,
        from,
        to,
        reason_code: cause.reason.code(),
        actor: cause.actor,
        at: now,
    };
    apply_entry_effects(lead, from, to, cause.reason, now);
    Ok(entry)
}

fn apply_entry_effects(
    lead: &mut Lead,
    from: LeadStatus,
    to: LeadStatus,
    reason: TransitionReason,
    now: DateTime<Utc>,
) {
    use LeadStatus::*;

    if reason == TransitionReason::Resume
        && let Some(HandoverReason::ParseFailure(field)) =
            lead.handover().map(|handover| handover.reason_code)
    {
        lead.conversation.parse_failures.reset(field);
    }
    match to {
        NeedsArtistReply => lead
            .conversation
            .cooldowns
            .start(LeadCooldown::HandoverHold, now),
        CollectingTimeWindows => {
            lead.conversation.time_window_round =
                lead.conversation.time_window_round.saturating_add(1);
        }
        Waitlisted => lead.interpretation.waitlisted = true,
        _ => {}
    }

    let state = lead.status_record_mut(&TransitionPermit(()));
    state.status = to;
    state.status_entered_at = now;
    state.return_status = None;
    state.handover = None;
    match reason {
        TransitionReason::Handover(handover) => {
            state.return_status = Some(if handover.reason_code.raised_at_completion() {
                PendingApproval
            } else {
                from
            });
            state.handover = Some(handover);
        }
        TransitionReason::Approve(mode) => {
            state.booking_mode = Some(mode);
            state.funnel.approved_at = Some(now);
        }
        _ => {}
    }
    if to == Abandoned {
        state.return_status = Some(from);
    }

    let funnel = &mut state.funnel;
    let stamp = match to {
        Qualifying => {
            funnel.qualifying_started_at.get_or_insert(now);
            None
        }
        PendingApproval => Some(&mut funnel.pending_approval_at),
        DepositPaid => Some(&mut funnel.deposit_paid_at),
        BookingPending => Some(&mut funnel.booking_pending_at),
        Booked => Some(&mut funnel.booked_at),
        Rejected => Some(&mut funnel.rejected_at),
        Cancelled => Some(&mut funnel.cancelled_at),
        Refunded => Some(&mut funnel.refunded_at),
        NeedsArtistReply => Some(&mut funnel.needs_artist_reply_at),
        NeedsFollowUp => Some(&mut funnel.needs_follow_up_at),
        Abandoned => Some(&mut funnel.abandoned_at),
        Stale => Some(&mut funnel.stale_at),
        Waitlisted => Some(&mut funnel.waitlisted_at),
        OptOut => Some(&mut funnel.opted_out_at),
        New
        | TourConversionOffered
        | AwaitingSlot
        | CollectingTimeWindows
        | AwaitingDeposit
        | DepositExpired => None,
    };
    if let Some(column) = stamp {
        *column = Some(now);
    }
}
