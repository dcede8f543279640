//! The per-message pipeline (§5): P3–P12 in order; the first step that ends processing wins.

use chrono::TimeDelta;

use super::decision::{Decision, Disposition, Silence, SystemEvent};
use super::draft::Draft;
use super::handover::hand_over;
use super::input::{ConsultationInput, InboundContent};
use super::outbound::{Button, OutboundMessage, Text};
use super::prompts::{Prompt, current_key, question, status_prompt};
use super::{follow_up, gates, opening, qualifying, slots, statuses, time_windows, tour};
use crate::copy::MessageId;
use crate::copy::params::{ARTIST_NAME, CLIENT, PROMPT, QUESTION};
use crate::model::{ContactCooldown, HandoverReason, LeadStatus, QuestionKey};
use crate::parse::{KeywordPolicy, is_continue_acknowledgement};
use crate::status::{LeadResolution, TransitionReason, is_new_enquiry_phrase};

/// Decides what one inbound message causes. Pure: same input, same decision.
pub fn decide(input: &ConsultationInput<'_>) -> Decision {
    let mut d = Draft::new(input);
    let inbound = &input.inbound;
    d.contact.record_inbound(inbound.wa_timestamp, input.now);
    if let Some(name) = inbound
        .profile_name
        .as_ref()
        .filter(|n| !n.trim().is_empty())
    {
        d.contact.profile_name = Some(name.clone());
    }
    run(&mut d);
    d.finish()
}

/// Whether the message may create a lead, so the caller reserves an id first: a new lead per the
/// resolution, or an opt-in with no live lead (§19).
pub fn may_create_lead(resolution: LeadResolution, opted_out: bool) -> bool {
    match resolution {
        LeadResolution::CreateLead => true,
        LeadResolution::Active(_) | LeadResolution::LiveBooked(_) => false,
        _ => opted_out,
    }
}

fn run(d: &mut Draft<'_, '_>) {
    if d.contact.is_artist {
        return gates::artist_number(d);
    }
    if gates::is_opt_out(d) {
        return gates::opt_out(d);
    }
    if d.contact.is_opted_out() {
        return gates::opted_out(d);
    }
    if d.input.modes.pilot_blocked {
        return gates::pilot_blocked(d);
    }
    if d.input.modes.panic {
        return gates::panic(d);
    }
    // A data request never opens an enquiry of its own.
    let data_request = KeywordPolicy::DataRequest.matches(&d.k, d.artist_name());
    if data_request && d.input.resolution == LeadResolution::CreateLead {
        d.ctx = None;
        return data_request_handling(d);
    }
    let created = resolve(d);
    if d.ctx.is_none() {
        // Nothing to attach the message to (no id was reserved): say hello without a lead.
        opening::welcome_and_ask_idea(d);
        d.set_disposition(Disposition::Reprompt);
        return;
    }
    if late(d) {
        return;
    }
    if d.input.deferred_outbound > 0 {
        d.effect(super::decision::Effect::FlushDeferredOutbound);
        if is_continue_acknowledgement(&d.normal, &d.k, d.reply_id()) {
            return d.silent(Silence::ContinueAfterFlush, Disposition::Ignored);
        }
    }
    if data_request {
        return data_request_handling(d);
    }
    if overriding_request(d) {
        return;
    }
    if created.is_some() {
        return resumed_or_created(d, created);
    }
    status_handler(d);
}

/// How the resolved lead was brought into play at P8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    Created,
    ReturnedFromAbandoned,
    ReopenedFromStale,
}

/// P8: creates the lead or reopens a resumable one; the handlers below see it in its new status.
fn resolve(d: &mut Draft<'_, '_>) -> Option<Arrival> {
    match d.input.resolution {
        LeadResolution::CreateLead => {
            d.ctx = None;
            opening::create_lead(d).then_some(Arrival::Created)
        }
        LeadResolution::ResumeAbandoned(_) => {
            let back_to = d.lead().and_then(|lead| lead.return_status())?;
            d.move_to(back_to, TransitionReason::ClientReturned)
                .then_some(Arrival::ReturnedFromAbandoned)
        }
        LeadResolution::ReopenStale(_) => d
            .move_to(LeadStatus::PendingApproval, TransitionReason::Reopened)
            .then_some(Arrival::ReopenedFromStale),
        _ => None,
    }
}

/// P9: a message older than the newest processed one is kept but not answered.
fn late(d: &mut Draft<'_, '_>) -> bool {
    let at = d.input.inbound.wa_timestamp;
    let Some(lead) = d.lead_mut() else {
        return false;
    };
    let last = lead.conversation.last_client_message_at;
    if last.is_some_and(|last| at < last) {
        d.attach_media();
        let event = SystemEvent::info(
            "whatsapp.late_message",
            d.lead_id(),
            serde_json::json!({ "message_id": d.input.inbound.provider_message_id }),
        );
        d.event(event);
        d.silent(Silence::LateMessage, Disposition::Late);
        return true;
    }
    lead.conversation.last_client_message_at = Some(at);
    false
}

/// H3 (§13.1): honoured in every status, with or without a lead; nothing is erased from chat.
fn data_request_handling(d: &mut Draft<'_, '_>) {
    use crate::model::Handover;
    let words = "the client asked about their personal data (export or erasure)";
    match d.status() {
        Some(LeadStatus::NeedsArtistReply) => {
            if let Some(lead) = d.lead_mut() {
                lead.append_to_handover(words);
            }
        }
        Some(status) if status.is_active() => {
            let handover = Handover::new(HandoverReason::DataRequest, words);
            d.move_to(
                LeadStatus::NeedsArtistReply,
                TransitionReason::Handover(handover),
            );
        }
        _ => {}
    }
    d.store_note();
    d.reply(Text::new(MessageId::HANDOVER_DATA_REQUEST).with(ARTIST_NAME, d.artist_name()));
    let artist = Text::new(MessageId::ARTIST_DATA_REQUEST).with(CLIENT, super::summary::client(d));
    let mut message = OutboundMessage::to_artist(d.lead_id(), artist, Vec::new());
    message.admin_page = Some(gates::contact_export_page(d));
    d.send(message);
    let lead_ids: Vec<i64> = d.lead_id().map(|id| id.0).into_iter().collect();
    d.event(SystemEvent::info(
        "gdpr.request_received",
        d.lead_id(),
        serde_json::json!({ "contact_id": d.contact.id.0, "lead_ids": lead_ids }),
    ));
    d.set_disposition(Disposition::Handover);
}

/// P11 H1/H2: a human or refund request hands over an active or live booked lead. A lead already
/// with the artist, or closed in its grace period, is forwarded by its status handler instead.
fn overriding_request(d: &mut Draft<'_, '_>) -> bool {
    let Some(status) = d.status() else {
        return false;
    };
    let eligible = (status.is_active() && status != LeadStatus::NeedsArtistReply)
        || status == LeadStatus::Booked;
    if !eligible {
        return false;
    }
    let name = d.artist_name();
    let reason = if KeywordPolicy::HumanRequest.matches(&d.k, name) {
        HandoverReason::HumanRequest
    } else if KeywordPolicy::RefundQuestion.matches(&d.k, name) {
        HandoverReason::RefundQuestion
    } else {
        return false;
    };
    d.store_note();
    hand_over(d, reason);
    true
}

/// The reply of a lead created, returned from abandoned or reopened from stale by this message.
fn resumed_or_created(d: &mut Draft<'_, '_>, arrival: Option<Arrival>) {
    match arrival {
        Some(Arrival::Created) | None => opening::handle(d),
        Some(Arrival::ReturnedFromAbandoned) => welcome_back(d),
        Some(Arrival::ReopenedFromStale) => {
            d.attach_media();
            d.store_note();
            let now = d.now();
            if let Some(lead) = d.lead_mut() {
                lead.conversation
                    .cooldowns
                    .start(crate::model::LeadCooldown::StatusAck, now);
            }
            d.reply(Text::new(MessageId::PENDING_APPROVAL_ACK).with(ARTIST_NAME, d.artist_name()));
            let summary = super::summary::summary(d, crate::copy::SummaryHeadline::ReadyForReview);
            if let Some(lead) = d.lead_mut() {
                lead.summary_text = Some(summary.clone());
            }
            let artist =
                Text::new(MessageId::ARTIST_NEW_LEAD).with(crate::copy::params::SUMMARY, summary);
            d.notify_artist(
                artist,
                super::completion::approval_links(LeadStatus::PendingApproval),
            );
            d.set_disposition(Disposition::Note);
        }
    }
}

/// Back from `ABANDONED` (§6): in `QUALIFYING` a valid answer is processed with `welcome_back` in
/// front of the reply; anything else gets `welcome_back` and the status's prompt.
fn welcome_back(d: &mut Draft<'_, '_>) {
    if d.status() == Some(LeadStatus::Qualifying) {
        let checkpoint = d.checkpoint();
        qualifying::handle(d);
        if d.disposition() == Some(Disposition::Answer)
            && d.wrap_first_reply(MessageId::WELCOME_BACK)
        {
            return;
        }
        d.restore(checkpoint);
    } else {
        d.attach_media();
        d.store_note();
    }
    let prompt = status_prompt(d);
    reply_with_prompt(d, Text::new(MessageId::WELCOME_BACK), prompt);
    d.set_disposition(Disposition::Reprompt);
}

fn reply_with_prompt(d: &mut Draft<'_, '_>, wrapper: Text, prompt: Prompt) {
    d.reply_with_buttons(wrapper.with_text(PROMPT, prompt.text), prompt.buttons);
}

/// Whether an interactive reply id belongs to the prompt the lead is waiting on.
fn reply_fits(d: &Draft<'_, '_>, id: &str) -> bool {
    let Some(lead) = d.lead() else {
        return false;
    };
    match lead.status() {
        _ if id == "continue" => true,
        LeadStatus::Qualifying => id
            .strip_prefix("ans:")
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(key, _)| key == current_key(d).as_str()),
        LeadStatus::NeedsFollowUp => id.starts_with("ans:budget_follow_up:"),
        LeadStatus::TourConversionOffered => id.starts_with(&format!("tour:{}:", lead.id.0)),
        LeadStatus::AwaitingSlot | LeadStatus::AwaitingDeposit | LeadStatus::DepositPaid => {
            id.starts_with("slot:")
        }
        _ => false,
    }
}

/// §22.3 for every status: reactions, stickers and unsupported types, location pins, the chat
/// being opened, and buttons of an earlier prompt.
fn non_text(d: &mut Draft<'_, '_>) -> bool {
    match &d.input.inbound.content {
        InboundContent::Reaction => {
            d.silent(Silence::Reaction, Disposition::Ignored);
        }
        InboundContent::Sticker | InboundContent::Unsupported { .. } => {
            if let InboundContent::Unsupported {
                message_type,
                error_code,
            } = &d.input.inbound.content
            {
                d.event(SystemEvent::warn(
                    "whatsapp.unsupported_message",
                    d.lead_id(),
                    serde_json::json!({ "type": message_type, "code": error_code }),
                ));
            }
            let minutes = d.rules().conversation.unsupported_reply_cooldown_minutes;
            let period = TimeDelta::minutes(i64::from(minutes));
            if d.contact_cooldown(ContactCooldown::UnsupportedMessage, period) {
                let prompt = status_prompt(d);
                reply_with_prompt(d, Text::new(MessageId::UNSUPPORTED_MESSAGE), prompt);
                d.set_disposition(Disposition::Reprompt);
            } else {
                d.silent(Silence::UnsupportedCooldown, Disposition::Ignored);
            }
        }
        InboundContent::Location { .. } => {
            let key = current_key(d);
            let at_location = d.status() == Some(LeadStatus::Qualifying)
                && matches!(
                    key,
                    QuestionKey::LocationCity | QuestionKey::LocationCountry
                );
            if at_location {
                let text = Text::new(MessageId::LOCATION_PIN).with_text(QUESTION, question(d, key));
                d.reply(text);
            } else {
                let prompt = status_prompt(d);
                reply_with_prompt(d, Text::new(MessageId::UNSUPPORTED_MESSAGE), prompt);
            }
            d.set_disposition(Disposition::Reprompt);
        }
        InboundContent::RequestWelcome => {
            let prompt = status_prompt(d);
            reply_with_prompt(d, Text::new(MessageId::WELCOME_BACK), prompt);
            d.set_disposition(Disposition::Reprompt);
        }
        InboundContent::Interactive { reply_id, .. }
        | InboundContent::Button {
            payload: reply_id, ..
        } if !reply_fits(d, reply_id) => {
            let prompt = status_prompt(d);
            let buttons: Vec<Button> = prompt.buttons.clone();
            d.reply_with_buttons(
                Text::new(MessageId::STALE_CHOICE).with_text(PROMPT, prompt.text),
                buttons,
            );
            d.set_disposition(Disposition::Reprompt);
        }
        _ => return false,
    }
    true
}

/// P12: what the message does in the lead's status (§6).
fn status_handler(d: &mut Draft<'_, '_>) {
    if non_text(d) {
        return;
    }
    let Some(status) = d.status() else {
        return;
    };
    if !matches!(status, LeadStatus::New | LeadStatus::Qualifying) {
        // Outside the questions, media is kept with the lead and the reply is the status's own.
        d.attach_media();
    }
    if status.is_active() && is_new_enquiry_phrase(d.input.inbound.text()) {
        return statuses::enquiry_already_open(d);
    }
    match status {
        LeadStatus::New => {
            if d.move_to(LeadStatus::Qualifying, TransitionReason::FirstMessage) {
                opening::handle(d);
            }
        }
        LeadStatus::Qualifying => qualifying::handle(d),
        LeadStatus::NeedsArtistReply => statuses::needs_artist_reply(d),
        LeadStatus::NeedsFollowUp => follow_up::reply(d),
        LeadStatus::TourConversionOffered => tour::reply(d),
        LeadStatus::CollectingTimeWindows => time_windows::reply(d),
        LeadStatus::PendingApproval => statuses::pending_approval(d),
        LeadStatus::AwaitingSlot => slots::awaiting_slot(d),
        LeadStatus::AwaitingDeposit => slots::awaiting_deposit(d),
        LeadStatus::DepositExpired => slots::deposit_expired(d),
        LeadStatus::DepositPaid => slots::deposit_paid(d),
        LeadStatus::BookingPending
        | LeadStatus::Booked
        | LeadStatus::Waitlisted
        | LeadStatus::Rejected
        | LeadStatus::Cancelled
        | LeadStatus::Refunded
        | LeadStatus::Abandoned
        | LeadStatus::Stale
        | LeadStatus::OptOut => statuses::after_payment_or_closed(d),
    }
}
