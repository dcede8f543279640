//! Guards: conditions on the lead and its payments that an allowed row still needs (consultation.md
//! §3.3), plus the client's right to resume a handover (§13.1, last column).

use std::fmt;

use super::reason::TransitionReason;
use crate::model::{Actor, BookingMode, Lead, LeadStatus};

/// What the caller knows about the lead's payments (`payments` rows), read under the lead lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaymentFacts {
    /// Some payment of the lead has status `paid`.
    pub paid: bool,
    /// Some payment has status `processing` (a delayed method still clearing).
    pub processing: bool,
    /// Some payment has status `partially_refunded`.
    pub partially_refunded: bool,
    /// The lead's paid deposit is fully refunded (`amount_refunded_minor == amount_minor`).
    pub deposit_fully_refunded: bool,
}

impl PaymentFacts {
    /// A lead with no payment rows at all.
    pub const NONE: PaymentFacts = PaymentFacts {
        paid: false,
        processing: false,
        partially_refunded: false,
        deposit_fully_refunded: false,
    };

    /// A lead whose deposit is paid and not refunded.
    pub const PAID: PaymentFacts = PaymentFacts {
        paid: true,
        ..PaymentFacts::NONE
    };

    /// Money was taken or is being taken: the lead must be cancelled rather than rejected or dropped.
    fn money_taken(self) -> bool {
        self.paid || self.processing || self.partially_refunded
    }
}

/// A named guard of §3.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guard {
    /// G1: qualification complete, not yet approved, nothing paid.
    Approve,
    /// G2: nothing paid, processing or partially refunded.
    Unpaid,
    /// G3: a payment is paid.
    Paid,
    /// G4: the lead was approved.
    Cancellable,
    /// G5: the paid deposit is fully refunded.
    Refunded,
    /// G6: the lead books through the calendar.
    Calendar,
    /// Only the artist may resume a handover the client cannot resume.
    ClientResume,
}

impl Guard {
    pub fn label(self) -> &'static str {
        match self {
            Guard::Approve => "G1 approve",
            Guard::Unpaid => "G2 unpaid",
            Guard::Paid => "G3 paid",
            Guard::Cancellable => "G4 cancellable",
            Guard::Refunded => "G5 refunded",
            Guard::Calendar => "G6 calendar",
            Guard::ClientResume => "client resume",
        }
    }
}

impl fmt::Display for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A guard that does not hold, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardFailure {
    pub guard: Guard,
    pub detail: &'static str,
}

fn fail(guard: Guard, detail: &'static str) -> Result<(), GuardFailure> {
    Err(GuardFailure { guard, detail })
}

/// Checks every guard that applies to moving `lead` to `to` for `reason`, in the order of §3.3.
pub(super) fn check(
    lead: &Lead,
    to: LeadStatus,
    reason: &TransitionReason,
    actor: Actor,
    payments: PaymentFacts,
) -> Result<(), GuardFailure> {
    use LeadStatus::*;
    use TransitionReason as R;

    if let R::Approve(_) = reason {
        if lead.funnel().qualifying_completed_at.is_none() {
            return fail(Guard::Approve, "the consultation is not complete");
        }
        if lead.funnel().approved_at.is_some() {
            return fail(Guard::Approve, "the lead is already approved");
        }
        if payments.paid {
            return fail(Guard::Approve, "a deposit is already paid");
        }
    }
    if matches!(to, Rejected | OptOut) && payments.money_taken() {
        return fail(
            Guard::Unpaid,
            "a payment is paid, processing or partially refunded; cancel the lead instead",
        );
    }
    if matches!(reason, R::MarkBooked) && !payments.paid {
        return fail(Guard::Paid, "no payment of the lead is paid");
    }
    if to == Cancelled && lead.funnel().approved_at.is_none() {
        return fail(
            Guard::Cancellable,
            "the lead was never approved; reject it instead",
        );
    }
    if to == Refunded && !payments.deposit_fully_refunded {
        return fail(Guard::Refunded, "the paid deposit is not fully refunded");
    }
    if matches!(to, AwaitingSlot | CollectingTimeWindows) {
        // Approval records the mode in the same step, so it is the mode being approved with.
        let mode = match reason {
            R::Approve(mode) => Some(*mode),
            _ => lead.booking_mode(),
        };
        if mode != Some(BookingMode::Calendar) {
            return fail(
                Guard::Calendar,
                "the lead does not book through the calendar",
            );
        }
    }
    if matches!(reason, R::Resume) && actor == Actor::Client {
        let resumable = lead.handover().is_some_and(|handover| handover.resumable);
        if !resumable {
            return fail(
                Guard::ClientResume,
                "only the artist can resume this handover",
            );
        }
    }
    Ok(())
}
