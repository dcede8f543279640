//! Countries, their aliases and regions, and the known-city table used by the location parsers.
//! Matching is case-, dot- and accent-insensitive (`U.K.`, `Éire`, `Zürich`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::places_tables::{CITIES, COUNTRIES, COUNTRY_ALIASES};
use crate::model::Region;

/// A canonical country name from the tables (`United Kingdom`, `Germany`, `United States`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(&'static str);

impl Country {
    /// The country with this exact canonical name.
    pub fn from_canonical(name: &str) -> Option<Country> {
        COUNTRIES
            .binary_search_by(|(canonical, _)| canonical.cmp(&name))
            .ok()
            .and_then(|at| COUNTRIES.get(at))
            .map(|(canonical, _)| Country(canonical))
    }

    pub fn name(self) -> &'static str {
        self.0
    }

    pub fn region(self) -> Region {
        region_for_country(self.0)
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.0)
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Country::from_canonical(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown canonical country {name:?}")))
    }
}

/// Pricing region of a canonical country name; anything unrecognised is `ROW` (consultation.md §15.5).
pub fn region_for_country(canonical: &str) -> Region {
    COUNTRIES
        .binary_search_by(|(name, _)| name.cmp(&canonical))
        .ok()
        .and_then(|at| COUNTRIES.get(at))
        .map_or(Region::RestOfWorld, |(_, region)| *region)
}

/// The country a whole text names (`uk`, `the UK`, `U.K.`, `Deutschland`, `France`).
pub fn parse_country_alias(text: &str) -> Option<Country> {
    let mut key = String::with_capacity(text.len());
    fold_key(text, &mut key);
    country_for_key(&key)
}

pub(super) fn country_for_key(key: &str) -> Option<Country> {
    COUNTRY_ALIASES
        .binary_search_by(|(alias, _)| alias.as_bytes().cmp(key.as_bytes()))
        .ok()
        .and_then(|at| COUNTRY_ALIASES.get(at))
        .map(|(_, canonical)| Country(canonical))
}

/// A city the parsers know: its display name and, when known, its country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCity {
    pub name: String,
    pub country: Option<Country>,
}

/// The built-in city table plus the cities added at startup (studio home city, tour-stop cities).
#[derive(Debug, Clone, Default)]
pub struct Places {
    extra: Vec<(String, KnownCity)>,
}

impl Places {
    /// Only the built-in city table.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// Adds a city (as spelled in the studio rules); `country` may be any alias (`UK`, `Deutschland`).
    /// A city added later takes precedence over the built-in entry with the same folded name.
    pub fn with_city(mut self, name: &str, country: Option<&str>) -> Self {
        let mut key = String::with_capacity(name.len());
        fold_key(name, &mut key);
        let city = KnownCity {
            name: name.trim().to_owned(),
            country: country.and_then(parse_country_alias),
        };
        self.extra.retain(|(existing, _)| *existing != key);
        self.extra.push((key, city));
        self
    }

    /// The known city a whole text names, canonically spelled.
    pub fn city(&self, text: &str) -> Option<KnownCity> {
        let mut key = String::with_capacity(text.len());
        fold_key(text, &mut key);
        self.city_for_key(&key)
    }

    pub(super) fn city_for_key(&self, key: &str) -> Option<KnownCity> {
        if let Some((_, city)) = self.extra.iter().find(|(extra, _)| extra == key) {
            return Some(city.clone());
        }
        CITIES
            .binary_search_by(|(city, _, _)| city.as_bytes().cmp(key.as_bytes()))
            .ok()
            .and_then(|at| CITIES.get(at))
            .map(|(_, name, country)| KnownCity {
                name: (*name).to_owned(),
                country: Country::from_canonical(country),
            })
    }

    /// True when two city names are the same place (case-, accent- and alias-insensitive).
    pub fn same_city(&self, left: &str, right: &str) -> bool {
        let canonical = |text: &str| {
            let mut key = String::with_capacity(text.len());
            fold_key(text, &mut key);
            match self.city_for_key(&key) {
                Some(city) => {
                    key.clear();
                    fold_key(&city.name, &mut key);
                    key
                }
                None => key,
            }
        };
        let left = canonical(left);
        !left.is_empty() && left == canonical(right)
    }
}

/// Appends the lookup key of `text` to `out`: lower-case, dots removed, common Latin accents folded,
/// whitespace collapsed and trimmed.
pub(super) fn fold_key(text: &str, out: &mut String) {
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c == '.' {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match fold_accent(c) {
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
    }
}

fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(
            COUNTRY_ALIASES
                .windows(2)
                .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes())
        );
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            CITIES
                .windows(2)
                .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes())
        );
    }

    #[test]
    fn every_alias_and_city_names_a_canonical_country() {
        for (alias, canonical) in COUNTRY_ALIASES {
            assert!(
                Country::from_canonical(canonical).is_some(),
                "{alias} -> {canonical}"
            );
        }
        for (key, _, canonical) in CITIES {
            assert!(
                Country::from_canonical(canonical).is_some(),
                "{key} -> {canonical}"
            );
        }
    }

    #[test]
    fn keys_fold_case_dots_and_accents() {
        let mut key = String::new();
        fold_key("  U.S.A. ", &mut key);
        assert_eq!(key, "usa");
        key.clear();
        fold_key("Éire", &mut key);
        assert_eq!(key, "eire");
        assert_eq!(parse_country_alias("Belgie"), parse_country_alias("België"));
    }

    #[test]
    fn regions_come_from_canonical_names_only() {
        assert_eq!(region_for_country("United Kingdom"), Region::Uk);
        assert_eq!(region_for_country("Germany"), Region::Europe);
        assert_eq!(region_for_country("Japan"), Region::RestOfWorld);
        assert_eq!(region_for_country("UK"), Region::RestOfWorld);
        assert_eq!(region_for_country("Narnia"), Region::RestOfWorld);
    }

    #[test]
    fn startup_cities_extend_and_override_the_table() {
        let places = Places::builtin()
            .with_city("Margate", Some("UK"))
            .with_city("Leeds", Some("England"));
        assert_eq!(
            places.city("margate").and_then(|c| c.country),
            Country::from_canonical("United Kingdom")
        );
        assert!(places.same_city("zürich", "Zurich"));
        assert!(places.same_city("LONDON", "London"));
        assert!(!places.same_city("", ""));
    }

    #[test]
    fn country_serialises_as_its_name() {
        let germany = Country::from_canonical("Germany");
        let json = serde_json::to_string(&germany).unwrap();
        assert_eq!(json, "\"Germany\"");
        assert_eq!(
            serde_json::from_str::<Option<Country>>(&json).unwrap(),
            germany
        );
        assert!(serde_json::from_str::<Country>("\"Narnia\"").is_err());
    }
}
