//! Reading the answer to the current question (§7, §25): each key's parser, and what an accepted
//! answer sets on the lead's interpretation.

use serde_json::json;

use super::draft::Draft;
use crate::estimate::{budget_in_gbp_minor, is_below_floor};
use crate::model::{Budget, Complexity, CoverUp, Money, QuestionKey, Region, StrikeField};
use crate::parse::{Country, text::keyword_form};
use crate::parse::{
    CountryAnswer, InstagramAnswer, Location, SideLimits, TravelCity, YesNoUnsure,
    content_word_count, is_skip_answer, is_unsure, parse_complexity, parse_coverup,
    parse_dimensions_within, parse_instagram_handle, parse_money, parse_travel_city,
};

/// What the message means as an answer to the current question.
pub(super) enum Reading {
    /// Accepted; the lead's interpretation is already updated. Carries `answers.parsed`.
    Accepted(Option<serde_json::Value>),
    /// Neither an answer nor a strike (a greeting at `idea`): the question is asked again.
    AskAgain,
    /// A failed parse of a strike field.
    Strike(StrikeField),
    /// "Somewhere else" without a city at `travel_city`: one extra prompt, not a strike.
    AskWhichCity,
}

/// Reads `text` as the answer to `key` and, when accepted, records its interpretation.
pub(super) fn read(d: &mut Draft<'_, '_>, key: QuestionKey, text: &str) -> Reading {
    match key {
        QuestionKey::Idea => {
            if content_word_count(text) == 0 {
                Reading::AskAgain
            } else {
                Reading::Accepted(None)
            }
        }
        QuestionKey::Placement => {
            if text.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                Reading::Accepted(None)
            } else {
                Reading::AskAgain
            }
        }
        QuestionKey::Dimensions => dimensions(d, text),
        QuestionKey::Style => {
            let specified = !(is_skip_answer(text) || is_unsure(&keyword_form(text)));
            let style = if specified { text } else { "not specified" };
            Reading::Accepted(Some(json!({ "style": style })))
        }
        QuestionKey::Complexity => complexity(d, text),
        QuestionKey::Coverup => coverup(d, text),
        QuestionKey::ReferenceImages => {
            Reading::Accepted(Some(json!({ "skipped": is_skip_answer(text) })))
        }
        QuestionKey::Budget => budget(d, text),
        QuestionKey::LocationCity => location_city(d, text),
        QuestionKey::LocationCountry => location_country(d, text),
        QuestionKey::InstagramHandle => instagram(d, text),
        QuestionKey::TravelCity => travel_city(d, text),
        QuestionKey::Timing | QuestionKey::TimeWindow | QuestionKey::ClientNote => {
            let choice = d
                .reply_id()
                .and_then(|id| id.strip_prefix("ans:timing:"))
                .map(str::to_owned);
            if text.trim().is_empty() && choice.is_none() {
                Reading::AskAgain
            } else {
                Reading::Accepted(choice.map(|choice| json!({ "choice": choice })))
            }
        }
    }
}

fn dimensions(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let rules = &d.rules().estimation;
    let limits = SideLimits {
        min_centi_cm: rules.min_side_cm.centi_cm(),
        max_centi_cm: rules.max_side_cm.centi_cm(),
    };
    let Some(size) = parse_dimensions_within(text, limits) else {
        return Reading::Strike(StrikeField::Dimensions);
    };
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.dimensions = Some(size);
    }
    Reading::Accepted(Some(json!({
        "width_cm": f64::from(size.width_centi_cm()) / 100.0,
        "height_cm": f64::from(size.height_centi_cm()) / 100.0,
    })))
}

fn complexity(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let Some(parsed) = parse_complexity(text, d.reply_id()) else {
        return Reading::Strike(StrikeField::Complexity);
    };
    let Ok(level) = Complexity::try_from(parsed.level()) else {
        return Reading::Strike(StrikeField::Complexity);
    };
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.complexity = Some(level);
        lead.interpretation.complexity_unsure = Some(parsed.is_unsure());
    }
    Reading::Accepted(serde_json::to_value(parsed).ok())
}

fn coverup(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let Some(answer) = parse_coverup(text, d.reply_id()) else {
        return Reading::Strike(StrikeField::Coverup);
    };
    let coverup = match answer {
        YesNoUnsure::Yes => CoverUp::Yes,
        YesNoUnsure::No => CoverUp::No,
        YesNoUnsure::Unsure => CoverUp::Unsure,
    };
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.coverup = Some(coverup);
    }
    Reading::Accepted(Some(json!({ "coverup": answer.as_str() })))
}

/// A budget the flow accepts: a parsed amount whose GBP value reaches the floor (£50).
pub(super) fn acceptable_budget(d: &Draft<'_, '_>, text: &str) -> Option<Budget> {
    let rules = d.rules();
    let parsed = parse_money(text, rules.studio.currency)?;
    let gbp_minor = budget_in_gbp_minor(parsed.amount_minor, parsed.currency, rules)?;
    (!is_below_floor(gbp_minor, rules)).then_some(Budget {
        amount: parsed.money(),
        is_range: parsed.is_range,
        gbp_minor,
    })
}

fn budget(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let Some(budget) = acceptable_budget(d, text) else {
        return Reading::Strike(StrikeField::Budget);
    };
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.budget = Some(budget);
    }
    Reading::Accepted(Some(budget_json(&budget, text)))
}

/// `answers.parsed` of a budget; a range keeps its upper end for the client's confirmation.
pub(super) fn budget_json(budget: &Budget, text: &str) -> serde_json::Value {
    let upper = budget
        .is_range
        .then(|| range_upper_minor(text, budget.amount))
        .flatten();
    json!({
        "amount_minor": budget.amount.amount_minor,
        "currency": budget.amount.currency.as_str(),
        "is_range": budget.is_range,
        "upper_minor": upper,
        "gbp_minor": budget.gbp_minor,
    })
}

/// The upper end of a range the money parser read as its lower end (`£400-500` → 50000): the
/// amount after the range word, in the lower end's currency. `None` when it cannot be read.
pub(super) fn range_upper_minor(text: &str, lower: Money) -> Option<i64> {
    let lower_text = text.to_lowercase();
    let after = [" and ", " to ", "-", "–"]
        .iter()
        .filter_map(|separator| lower_text.find(separator).map(|at| at + separator.len()))
        .min()?;
    let rest = lower_text.get(after..)?;
    let upper = parse_money(rest, lower.currency)?;
    (upper.amount_minor > lower.amount_minor).then_some(upper.amount_minor)
}

fn set_country(d: &mut Draft<'_, '_>, country: Option<Country>) {
    if let (Some(country), Some(lead)) = (country, d.lead_mut()) {
        lead.interpretation.location_country = Some(country.name().to_owned());
        lead.interpretation.country_recognised = Some(true);
        lead.interpretation.region = Some(country.region());
    }
}

fn location_city(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let location = d.input.places.parse_location(text);
    if !location.is_accepted() {
        return Reading::Strike(StrikeField::LocationCity);
    }
    let city = location.city().map(str::to_owned);
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.location_city = city;
    }
    set_country(d, location.country());
    Reading::Accepted(serde_json::to_value(&location).ok())
}

fn location_country(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let inferred = d
        .lead()
        .and_then(|lead| lead.interpretation.location_country.as_deref())
        .and_then(Country::from_canonical);
    let answer = d.input.places.parse_country(text, inferred);
    match &answer {
        CountryAnswer::Invalid => return Reading::Strike(StrikeField::LocationCountry),
        CountryAnswer::Recognised(country) | CountryAnswer::Inferred(country) => {
            set_country(d, Some(*country));
        }
        CountryAnswer::Unrecognised(raw) => {
            if let Some(lead) = d.lead_mut() {
                lead.interpretation.location_country = Some(raw.clone());
                lead.interpretation.country_recognised = Some(false);
                lead.interpretation.region = Some(Region::RestOfWorld);
            }
        }
    }
    Reading::Accepted(serde_json::to_value(&answer).ok())
}

fn instagram(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let answer = parse_instagram_handle(text);
    let handle = match &answer {
        InstagramAnswer::Handle(handle) => Some(handle.clone()),
        InstagramAnswer::NoHandle | InstagramAnswer::Unusable => None,
    };
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.instagram_handle = handle;
    }
    Reading::Accepted(serde_json::to_value(&answer).ok())
}

fn travel_city(d: &mut Draft<'_, '_>, text: &str) -> Reading {
    let asked_which = d
        .lead()
        .is_some_and(|lead| lead.conversation.travel_prompt.is_some());
    let home_city = d.home_city();
    let places = d.input.places;
    let travel = if asked_which && d.reply_id().is_none() {
        match places.parse_location(text) {
            Location::City { city, country } => Some(TravelCity::Elsewhere { city, country }),
            Location::CityCountry { city, country } => Some(TravelCity::Elsewhere {
                city,
                country: Some(country),
            }),
            _ => None,
        }
    } else {
        parse_travel_city(places, text, d.reply_id(), home_city)
    };
    let requested = match &travel {
        None => return Reading::Strike(StrikeField::TravelCity),
        Some(TravelCity::AskWhich) => return Reading::AskWhichCity,
        Some(TravelCity::HomeStudio) => home_city.to_owned(),
        Some(TravelCity::ClientCity) => d
            .lead()
            .and_then(|lead| lead.interpretation.location_city.clone())
            .unwrap_or_else(|| home_city.to_owned()),
        Some(TravelCity::Elsewhere { city, .. }) => city.clone(),
    };
    if let Some(lead) = d.lead_mut() {
        lead.interpretation.requested_city = Some(requested);
        lead.conversation.travel_prompt = None;
    }
    Reading::Accepted(travel.and_then(|travel| serde_json::to_value(travel).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_end_of_a_range_is_read_in_the_lower_ends_currency() {
        let gbp = |minor| Money::gbp(minor);
        assert_eq!(range_upper_minor("£400-500", gbp(40_000)), Some(50_000));
        assert_eq!(
            range_upper_minor("between 300 and 500", gbp(30_000)),
            Some(50_000)
        );
        assert_eq!(range_upper_minor("£600 to £800", gbp(60_000)), Some(80_000));
        assert_eq!(range_upper_minor("1-2k", gbp(100_000)), Some(200_000));
        let usd = Money::new(40_000, crate::model::Currency::USD);
        assert_eq!(range_upper_minor("$400-500", usd), Some(50_000));
        assert_eq!(range_upper_minor("£400", gbp(40_000)), None);
    }
}
