//! Why a lead changes status: the trigger column of the transition table (consultation.md §3.2),
//! recorded as `status_history.reason_code`.

use crate::model::{Actor, BookingMode, Handover, HandoverReason};

/// The trigger of a transition. Each row of the transition table accepts only its own triggers, and
/// each trigger is caused only by the actors named in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionReason {
    /// A lead was created for an inbound message (`NEW → QUALIFYING`).
    FirstMessage,
    /// Completion outcome 4: ready for the artist's approval.
    Completed,
    /// Completion outcome 2: budget below the regional minimum.
    BudgetBelowMinimum,
    /// Completion outcome 3: the requested city is not served (tour offer or waitlist).
    CityNotServed,
    /// The client accepted the minimum budget; completion continues at outcome 3.
    BudgetAccepted,
    TourAccepted,
    TourDeclined,
    /// Any handover trigger of §13.1; carries what is stored on the lead while it waits.
    Handover(Handover),
    /// Back to the remembered status after a handover: client `CONTINUE` or the artist's resume.
    Resume,
    /// The client wrote again within 14 days of abandoning.
    ClientReturned,
    /// The client wrote again within 30 days of the lead going stale.
    Reopened,
    /// The artist approved; the booking mode is recorded with the approval.
    Approve(BookingMode),
    Reject,
    Cancel,
    /// The client went silent while it was their turn (abandon sweep).
    ClientSilent,
    /// The artist left the lead in `PENDING_APPROVAL` for 7 days (stale sweep).
    ApprovalUntouched,
    /// STOP.
    OptOut,
    /// The client picked an offered slot.
    SlotPicked,
    NoFreeSlots,
    /// "None of these suit".
    NoneSuit,
    CalendarUnavailable,
    /// The artist offered slots (admin), or regenerated the offer.
    SlotsOffered,
    /// The client asked for other times while a slot was held.
    OtherTimes,
    /// The held slot turned out busy before the Checkout link was created.
    CalendarConflict,
    /// The hold expires too soon for Stripe's 30-minute minimum (booking.md §3.7 step 2).
    LinkWindowTooShort,
    PaymentConfirmed,
    /// A delayed payment method failed.
    PaymentFailed,
    /// The Checkout session or the hold expired unpaid.
    DepositExpired,
    /// Fresh slots after an expired deposit (automatic, or because the client wrote).
    Reoffer,
    /// A new deposit link after an expired one (manual mode).
    LinkReissued,
    /// The held slot was confirmed by the payment.
    HoldConfirmed,
    BookingLinkSent,
    MarkBooked,
    Rescheduled,
    RefundRecorded,
}

impl TransitionReason {
    /// `status_history.reason_code`: the handover reason code for handovers (`HUMAN_REQUEST`,
    /// `PARSE_FAILURE:slot`), a snake_case trigger name otherwise (`first_message`).
    pub fn code(&self) -> String {
        use TransitionReason as R;
        let code = match self {
            R::Handover(handover) => return handover.reason_code.code(),
            R::FirstMessage => "first_message",
            R::Completed => "completed",
            R::BudgetBelowMinimum => "budget_below_minimum",
            R::CityNotServed => "city_not_served",
            R::BudgetAccepted => "budget_accepted",
            R::TourAccepted => "tour_accepted",
            R::TourDeclined => "tour_declined",
            R::Resume => "resume",
            R::ClientReturned => "client_returned",
            R::Reopened => "reopened",
            R::Approve(_) => "approve",
            R::Reject => "reject",
            R::Cancel => "cancel",
            R::ClientSilent => "client_silent",
            R::ApprovalUntouched => "approval_untouched",
            R::OptOut => "opt_out",
            R::SlotPicked => "slot_picked",
            R::NoFreeSlots => "no_free_slots",
            R::NoneSuit => "none_suit",
            R::CalendarUnavailable => "calendar_unavailable",
            R::SlotsOffered => "artist_offered_slots",
            R::OtherTimes => "other_times",
            R::CalendarConflict => "calendar_conflict",
            R::LinkWindowTooShort => "link_window_too_short",
            R::PaymentConfirmed => "payment_confirmed",
            R::PaymentFailed => "payment_failed",
            R::DepositExpired => "deposit_expired",
            R::Reoffer => "reoffer",
            R::LinkReissued => "link_reissued",
            R::HoldConfirmed => "hold_confirmed",
            R::BookingLinkSent => "booking_link_sent",
            R::MarkBooked => "mark_booked",
            R::Rescheduled => "rescheduled",
            R::RefundRecorded => "refund_recorded",
        };
        code.to_owned()
    }

    /// Who may cause this trigger (the actor column of §3.2).
    pub fn actors(&self) -> &'static [Actor] {
        use Actor::*;
        use TransitionReason as R;
        match self {
            R::FirstMessage
            | R::Completed
            | R::BudgetBelowMinimum
            | R::CityNotServed
            | R::BudgetAccepted
            | R::TourAccepted
            | R::TourDeclined
            | R::ClientReturned
            | R::Reopened
            | R::OptOut
            | R::SlotPicked
            | R::NoneSuit
            | R::OtherTimes => &[Client],
            // Clients, Stripe reviews and failing jobs all hand over.
            R::Handover(_) => Actor::ALL,
            R::Resume | R::LinkReissued => &[Client, Artist, Admin],
            R::Approve(_)
            | R::Reject
            | R::Cancel
            | R::SlotsOffered
            | R::BookingLinkSent
            | R::MarkBooked
            | R::Rescheduled => &[Artist, Admin],
            R::ClientSilent | R::ApprovalUntouched => &[Scheduler],
            R::NoFreeSlots
            | R::CalendarUnavailable
            | R::CalendarConflict
            | R::LinkWindowTooShort => &[System],
            R::PaymentConfirmed | R::PaymentFailed | R::HoldConfirmed | R::RefundRecorded => {
                &[Stripe]
            }
            R::DepositExpired => &[Stripe, Scheduler],
            R::Reoffer => &[System, Client],
        }
    }

    /// One value of every trigger (both booking modes of `Approve`, one handover), for deriving which
    /// statuses are reachable at all.
    pub(crate) fn every_kind() -> Vec<TransitionReason> {
        use TransitionReason as R;
        vec![
            R::FirstMessage,
            R::Completed,
            R::BudgetBelowMinimum,
            R::CityNotServed,
            R::BudgetAccepted,
            R::TourAccepted,
            R::TourDeclined,
            R::Handover(Handover::new(HandoverReason::HumanRequest, "")),
            R::Resume,
            R::ClientReturned,
            R::Reopened,
            R::Approve(BookingMode::Calendar),
            R::Approve(BookingMode::Manual),
            R::Reject,
            R::Cancel,
            R::ClientSilent,
            R::ApprovalUntouched,
            R::OptOut,
            R::SlotPicked,
            R::NoFreeSlots,
            R::NoneSuit,
            R::CalendarUnavailable,
            R::SlotsOffered,
            R::OtherTimes,
            R::CalendarConflict,
            R::LinkWindowTooShort,
            R::PaymentConfirmed,
            R::PaymentFailed,
            R::DepositExpired,
            R::Reoffer,
            R::LinkReissued,
            R::HoldConfirmed,
            R::BookingLinkSent,
            R::MarkBooked,
            R::Rescheduled,
            R::RefundRecorded,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_ascii_and_handovers_use_their_reason_code() {
        let codes: Vec<String> = TransitionReason::every_kind()
            .iter()
            .filter(|r| !matches!(r, TransitionReason::Approve(BookingMode::Manual)))
            .map(TransitionReason::code)
            .collect();
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), codes.len());
        assert!(codes.iter().all(|c| c.is_ascii()));
        assert_eq!(TransitionReason::FirstMessage.code(), "first_message");
        let parse_failure = Handover::new(
            HandoverReason::ParseFailure(crate::model::StrikeField::Slot),
            "three unclear slot replies",
        );
        assert_eq!(
            TransitionReason::Handover(parse_failure).code(),
            "PARSE_FAILURE:slot"
        );
    }

    #[test]
    fn every_trigger_has_at_least_one_actor() {
        for reason in TransitionReason::every_kind() {
            assert!(!reason.actors().is_empty(), "{}", reason.code());
        }
        assert_eq!(
            TransitionReason::Reject.actors(),
            [Actor::Artist, Actor::Admin]
        );
        assert_eq!(TransitionReason::OptOut.actors(), [Actor::Client]);
    }
}
