//! Conversation in the booking statuses (§6, booking.md §3.5, §6): slot choices, "other times",
//! and expired deposits. Holds, payments and offers themselves are the booking use cases' work;
//! this module decides which of them a message asks for.

use chrono::TimeDelta;

use super::decision::{
    Disposition, Effect, HoldRelease, JobRequest, OfferCause, Silence, SystemEvent,
};
use super::draft::Draft;
use super::handover::hand_over;
use super::outbound::Text;
use super::prompts::{awaiting_deposit_ack, status_prompt};
use super::repair::strike;
use super::statuses::{ack, after_payment_or_closed, forward_and_hold};
use crate::copy::MessageId;
use crate::copy::params::{HOME_CITY, PROMPT};
use crate::model::{BookingMode, HandoverReason, LeadStatus, StrikeField};
use crate::parse::{
    BookingChange, KeywordPolicy, SlotChoice, SlotOffer, SlotRejection, booking_change_request,
    parse_slot_choice,
};
use crate::status::TransitionReason;

/// What the message says about the current offer.
enum Pick {
    NoOffer,
    Chosen(usize),
    /// The pick is valid but the offer is too old or the slot too close: offer afresh.
    Expired,
    Rejected(SlotRejection),
}

fn read_pick(d: &mut Draft<'_, '_>) -> Pick {
    let Some(offer) = d.ctx.as_ref().and_then(|ctx| ctx.open_offer.clone()) else {
        return Pick::NoOffer;
    };
    let slot_offer = SlotOffer {
        offer_id: offer.offer_id,
        slots: &offer.slots,
        zone: offer.zone,
    };
    let text = d.input.inbound.text();
    let message = (!text.trim().is_empty()).then_some(text);
    let choice = parse_slot_choice(message, d.reply_id(), &slot_offer);
    let lead_id = d.lead_id();
    match choice {
        SlotChoice::Chosen { index, matched_by } => {
            d.event(SystemEvent::info(
                "slot.parse_success",
                lead_id,
                serde_json::json!({ "chosen_index": index, "matched_by": matched_by.as_str() }),
            ));
            let booking = &d.rules().booking;
            let offer_age = d.now() - offer.created_at;
            let too_old = offer_age > TimeDelta::hours(i64::from(booking.offer_valid_hours));
            let min_lead = TimeDelta::hours(i64::from(booking.pick_min_lead_hours));
            let too_close = index
                .checked_sub(1)
                .and_then(|at| offer.slots.get(at))
                .is_none_or(|slot| slot.start - d.now() < min_lead);
            if too_old || too_close {
                Pick::Expired
            } else {
                Pick::Chosen(index)
            }
        }
        SlotChoice::Rejected(reason) => {
            d.event(SystemEvent::info(
                "slot.parse_reject_ambiguous",
                lead_id,
                serde_json::json!({ "reason": reason.as_str() }),
            ));
            Pick::Rejected(reason)
        }
    }
}

fn hold(d: &mut Draft<'_, '_>, index: usize) {
    let offer_id = d
        .ctx
        .as_ref()
        .and_then(|ctx| ctx.open_offer.as_ref())
        .map_or(0, |offer| offer.offer_id);
    if let Some(lead_id) = d.lead_id() {
        d.effect(Effect::HoldSlot {
            lead_id,
            offer_id,
            index,
        });
        if let Some(lead) = d.lead_mut() {
            lead.conversation.parse_failures.reset(StrikeField::Slot);
        }
    }
    d.silent(Silence::BookingFlowReplies, Disposition::Answer);
}

fn fresh_offer(d: &mut Draft<'_, '_>, cause: OfferCause) {
    if let Some(lead_id) = d.lead_id() {
        d.job(JobRequest::SlotsOffer { lead_id, cause });
    }
    d.silent(Silence::OfferFollows, Disposition::Answer);
}

/// `AWAITING_SLOT`.
pub(super) fn awaiting_slot(d: &mut Draft<'_, '_>) {
    match read_pick(d) {
        Pick::NoOffer => ack(d, Text::new(MessageId::SLOTS_COMING)),
        Pick::Chosen(index) => hold(d, index),
        Pick::Expired => fresh_offer(d, OfferCause::Refresh),
        Pick::Rejected(SlotRejection::NoneSuit) => {
            if d.move_to(
                LeadStatus::CollectingTimeWindows,
                TransitionReason::NoneSuit,
            ) {
                d.reply(Text::new(MessageId::TIME_WINDOW_REQUEST).with(HOME_CITY, d.home_city()));
                d.set_disposition(Disposition::Answer);
            }
        }
        Pick::Rejected(SlotRejection::StaleOffer) => stale_offer(d),
        Pick::Rejected(_) => strike(d, StrikeField::Slot),
    }
}

/// `stale_choice` and the current offer again (sent by the offer job).
fn stale_offer(d: &mut Draft<'_, '_>) {
    let prompt = status_prompt(d);
    d.reply(Text::new(MessageId::STALE_CHOICE).with_text(PROMPT, prompt.text));
    d.set_disposition(Disposition::Reprompt);
}

fn calendar_unpaid(d: &Draft<'_, '_>) -> bool {
    let calendar = d
        .lead()
        .is_some_and(|lead| lead.booking_mode() == Some(BookingMode::Calendar));
    let paid = d.ctx.as_ref().is_some_and(|ctx| ctx.payments.paid);
    calendar && !paid
}

/// `AWAITING_DEPOSIT`: swap to another slot of the offer, other times, cancel, or the link again.
pub(super) fn awaiting_deposit(d: &mut Draft<'_, '_>) {
    let change = booking_change_request(&d.k);
    if change == Some(BookingChange::Cancel) {
        d.store_note();
        hand_over(d, HandoverReason::CancelRequest);
        return;
    }
    if calendar_unpaid(d) {
        let pick = read_pick(d);
        let other_times = change == Some(BookingChange::Reschedule)
            || matches!(pick, Pick::Rejected(SlotRejection::NoneSuit));
        if other_times {
            let lead_id = d.lead_id();
            if d.move_to(LeadStatus::AwaitingSlot, TransitionReason::OtherTimes)
                && let Some(lead_id) = lead_id
            {
                d.effect(Effect::ReleaseHeldHolds {
                    lead_id,
                    reason: HoldRelease::ClientChanged,
                });
                d.effect(Effect::ExpireOpenCheckoutSessions { lead_id });
                fresh_offer(d, OfferCause::Refresh);
            }
            return;
        }
        if let Pick::Chosen(index) = pick {
            hold(d, index);
            return;
        }
    }
    match awaiting_deposit_ack(d) {
        Some(text) => ack(d, text),
        None => ack(d, Text::new(MessageId::SLOTS_COMING)),
    }
}

/// `DEPOSIT_EXPIRED`: calendar mode offers fresh slots; manual mode re-issues the link on request.
pub(super) fn deposit_expired(d: &mut Draft<'_, '_>) {
    let manual = d
        .lead()
        .is_some_and(|lead| lead.booking_mode() != Some(BookingMode::Calendar));
    if !manual {
        if d.move_to(LeadStatus::AwaitingSlot, TransitionReason::Reoffer) {
            fresh_offer(d, OfferCause::Reoffer);
        }
        return;
    }
    if !KeywordPolicy::Link.matches(&d.k, d.artist_name()) {
        ack(d, Text::new(MessageId::DEPOSIT_EXPIRED));
        return;
    }
    let allowed = d.rules().deposit.client_link_reissues;
    let reissued = d
        .lead()
        .map_or(u32::MAX, |lead| u32::from(lead.deposit.link_reissue_count));
    if reissued >= allowed {
        forward_and_hold(d);
        return;
    }
    let lead_id = d.lead_id();
    if d.move_to(LeadStatus::AwaitingDeposit, TransitionReason::LinkReissued)
        && let Some(lead_id) = lead_id
    {
        if let Some(lead) = d.lead_mut() {
            lead.deposit.link_reissue_count = lead.deposit.link_reissue_count.saturating_add(1);
        }
        d.effect(Effect::ReissueDepositLink { lead_id });
        d.silent(Silence::LinkFollows, Disposition::Answer);
    }
}

/// `DEPOSIT_PAID`: with an open offer a pick confirms the booking directly (no second payment).
pub(super) fn deposit_paid(d: &mut Draft<'_, '_>) {
    let has_offer = d.ctx.as_ref().is_some_and(|ctx| ctx.open_offer.is_some());
    if has_offer && booking_change_request(&d.k).is_none() {
        match read_pick(d) {
            Pick::Chosen(index) => return hold(d, index),
            Pick::Expired => return fresh_offer(d, OfferCause::Refresh),
            _ => {}
        }
    }
    after_payment_or_closed(d);
}
