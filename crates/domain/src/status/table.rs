//! The transition table (consultation.md §3.2) and its matrix summary (§3.4).

use super::reason::TransitionReason;
use crate::model::{BookingMode, LeadStatus};

use LeadStatus::*;

/// Where a handover may return to (`NEEDS_ARTIST_REPLY → return_status`).
pub const HANDOVER_RETURN_STATUSES: [LeadStatus; 11] = [
    Qualifying,
    TourConversionOffered,
    NeedsFollowUp,
    PendingApproval,
    AwaitingSlot,
    CollectingTimeWindows,
    AwaitingDeposit,
    DepositExpired,
    DepositPaid,
    BookingPending,
    Booked,
];

/// Where an abandoned lead may be resumed to (`ABANDONED → return_status`).
pub const ABANDONED_RETURN_STATUSES: [LeadStatus; 6] = [
    Qualifying,
    TourConversionOffered,
    NeedsFollowUp,
    AwaitingSlot,
    CollectingTimeWindows,
    DepositExpired,
];

/// Every status that `from` may ever move to (§3.4). For `NEEDS_ARTIST_REPLY` and `ABANDONED` most
/// targets are reachable only when they are the lead's remembered return status.
pub fn allowed_targets(from: LeadStatus) -> &'static [LeadStatus] {
    match from {
        New => &[Qualifying],
        Qualifying => &[
            PendingApproval,
            NeedsArtistReply,
            NeedsFollowUp,
            TourConversionOffered,
            Waitlisted,
            Rejected,
            Abandoned,
            OptOut,
        ],
        NeedsArtistReply => &[
            Qualifying,
            TourConversionOffered,
            NeedsFollowUp,
            PendingApproval,
            AwaitingSlot,
            CollectingTimeWindows,
            AwaitingDeposit,
            DepositExpired,
            DepositPaid,
            BookingPending,
            Booked,
            Rejected,
            Cancelled,
            Refunded,
            OptOut,
        ],
        NeedsFollowUp => &[
            PendingApproval,
            TourConversionOffered,
            Waitlisted,
            AwaitingSlot,
            AwaitingDeposit,
            NeedsArtistReply,
            Rejected,
            Abandoned,
            OptOut,
        ],
        TourConversionOffered => &[
            PendingApproval,
            Waitlisted,
            NeedsArtistReply,
            Rejected,
            Abandoned,
            OptOut,
        ],
        PendingApproval => &[
            AwaitingSlot,
            AwaitingDeposit,
            Rejected,
            NeedsArtistReply,
            Stale,
            OptOut,
        ],
        AwaitingSlot => &[
            AwaitingDeposit,
            CollectingTimeWindows,
            DepositPaid,
            NeedsArtistReply,
            Rejected,
            Cancelled,
            Abandoned,
            OptOut,
        ],
        CollectingTimeWindows => &[
            AwaitingSlot,
            NeedsArtistReply,
            DepositPaid,
            Rejected,
            Cancelled,
            Abandoned,
            OptOut,
        ],
        AwaitingDeposit => &[
            DepositPaid,
            DepositExpired,
            AwaitingSlot,
            NeedsArtistReply,
            Rejected,
            Cancelled,
            OptOut,
        ],
        DepositExpired => &[
            AwaitingSlot,
            AwaitingDeposit,
            DepositPaid,
            NeedsArtistReply,
            Rejected,
            Cancelled,
            Abandoned,
            OptOut,
        ],
        DepositPaid => &[
            Booked,
            BookingPending,
            NeedsArtistReply,
            Cancelled,
            Refunded,
        ],
        BookingPending => &[Booked, NeedsArtistReply, Cancelled, Refunded],
        Booked => &[NeedsArtistReply, Cancelled],
        Cancelled => &[Refunded],
        Abandoned => &ABANDONED_RETURN_STATUSES,
        Stale => &[PendingApproval, AwaitingSlot, AwaitingDeposit, Rejected],
        Waitlisted | Rejected | Refunded | OptOut => &[],
    }
}

/// Whether the transition table has a row `from → to` whose trigger is `reason`, for a lead whose
/// remembered return status is `return_status`. Guards are checked separately.
pub(super) fn permits(
    from: LeadStatus,
    to: LeadStatus,
    reason: &TransitionReason,
    return_status: Option<LeadStatus>,
) -> bool {
    allowed_targets(from).contains(&to) && row_trigger_matches(from, to, reason, return_status)
}

/// The trigger column, for a pair already known to be in the matrix.
fn row_trigger_matches(
    from: LeadStatus,
    to: LeadStatus,
    reason: &TransitionReason,
    return_status: Option<LeadStatus>,
) -> bool {
    use TransitionReason as R;
    match (from, to) {
        (New, Qualifying) => matches!(reason, R::FirstMessage),

        // Targets reached the same way from every status that has them.
        (_, NeedsArtistReply) => matches!(reason, R::Handover(_)),
        (_, Rejected) => matches!(reason, R::Reject),
        (_, OptOut) => matches!(reason, R::OptOut),
        (_, Abandoned) => matches!(reason, R::ClientSilent),
        (_, Stale) => matches!(reason, R::ApprovalUntouched),
        (_, Cancelled) => matches!(reason, R::Cancel),
        (_, Refunded) => matches!(reason, R::RefundRecorded),

        (NeedsArtistReply, _) => leaves_handover_to(to, reason, return_status),
        (Abandoned, _) => {
            matches!(reason, R::ClientReturned)
                && return_status == Some(to)
                && ABANDONED_RETURN_STATUSES.contains(&to)
        }

        (Qualifying, PendingApproval) => matches!(reason, R::Completed),
        (Qualifying, NeedsFollowUp) => matches!(reason, R::BudgetBelowMinimum),
        (Qualifying, TourConversionOffered | Waitlisted) => matches!(reason, R::CityNotServed),
        (NeedsFollowUp, PendingApproval | TourConversionOffered | Waitlisted) => {
            matches!(reason, R::BudgetAccepted)
        }
        (TourConversionOffered, PendingApproval) => matches!(reason, R::TourAccepted),
        (TourConversionOffered, Waitlisted) => matches!(reason, R::TourDeclined),
        (Stale, PendingApproval) => matches!(reason, R::Reopened),

        (PendingApproval | NeedsFollowUp | Stale, AwaitingSlot) => {
            matches!(reason, R::Approve(BookingMode::Calendar))
        }
        (PendingApproval | NeedsFollowUp | Stale, AwaitingDeposit) => {
            matches!(reason, R::Approve(BookingMode::Manual))
        }

        (AwaitingSlot, AwaitingDeposit) => matches!(reason, R::SlotPicked),
        (AwaitingSlot, CollectingTimeWindows) => {
            matches!(
                reason,
                R::NoFreeSlots | R::NoneSuit | R::CalendarUnavailable
            )
        }
        (CollectingTimeWindows, AwaitingSlot) => matches!(reason, R::SlotsOffered),
        (AwaitingDeposit, DepositExpired) => matches!(reason, R::DepositExpired | R::PaymentFailed),
        (AwaitingDeposit, AwaitingSlot) => matches!(
            reason,
            R::OtherTimes
                | R::CalendarConflict
                | R::LinkWindowTooShort
                | R::SlotsOffered
                | R::PaymentFailed
        ),
        (DepositExpired, AwaitingSlot) => matches!(reason, R::Reoffer | R::SlotsOffered),
        (DepositExpired, AwaitingDeposit) => matches!(reason, R::LinkReissued),
        // Late payments count from every payable status.
        (AwaitingSlot | CollectingTimeWindows | AwaitingDeposit | DepositExpired, DepositPaid) => {
            matches!(reason, R::PaymentConfirmed)
        }
        (DepositPaid, Booked) => matches!(reason, R::HoldConfirmed | R::SlotPicked | R::MarkBooked),
        // Manual mode moves on in the payment's transaction; `send-booking-link` does so in any mode.
        (DepositPaid, BookingPending) => matches!(reason, R::PaymentConfirmed | R::BookingLinkSent),
        (BookingPending, Booked) => matches!(reason, R::MarkBooked),

        _ => false,
    }
}

/// The `NEEDS_ARTIST_REPLY` rows: back to the remembered status, or on by an artist or Stripe action.
fn leaves_handover_to(
    to: LeadStatus,
    reason: &TransitionReason,
    return_status: Option<LeadStatus>,
) -> bool {
    use TransitionReason as R;
    if matches!(reason, R::Resume) {
        return return_status == Some(to) && HANDOVER_RETURN_STATUSES.contains(&to);
    }
    match to {
        AwaitingSlot => matches!(reason, R::Approve(BookingMode::Calendar) | R::SlotsOffered),
        AwaitingDeposit => matches!(reason, R::Approve(BookingMode::Manual)),
        // A session created before the handover was paid, or the artist offers slots to a paid lead.
        DepositPaid => matches!(reason, R::PaymentConfirmed | R::SlotsOffered),
        Booked => {
            matches!(reason, R::MarkBooked)
                || (matches!(reason, R::Rescheduled) && return_status == Some(Booked))
        }
        _ => false,
    }
}

/// Every target the table allows from `from` for a lead remembering `return_status`, by any trigger.
pub(super) fn reachable_targets(
    from: LeadStatus,
    return_status: Option<LeadStatus>,
) -> Vec<LeadStatus> {
    let reasons = TransitionReason::every_kind();
    allowed_targets(from)
        .iter()
        .copied()
        .filter(|to| {
            reasons
                .iter()
                .any(|reason| permits(from, *to, reason, return_status))
        })
        .collect()
}

/// The targets `reason` can reach from `from` (for naming the alternatives in an error).
pub(super) fn targets_for_reason(
    from: LeadStatus,
    reason: &TransitionReason,
    return_status: Option<LeadStatus>,
) -> Vec<LeadStatus> {
    allowed_targets(from)
        .iter()
        .copied()
        .filter(|to| permits(from, *to, reason, return_status))
        .collect()
}
