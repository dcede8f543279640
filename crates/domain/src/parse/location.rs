//! Where the client lives: `parse_location` (step `location_city`) and `parse_country` (step
//! `location_country`), consultation.md §25.3.

use serde::{Deserialize, Serialize};

use super::places::{Country, KnownCity, Places, country_for_key, fold_key};
use super::text::{keyword_form_of_normalised, normalise, phrase_match};

/// The interpretation of a `location_city` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// Empty, a non-answer, too short or a postcode: the repair asks for a town.
    Invalid,
    /// "anywhere", "flexible": not an answer to where the client lives.
    Flexible,
    CountryOnly {
        country: Country,
    },
    CityCountry {
        city: String,
        country: Country,
    },
    /// A city alone; the country is known only when the city is in the table.
    City {
        city: String,
        country: Option<Country>,
    },
}

impl Location {
    /// `city`, `city_country` and `country_only` are accepted answers.
    pub fn is_accepted(&self) -> bool {
        !matches!(self, Self::Invalid | Self::Flexible)
    }

    pub fn city(&self) -> Option<&str> {
        match self {
            Self::CityCountry { city, .. } | Self::City { city, .. } => Some(city),
            _ => None,
        }
    }

    pub fn country(&self) -> Option<Country> {
        match self {
            Self::CountryOnly { country } | Self::CityCountry { country, .. } => Some(*country),
            Self::City { country, .. } => *country,
            _ => None,
        }
    }
}

/// The interpretation of a `location_country` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CountryAnswer {
    /// The text names a country, or a known city whose country is taken.
    Recognised(Country),
    /// Not a country we know; the country inferred from the city answer stands.
    Inferred(Country),
    /// Not recognised and nothing inferred: stored as written, region ROW, flagged in the summary.
    Unrecognised(String),
    /// Empty, a non-answer or fewer than two letters: a strike.
    Invalid,
}

impl CountryAnswer {
    pub fn country(&self) -> Option<Country> {
        match self {
            Self::Recognised(country) | Self::Inferred(country) => Some(*country),
            _ => None,
        }
    }
}

/// `parse_location` against the built-in city table only.
pub fn parse_location(text: &str) -> Location {
    Places::builtin().parse_location(text)
}

/// `parse_country` against the built-in city table only.
pub fn parse_country(text: &str, inferred: Option<Country>) -> CountryAnswer {
    Places::builtin().parse_country(text, inferred)
}

const NON_ANSWERS: &[&str] = &[
    "idk",
    "i don't know",
    "i dont know",
    "dunno",
    "not sure",
    "n/a",
    "na",
    "none",
    "no",
    "?",
];

const FLEXIBLE: &[&str] = &[
    "FLEXIBLE",
    "ANYWHERE",
    "WHEREVER",
    "DOESN'T MATTER",
    "DOESNT MATTER",
    "DON'T CARE",
    "DONT CARE",
    "ANY CITY",
    "MANY PLACES",
    "ALL OVER",
];

/// Longest country alias in words (`united states of america`); the spec's "last 3, 2 or 1 words"
/// is extended to 4 so that alias is not cut to `america` with `United States of` left as a city.
const MAX_ALIAS_WORDS: usize = 4;

/// What is left of an answer once the checks shared by both steps have passed.
enum Screened {
    Invalid,
    Flexible,
    Answer(String),
}

fn screen(text: &str) -> Screened {
    let normal = normalise(text);
    let stripped = normal.trim_matches(|c: char| ".,;:!?- ".contains(c));
    let lower = stripped.to_lowercase();
    if stripped.is_empty() || NON_ANSWERS.contains(&lower.as_str()) {
        return Screened::Invalid;
    }
    let k = keyword_form_of_normalised(stripped);
    if lower == "any" || FLEXIBLE.iter().any(|phrase| phrase_match(&k, phrase)) {
        return Screened::Flexible;
    }
    if stripped.chars().filter(|c| c.is_alphabetic()).count() < 2 || is_uk_postcode(stripped) {
        return Screened::Invalid;
    }
    Screened::Answer(stripped.to_owned())
}

impl Places {
    /// Interprets a `location_city` answer (rules 1–7 of consultation.md §25.3).
    pub fn parse_location(&self, text: &str) -> Location {
        let answer = match screen(text) {
            Screened::Invalid => return Location::Invalid,
            Screened::Flexible => return Location::Flexible,
            Screened::Answer(answer) => answer,
        };
        let mut key = String::with_capacity(answer.len());
        fold_key(&answer, &mut key);
        if let Some(country) = country_for_key(&key) {
            return Location::CountryOnly { country };
        }
        if let Some((rest, last)) = answer.rsplit_once(',') {
            key.clear();
            fold_key(last, &mut key);
            let city = trim_city(rest);
            if let Some(country) = country_for_key(&key)
                && !city.is_empty()
            {
                return self.city_in(&city, country);
            }
        }
        if let Some(location) = self.city_then_country(&answer) {
            return location;
        }
        match self.city(&answer) {
            Some(KnownCity { name, country }) => Location::City {
                city: name,
                country,
            },
            None => Location::City {
                city: answer,
                country: None,
            },
        }
    }

    /// Interprets a `location_country` answer; `inferred` is the country known from the city answer.
    pub fn parse_country(&self, text: &str, inferred: Option<Country>) -> CountryAnswer {
        let answer = match screen(text) {
            Screened::Answer(answer) => answer,
            Screened::Invalid | Screened::Flexible => return CountryAnswer::Invalid,
        };
        let named = match self.parse_location(&answer) {
            Location::CountryOnly { country } | Location::CityCountry { country, .. } => {
                Some(country)
            }
            Location::City { country, .. } => country,
            Location::Invalid | Location::Flexible => None,
        };
        match (named, inferred) {
            (Some(country), _) => CountryAnswer::Recognised(country),
            (None, Some(country)) => CountryAnswer::Inferred(country),
            (None, None) => CountryAnswer::Unrecognised(answer),
        }
    }

    /// Rule 6: the last words form a country alias and words remain (`Berlin Germany`).
    fn city_then_country(&self, answer: &str) -> Option<Location> {
        let words: Vec<&str> = answer.split(' ').collect();
        let mut key = String::new();
        for alias_words in (1..=MAX_ALIAS_WORDS.min(words.len().saturating_sub(1))).rev() {
            let split = words.len() - alias_words;
            let (city_words, alias) = words.split_at(split);
            key.clear();
            fold_key(&alias.join(" "), &mut key);
            if let Some(country) = country_for_key(&key) {
                let city = trim_city(&city_words.join(" "));
                if !city.is_empty() {
                    return Some(self.city_in(&city, country));
                }
            }
        }
        None
    }

    /// A city with a stated country: known cities are canonically spelled; the stated country wins.
    fn city_in(&self, city: &str, country: Country) -> Location {
        let city = match self.city(city) {
            Some(known) => known.name,
            None => city.to_owned(),
        };
        Location::CityCountry { city, country }
    }
}

fn trim_city(city: &str) -> String {
    city.trim_matches(|c: char| ",;:- ".contains(c)).to_owned()
}

/// A full UK postcode such as `E1 6AN` or `SW1A 1AA` (outward `A9`, `A99`, `AA9`, `AA99`, `A9A`,
/// `AA9A`; inward `9AA`), with or without the space.
fn is_uk_postcode(text: &str) -> bool {
    let compact: Vec<char> = text
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some(split) = compact.len().checked_sub(3) else {
        return false;
    };
    let (outward, inward) = compact.split_at(split);
    let inward_ok = matches!(inward, [d, a, b] if d.is_ascii_digit() && a.is_ascii_uppercase() && b.is_ascii_uppercase());
    let letters = outward
        .iter()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    let outward_ok = match outward.get(letters..) {
        Some([d]) => d.is_ascii_digit(),
        Some([d, x]) => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_uppercase()),
        _ => false,
    };
    inward_ok && (1..=2).contains(&letters) && outward_ok && text.matches(' ').count() <= 1
}

#[cfg(test)]
#[path = "location_tests.rs"]
mod tests;
