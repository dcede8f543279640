//! Where the client wants to be tattooed (`travel_city`, consultation.md §7 step 11 and §25.6).

use serde::{Deserialize, Serialize};

use super::location::Location;
use super::places::{Country, Places};
use super::text::{KeywordText, keyword_form, phrase_match};
use super::yes_no::{YesNo, is_skip_answer, parse_yes_no};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TravelCity {
    /// The studio in the home city.
    HomeStudio,
    /// The city the client gave at `location_city` ("same", "near me").
    ClientCity,
    /// "Somewhere else" without a city: ask `q.travel_city_which` once (not a strike).
    AskWhich,
    /// Another city, from `parse_location`.
    Elsewhere {
        city: String,
        country: Option<Country>,
    },
}

/// No-words and "other" answers that mean "not the studio" without naming a city. They win over the
/// skip words they overlap with (`no`, `nope`), as the spec table says.
const NOT_THE_STUDIO: &[&str] = &[
    "NO",
    "N",
    "NOPE",
    "NAH",
    "NO THANKS",
    "NOT REALLY",
    "DECLINE",
    "FALSE",
    "NOT APPLICABLE",
    "OTHER",
    "SOMEWHERE ELSE",
    "ELSEWHERE",
    "GUEST SPOT",
    "A GUEST SPOT",
];

const SAME_AS_HOME_TOWN: &[&str] = &[
    "SAME",
    "HERE",
    "LOCAL",
    "LOCALLY",
    "NEAR ME",
    "MY CITY",
    "WHERE I LIVE",
];

/// Interprets the travel-city answer; `None` is a strike (`flexible`, a postcode, nonsense).
/// `home_city` is the studio's home city from the studio rules.
pub fn parse_travel_city(
    places: &Places,
    text: &str,
    reply_id: Option<&str>,
    home_city: &str,
) -> Option<TravelCity> {
    match reply_id.and_then(|id| id.strip_prefix("ans:travel_city:")) {
        Some("studio") => return Some(TravelCity::HomeStudio),
        Some("other") => return Some(TravelCity::AskWhich),
        _ => {}
    }
    let k = keyword_form(text);
    if NOT_THE_STUDIO.contains(&k.text.as_str()) {
        return Some(TravelCity::AskWhich);
    }
    if is_skip_answer(text)
        || phrase_match(&k.text, "STUDIO")
        || parse_yes_no(&k) == Some(YesNo::Yes)
    {
        return Some(TravelCity::HomeStudio);
    }
    if names_home_town(&k) {
        return Some(TravelCity::ClientCity);
    }
    let location = places.parse_location(text);
    if location
        .city()
        .is_some_and(|city| places.same_city(city, home_city))
    {
        return Some(TravelCity::HomeStudio);
    }
    match location {
        Location::City { city, country } => Some(TravelCity::Elsewhere { city, country }),
        Location::CityCountry { city, country } => Some(TravelCity::Elsewhere {
            city,
            country: Some(country),
        }),
        Location::CountryOnly { .. } => Some(TravelCity::AskWhich),
        Location::Invalid | Location::Flexible => None,
    }
}

fn names_home_town(k: &KeywordText) -> bool {
    SAME_AS_HOME_TOWN
        .iter()
        .any(|phrase| phrase_match(&k.text, phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "London";

    fn elsewhere(city: &str, country: Option<&str>) -> Option<TravelCity> {
        Some(TravelCity::Elsewhere {
            city: city.to_owned(),
            country: country.and_then(Country::from_canonical),
        })
    }

    /// Spec consultation.md §25.6, travel city: `(row, text, reply id, expected)`.
    fn rows() -> Vec<(
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<TravelCity>,
    )> {
        use TravelCity::*;
        vec![
            (
                "studio-button",
                "Studio in London",
                Some("ans:travel_city:studio"),
                Some(HomeStudio),
            ),
            ("studio-word", "studio", None, Some(HomeStudio)),
            ("studio-yes", "yes", None, Some(HomeStudio)),
            ("studio-home-city", "london", None, Some(HomeStudio)),
            ("studio-skip", "skip", None, Some(HomeStudio)),
            ("same-1", "same", None, Some(ClientCity)),
            ("same-2", "here", None, Some(ClientCity)),
            ("same-3", "local", None, Some(ClientCity)),
            ("same-4", "near me", None, Some(ClientCity)),
            ("same-5", "my city", None, Some(ClientCity)),
            ("skip-none", "none", None, Some(HomeStudio)),
            ("skip-na", "n/a", None, Some(HomeStudio)),
            ("which-no", "no", None, Some(AskWhich)),
            ("which-nope", "nope", None, Some(AskWhich)),
            (
                "which-not-applicable",
                "not applicable",
                None,
                Some(AskWhich),
            ),
            (
                "which-button",
                "Somewhere else",
                Some("ans:travel_city:other"),
                Some(AskWhich),
            ),
            (
                "city-leeds",
                "Leeds",
                None,
                elsewhere("Leeds", Some("United Kingdom")),
            ),
            (
                "city-berlin",
                "Berlin Germany",
                None,
                elsewhere("Berlin", Some("Germany")),
            ),
            ("strike-flexible", "flexible", None, None),
            ("strike-postcode", "E1 6AN", None, None),
        ]
    }

    #[test]
    fn spec_table_25_6_travel_city() {
        let places = Places::builtin();
        let failures: Vec<String> = rows()
            .into_iter()
            .filter_map(|(row, text, reply_id, expected)| {
                let got = parse_travel_city(&places, text, reply_id, HOME);
                (got != expected)
                    .then(|| format!("row {row} {text:?}: expected {expected:?}, got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn other_answers() {
        let places = Places::builtin();
        let parse = |text: &str| parse_travel_city(&places, text, None, HOME);
        assert_eq!(parse("the studio please"), Some(TravelCity::HomeStudio));
        assert_eq!(parse("London, UK"), Some(TravelCity::HomeStudio));
        assert_eq!(parse("a guest spot"), Some(TravelCity::AskWhich));
        assert_eq!(parse("Germany"), Some(TravelCity::AskWhich));
        assert_eq!(parse("Margate"), elsewhere("Margate", None));
        assert_eq!(parse(""), None);
    }
}
