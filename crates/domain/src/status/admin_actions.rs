//! Which admin actions a lead offers right now (http-api.md §5.3 `available_actions`).
//!
//! Every action that moves the lead is offered only when [`check_transition`] — the transition table
//! and its guards — would accept it for the admin, so the lead page never shows a button that the
//! use case behind it must refuse. Actions that keep the status (re-issuing a link, sending a
//! message, regenerating an offer) follow the "allowed from" lists of booking.md.

use super::{PaymentFacts, TransitionCause, TransitionReason, check_transition};
use crate::model::{Actor, BookingMode, Lead, LeadStatus};

/// One admin action, named as its route segment (`POST /admin/leads/{id}/<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdminAction {
    Approve,
    Reject,
    SendDeposit,
    SendBookingLink,
    MarkBooked,
    Cancel,
    Resume,
    OfferSlots,
    Reschedule,
    Messages,
}

impl AdminAction {
    pub const ALL: [AdminAction; 10] = [
        Self::Approve,
        Self::Reject,
        Self::SendDeposit,
        Self::SendBookingLink,
        Self::MarkBooked,
        Self::Cancel,
        Self::Resume,
        Self::OfferSlots,
        Self::Reschedule,
        Self::Messages,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::SendDeposit => "send-deposit",
            Self::SendBookingLink => "send-booking-link",
            Self::MarkBooked => "mark-booked",
            Self::Cancel => "cancel",
            Self::Resume => "resume",
            Self::OfferSlots => "offer-slots",
            Self::Reschedule => "reschedule",
            Self::Messages => "messages",
        }
    }
}

/// What the lead row alone does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionFacts {
    pub payments: PaymentFacts,
    /// The mode an approval now would record (the deployment's booking mode).
    pub approval_mode: BookingMode,
    /// The lead has a `held` slot hold (calendar mode re-issues the link for the same hold).
    pub has_live_hold: bool,
    /// The contact opted out or was erased: nothing can be sent to them.
    pub contact_unreachable: bool,
}

/// The actions the admin can take on `lead`, in the order of [`AdminAction::ALL`].
pub fn available_actions(lead: &Lead, facts: ActionFacts) -> Vec<AdminAction> {
    AdminAction::ALL
        .into_iter()
        .filter(|action| offers(lead, *action, facts))
        .collect()
}

fn admin_may(lead: &Lead, to: LeadStatus, reason: TransitionReason, facts: ActionFacts) -> bool {
    let cause = TransitionCause::new(reason, Actor::Admin, facts.payments);
    check_transition(lead, to, &cause).is_ok()
}

fn offers(lead: &Lead, action: AdminAction, facts: ActionFacts) -> bool {
    use LeadStatus::*;
    let status = lead.status();
    let mode = lead.booking_mode();
    match action {
        AdminAction::Approve => {
            let target = match facts.approval_mode {
                BookingMode::Calendar => AwaitingSlot,
                BookingMode::Manual => AwaitingDeposit,
            };
            admin_may(
                lead,
                target,
                TransitionReason::Approve(facts.approval_mode),
                facts,
            )
        }
        AdminAction::Reject => admin_may(lead, Rejected, TransitionReason::Reject, facts),
        AdminAction::SendDeposit => match (status, mode) {
            (AwaitingDeposit, Some(BookingMode::Manual)) => true,
            (AwaitingDeposit, Some(BookingMode::Calendar)) => facts.has_live_hold,
            (DepositExpired, Some(BookingMode::Manual)) => {
                admin_may(lead, AwaitingDeposit, TransitionReason::LinkReissued, facts)
            }
            _ => false,
        },
        AdminAction::SendBookingLink => {
            status == BookingPending
                || admin_may(
                    lead,
                    BookingPending,
                    TransitionReason::BookingLinkSent,
                    facts,
                )
        }
        AdminAction::MarkBooked => admin_may(lead, Booked, TransitionReason::MarkBooked, facts),
        AdminAction::Cancel => admin_may(lead, Cancelled, TransitionReason::Cancel, facts),
        AdminAction::Resume => lead.return_status().is_some_and(|back| {
            status == NeedsArtistReply && admin_may(lead, back, TransitionReason::Resume, facts)
        }),
        AdminAction::OfferSlots => offers_slots(lead, facts),
        AdminAction::Reschedule => {
            status == Booked || (status == NeedsArtistReply && lead.return_status() == Some(Booked))
        }
        AdminAction::Messages => !facts.contact_unreachable,
    }
}

/// booking.md §3.11: calendar-mode leads waiting for a slot, a deposit or the artist, and paid leads
/// still without a slot.
fn offers_slots(lead: &Lead, facts: ActionFacts) -> bool {
    use LeadStatus::*;
    if lead.booking_mode() != Some(BookingMode::Calendar) {
        return false;
    }
    match lead.status() {
        AwaitingSlot | DepositPaid => true,
        CollectingTimeWindows | DepositExpired | AwaitingDeposit => {
            admin_may(lead, AwaitingSlot, TransitionReason::SlotsOffered, facts)
        }
        NeedsArtistReply if facts.payments.paid => {
            admin_may(lead, DepositPaid, TransitionReason::SlotsOffered, facts)
        }
        NeedsArtistReply => {
            lead.funnel().approved_at.is_some()
                && admin_may(lead, AwaitingSlot, TransitionReason::SlotsOffered, facts)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::test_support::{calendar_lead, manual_lead};

    fn facts(mode: BookingMode) -> ActionFacts {
        ActionFacts {
            payments: PaymentFacts::NONE,
            approval_mode: mode,
            has_live_hold: false,
            contact_unreachable: false,
        }
    }

    fn names(actions: Vec<AdminAction>) -> Vec<&'static str> {
        actions.into_iter().map(AdminAction::as_str).collect()
    }

    #[test]
    fn a_lead_pending_approval_can_be_approved_rejected_or_messaged() {
        let lead = calendar_lead(LeadStatus::PendingApproval);
        assert_eq!(
            names(available_actions(&lead, facts(BookingMode::Calendar))),
            ["approve", "reject", "messages"]
        );
    }

    #[test]
    fn a_lead_still_qualifying_cannot_be_approved() {
        let lead = calendar_lead(LeadStatus::Qualifying);
        let actions = available_actions(&lead, facts(BookingMode::Calendar));
        assert!(!actions.contains(&AdminAction::Approve));
        assert!(actions.contains(&AdminAction::Reject));
    }

    #[test]
    fn a_paid_lead_is_cancelled_not_rejected() {
        let lead = manual_lead(LeadStatus::BookingPending);
        let paid = ActionFacts {
            payments: PaymentFacts::PAID,
            ..facts(BookingMode::Manual)
        };
        assert_eq!(
            names(available_actions(&lead, paid)),
            ["send-booking-link", "mark-booked", "cancel", "messages"]
        );
    }

    #[test]
    fn an_opted_out_contact_cannot_be_messaged() {
        let lead = calendar_lead(LeadStatus::Rejected);
        let unreachable = ActionFacts {
            contact_unreachable: true,
            ..facts(BookingMode::Calendar)
        };
        assert!(available_actions(&lead, unreachable).is_empty());
    }

    #[test]
    fn calendar_deposits_are_reissued_only_for_a_live_hold() {
        let lead = calendar_lead(LeadStatus::AwaitingDeposit);
        let without = available_actions(&lead, facts(BookingMode::Calendar));
        assert!(!without.contains(&AdminAction::SendDeposit));
        assert!(without.contains(&AdminAction::OfferSlots));
        let held = ActionFacts {
            has_live_hold: true,
            ..facts(BookingMode::Calendar)
        };
        assert!(available_actions(&lead, held).contains(&AdminAction::SendDeposit));
    }

    #[test]
    fn a_booked_lead_can_be_rescheduled_and_cancelled() {
        let lead = calendar_lead(LeadStatus::Booked);
        let paid = ActionFacts {
            payments: PaymentFacts::PAID,
            ..facts(BookingMode::Calendar)
        };
        assert_eq!(
            names(available_actions(&lead, paid)),
            ["cancel", "reschedule", "messages"]
        );
    }
}
