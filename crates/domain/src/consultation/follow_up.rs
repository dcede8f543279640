//! `NEEDS_FOLLOW_UP` (§17): the client accepts the regional minimum, names a new budget, or
//! declines; anything else goes to the artist.

use super::answers::{acceptable_budget, budget_json};
use super::completion::continue_from_city;
use super::decision::Disposition;
use super::draft::Draft;
use super::outbound::Text;
use super::prompts::regional_minimum;
use super::repair::strike;
use super::statuses::forward_and_hold;
use super::summary::{client, lead_ref};
use crate::copy::params::{ARTIST_NAME, CLIENT, LEAD_REF, MINIMUM};
use crate::copy::{MessageId, format_money};
use crate::model::{QuestionKey, StrikeField};
use crate::parse::{YesNo, parse_yes_no};
use crate::status::TransitionReason;

pub(super) fn reply(d: &mut Draft<'_, '_>) {
    let choice = match d.reply_id() {
        Some("ans:budget_follow_up:yes") => Some(YesNo::Yes),
        Some("ans:budget_follow_up:no") => Some(YesNo::No),
        _ => parse_yes_no(&d.k),
    };
    match choice {
        Some(YesNo::Yes) => {
            if let Some(lead) = d.lead_mut() {
                lead.interpretation.budget_accepted_minimum = true;
            }
            accepted(d);
        }
        Some(YesNo::No) => declined(d),
        None => {
            let text = d.input.inbound.text().to_owned();
            match acceptable_budget(d, &text) {
                Some(budget) if budget.gbp_minor >= regional_minimum(d).amount_minor => {
                    d.store_answer(
                        QuestionKey::Budget,
                        &text,
                        Some(budget_json(&budget, &text)),
                    );
                    if let Some(lead) = d.lead_mut() {
                        lead.interpretation.budget = Some(budget);
                        if let Some(estimate) = lead.estimate.as_mut() {
                            estimate.below_min_budget = false;
                        }
                    }
                    accepted(d);
                }
                Some(_) => strike(d, StrikeField::BudgetFollowUp),
                None if crate::parse::parse_money(&text, d.rules().studio.currency).is_some() => {
                    strike(d, StrikeField::BudgetFollowUp)
                }
                None => forward_and_hold(d),
            }
        }
    }
}

fn accepted(d: &mut Draft<'_, '_>) {
    if let Some(lead) = d.lead_mut() {
        lead.conversation
            .parse_failures
            .reset(StrikeField::BudgetFollowUp);
    }
    continue_from_city(d, TransitionReason::BudgetAccepted, None);
}

/// The status stays: the artist may still approve or reject.
fn declined(d: &mut Draft<'_, '_>) {
    d.reply(Text::new(MessageId::BUDGET_FOLLOW_UP_DECLINED).with(ARTIST_NAME, d.artist_name()));
    let artist = Text::new(MessageId::ARTIST_BUDGET_DECLINED)
        .with(LEAD_REF, lead_ref(d))
        .with(CLIENT, client(d))
        .with(MINIMUM, format_money(regional_minimum(d)));
    d.notify_artist(artist, Vec::new());
    d.set_disposition(Disposition::Answer);
}
