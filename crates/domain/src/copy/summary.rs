//! The lead summary the artist reads in `artist.new_lead`, handovers, stale and follow-up
//! notices (consultation.md §24.2): one line per topic, empty lines left out.

use super::format::{format_dimensions, format_money, format_money_range};
use crate::model::{Dimensions, LeadId, Money, Phone, Region, SizeCategory};

/// Longest idea shown in a summary, in characters.
const IDEA_MAX_CHARS: usize = 300;

/// How the summary opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SummaryHeadline {
    /// `New enquiry #42 — ready for review`, for a lead waiting for approval.
    #[default]
    ReadyForReview,
    /// `Enquiry #42`, when the surrounding notification already says what happened.
    Reference,
}

/// Everything the summary can show. Free-text fields are shown as given (whitespace collapsed);
/// `None`, empty text and zero counts are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSummaryInput {
    pub lead_id: LeadId,
    pub headline: SummaryHeadline,
    pub client_name: Option<String>,
    pub client_phone: Option<Phone>,
    pub idea: Option<String>,
    pub placement: Option<String>,
    pub size: Option<Dimensions>,
    /// 1–3.
    pub complexity: Option<u8>,
    pub complexity_unsure: bool,
    pub style: Option<String>,
    /// `yes`, `no` or `unsure`.
    pub coverup: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub region: Option<Region>,
    /// Where the client wants to be tattooed.
    pub wanted_city: Option<String>,
    pub budget: Option<Money>,
    /// The client gave a range; `budget` is its lower end.
    pub budget_is_range: bool,
    pub minimum_budget: Option<Money>,
    pub below_minimum: bool,
    pub accepted_minimum: bool,
    /// Without the `@`.
    pub instagram_handle: Option<String>,
    pub timing: Option<String>,
    pub reference_images: u32,
    pub reference_links: u32,
    pub category: Option<SizeCategory>,
    /// XL session days in halves: 3 is 1.5 days.
    pub session_days_in_halves: Option<u8>,
    pub deposit: Option<Money>,
    /// Internal estimate, shown to the artist only.
    pub price_range: Option<(Money, Money)>,
    pub handover_reason: Option<String>,
    pub client_notes: u32,
}

impl LeadSummaryInput {
    /// A summary input with nothing known but the lead.
    pub fn new(lead_id: LeadId) -> Self {
        Self {
            lead_id,
            headline: SummaryHeadline::default(),
            client_name: None,
            client_phone: None,
            idea: None,
            placement: None,
            size: None,
            complexity: None,
            complexity_unsure: false,
            style: None,
            coverup: None,
            city: None,
            country: None,
            region: None,
            wanted_city: None,
            budget: None,
            budget_is_range: false,
            minimum_budget: None,
            below_minimum: false,
            accepted_minimum: false,
            instagram_handle: None,
            timing: None,
            reference_images: 0,
            reference_links: 0,
            category: None,
            session_days_in_halves: None,
            deposit: None,
            price_range: None,
            handover_reason: None,
            client_notes: 0,
        }
    }
}

/// The summary text, lines joined with `\n`.
pub fn lead_summary(input: &LeadSummaryInput) -> String {
    let headline = match input.headline {
        SummaryHeadline::ReadyForReview => {
            format!("New enquiry {} — ready for review", input.lead_id)
        }
        SummaryHeadline::Reference => format!("Enquiry {}", input.lead_id),
    };
    let client = match (clean(&input.client_name), &input.client_phone) {
        (name, Some(phone)) => Some(client_label(name.as_deref(), phone)),
        (name, None) => name,
    };
    let lines = [
        Some(headline),
        labelled("Client", client),
        labelled(
            "Idea",
            clean(&input.idea).map(|idea| shorten(&idea, IDEA_MAX_CHARS)),
        ),
        joined(&[
            labelled("Placement", clean(&input.placement)),
            labelled("Size", input.size.map(format_dimensions)),
            labelled("Complexity", complexity(input)),
        ]),
        joined(&[
            labelled("Style", clean(&input.style)),
            labelled("Cover-up", clean(&input.coverup)),
        ]),
        joined(&[
            labelled("Location", location(input)),
            labelled("Wants", clean(&input.wanted_city)),
        ]),
        labelled("Budget", budget(input)),
        labelled(
            "Instagram",
            clean(&input.instagram_handle).map(|h| format!("@{h}")),
        ),
        labelled("Timing", clean(&input.timing)),
        labelled("References", references(input)),
        labelled("Estimate", estimate(input)),
        labelled("Notes", notes(input)),
    ];
    lines.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

/// `Sam Smith (+447700900123)`, or just the number when WhatsApp gave no profile name.
pub fn client_label(name: Option<&str>, phone: &Phone) -> String {
    let number = format!("+{}", phone.digits());
    match name.map(collapse_whitespace).filter(|n| !n.is_empty()) {
        Some(name) => format!("{name} ({number})"),
        None => number,
    }
}

fn complexity(input: &LeadSummaryInput) -> Option<String> {
    let level = input.complexity?;
    Some(if input.complexity_unsure {
        format!("{level}/3 (client unsure)")
    } else {
        format!("{level}/3")
    })
}

fn location(input: &LeadSummaryInput) -> Option<String> {
    let place = [clean(&input.city), clean(&input.country)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    match (place.is_empty(), input.region) {
        (true, None) => None,
        (true, Some(region)) => Some(format!("region {}", region.as_str())),
        (false, None) => Some(place),
        (false, Some(region)) => Some(format!("{place} ({})", region.as_str())),
    }
}

fn budget(input: &LeadSummaryInput) -> Option<String> {
    let amount = format_money(input.budget?);
    let mut parts = vec![if input.budget_is_range {
        format!("from {amount}")
    } else {
        amount
    }];
    match (
        input.minimum_budget.map(format_money),
        input.accepted_minimum,
    ) {
        (Some(minimum), true) => parts.push(format!("accepted minimum {minimum}")),
        (Some(minimum), false) => parts.push(format!("minimum {minimum}")),
        (None, true) => parts.push("accepted minimum".to_owned()),
        (None, false) => {}
    }
    if input.below_minimum && !input.accepted_minimum {
        parts.push("below minimum".to_owned());
    }
    Some(parts.join(" · "))
}

fn references(input: &LeadSummaryInput) -> Option<String> {
    let parts: Vec<String> = [
        counted(input.reference_images, "image", "images"),
        counted(input.reference_links, "link", "links"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn estimate(input: &LeadSummaryInput) -> Option<String> {
    let parts: Vec<String> = [
        input.category.map(|c| c.as_str().to_owned()),
        input.session_days_in_halves.map(days),
        input
            .deposit
            .map(|d| format!("deposit {}", format_money(d))),
        input
            .price_range
            .map(|(low, high)| format!("range {}", format_money_range(low, high))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn notes(input: &LeadSummaryInput) -> Option<String> {
    joined_with(
        &[
            clean(&input.handover_reason),
            counted(input.client_notes, "client note", "client notes"),
        ],
        " · ",
    )
}

fn days(halves: u8) -> String {
    let whole = halves / 2;
    let unit = if halves == 2 { "day" } else { "days" };
    if halves.is_multiple_of(2) {
        format!("{whole} {unit}")
    } else {
        format!("{whole}.5 {unit}")
    }
}

fn counted(count: u32, one: &str, many: &str) -> Option<String> {
    match count {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    }
}

fn labelled(label: &str, value: Option<String>) -> Option<String> {
    value.map(|v| format!("{label}: {v}"))
}

fn joined(parts: &[Option<String>]) -> Option<String> {
    joined_with(parts, " · ")
}

fn joined_with(parts: &[Option<String>], separator: &str) -> Option<String> {
    let present: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    (!present.is_empty()).then(|| present.join(separator))
}

/// Client text on one line: the summary's shape must not depend on what the client typed.
fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(collapse_whitespace)
        .filter(|t| !t.is_empty())
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
