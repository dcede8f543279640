//! Shorthands for the slot tests.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use super::generate::Slot;
use super::range::TimeRange;
use crate::copy::slot_label;
use crate::rules::{OpeningHours, OpeningInterval};

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}

pub fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub fn interval(open: (u32, u32), close: (u32, u32)) -> OpeningInterval {
    OpeningInterval::new(hm(open.0, open.1), hm(close.0, close.1))
}

pub fn range(start: DateTime<Utc>, end: DateTime<Utc>) -> TimeRange {
    TimeRange::new(start, end)
}

/// The same intervals on all seven days.
pub fn every_day(intervals: &[OpeningInterval]) -> OpeningHours {
    let day = || intervals.to_vec();
    OpeningHours {
        mon: day(),
        tue: day(),
        wed: day(),
        thu: day(),
        fri: day(),
        sat: day(),
        sun: day(),
        closed_dates: Vec::new(),
    }
}

/// `(label in Europe/London, start, end)` per slot, for comparing with the spec's tables.
pub fn described(slots: &[Slot]) -> Vec<(String, DateTime<Utc>, DateTime<Utc>)> {
    slots
        .iter()
        .map(|s| {
            (
                slot_label(s.start, s.end, chrono_tz::Europe::London),
                s.start,
                s.end,
            )
        })
        .collect()
}

pub fn starts(slots: &[Slot]) -> Vec<DateTime<Utc>> {
    slots.iter().map(|s| s.start).collect()
}
