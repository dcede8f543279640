//! Tour conversion (§16): when the requested city is not served, offer the next guest spot in its
//! country and/or the home studio, and read the client's choice.

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::completion::{continue_from_city, tour_accepted};
use super::decision::Disposition;
use super::draft::Draft;
use super::outbound::{Button, Text};
use super::prompts::Prompt;
use super::repair::strike;
use crate::copy::MessageId;
use crate::copy::params::{CITY, DATES, HOME_CITY, OPTIONS, REQUESTED_CITY};
use crate::model::{LeadStatus, StrikeField};
use crate::parse::{Country, TourChoice, TourOption, parse_country_alias, parse_tour_choice};
use crate::rules::TourStop;
use crate::status::TransitionReason;

/// One offered option, stored in `tour_offer_options` so replies are read against what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Offered {
    Stop {
        key: String,
        city: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    Studio {
        city: String,
    },
}

fn requested_city(d: &Draft<'_, '_>) -> String {
    d.lead()
        .and_then(|lead| lead.interpretation.requested_city.clone())
        .unwrap_or_else(|| d.home_city().to_owned())
}

fn requested_country(d: &Draft<'_, '_>, city: &str) -> Option<Country> {
    if let Some(country) = d.input.places.city(city).and_then(|known| known.country) {
        return Some(country);
    }
    let lead = d.lead()?;
    let lives_there = lead
        .interpretation
        .location_city
        .as_deref()
        .is_some_and(|home| d.input.places.same_city(home, city));
    lives_there
        .then_some(lead.interpretation.location_country.as_deref())
        .flatten()
        .and_then(Country::from_canonical)
}

fn same_country(stop: &TourStop, country: Option<Country>) -> bool {
    match (parse_country_alias(&stop.country), country) {
        (Some(stop_country), Some(wanted)) => stop_country == wanted,
        _ => true,
    }
}

/// Step 6. True when the city is not served and the lead moved to a tour offer or the waitlist.
pub(super) fn offer_if_not_served(d: &mut Draft<'_, '_>, reason: TransitionReason) -> bool {
    let city = requested_city(d);
    let places = d.input.places;
    let today = d
        .now()
        .with_timezone(&d.rules().studio.time_zone)
        .date_naive();
    let country = requested_country(d, &city);
    let stops = &d.rules().tour.stops;
    let served = places.same_city(&city, d.home_city())
        || stops.iter().any(|stop| {
            places.same_city(&stop.city, &city)
                && same_country(stop, country)
                && stop.end_date >= today
        });
    if served {
        return false;
    }
    let notice_days = i64::from(d.rules().booking.minimum_notice_hours.div_ceil(24));
    let earliest_end = today + TimeDelta::days(notice_days);
    let mut options = Vec::new();
    if let Some(stop) = stops
        .iter()
        .filter(|stop| country.is_some() && same_country(stop, country))
        .filter(|stop| stop.end_date >= earliest_end)
        .min_by_key(|stop| stop.start_date)
    {
        options.push(Offered::Stop {
            key: stop.key(),
            city: stop.city.clone(),
            start: stop.start_date,
            end: stop.end_date,
        });
    }
    if d.rules().studio.offer_home_studio {
        options.push(Offered::Studio {
            city: d.home_city().to_owned(),
        });
    }
    if options.is_empty() {
        if d.move_to(LeadStatus::Waitlisted, reason) {
            d.reply(Text::new(MessageId::WAITLISTED).with(CITY, city));
            d.set_disposition(Disposition::Answer);
        }
        return true;
    }
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.tour_offer_options = serde_json::to_value(&options).ok();
    }
    if d.move_to(LeadStatus::TourConversionOffered, reason) {
        let prompt = offer_prompt(d);
        d.reply_with_buttons(prompt.text, prompt.buttons);
        d.set_disposition(Disposition::Answer);
    }
    true
}

fn stored_options(d: &Draft<'_, '_>) -> Vec<Offered> {
    d.lead()
        .and_then(|lead| lead.interpretation.tour_offer_options.clone())
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_default()
}

/// `12–14 Apr`, or `30 Apr–2 May` across months; `with_year` adds ` 2027`.
fn dates(start: NaiveDate, end: NaiveDate, with_year: bool) -> String {
    let month = |date: NaiveDate| date.format("%b").to_string();
    let range = if start == end {
        format!("{} {}", start.day(), month(start))
    } else if start.month() == end.month() && start.year() == end.year() {
        format!("{}–{} {}", start.day(), end.day(), month(end))
    } else {
        format!(
            "{} {}–{} {}",
            start.day(),
            month(start),
            end.day(),
            month(end)
        )
    };
    if with_year {
        format!("{range} {}", end.year())
    } else {
        range
    }
}

/// `tour_offer` with the stored options and their buttons (also the status's prompt).
pub(super) fn offer_prompt(d: &Draft<'_, '_>) -> Prompt {
    let lead_id = d.lead_id().map_or(0, |id| id.0);
    let options = stored_options(d);
    let mut lines = Vec::new();
    let mut buttons = Vec::new();
    for option in &options {
        match option {
            Offered::Stop {
                key,
                city,
                start,
                end,
            } => {
                lines.push(
                    Text::new(MessageId::UI_TOUR_STOP_OPTION)
                        .with(CITY, city.clone())
                        .with(DATES, dates(*start, *end, true)),
                );
                buttons.push(Button {
                    id: format!("tour:{lead_id}:stop:{key}"),
                    title: Text::new(MessageId::UI_TOUR_STOP_BUTTON)
                        .with(CITY, city.clone())
                        .with(DATES, dates(*start, *end, false)),
                });
            }
            Offered::Studio { city } => {
                lines.push(
                    Text::new(MessageId::UI_TOUR_STUDIO_OPTION).with(HOME_CITY, city.clone()),
                );
                buttons.push(Button {
                    id: format!("tour:{lead_id}:studio"),
                    title: Text::new(MessageId::UI_TOUR_STUDIO_BUTTON)
                        .with(HOME_CITY, city.clone()),
                });
            }
        }
    }
    buttons.push(Button {
        id: format!("tour:{lead_id}:waitlist"),
        title: Text::new(MessageId::UI_TOUR_WAITLIST_BUTTON),
    });
    if !d.rules().whatsapp.interactive {
        buttons.clear();
    }
    Prompt {
        text: Text::new(MessageId::TOUR_OFFER)
            .with(REQUESTED_CITY, requested_city(d))
            .with_numbered(OPTIONS, lines),
        buttons,
    }
}

/// `TOUR_CONVERSION_OFFERED`: accept → approval, decline → waitlist, unclear → strike.
pub(super) fn reply(d: &mut Draft<'_, '_>) {
    let options = stored_options(d);
    let choices: Vec<TourOption<'_>> = options
        .iter()
        .map(|option| match option {
            Offered::Stop { key, city, .. } => TourOption::Stop { key, city },
            Offered::Studio { city } => TourOption::HomeStudio { city },
        })
        .collect();
    let lead_id = d.lead_id().map_or(0, |id| id.0);
    let choice = parse_tour_choice(d.input.inbound.text(), d.reply_id(), lead_id, &choices);
    match choice {
        Some(TourChoice::Accept(n)) => {
            let Some(option) = n.checked_sub(1).and_then(|at| options.get(at)).cloned() else {
                strike(d, StrikeField::TourChoice);
                return;
            };
            let (city, key) = match option {
                Offered::Stop { key, city, .. } => (city, Some(key)),
                Offered::Studio { city } => (city, None),
            };
            if let Some(lead) = d.lead_mut() {
                lead.interpretation.booking_city = Some(city.clone());
                lead.interpretation.tour_stop_key = key;
                lead.interpretation.tour_offer_accepted = Some(true);
                lead.conversation
                    .parse_failures
                    .reset(StrikeField::TourChoice);
            }
            continue_from_city(
                d,
                TransitionReason::TourAccepted,
                Some(tour_accepted(&city)),
            );
        }
        Some(TourChoice::Decline) => {
            let city = requested_city(d);
            if d.move_to(LeadStatus::Waitlisted, TransitionReason::TourDeclined) {
                if let Some(lead) = d.lead_mut() {
                    lead.interpretation.tour_offer_accepted = Some(false);
                }
                d.reply(Text::new(MessageId::TOUR_WAITLISTED).with(REQUESTED_CITY, city));
                d.set_disposition(Disposition::Answer);
            }
        }
        None => strike(d, StrikeField::TourChoice),
    }
}
