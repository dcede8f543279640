//! The completion decision (§14), in order: cover-up → artist; budget below the regional minimum
//! → follow-up; city not served → tour offer or waitlist; otherwise → approval.

use super::decision::Disposition;
use super::draft::Draft;
use super::handover::hand_over;
use super::outbound::{ActionLink, LinkAction, Text};
use super::prompts::{budget_follow_up_buttons, regional_minimum};
use super::summary::{client, lead_ref, summary};
use super::tour;
use crate::copy::params::{
    ARTIST_NAME, BUDGET, CATEGORY_LABEL, CITY, CLIENT, LEAD_REF, MINIMUM, SUMMARY,
};
use crate::copy::{MessageId, SummaryHeadline, format_money};
use crate::estimate::{EstimateInput, check_budget, estimate};
use crate::model::{
    CoverUp, Estimate, HandoverReason, LeadStatus, Money, QuestionKey, Region, latest_answer,
};
use crate::status::TransitionReason;

/// Runs when the timing answer is accepted: steps 1–7.
pub(super) fn complete(d: &mut Draft<'_, '_>) {
    let now = d.now();
    if let Some(lead) = d.lead_mut() {
        lead.mark_qualifying_completed(now);
    }
    interpret_and_estimate(d);
    let coverup = d.lead().and_then(|lead| lead.interpretation.coverup) == Some(CoverUp::Yes);
    if coverup {
        hand_over(d, HandoverReason::CoverUp);
        return;
    }
    let below = d.lead().is_some_and(|lead| {
        lead.estimate.as_ref().is_some_and(|e| e.below_min_budget)
            && !lead.interpretation.budget_accepted_minimum
    });
    if below {
        follow_up(d);
        return;
    }
    continue_from_city(d, TransitionReason::Completed, None);
}

/// Steps 2–3: the effective cover-up answer, the region, and the estimate with the budget check.
fn interpret_and_estimate(d: &mut Draft<'_, '_>) {
    let placement =
        latest_answer(d.answers(), QuestionKey::Placement).map(|answer| answer.value_text.clone());
    let rules = d.rules();
    let Some(lead) = d.lead_mut() else {
        return;
    };
    let facts = &mut lead.interpretation;
    let mentioned = lead.conversation.coverup_mentioned;
    if mentioned && facts.coverup != Some(CoverUp::No) {
        facts.coverup = Some(CoverUp::Yes);
    }
    let region = *facts.region.get_or_insert(Region::RestOfWorld);
    let input = EstimateInput {
        dimensions: facts.dimensions,
        complexity: facts.complexity,
        cover_up: facts.coverup,
        placement,
        region,
    };
    let estimated = estimate(&input, rules);
    facts.placement_hard = Some(estimated.hard_placement);
    let check = facts
        .budget
        .and_then(|budget| check_budget(budget.amount, region, rules));
    let currency = rules.studio.currency;
    lead.estimate = Some(Estimate {
        category: estimated.category,
        days_tenths: estimated
            .xl_days
            .map(|days| days.halves().saturating_mul(5)),
        deposit: Money::new(estimated.deposit_minor, currency),
        price_min: Money::gbp(estimated.price_min_minor()),
        price_max: Money::gbp(estimated.price_max_minor()),
        pricing_trace: serde_json::to_value(estimated.trace).unwrap_or_default(),
        region_min_budget_gbp_minor: Some(rules.pricing.minimum_budget_minor.for_region(region)),
        below_min_budget: check.is_some_and(|check| check.below_minimum),
    });
}

/// Step 5: the budget is below the region's minimum.
fn follow_up(d: &mut Draft<'_, '_>) {
    if !d.move_to(
        LeadStatus::NeedsFollowUp,
        TransitionReason::BudgetBelowMinimum,
    ) {
        return;
    }
    let minimum = format_money(regional_minimum(d));
    let text = Text::new(MessageId::BUDGET_BELOW_MINIMUM)
        .with(ARTIST_NAME, d.artist_name())
        .with(MINIMUM, minimum.clone());
    let buttons = budget_follow_up_buttons(d);
    d.reply_with_buttons(text, buttons);
    let budget = d
        .lead()
        .and_then(|lead| lead.interpretation.budget)
        .map(|budget| format_money(budget.amount))
        .unwrap_or_default();
    let artist = Text::new(MessageId::ARTIST_BUDGET_FOLLOW_UP)
        .with(LEAD_REF, lead_ref(d))
        .with(CLIENT, client(d))
        .with(BUDGET, budget)
        .with(MINIMUM, minimum)
        .with(SUMMARY, summary(d, SummaryHeadline::Reference));
    d.notify_artist(artist, approval_links(LeadStatus::NeedsFollowUp));
    d.set_disposition(Disposition::Answer);
}

/// Steps 6–7, also where a budget follow-up continues (`reason` is then `BudgetAccepted`) and
/// where an accepted tour option lands (`prefix` = `tour_accepted`).
pub(super) fn continue_from_city(
    d: &mut Draft<'_, '_>,
    reason: TransitionReason,
    prefix: Option<Text>,
) {
    let not_served = match reason {
        TransitionReason::Completed => TransitionReason::CityNotServed,
        ref other => other.clone(),
    };
    if prefix.is_none() && tour::offer_if_not_served(d, not_served) {
        return;
    }
    if d.lead().is_some_and(|lead| lead.estimate.is_none()) {
        interpret_and_estimate(d);
    }
    let store_summary = summary(d, SummaryHeadline::ReadyForReview);
    if !d.move_to(LeadStatus::PendingApproval, reason) {
        return;
    }
    let category = d
        .lead()
        .and_then(|lead| lead.estimate.as_ref())
        .map(|estimate| estimate.category);
    if let Some(lead) = d.lead_mut() {
        lead.summary_text = Some(store_summary.clone());
    }
    let mut completion = Text::new(MessageId::COMPLETION).with(ARTIST_NAME, d.artist_name());
    if let Some(category) = category {
        completion = completion.with_text(
            CATEGORY_LABEL,
            Text::new(MessageId::category_label(category)),
        );
    }
    match prefix {
        Some(prefix) => {
            let mut message = super::outbound::OutboundMessage::to_client(d.lead_id(), prefix);
            message.parts.push(completion);
            d.send(message);
        }
        None => d.reply(completion),
    }
    let artist = Text::new(MessageId::ARTIST_NEW_LEAD).with(SUMMARY, store_summary);
    d.notify_artist(artist, approval_links(LeadStatus::PendingApproval));
    d.set_disposition(Disposition::Answer);
}

/// Approve and reject links, valid while the lead stays in `status`.
pub(super) fn approval_links(status: LeadStatus) -> Vec<ActionLink> {
    [LinkAction::Approve, LinkAction::Reject]
        .into_iter()
        .map(|action| ActionLink {
            action,
            required_status: status,
        })
        .collect()
}

/// The `tour_accepted` prefix naming the accepted city.
pub(super) fn tour_accepted(city: &str) -> Text {
    Text::new(MessageId::TOUR_ACCEPTED).with(CITY, city)
}
