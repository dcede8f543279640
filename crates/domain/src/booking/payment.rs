//! Payment confirmation (booking.md §3.8 steps 4–9, §3.10, §7): a completed or asynchronously
//! settled Checkout session becomes a booking, a paid lead waiting for a new slot, a manual-mode
//! lead waiting for its date, or a payment under review.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::payment_case::{PaymentCase, PaymentDecision, PaymentDraft};
use super::provider_reports::{CheckoutReport, SessionPayment};
use super::records::{EventOutcome, HoldState, HoldWrite, PaymentStatus, release_reason};
use super::review::{check_session, record_mismatch, record_unexpected};
use crate::consultation::{ActionLink, EventLevel, JobRequest, LinkAction, OfferCause, Text};
use crate::copy::params::{AMOUNT, ARTIST_NAME, CLIENT, LEAD_REF, SLOT_LABEL, SUMMARY};
use crate::copy::{MessageId, format_money, slot_label};
use crate::model::{Actor, Appointment, BookingMode, LeadStatus};
use crate::rules::StudioRules;
use crate::status::{TransitionError, TransitionReason};

/// What the adapter found out about the time of a payment whose hold was released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlotFacts {
    /// An id reserved for re-inserting the released hold (see [`needs_fresh_hold`]).
    pub spare_hold_id: Option<i64>,
    /// Re-inserting it hit the exclusion constraint: the time was taken meanwhile.
    pub taken: bool,
}

/// Whether confirming this payment may re-insert its released hold, so the adapter reserves an id
/// for it before deciding.
pub fn needs_fresh_hold(case: &PaymentCase) -> bool {
    let released = case
        .payment
        .hold_id
        .and_then(|id| case.hold(id))
        .is_some_and(|hold| !hold.is_live());
    released
        && case.lead_is_payable()
        && !case.other_payment_holds_money()
        && case.lead.booking_mode() == Some(BookingMode::Calendar)
}

/// `checkout.session.completed` or `checkout.session.async_payment_succeeded` for the case's payment.
pub fn settle_checkout(
    case: &PaymentCase,
    report: &CheckoutReport,
    slot: SlotFacts,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> PaymentDecision {
    let mut d = PaymentDraft::new(case, rules, now);
    // §7: another event for a session already settled (paid, refunded, under review) is a no-op.
    if matches!(
        case.payment.status,
        PaymentStatus::Paid
            | PaymentStatus::PartiallyRefunded
            | PaymentStatus::Refunded
            | PaymentStatus::Mismatch
    ) {
        d.outcome = EventOutcome::Duplicate;
        return d.finish();
    }
    if let Some(problem) = check_session(&case.payment, report) {
        record_mismatch(&mut d, report, problem);
        return d.finish();
    }
    match report.payment {
        SessionPayment::Unpaid => still_processing(&mut d, report),
        _ => confirm(&mut d, report, slot),
    }
    d.finish()
}

/// Step 5: a delayed method. The hold is kept for longer and the client told it is on its way.
fn still_processing(d: &mut PaymentDraft<'_>, report: &CheckoutReport) {
    if d.payment.status == PaymentStatus::Processing {
        d.outcome = EventOutcome::Duplicate;
        return;
    }
    d.payment.status = PaymentStatus::Processing;
    if report.payment_intent.is_some() {
        d.payment.stripe_payment_intent_id = report.payment_intent.clone();
    }
    let hours = i64::from(d.rules.booking.async_payment_hold_hours);
    let held = d
        .payment
        .hold_id
        .and_then(|id| d.case.hold(id))
        .filter(|hold| hold.state == HoldState::Held);
    if let Some(hold) = held {
        let until = d.now + TimeDelta::hours(hours);
        d.hold_write(HoldWrite::Extend {
            hold_id: hold.id,
            until,
        });
    }
    if d.case.lead_is_payable() {
        let amount = format_money(d.payment.amount);
        d.changes.tell_client(vec![
            Text::new(MessageId::PAYMENT_PROCESSING).with(AMOUNT, amount),
        ]);
    }
}

/// Steps 6–9.
fn confirm(d: &mut PaymentDraft<'_>, report: &CheckoutReport, slot: SlotFacts) {
    d.payment.status = PaymentStatus::Paid;
    d.payment.paid_at = Some(d.now);
    d.payment.amount_received_minor = report.amount_total;
    if report.payment_intent.is_some() {
        d.payment.stripe_payment_intent_id = report.payment_intent.clone();
    }
    let status = d.case.lead.status();
    if d.case.other_payment_holds_money() {
        let reason = "a second deposit was paid for this enquiry; refund one of them";
        return record_unexpected(d, "duplicate_payment", reason);
    }
    if !d.case.lead_is_payable() {
        let reason = format!("the enquiry is {status} and cannot take a deposit");
        return record_unexpected(d, &format!("lead_not_payable:{status}"), &reason);
    }
    // A refused move leaves nothing half-done: the payment is then reviewed like an unexpected one.
    let (changes, holds) = (d.changes.clone(), d.holds.clone());
    if let Err(refused) = book(d, slot) {
        d.changes = changes;
        d.holds = holds;
        let reason = format!("the enquiry is {status} and the payment could not be applied");
        record_unexpected(d, &format!("lead_not_payable:{status}"), &reason);
        d.event(
            EventLevel::Warn,
            "atomic_update.conflict",
            json!({ "operation": "payment_confirmed", "actual_status": status.as_str(),
                    "reason": refused.to_string() }),
        );
        return;
    }
    for other in &d.case.others {
        if other.status.is_unsettled() {
            d.changes.job(JobRequest::StripeExpireSession {
                lead_id: d.case.lead.id,
                payment_id: other.id,
            });
        }
    }
    d.event(
        EventLevel::Info,
        "stripe.payment_confirmed",
        json!({ "payment_id": d.payment.id, "lead_id": d.case.lead.id.0,
                "amount_minor": d.payment.amount.amount_minor }),
    );
}

fn book(d: &mut PaymentDraft<'_>, slot: SlotFacts) -> Result<(), TransitionError> {
    match d.case.lead.booking_mode() {
        Some(BookingMode::Calendar) => book_calendar(d, slot),
        Some(BookingMode::Manual) | None => book_manual(d),
    }
}

/// Manual mode: `DEPOSIT_PAID → BOOKING_PENDING`, the artist gets a `mark_booked` link.
fn book_manual(d: &mut PaymentDraft<'_>) -> Result<(), TransitionError> {
    d.move_to(
        LeadStatus::DepositPaid,
        TransitionReason::PaymentConfirmed,
        Actor::Stripe,
    )?;
    d.move_to(
        LeadStatus::BookingPending,
        TransitionReason::PaymentConfirmed,
        Actor::Stripe,
    )?;
    let amount = format_money(d.payment.amount);
    let artist_name = d.artist_name().to_owned();
    d.changes.tell_client(vec![
        Text::new(MessageId::PAYMENT_RECEIVED_PENDING)
            .with(ARTIST_NAME, artist_name.clone())
            .with(AMOUNT, amount.clone()),
        Text::new(MessageId::DEPOSIT_POLICY).with(ARTIST_NAME, artist_name),
    ]);
    let notice = Text::new(MessageId::ARTIST_DEPOSIT_PAID)
        .with(LEAD_REF, d.lead_ref())
        .with(CLIENT, d.case.client.clone())
        .with(AMOUNT, amount);
    let link = ActionLink {
        action: LinkAction::MarkBooked,
        required_status: LeadStatus::BookingPending,
    };
    d.changes.tell_artist(notice, vec![link]);
    Ok(())
}

/// Calendar mode: the held time is confirmed (or re-inserted when it was released), else the lead
/// rests in `DEPOSIT_PAID` and is offered fresh times without paying again.
fn book_calendar(d: &mut PaymentDraft<'_>, slot: SlotFacts) -> Result<(), TransitionError> {
    let own = d.payment.hold_id.and_then(|id| d.case.hold(id)).cloned();
    // The lead's other held times belong to sessions about to be expired; releasing them first also
    // keeps them from blocking a re-insert of this payment's own time.
    let superseded: Vec<i64> = d
        .case
        .holds
        .iter()
        .filter(|hold| hold.state == HoldState::Held && Some(hold.id) != d.payment.hold_id)
        .map(|hold| hold.id)
        .collect();
    for hold_id in superseded {
        d.hold_write(HoldWrite::Release {
            hold_id,
            reason: release_reason::SUPERSEDED,
        });
    }
    match (own, slot) {
        (Some(hold), _) if hold.state == HoldState::Held => {
            d.hold_write(HoldWrite::Confirm { hold_id: hold.id });
            booked(d, hold.id, hold.start, hold.end)
        }
        (Some(hold), _) if hold.state == HoldState::Confirmed => {
            booked(d, hold.id, hold.start, hold.end)
        }
        (
            Some(hold),
            SlotFacts {
                spare_hold_id: Some(new_id),
                taken: false,
            },
        ) => {
            d.hold_write(HoldWrite::Reinsert {
                new_id,
                from_hold: hold.id,
            });
            booked(d, new_id, hold.start, hold.end)
        }
        _ => needs_new_slot(d),
    }
}

/// `DEPOSIT_PAID → BOOKED` on the hold `[start, end)`, with the calendar event, the client's
/// confirmation and the artist's notice (§3.10).
fn booked(
    d: &mut PaymentDraft<'_>,
    hold_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), TransitionError> {
    let handover = d.case.lead.handover().map(|h| h.reason.clone());
    d.move_to(
        LeadStatus::DepositPaid,
        TransitionReason::PaymentConfirmed,
        Actor::Stripe,
    )?;
    d.move_to(
        LeadStatus::Booked,
        TransitionReason::HoldConfirmed,
        Actor::Stripe,
    )?;
    let booking = &mut d.changes.lead.booking;
    booking.appointment = Some(Appointment {
        start_at: start,
        end_at: end,
    });
    booking.confirmed_hold_id = Some(hold_id);
    let lead_id = d.case.lead.id;
    d.changes
        .job(JobRequest::CalendarCreateEvent { lead_id, hold_id });

    let label = slot_label(start, end, d.zone());
    let amount = format_money(d.payment.amount);
    let artist_name = d.artist_name().to_owned();
    d.changes.tell_client(vec![
        Text::new(MessageId::PAYMENT_RECEIVED_BOOKED)
            .with(ARTIST_NAME, artist_name.clone())
            .with(AMOUNT, amount.clone())
            .with(SLOT_LABEL, label.clone()),
        Text::new(MessageId::DEPOSIT_POLICY).with(ARTIST_NAME, artist_name),
    ]);
    let mut summary = d.case.lead.summary_text.clone().unwrap_or_default();
    // A payment during a handover moves the lead on; the artist still sees what was open.
    if let Some(reason) = handover {
        summary = format!("{summary}\n\nOpen handover: {reason}")
            .trim()
            .to_owned();
    }
    let notice = Text::new(MessageId::ARTIST_BOOKING_CONFIRMED)
        .with(LEAD_REF, d.lead_ref())
        .with(CLIENT, d.case.client.clone())
        .with(SLOT_LABEL, label)
        .with(AMOUNT, amount)
        .with(SUMMARY, summary);
    d.changes.tell_artist(notice, Vec::new());
    Ok(())
}

/// Paid, but the time was taken meanwhile (or there never was one): the lead rests in
/// `DEPOSIT_PAID` and the `slots.offer` job sends fresh times with `payment_received_needs_slot`.
fn needs_new_slot(d: &mut PaymentDraft<'_>) -> Result<(), TransitionError> {
    d.move_to(
        LeadStatus::DepositPaid,
        TransitionReason::PaymentConfirmed,
        Actor::Stripe,
    )?;
    d.changes.job(JobRequest::SlotsOffer {
        lead_id: d.case.lead.id,
        cause: OfferCause::PaidNeedsSlot,
    });
    let notice = Text::new(MessageId::ARTIST_DEPOSIT_PAID_NEEDS_SLOT)
        .with(LEAD_REF, d.lead_ref())
        .with(CLIENT, d.case.client.clone())
        .with(AMOUNT, format_money(d.payment.amount));
    d.changes.tell_artist(notice, Vec::new());
    Ok(())
}

#[cfg(test)]
#[path = "payment_tests.rs"]
mod tests;
