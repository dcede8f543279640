//! What a message does in the statuses outside the consultation proper (§6): handover waits and
//! resumes, acknowledgements with their cooldown, forwarding to the artist, and the booked and
//! closed statuses.

use super::decision::{Disposition, Silence, SystemEvent};
use super::draft::Draft;
use super::handover::hand_over;
use super::notes::forward;
use super::outbound::{OutboundMessage, Text};
use super::prompts::{booked_ack, status_prompt};
use crate::copy::MessageId;
use crate::copy::params::{ARTIST_NAME, PROMPT};
use crate::model::{Actor, HandoverReason, LeadCooldown, LeadStatus};
use crate::parse::{BookingChange, KeywordPolicy, booking_change_request};
use crate::status::TransitionReason;

/// Sends `text` unless the status acknowledgement is inside its cooldown.
pub(super) fn ack(d: &mut Draft<'_, '_>, text: Text) {
    let period = d.ack_period();
    if d.lead_cooldown(LeadCooldown::StatusAck, period) {
        d.reply(text);
        if d.disposition().is_none() {
            d.set_disposition(Disposition::Ack);
        }
    } else {
        d.silent(Silence::AckCooldown, Disposition::Note);
    }
}

fn artist_text(d: &Draft<'_, '_>, id: MessageId) -> Text {
    Text::new(id).with(ARTIST_NAME, d.artist_name())
}

/// Forward to the artist and acknowledge with `id` (cooldown).
fn forward_and_ack(d: &mut Draft<'_, '_>, text: Text) {
    d.attach_media();
    forward(d);
    ack(d, text);
}

/// Forward to the artist and say the artist will reply (`handover_hold`, cooldown).
pub(super) fn forward_and_hold(d: &mut Draft<'_, '_>) {
    d.attach_media();
    forward(d);
    let period = d.ack_period();
    if d.lead_cooldown(LeadCooldown::HandoverHold, period) {
        let text = artist_text(d, MessageId::HANDOVER_HOLD);
        d.reply(text);
        d.set_disposition(Disposition::Note);
    } else {
        d.silent(Silence::AckCooldown, Disposition::Note);
    }
}

/// `NEEDS_ARTIST_REPLY`: `CONTINUE` resumes when the client may; anything else waits.
pub(super) fn needs_artist_reply(d: &mut Draft<'_, '_>) {
    if !KeywordPolicy::Resume.matches(&d.k, d.artist_name()) {
        forward_and_hold(d);
        return;
    }
    let resumable = d
        .lead()
        .and_then(|lead| lead.handover())
        .is_some_and(|handover| handover.resumable);
    d.set_disposition(Disposition::Command);
    if !(resumable && resume(d, Actor::Client)) {
        let text = artist_text(d, MessageId::HANDOVER_HOLD);
        d.reply(text);
        let now = d.now();
        if let Some(lead) = d.lead_mut() {
            lead.conversation
                .cooldowns
                .start(LeadCooldown::HandoverHold, now);
        }
    }
}

/// Back to the status the handover interrupted, with `resumed` and that status's prompt
/// (§13.3). The client may resume only a resumable handover (the caller checks); the artist any.
pub(super) fn resume(d: &mut Draft<'_, '_>, actor: Actor) -> bool {
    let handover = d.lead().and_then(|lead| lead.handover().cloned());
    let Some(return_status) = d.lead().and_then(|lead| lead.return_status()) else {
        return false;
    };
    if !d.move_as(return_status, TransitionReason::Resume, actor) {
        return false;
    }
    let prompt = status_prompt(d);
    d.reply_with_buttons(
        Text::new(MessageId::RESUMED).with_text(PROMPT, prompt.text),
        prompt.buttons,
    );
    d.event(SystemEvent::info(
        "handover.resumed",
        d.lead_id(),
        serde_json::json!({
            "reason_code": handover.map(|handover| handover.reason_code.code()),
            "return_status": return_status.as_str(),
            "actor": actor.as_str(),
        }),
    ));
    true
}

/// `PENDING_APPROVAL`: kept as a note (the artist sees notes on the summary), acknowledged.
pub(super) fn pending_approval(d: &mut Draft<'_, '_>) {
    d.attach_media();
    d.store_note();
    let text = artist_text(d, MessageId::PENDING_APPROVAL_ACK);
    ack(d, text);
}

/// H7 in the paid and booked statuses.
fn booking_change(d: &mut Draft<'_, '_>) -> bool {
    let reason = match booking_change_request(&d.k) {
        Some(BookingChange::Reschedule) => HandoverReason::RescheduleRequest,
        Some(BookingChange::Cancel) => HandoverReason::CancelRequest,
        None => return false,
    };
    d.store_note();
    hand_over(d, reason);
    true
}

/// `DEPOSIT_PAID` without a slot to pick, `BOOKING_PENDING`, `BOOKED`, and closed leads in grace.
pub(super) fn after_payment_or_closed(d: &mut Draft<'_, '_>) {
    let Some(status) = d.status() else {
        return;
    };
    let paid_or_booked = matches!(
        status,
        LeadStatus::DepositPaid | LeadStatus::BookingPending | LeadStatus::Booked
    );
    if paid_or_booked && booking_change(d) {
        return;
    }
    let text = match status {
        LeadStatus::DepositPaid => artist_text(d, MessageId::PAYMENT_RECEIVED_ACK),
        LeadStatus::BookingPending => artist_text(d, MessageId::BOOKING_PENDING_ACK),
        LeadStatus::Booked => booked_ack(d),
        LeadStatus::Waitlisted => artist_text(d, MessageId::WAITLISTED_ACK),
        LeadStatus::Rejected => artist_text(d, MessageId::REJECTED_ACK),
        LeadStatus::Cancelled | LeadStatus::Refunded => artist_text(d, MessageId::CANCELLED_ACK),
        _ => {
            d.attach_media();
            d.store_note();
            d.silent(Silence::ClosedLead, Disposition::Note);
            return;
        }
    };
    forward_and_ack(d, text);
}

/// README clarification: a New-enquiry phrase while a lead is active keeps that lead.
pub(super) fn enquiry_already_open(d: &mut Draft<'_, '_>) {
    let prompt = status_prompt(d);
    let text = Text::new(MessageId::ENQUIRY_ALREADY_OPEN)
        .with(crate::copy::params::LEAD_REF, super::summary::lead_ref(d))
        .with_text(PROMPT, prompt.text);
    let mut message = OutboundMessage::to_client(d.lead_id(), text);
    message.buttons = prompt.buttons;
    d.send(message);
    d.set_disposition(Disposition::Command);
}
