//! `QUALIFYING` (§9, §11, §13, §22): non-text messages, `RESTART`, the guards, deflections and
//! in-flow handovers, then the answer with three-strike repair, the advance and the completion.

use chrono::TimeDelta;

use super::answers::{Reading, acceptable_budget, read};
use super::decision::{Disposition, Silence};
use super::draft::Draft;
use super::handover::hand_over;
use super::input::MediaKind;
use super::outbound::Text;
use super::prompts::{ask, current_key, question, question_buttons, wrap_current_question};
use super::{completion, opening, repair};
use crate::copy::MessageId;
use crate::copy::params::{ARTIST_NAME, BUDGET, CITY, PROMPT, QUESTION, SIZE};
use crate::copy::{format_dimensions, format_money, format_money_range};
use crate::model::{HandoverReason, Money, QuestionKey, latest_answer};
use crate::parse::{
    BundleSignals, KeywordPolicy, is_complex_question, is_price_question, mentions_coverup,
    wrong_field_answer,
};

pub(super) fn handle(d: &mut Draft<'_, '_>) {
    let key = current_key(d);
    if d.input.inbound.media_kind().is_some() && media(d, key) {
        return;
    }
    if KeywordPolicy::Restart.matches(&d.k, d.artist_name()) {
        restart(d);
        return;
    }
    let text = d.input.inbound.text().to_owned();
    if guarded(d, key, &text) || deflected(d, key) || handed_over(d) {
        return;
    }
    if mentions_coverup(&d.k)
        && let Some(lead) = d.lead_mut()
    {
        lead.conversation.coverup_mentioned = true;
    }
    answer(d, key, &text);
}

/// §22.3. True when the media message is fully handled; a caption otherwise goes on as the answer.
fn media(d: &mut Draft<'_, '_>, key: QuestionKey) -> bool {
    d.attach_media();
    if d.input.inbound.media_kind() == Some(MediaKind::Audio) {
        let text = Text::new(MessageId::VOICE_NOTE_SAVED).with_text(PROMPT, question(d, key));
        let buttons = question_buttons(d, key);
        d.reply_with_buttons(text, buttons);
        d.set_disposition(Disposition::Reprompt);
        return true;
    }
    if key == QuestionKey::ReferenceImages {
        let caption = d.input.inbound.text().to_owned();
        accept(d, key, &caption, None);
        return true;
    }
    if !d.input.inbound.is_bare_media() {
        return false;
    }
    if in_media_burst(d) {
        d.silent(Silence::MediaBurst, Disposition::Ignored);
    } else {
        wrap_current_question(d, Text::new(MessageId::ATTACHMENT_SAVED));
        d.set_disposition(Disposition::Reprompt);
    }
    true
}

fn in_media_burst(d: &Draft<'_, '_>) -> bool {
    let burst = TimeDelta::seconds(i64::from(d.rules().conversation.media_burst_seconds));
    let at = d.input.inbound.wa_timestamp;
    d.ctx
        .as_ref()
        .and_then(|ctx| ctx.last_media_at)
        .is_some_and(|previous| at >= previous && at - previous <= burst)
}

/// §9.6: back to the first question; earlier answers stay in history.
fn restart(d: &mut Draft<'_, '_>) {
    if let Some(lead) = d.lead_mut() {
        lead.conversation.current_step = Default::default();
        lead.conversation.parse_failures.reset_all();
        lead.conversation.confirmation_shown = false;
        lead.conversation.travel_prompt = None;
    }
    opening::welcome_and_ask_idea(d);
    d.set_disposition(Disposition::Command);
}

/// §11: a budget or size where a description was asked for, or several answers at once.
fn guarded(d: &mut Draft<'_, '_>, key: QuestionKey, text: &str) -> bool {
    let wrong_field = matches!(key, QuestionKey::Idea | QuestionKey::Placement)
        && wrong_field_answer(text).is_some();
    let merge = matches!(
        key,
        QuestionKey::Style | QuestionKey::ReferenceImages | QuestionKey::InstagramHandle
    );
    let bundle = BundleSignals::of(text).is_bundle(merge) && !valid_for_step(d, key, text);
    if !(wrong_field || bundle) {
        return false;
    }
    wrap_current_question(d, Text::new(MessageId::ONE_AT_A_TIME));
    d.set_disposition(Disposition::Reprompt);
    true
}

/// A bundle is still accepted when it answers the current step by that step's parser.
fn valid_for_step(d: &Draft<'_, '_>, key: QuestionKey, text: &str) -> bool {
    match key {
        QuestionKey::Dimensions => crate::parse::parse_dimensions(text).is_some(),
        QuestionKey::Budget => acceptable_budget(d, text).is_some(),
        QuestionKey::LocationCity => d.input.places.parse_location(text).is_accepted(),
        _ => false,
    }
}

/// §13.2: scheduling and price questions get "later" and the current question.
fn deflected(d: &mut Draft<'_, '_>, key: QuestionKey) -> bool {
    let scheduling = key != QuestionKey::Timing
        && KeywordPolicy::SchedulingQuestion.matches(&d.k, d.artist_name());
    let id = if scheduling {
        MessageId::SCHEDULING_LATER
    } else if is_price_question(&d.normal, &d.k) {
        MessageId::PRICE_LATER
    } else {
        return false;
    };
    wrap_current_question(d, Text::new(id).with(ARTIST_NAME, d.artist_name()));
    d.set_disposition(Disposition::Deflected);
    true
}

/// §13.1 H4–H6: price negotiation, hesitation, a long complex question.
fn handed_over(d: &mut Draft<'_, '_>) -> bool {
    let name = d.artist_name();
    let reason = if KeywordPolicy::PriceNegotiation.matches(&d.k, name) {
        HandoverReason::PriceNegotiation
    } else if KeywordPolicy::Hesitation.matches(&d.k, name) {
        HandoverReason::Hesitation
    } else if is_complex_question(&d.normal, &d.k) {
        HandoverReason::ComplexQuestion
    } else {
        return false;
    };
    hand_over(d, reason);
    true
}

fn answer(d: &mut Draft<'_, '_>, key: QuestionKey, text: &str) {
    match read(d, key, text) {
        Reading::Accepted(parsed) => accept(d, key, text, parsed),
        Reading::AskAgain => {
            let buttons = question_buttons(d, key);
            let text = question(d, key);
            d.reply_with_buttons(text, buttons);
            d.set_disposition(Disposition::Reprompt);
        }
        Reading::Strike(field) => repair::strike(d, field),
        Reading::AskWhichCity => {
            if let Some(lead) = d.lead_mut() {
                lead.conversation.travel_prompt = Some("which".to_owned());
            }
            d.reply(Text::new(MessageId::Q_TRAVEL_CITY_WHICH));
            d.set_disposition(Disposition::Reprompt);
        }
    }
}

/// §9.1–§9.5: store, reset the field's strikes, advance, and ask the next question (or complete).
fn accept(d: &mut Draft<'_, '_>, key: QuestionKey, text: &str, parsed: Option<serde_json::Value>) {
    d.store_answer(key, text, parsed);
    d.set_disposition(Disposition::Answer);
    let Some(lead) = d.lead_mut() else {
        return;
    };
    if let Some(field) = key.strike_field() {
        lead.conversation.parse_failures.reset(field);
    }
    let Some(next_step) = lead.conversation.current_step.next() else {
        completion::complete(d);
        return;
    };
    lead.conversation.current_step = next_step;
    let next = next_step.key();
    if key == QuestionKey::ReferenceImages && d.input.inbound.media_kind().is_some() {
        let buttons = question_buttons(d, next);
        let text = Text::new(MessageId::REFERENCE_SAVED).with_text(QUESTION, question(d, next));
        d.reply_with_buttons(text, buttons);
    } else if key == QuestionKey::LocationCity && confirm(d, next) {
        // Sent as one message with the next question.
    } else {
        ask(d, next);
    }
}

/// `£500`, or `£400–£500` for a range (its upper end is kept with the budget answer).
fn budget_label(d: &Draft<'_, '_>, lower: Money) -> String {
    let upper = latest_answer(d.answers(), QuestionKey::Budget)
        .and_then(|answer| answer.parsed.as_ref())
        .and_then(|parsed| parsed.get("upper_minor"))
        .and_then(serde_json::Value::as_i64);
    match upper {
        Some(upper) => format_money_range(lower, Money::new(upper, lower.currency)),
        None => format_money(lower),
    }
}

/// §9.5: the micro-confirmation, once per qualifying cycle, in front of the next question.
fn confirm(d: &mut Draft<'_, '_>, next: QuestionKey) -> bool {
    let Some(lead) = d.lead() else {
        return false;
    };
    let facts = &lead.interpretation;
    let (Some(size), Some(budget)) = (facts.dimensions, facts.budget) else {
        return false;
    };
    if lead.conversation.confirmation_shown {
        return false;
    }
    let city = facts
        .location_city
        .clone()
        .or_else(|| facts.location_country.clone())
        .unwrap_or_default();
    let summary = Text::new(MessageId::CONFIRMATION_SUMMARY)
        .with(SIZE, format_dimensions(size))
        .with(CITY, city)
        .with(BUDGET, budget_label(d, budget.amount));
    let buttons = question_buttons(d, next);
    let mut message = super::outbound::OutboundMessage::to_client(d.lead_id(), summary);
    message.parts.push(question(d, next));
    message.buttons = buttons;
    d.send(message);
    if let Some(lead) = d.lead_mut() {
        lead.conversation.confirmation_shown = true;
    }
    true
}
