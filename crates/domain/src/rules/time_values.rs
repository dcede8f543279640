//! The calendar-shaped values of the studio rules: opening intervals (`"10:00-18:00"`), IANA time
//! zones and local dates. Dates are accepted both quoted (`"2027-12-25"`) and as TOML's own date
//! literal (`2027-12-25`), because operators write both.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One opening interval on the local wall clock. Parsing only checks the shape; `close > open` is a
/// semantic check in [`crate::rules::StudioRules::validate`], so every such mistake is reported at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct OpeningInterval {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an opening interval like \"10:00-18:00\"")]
pub struct OpeningIntervalError(String);

impl OpeningInterval {
    pub fn new(open: NaiveTime, close: NaiveTime) -> Self {
        Self { open, close }
    }

    pub fn is_well_ordered(&self) -> bool {
        self.close > self.open
    }

    pub fn overlaps(&self, other: &OpeningInterval) -> bool {
        self.open < other.close && other.open < self.close
    }
}

impl FromStr for OpeningInterval {
    type Err = OpeningIntervalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = || OpeningIntervalError(s.to_owned());
        let (open, close) = s.split_once('-').ok_or_else(fail)?;
        let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| fail());
        Ok(Self::new(time(open)?, time(close)?))
    }
}

// A visitor rather than `try_from = "String"`, so a bad item is reported at its own position
// (`hours.mon[1]`) instead of at the enclosing array.
impl<'de> Deserialize<'de> for OpeningInterval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntervalVisitor;
        impl Visitor<'_> for IntervalVisitor {
            type Value = OpeningInterval;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an opening interval like \"10:00-18:00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OpeningInterval, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(IntervalVisitor)
    }
}

impl From<OpeningInterval> for String {
    fn from(value: OpeningInterval) -> Self {
        value.to_string()
    }
}

impl fmt::Display for OpeningInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.open.format("%H:%M"),
            self.close.format("%H:%M")
        )
    }
}

/// Parses an IANA zone name; used as `#[serde(deserialize_with = "time_zone")]`.
pub(crate) fn time_zone<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
    struct ZoneVisitor;
    impl Visitor<'_> for ZoneVisitor {
        type Value = Tz;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an IANA time zone like \"Europe/London\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Tz, E> {
            v.parse::<Tz>()
                .map_err(|_| E::custom(format!("unknown IANA time zone `{v}`")))
        }
    }
    deserializer.deserialize_str(ZoneVisitor)
}

pub(crate) fn optional_time_zone<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Tz>, D::Error> {
    time_zone(deserializer).map(Some)
}

/// A calendar date without a zone (`closed_dates`, tour-stop dates).
pub(crate) fn local_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_any(LocalDateVisitor)
}

pub(crate) fn local_dates<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(transparent)]
    struct Date(#[serde(deserialize_with = "local_date")] NaiveDate);
    Vec::<Date>::deserialize(deserializer).map(|dates| dates.into_iter().map(|d| d.0).collect())
}

struct LocalDateVisitor;

impl<'de> Visitor<'de> for LocalDateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date like 2027-12-25")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    /// A TOML date literal arrives as toml's private datetime map.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<NaiveDate, A::Error> {
        let datetime =
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .ok_or_else(|| de::Error::custom(format!("`{datetime}` is not a calendar date"))),
            _ => Err(de::Error::custom(format!(
                "`{datetime}` must be a date without a time, like 2027-12-25"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn interval_parses_and_prints_back() {
        let interval: OpeningInterval = "10:00-18:00".parse().unwrap();
        assert_eq!(interval, OpeningInterval::new(hm(10, 0), hm(18, 0)));
        assert_eq!(interval.to_string(), "10:00-18:00");
        assert_eq!(
            " 9:30 - 13:15 ".parse::<OpeningInterval>().unwrap().open,
            hm(9, 30)
        );
    }

    #[test]
    fn malformed_intervals_are_rejected() {
        for bad in [
            "10-18",
            "10:00",
            "10:00-25:00",
            "ten-six",
            "",
            "10:00_18:00",
        ] {
            assert!(
                bad.parse::<OpeningInterval>().is_err(),
                "{bad:?} should not parse"
            );
        }
    }

    #[test]
    fn order_and_overlap() {
        let morning = OpeningInterval::new(hm(10, 0), hm(13, 0));
        let afternoon = OpeningInterval::new(hm(13, 0), hm(18, 0));
        assert!(morning.is_well_ordered());
        assert!(!OpeningInterval::new(hm(18, 0), hm(10, 0)).is_well_ordered());
        assert!(!OpeningInterval::new(hm(10, 0), hm(10, 0)).is_well_ordered());
        assert!(
            !morning.overlaps(&afternoon),
            "touching intervals do not overlap"
        );
        assert!(morning.overlaps(&OpeningInterval::new(hm(12, 0), hm(14, 0))));
    }

    #[derive(Debug, Deserialize)]
    struct Probe {
        #[serde(deserialize_with = "local_dates")]
        dates: Vec<NaiveDate>,
    }

    #[test]
    fn dates_accept_quoted_and_native_toml_forms() {
        let p: Probe = toml::from_str(r#"dates = ["2027-12-25", 2027-12-26]"#).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2027, 12, d).unwrap();
        assert_eq!(p.dates, vec![day(25), day(26)]);
    }

    #[test]
    fn dates_with_times_or_nonsense_are_rejected() {
        assert!(toml::from_str::<Probe>("dates = [2027-12-25T10:00:00]").is_err());
        assert!(toml::from_str::<Probe>(r#"dates = ["2027-02-30"]"#).is_err());
        assert!(toml::from_str::<Probe>(r#"dates = ["tomorrow"]"#).is_err());
    }
}
