//! `[hours]`: the studio's weekly opening hours on the local wall clock, plus closed dates.

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Deserialize;

use super::problems::Problems;
use super::time_values::{OpeningInterval, local_dates};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpeningHours {
    pub mon: Vec<OpeningInterval>,
    pub tue: Vec<OpeningInterval>,
    pub wed: Vec<OpeningInterval>,
    pub thu: Vec<OpeningInterval>,
    pub fri: Vec<OpeningInterval>,
    pub sat: Vec<OpeningInterval>,
    pub sun: Vec<OpeningInterval>,
    #[serde(deserialize_with = "local_dates")]
    pub closed_dates: Vec<NaiveDate>,
}

impl Default for OpeningHours {
    fn default() -> Self {
        let weekday = || vec![interval(10, 18)];
        Self {
            mon: weekday(),
            tue: weekday(),
            wed: weekday(),
            thu: weekday(),
            fri: weekday(),
            sat: vec![interval(10, 16)],
            sun: Vec::new(),
            closed_dates: Vec::new(),
        }
    }
}

fn interval(open_hour: u32, close_hour: u32) -> OpeningInterval {
    let at = |hour| NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
    OpeningInterval::new(at(open_hour), at(close_hour))
}

impl OpeningHours {
    pub fn on(&self, weekday: Weekday) -> &[OpeningInterval] {
        match weekday {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closed_dates.contains(&date)
    }

    pub(super) fn check(&self, problems: &mut Problems) {
        let days = [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ];
        for (day, intervals) in days {
            check_day(&format!("hours.{day}"), intervals, problems);
        }
    }
}

/// Shared with tour stops, whose `hours` replace the studio's for the stop's dates.
pub(super) fn check_day(key: &str, intervals: &[OpeningInterval], problems: &mut Problems) {
    for (i, interval) in intervals.iter().enumerate() {
        if !interval.is_well_ordered() {
            problems.push(
                format!("{key}[{i}]"),
                format!("`{interval}` must close after it opens"),
            );
        }
        // Overlaps would double-count free time in slot generation.
        for (j, earlier) in intervals.iter().enumerate().take(i) {
            if interval.is_well_ordered() && earlier.is_well_ordered() && interval.overlaps(earlier)
            {
                problems.push(
                    format!("{key}[{i}]"),
                    format!("`{interval}` overlaps `{earlier}` ({key}[{j}])"),
                );
            }
        }
    }
}
