//! The artist's view of a lead: the summary lines (§24.2) and the client label, from the lead, its
//! answers and the contact.

use super::draft::Draft;
use crate::copy::{LeadSummaryInput, SummaryHeadline, client_label, lead_summary};
use crate::model::{Money, QuestionKey, latest_answer};
use crate::parse::is_skip_answer;

/// `Sam (+447700900123)`, or the number alone; the artist's own channel may show it.
pub(super) fn client(d: &Draft<'_, '_>) -> String {
    match &d.contact.phone {
        Some(phone) => client_label(d.contact.profile_name.as_deref(), phone),
        None => d
            .contact
            .profile_name
            .clone()
            .unwrap_or_else(|| "client".to_owned()),
    }
}

/// `#42`.
pub(super) fn lead_ref(d: &Draft<'_, '_>) -> String {
    d.lead_id().map(|id| id.to_string()).unwrap_or_default()
}

fn answer_text(d: &Draft<'_, '_>, key: QuestionKey) -> Option<String> {
    latest_answer(d.answers(), key).map(|answer| answer.value_text.clone())
}

/// The summary text of the lead as it stands.
pub(super) fn summary(d: &Draft<'_, '_>, headline: SummaryHeadline) -> String {
    let Some(lead) = d.lead() else {
        return String::new();
    };
    let facts = &lead.interpretation;
    let mut input = LeadSummaryInput::new(lead.id);
    input.headline = headline;
    input.client_name = d.contact.profile_name.clone();
    input.client_phone = d.contact.phone.clone();
    input.idea = answer_text(d, QuestionKey::Idea);
    input.placement = answer_text(d, QuestionKey::Placement);
    input.size = facts.dimensions;
    input.complexity = facts.complexity.map(|c| c.level());
    input.complexity_unsure = facts.complexity_unsure.unwrap_or(false);
    input.style = answer_text(d, QuestionKey::Style).filter(|style| !is_skip_answer(style));
    input.coverup = facts.coverup.map(|c| c.as_str().to_owned());
    input.city = facts.location_city.clone();
    input.country = facts.location_country.clone();
    input.region = facts.region;
    input.wanted_city = facts
        .booking_city
        .clone()
        .or_else(|| facts.requested_city.clone());
    if let Some(budget) = facts.budget {
        input.budget = Some(budget.amount);
        input.budget_is_range = budget.is_range;
    }
    if let Some(estimate) = &lead.estimate {
        input.minimum_budget = estimate.region_min_budget_gbp_minor.map(Money::gbp);
        input.below_minimum = estimate.below_min_budget;
        input.category = Some(estimate.category);
        input.session_days_in_halves = estimate.days_tenths.map(|tenths| tenths / 5);
        input.deposit = Some(estimate.deposit);
        input.price_range = Some((estimate.price_min, estimate.price_max));
    }
    input.accepted_minimum = facts.budget_accepted_minimum;
    input.instagram_handle = facts.instagram_handle.clone();
    input.timing = answer_text(d, QuestionKey::Timing);
    let attached_now = u32::from(d.input.inbound.media_kind().is_some());
    input.reference_images = d
        .ctx
        .as_ref()
        .map_or(0, |ctx| ctx.attachments.saturating_add(attached_now));
    input.reference_links = u32::from(
        answer_text(d, QuestionKey::ReferenceImages)
            .is_some_and(|text| text.contains("http") || text.contains('@')),
    );
    input.handover_reason = lead.handover().map(|handover| handover.reason.clone());
    input.client_notes = count(
        d.answers()
            .iter()
            .filter(|answer| answer.question_key == QuestionKey::ClientNote),
    );
    lead_summary(&input)
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}
