//! The lead log's row (integrations.md §4.2 columns) from what Postgres knows about the lead. Every
//! column is written every time: a fact that is gone becomes an empty cell, clearing the old value.

use inkdesk_domain::copy::format_dimensions;
use inkdesk_domain::parse::is_skip_answer;
use inkdesk_google::LeadRow;
use inkdesk_postgres::sheet_log::LeadLogFacts;

/// Hold states whose session is still in the diary.
const LIVE_HOLD_STATES: [&str; 2] = ["held", "confirmed"];

pub(super) fn lead_row(facts: &LeadLogFacts) -> LeadRow {
    let lead_id = facts.lead_id.0;
    let status = Some(facts.status.clone());
    if facts.erased {
        // GDPR erasure (http-api.md §5.18): the row is blanked except the lead id and status.
        return LeadRow {
            lead_id,
            status,
            ..LeadRow::default()
        };
    }
    let funnel = &facts.funnel;
    let live_hold = facts
        .latest_hold
        .as_ref()
        .filter(|hold| LIVE_HOLD_STATES.contains(&hold.state.as_str()));
    let payment = facts.latest_payment.as_ref();
    LeadRow {
        lead_id,
        whatsapp_number: facts.contact.phone.clone(),
        client_name: facts.contact.profile_name.clone(),
        instagram_handle: facts.instagram_handle.clone(),
        idea_summary: facts.answers.idea.clone(),
        placement: facts.answers.placement.clone(),
        dimensions: facts.dimensions.map(format_dimensions),
        style: facts
            .answers
            .style
            .clone()
            .filter(|style| !is_skip_answer(style)),
        complexity_level: complexity(facts),
        coverup_flag: facts.coverup.as_deref().and_then(coverup_flag),
        reference_links_count: Some(distinct_links(&facts.answers.reference_texts)),
        reference_media_count: Some(facts.stored_media),
        city: facts.location_city.clone(),
        country: facts.location_country.clone(),
        region_bucket: facts.region.clone(),
        requested_city: facts.requested_city.clone(),
        offered_tour_city: facts.offered_tour_city.clone(),
        tour_offer_accepted: facts.tour_offer_accepted,
        waitlisted: Some(facts.waitlisted),
        budget_amount: facts.budget_amount_minor,
        region_min_budget: facts.region_min_budget_minor,
        below_min_budget: Some(facts.below_min_budget),
        estimated_category: facts.estimated_category.clone(),
        estimated_deposit_amount: facts.estimated_deposit_minor,
        stripe_checkout_url: payment.and_then(|p| p.checkout_url.clone()),
        stripe_session_id: payment.and_then(|p| p.stripe_session_id.clone()),
        deposit_paid: Some(funnel.deposit_paid_at.is_some()),
        deposit_paid_at: funnel.deposit_paid_at,
        booking_status: facts.latest_hold.as_ref().map(|hold| hold.state.clone()),
        calendar_event_id: facts
            .calendar_event_id
            .clone()
            .or_else(|| live_hold.and_then(|hold| hold.calendar_event_id.clone())),
        calendar_start: facts
            .appointment_start_at
            .or_else(|| live_hold.and_then(|hold| hold.starts_at)),
        calendar_end: facts
            .appointment_end_at
            .or_else(|| live_hold.and_then(|hold| hold.ends_at)),
        status,
        created_at: funnel.created_at,
        last_client_message_at: funnel.last_client_message_at,
        qualifying_started_at: funnel.qualifying_started_at,
        qualifying_completed_at: funnel.qualifying_completed_at,
        approved_at: funnel.approved_at,
        rejected_at: funnel.rejected_at,
        stale_at: funnel.stale_at,
        abandoned_at: funnel.abandoned_at,
        needs_follow_up_at: funnel.needs_follow_up_at,
        needs_artist_reply_at: funnel.needs_artist_reply_at,
        handover_reason: facts.handover_reason.clone(),
        admin_notes: facts.admin_notes.clone(),
        last_error: facts.last_dead_job.as_ref().map(|job| match &job.error {
            Some(error) => format!("{}: {error}", job.kind),
            None => job.kind.clone(),
        }),
        deposit_sent_at: funnel.deposit_sent_at,
        booking_pending_at: funnel.booking_pending_at,
        booked_at: funnel.booked_at,
        cancelled_at: funnel.cancelled_at,
        refunded_at: funnel.refunded_at,
        budget_currency: facts.budget_currency.clone(),
        price_range_min: facts.price_min_minor,
        price_range_max: facts.price_max_minor,
        opted_out: Some(facts.contact.opted_out),
    }
}

/// `1`–`3`, or `unsure` when the client could not say.
fn complexity(facts: &LeadLogFacts) -> Option<String> {
    match (facts.complexity_level, facts.complexity_unsure) {
        (Some(level), _) => Some(level.to_string()),
        (None, Some(true)) => Some("unsure".to_owned()),
        (None, _) => None,
    }
}

/// An unsure answer is flagged too: the artist has to look at the skin either way.
fn coverup_flag(answer: &str) -> Option<bool> {
    match answer {
        "yes" | "unsure" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Distinct links in the reference answers: web addresses and Instagram posts, compared without
/// scheme, `www.`, case or a trailing slash.
fn distinct_links(texts: &[String]) -> i64 {
    let mut links: Vec<String> = texts
        .iter()
        .flat_map(|text| text.split_whitespace())
        .filter_map(link_key)
        .collect();
    links.sort_unstable();
    links.dedup();
    i64::try_from(links.len()).unwrap_or(i64::MAX)
}

fn link_key(word: &str) -> Option<String> {
    let word = word
        .trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | '"' | '\'' | ',' | ';' | '!'))
        .trim_end_matches(['.', ':', '?']);
    let lower = word.to_lowercase();
    let bare = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let is_link = bare.len() < lower.len()
        || bare.starts_with("www.")
        || bare.starts_with("instagram.com/")
        || bare.starts_with("instagr.am/");
    let bare = bare
        .strip_prefix("www.")
        .unwrap_or(bare)
        .trim_end_matches('/');
    (is_link && bare.contains('.')).then(|| bare.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use chrono::{DateTime, Utc};
    use inkdesk_domain::model::{Dimensions, LeadId};
    use inkdesk_postgres::sheet_log::{
        AnswerFacts, ContactFacts, DeadJobFacts, FunnelTimes, HoldFacts, PaymentFacts,
    };

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn facts() -> LeadLogFacts {
        LeadLogFacts {
            lead_id: LeadId(42),
            status: "AWAITING_DEPOSIT".to_owned(),
            erased: false,
            contact: ContactFacts {
                phone: Some("447700900123".to_owned()),
                profile_name: Some("Sam".to_owned()),
                opted_out: false,
            },
            instagram_handle: Some("@sam.ink".to_owned()),
            answers: AnswerFacts {
                idea: Some("fine line swallow".to_owned()),
                placement: Some("Inner forearm".to_owned()),
                style: Some("skip".to_owned()),
                reference_texts: vec![
                    "https://www.instagram.com/p/abc/ and www.pinterest.com/x".to_owned(),
                    "also instagram.com/p/abc (same one), see http://example.com.".to_owned(),
                ],
            },
            dimensions: Some(Dimensions::from_centi_cm(800, 1200).unwrap()),
            complexity_level: None,
            complexity_unsure: Some(true),
            coverup: Some("unsure".to_owned()),
            stored_media: 2,
            location_city: Some("Leeds".to_owned()),
            location_country: Some("UK".to_owned()),
            region: Some("UK".to_owned()),
            requested_city: None,
            offered_tour_city: None,
            tour_offer_accepted: None,
            waitlisted: false,
            budget_amount_minor: Some(45_000),
            budget_currency: Some("GBP".to_owned()),
            region_min_budget_minor: Some(20_000),
            below_min_budget: false,
            estimated_category: Some("MEDIUM".to_owned()),
            estimated_deposit_minor: Some(15_000),
            price_min_minor: Some(40_000),
            price_max_minor: Some(60_000),
            latest_payment: Some(PaymentFacts {
                checkout_url: Some("https://checkout.stripe.com/c/pay/cs_test_1".to_owned()),
                stripe_session_id: Some("cs_test_1".to_owned()),
            }),
            latest_hold: Some(HoldFacts {
                state: "held".to_owned(),
                calendar_event_id: None,
                starts_at: Some(at("2027-03-29T09:00:00Z")),
                ends_at: Some(at("2027-03-29T12:00:00Z")),
            }),
            appointment_start_at: None,
            appointment_end_at: None,
            calendar_event_id: None,
            handover_reason: None,
            admin_notes: None,
            last_dead_job: Some(DeadJobFacts {
                kind: "stripe.create_checkout".to_owned(),
                error: Some("permanent provider failure (invalid_request)".to_owned()),
            }),
            funnel: FunnelTimes {
                created_at: Some(at("2027-03-20T10:00:00Z")),
                ..FunnelTimes::default()
            },
            remembered_row: Some(7),
        }
    }

    #[test]
    fn the_row_shows_the_lead_its_answers_payment_and_hold() {
        let row = lead_row(&facts());
        assert_eq!(row.lead_id, 42);
        assert_eq!(row.dimensions.as_deref(), Some("8×12 cm"));
        assert_eq!(row.style, None, "a skipped style is left empty");
        assert_eq!(row.complexity_level.as_deref(), Some("unsure"));
        assert_eq!(row.coverup_flag, Some(true));
        assert_eq!(row.reference_links_count, Some(3));
        assert_eq!(row.reference_media_count, Some(2));
        assert_eq!(row.stripe_session_id.as_deref(), Some("cs_test_1"));
        assert_eq!(row.deposit_paid, Some(false));
        assert_eq!(row.booking_status.as_deref(), Some("held"));
        assert_eq!(row.calendar_start, Some(at("2027-03-29T09:00:00Z")));
        assert_eq!(
            row.last_error.as_deref(),
            Some("stripe.create_checkout: permanent provider failure (invalid_request)")
        );
        assert_eq!(row.opted_out, Some(false));
    }

    #[test]
    fn a_released_hold_leaves_no_appointment_times() {
        let mut facts = facts();
        if let Some(hold) = facts.latest_hold.as_mut() {
            "released".clone_into(&mut hold.state);
        }
        let row = lead_row(&facts);
        assert_eq!(row.booking_status.as_deref(), Some("released"));
        assert_eq!((row.calendar_start, row.calendar_end), (None, None));
    }

    #[test]
    fn an_erased_contact_blanks_everything_but_the_id_and_status() {
        let mut facts = facts();
        facts.erased = true;
        let row = lead_row(&facts);
        assert_eq!(
            row,
            LeadRow {
                lead_id: 42,
                status: Some("AWAITING_DEPOSIT".to_owned()),
                ..LeadRow::default()
            }
        );
    }

    #[test]
    fn links_are_words_with_a_scheme_www_or_instagram() {
        let texts = ["no".to_owned(), "see my.insta or @sam.ink".to_owned()];
        assert_eq!(distinct_links(&texts), 0);
        assert_eq!(
            link_key("HTTPS://Example.com/a/"),
            Some("example.com/a".into())
        );
        assert_eq!(link_key("instagr.am/p/x"), Some("instagr.am/p/x".into()));
        assert_eq!(link_key("https://"), None);
    }
}
