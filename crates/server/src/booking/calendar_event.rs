//! The booking's Google Calendar event (booking.md §3.9, integrations.md §4.4): deterministic id,
//! `Tattoo — Sam (#42)`, a description the artist can work from, times in the lead's zone.

use inkdesk_domain::booking::lead_zone;
use inkdesk_domain::copy::{format_dimensions, format_money};
use inkdesk_domain::model::{QuestionKey, latest_answer};
use inkdesk_domain::rules::StudioRules;
use inkdesk_google::{EventId, EventIdError, NewEvent};
use inkdesk_postgres::booking::CalendarEventPlan;

/// The idea is cut here in the description (characters).
const IDEA_MAX_CHARS: usize = 300;

/// The event for `plan`; an invalid prefix or id is a permanent failure.
pub fn new_event(
    plan: &CalendarEventPlan,
    rules: &StudioRules,
    public_base_url: &str,
) -> Result<NewEvent, EventIdError> {
    let lead = &plan.context.lead;
    let id = EventId::for_hold(&rules.booking.event_id_prefix, lead.id, plan.hold.id)?;
    let first_name = plan
        .client_name
        .as_deref()
        .and_then(|name| name.split_whitespace().next())
        .unwrap_or("client");
    let zone = lead_zone(rules, lead);
    let answer = |key| {
        latest_answer(&plan.context.answers, key)
            .map(|answer| answer.value_text.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    let mut lines = vec![format!("inkdesk enquiry {}", lead.id)];
    if let Some(idea) = answer(QuestionKey::Idea) {
        lines.push(format!(
            "Idea: {}",
            idea.chars().take(IDEA_MAX_CHARS).collect::<String>()
        ));
    }
    let mut facts = Vec::new();
    if let Some(placement) = answer(QuestionKey::Placement) {
        facts.push(format!("Placement: {placement}"));
    }
    if let Some(size) = lead.interpretation.dimensions {
        facts.push(format!("Size: {}", format_dimensions(size)));
    }
    if let Some(estimate) = &lead.estimate {
        facts.push(estimate.category.as_str().to_owned());
    }
    if !facts.is_empty() {
        lines.push(facts.join(" · "));
    }
    if let Some(paid) = plan.deposit_paid {
        lines.push(format!("Deposit paid: {}", format_money(paid)));
    }
    if let Some(phone) = &plan.client_phone {
        lines.push(format!("Client: +{}", phone.digits()));
    }
    let base = public_base_url.trim_end_matches('/');
    lines.push(format!("Admin: {base}/admin/ui/leads/{}", lead.id.0));
    Ok(NewEvent {
        id,
        summary: format!("Tattoo — {first_name} ({})", lead.id),
        description: lines.join("\n"),
        location: location(plan, rules),
        start: plan.hold.start.with_timezone(&zone).fixed_offset(),
        end: plan.hold.end.with_timezone(&zone).fixed_offset(),
        time_zone: zone.name().to_owned(),
        lead_id: lead.id,
        hold_id: plan.hold.id,
        artist_id: lead.artist_id.0.clone(),
    })
}

/// The tour stop's city, the city the client asked to be booked in, or the home studio.
fn location(plan: &CalendarEventPlan, rules: &StudioRules) -> String {
    let facts = &plan.context.lead.interpretation;
    let stop = facts
        .tour_stop_key
        .as_deref()
        .and_then(|key| rules.tour.stops.iter().find(|stop| stop.key() == key));
    if let Some(stop) = stop {
        return stop.city.clone();
    }
    match &facts.booking_city {
        Some(city) if !city.eq_ignore_ascii_case(&rules.studio.home_city) => city.clone(),
        _ if !rules.studio.studio_name.trim().is_empty() => rules.studio.studio_name.clone(),
        _ => format!("{} studio", rules.studio.home_city),
    }
}
