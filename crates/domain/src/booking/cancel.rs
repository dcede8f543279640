//! Cancelling a lead (booking.md §8, http-api.md §5.9): its live holds and unpaid sessions end,
//! its calendar event goes, the client is told, and a paid deposit is the artist's to refund in
//! Stripe (inkdesk never moves money).

use chrono::{DateTime, Utc};

use super::BookingRefusal;
use super::LeadChanges;
use super::records::{
    BookingWrites, CalendarEventState, HoldRecord, HoldWrite, PaymentRecord, PaymentStatus,
    facts_of,
};
use crate::consultation::{JobRequest, Text};
use crate::copy::params::{AMOUNT, ARTIST_NAME, CLIENT, LEAD_REF};
use crate::copy::{MessageId, format_money};
use crate::model::{Actor, CancelledBy, Lead, LeadStatus};
use crate::rules::StudioRules;
use crate::status::TransitionReason;

/// Longest cancellation reason accepted (characters).
pub const CANCEL_REASON_MAX_CHARS: usize = 500;

/// The admin's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelRequest {
    pub reason: String,
    pub notify_client: bool,
    pub requested_by: CancelledBy,
}

/// The locked lead with its payment and hold rows.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelCase {
    pub lead: Lead,
    pub payments: Vec<PaymentRecord>,
    pub holds: Vec<HoldRecord>,
    /// How the artist's notifications name the client.
    pub client: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CancelDecision {
    pub changes: LeadChanges,
    pub writes: BookingWrites,
    /// A deposit was paid (the artist decides on a refund).
    pub deposit_paid: bool,
    /// Some refund is already recorded.
    pub refund_recorded: bool,
}

pub fn cancel_lead(
    case: &CancelCase,
    request: &CancelRequest,
    actor: Actor,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> Result<CancelDecision, BookingRefusal> {
    let reason = request.reason.trim();
    let length = reason.chars().count();
    if length == 0 || length > CANCEL_REASON_MAX_CHARS {
        return Err(BookingRefusal::Invalid(format!(
            "reason must be 1 to {CANCEL_REASON_MAX_CHARS} characters"
        )));
    }
    let all: Vec<&PaymentRecord> = case.payments.iter().collect();
    let mut changes = LeadChanges::new(case.lead.clone(), facts_of(&all));
    changes.move_to(LeadStatus::Cancelled, TransitionReason::Cancel, actor, now)?;
    let admin = &mut changes.lead.admin;
    admin.cancellation_reason = Some(reason.to_owned());
    admin.cancelled_by = Some(request.requested_by);
    admin.last_admin_action = Some("cancel".to_owned());
    admin.last_admin_action_at = Some(now);

    let lead_id = case.lead.id;
    let mut writes = BookingWrites::default();
    for hold in case.holds.iter().filter(|hold| hold.is_live()) {
        writes.holds.push(HoldWrite::Cancel { hold_id: hold.id });
        if let (Some(event_id), CalendarEventState::Created) =
            (&hold.calendar_event_id, hold.calendar_event_state)
        {
            changes.job(JobRequest::CalendarDeleteEvent {
                lead_id,
                hold_id: hold.id,
                event_id: event_id.clone(),
            });
        }
    }
    for payment in case.payments.iter().filter(|p| p.status.is_unsettled()) {
        let mut cancelled = payment.clone();
        cancelled.status = PaymentStatus::Cancelled;
        writes.payments.push(cancelled);
        changes.job(JobRequest::StripeExpireSession {
            lead_id,
            payment_id: payment.id,
        });
    }
    let artist_name = &rules.studio.artist_name;
    if request.notify_client {
        changes.tell_client(vec![
            Text::new(MessageId::CANCELLED_BY_ARTIST).with(ARTIST_NAME, artist_name.clone()),
        ]);
    }
    let paid = case.payments.iter().find(|p| p.status.holds_money());
    if let Some(paid) = paid {
        let notice = Text::new(MessageId::ARTIST_CANCELLED_PAID)
            .with(LEAD_REF, lead_id.to_string())
            .with(CLIENT, case.client.clone())
            .with(AMOUNT, format_money(paid.amount));
        changes.tell_artist(notice, Vec::new());
    }
    Ok(CancelDecision {
        changes,
        writes,
        deposit_paid: paid.is_some(),
        refund_recorded: case.payments.iter().any(|p| p.amount_refunded_minor > 0),
    })
}

#[cfg(test)]
#[path = "cancel_tests.rs"]
mod tests;
