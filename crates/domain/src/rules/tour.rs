//! `[tour]`: guest spots away from the home studio (consultation.md §16).

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::hours::check_day;
use super::problems::Problems;
use super::time_values::{OpeningInterval, local_date, optional_time_zone};

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TourRules {
    pub stops: Vec<TourStop>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourStop {
    pub city: String,
    pub country: String,
    /// First local date of the stop, inclusive.
    #[serde(deserialize_with = "local_date")]
    pub start_date: NaiveDate,
    /// Last local date of the stop, inclusive.
    #[serde(deserialize_with = "local_date")]
    pub end_date: NaiveDate,
    /// The stop's zone when it differs from the studio's.
    #[serde(default, deserialize_with = "optional_time_zone")]
    pub time_zone: Option<Tz>,
    /// Opening hours on each day of the stop; the studio's weekly hours when absent.
    #[serde(default)]
    pub hours: Option<Vec<OpeningInterval>>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl TourStop {
    /// `<city-slug>-<start_date>`, e.g. `leeds-2027-04-12`: stable, ASCII, safe in button ids.
    pub fn key(&self) -> String {
        format!(
            "{}-{}",
            city_slug(&self.city),
            self.start_date.format("%Y-%m-%d")
        )
    }
}

/// Lower-case ASCII words joined by `-`, accents dropped (`München` → `munchen`).
fn city_slug(city: &str) -> String {
    let mut slug = String::with_capacity(city.len());
    let mut pending_dash = false;
    for c in city.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

impl TourRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        let mut keys: Vec<String> = Vec::with_capacity(self.stops.len());
        for (i, stop) in self.stops.iter().enumerate() {
            let at = format!("tour.stops[{i}]");
            if city_slug(&stop.city).is_empty() {
                problems.push(format!("{at}.city"), "must name a city");
            }
            problems.non_empty(format!("{at}.country"), &stop.country);
            if stop.start_date > stop.end_date {
                problems.push(
                    format!("{at}.end_date"),
                    format!("must not be before start_date {}", stop.start_date),
                );
            }
            if let Some(hours) = &stop.hours {
                if hours.is_empty() {
                    problems.push(
                        format!("{at}.hours"),
                        "must list at least one interval (leave it out to use the studio hours)",
                    );
                }
                check_day(&format!("{at}.hours"), hours, problems);
            }
            let key = stop.key();
            if let Some(first) = keys.iter().position(|k| *k == key) {
                problems.push(
                    at,
                    format!(
                        "has the same city and start date as tour.stops[{first}] (key `{key}`)"
                    ),
                );
            }
            keys.push(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_key_is_city_slug_and_start_date() {
        let stop = TourStop {
            city: "München Nord".to_owned(),
            country: "Germany".to_owned(),
            start_date: NaiveDate::from_ymd_opt(2027, 4, 12).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2027, 4, 14).unwrap(),
            time_zone: None,
            hours: None,
            notes: None,
        };
        assert_eq!(stop.key(), "munchen-nord-2027-04-12");
        assert_eq!(city_slug("  St. Albans "), "st-albans");
        assert_eq!(city_slug("Leeds"), "leeds");
    }
}
