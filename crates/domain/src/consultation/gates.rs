//! The pipeline steps that run before any lead is looked at (§5 P3–P7, §19–§21): the artist's own
//! number, opt-out, opted-out contacts and opt-in, pilot mode and panic mode.

use chrono::TimeDelta;

use super::decision::{Disposition, Effect, HoldRelease, JobRequest, Silence, SystemEvent};
use super::draft::Draft;
use super::outbound::{AdminPage, OutboundMessage, Text};
use super::{notes, opening, prompts};
use crate::copy::MessageId;
use crate::copy::params::{ARTIST_NAME, NEEDS_REPLY_COUNT, PENDING_COUNT};
use crate::model::{ContactCooldown, LeadStatus};
use crate::parse::KeywordPolicy;
use crate::status::TransitionReason;

/// P3: the artist writing to their own business number.
pub(super) fn artist_number(d: &mut Draft<'_, '_>) {
    if d.input.deferred_outbound > 0 {
        d.effect(Effect::FlushDeferredOutbound);
    } else if d.contact_cooldown(ContactCooldown::ArtistInboxStatus, TimeDelta::minutes(10)) {
        let inbox = d.input.artist_inbox;
        let text = Text::new(MessageId::ARTIST_INBOX_STATUS)
            .with(PENDING_COUNT, inbox.pending_approval.to_string())
            .with(NEEDS_REPLY_COUNT, inbox.needs_reply.to_string());
        let mut message = OutboundMessage::to_artist(None, text, Vec::new());
        message.admin_page = None;
        d.send(message);
    }
    d.ctx = None;
    d.silent(Silence::ArtistNumber, Disposition::Artist);
}

pub(super) fn is_opt_out(d: &Draft<'_, '_>) -> bool {
    KeywordPolicy::OptOut.matches(&d.k, d.artist_name())
}

/// P4 and §19: STOP, in every status, with or without a lead.
pub(super) fn opt_out(d: &mut Draft<'_, '_>) {
    let now = d.now();
    d.contact.opt_out(now);
    d.effect(Effect::BlockPendingOutbound);
    let lead = d.lead().map(|lead| (lead.id, lead.status()));
    if let Some((lead_id, status)) = lead
        && (status.is_active() || status == LeadStatus::Booked)
    {
        let money_taken = d.ctx.as_ref().is_some_and(|ctx| {
            let payments = ctx.payments;
            payments.paid || payments.processing || payments.partially_refunded
        });
        let unpaid = status != LeadStatus::Booked && !money_taken;
        if unpaid && d.move_to(LeadStatus::OptOut, TransitionReason::OptOut) {
            d.effect(Effect::ReleaseHeldHolds {
                lead_id,
                reason: HoldRelease::OptOut,
            });
            d.effect(Effect::ExpireOpenCheckoutSessions { lead_id });
        } else {
            // A paid or booked lead keeps its status; the artist must know the client left.
            notes::notify_artist_plain(d, MessageId::ARTIST_CLIENT_OPTED_OUT);
            d.job(JobRequest::SheetsUpsert { lead_id });
        }
    }
    d.reply(Text::new(MessageId::OPT_OUT_CONFIRMATION));
    // The confirmation already says how to come back; the "you are opted out" notice only starts
    // after a full cooldown, so a client who writes again soon after STOP hears nothing more.
    let now = d.now();
    d.contact
        .cooldowns
        .start(ContactCooldown::OptedOutNotice, now);
    let event = contact_event(d, "contact.opted_out");
    d.event(event);
    d.set_disposition(Disposition::OptOut);
}

/// P5: an opted-out contact. Only an exact opt-in phrase is processed.
pub(super) fn opted_out(d: &mut Draft<'_, '_>) {
    if KeywordPolicy::OptIn.matches(&d.k, d.artist_name()) {
        opt_in(d);
        return;
    }
    let period = TimeDelta::hours(i64::from(
        d.rules().conversation.opted_out_notice_cooldown_hours,
    ));
    d.ctx = None;
    if d.contact_cooldown(ContactCooldown::OptedOutNotice, period) {
        d.reply(Text::new(MessageId::OPTED_OUT_NOTICE));
        d.set_disposition(Disposition::BlockedOptout);
    } else {
        d.silent(Silence::OptedOutNoticeCooldown, Disposition::BlockedOptout);
    }
}

/// §19 opt-in: back in; a live lead gets its prompt, otherwise a new lead starts.
fn opt_in(d: &mut Draft<'_, '_>) {
    let now = d.now();
    d.contact.opt_in(now);
    let event = contact_event(d, "contact.opted_in");
    d.event(event);
    d.set_disposition(Disposition::OptIn);
    let live = d
        .status()
        .is_some_and(|status| status.is_active() || status == LeadStatus::Booked);
    if !live {
        d.ctx = None;
        if !opening::create_lead(d) {
            d.reply(Text::new(MessageId::OPT_IN_CONFIRMATION));
            return;
        }
    }
    let prompt = if live {
        prompts::status_prompt(d)
    } else {
        let question = prompts::question(d, crate::model::QuestionKey::Idea);
        prompts::Prompt {
            text: opening::welcome(d, question),
            buttons: Vec::new(),
        }
    };
    let mut message =
        OutboundMessage::to_client(d.lead_id(), Text::new(MessageId::OPT_IN_CONFIRMATION));
    message.parts.push(prompt.text);
    message.buttons = prompt.buttons;
    d.send(message);
}

/// P6: a number outside the pilot allow-list. No lead, no answers; the notice once a week.
pub(super) fn pilot_blocked(d: &mut Draft<'_, '_>) {
    d.ctx = None;
    let period = TimeDelta::days(i64::from(d.rules().conversation.pilot_notice_cooldown_days));
    let masked = d.input.inbound.from.masked();
    d.event(SystemEvent::info(
        "pilot_mode.blocked",
        None,
        serde_json::json!({ "phone_masked": masked }),
    ));
    if d.contact_cooldown(ContactCooldown::PilotNotice, period) {
        d.reply(Text::new(MessageId::PILOT_NOTICE).with(ARTIST_NAME, d.artist_name()));
        d.set_disposition(Disposition::PilotBlocked);
    } else {
        d.silent(Silence::PilotNoticeCooldown, Disposition::PilotBlocked);
    }
}

/// P7: panic mode. The message is kept and the artist told; no conversation processing.
pub(super) fn panic(d: &mut Draft<'_, '_>) {
    let wa_timestamp = d.input.inbound.wa_timestamp;
    let active = d.status().is_some_and(|status| status.is_active());
    if active {
        if let Some(lead) = d.lead_mut() {
            let last = &mut lead.conversation.last_client_message_at;
            *last = Some(last.map_or(wa_timestamp, |at| at.max(wa_timestamp)));
        }
        d.attach_media();
        notes::forward(d);
    } else {
        d.ctx = None;
    }
    let period = TimeDelta::hours(i64::from(d.rules().conversation.panic_reply_cooldown_hours));
    if d.contact_cooldown(ContactCooldown::PanicResponse, period) {
        d.reply(Text::new(MessageId::PANIC_RESPONSE).with(ARTIST_NAME, d.artist_name()));
        d.set_disposition(Disposition::Panic);
    } else {
        d.silent(Silence::PanicCooldown, Disposition::Panic);
    }
}

fn contact_event(d: &Draft<'_, '_>, event_type: &str) -> SystemEvent {
    SystemEvent::info(
        event_type,
        d.lead_id(),
        serde_json::json!({
            "contact_id": d.contact.id.0,
            "phone_masked": d.input.inbound.from.masked(),
        }),
    )
}

/// Where `{admin_url}` of a data-request notice points.
pub(super) fn contact_export_page(d: &Draft<'_, '_>) -> AdminPage {
    AdminPage::ContactExport(d.contact.id)
}
