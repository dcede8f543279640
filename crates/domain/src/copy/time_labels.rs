//! Dates and times as clients read them (consultation.md §24 rule 7, booking.md §3.4):
//! `Mon 29 Mar, 10:00–13:00 BST`, each instant labelled with the zone abbreviation in force at
//! that instant, so one offer may mix `GMT` and `BST` across a clock change.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// `Mon 29 Mar, 10:00–13:00 BST`: the slot label of offers, holds and confirmations.
pub fn slot_label(start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{}, {}",
        date_label(start, zone),
        time_range_label(start, end, zone)
    )
}

/// `10:00–13:00 BST`; when a clock change falls inside the range each end names its own zone
/// (`00:30 GMT–03:30 BST`).
pub fn time_range_label(start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) -> String {
    let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let (start_zone, end_zone) = (start.format("%Z").to_string(), end.format("%Z").to_string());
    if start_zone == end_zone {
        format!(
            "{}–{} {end_zone}",
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{} {start_zone}–{} {end_zone}",
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    }
}

/// `Mon 29 Mar`: the date parameter of the `booking_confirmed` and reminder templates.
pub fn date_label(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).format("%a %-d %b").to_string()
}

/// `10:00 BST`: the time parameter of the templates and the 2-hour reminder.
pub fn time_label(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).format("%H:%M %Z").to_string()
}

/// `Sat 27 Mar, 10:04 GMT`: a single instant, e.g. when a deposit link expires.
pub fn date_time_label(instant: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{}, {}",
        date_label(instant, zone),
        time_label(instant, zone)
    )
}

/// `Mon 29 Mar 10:00`: a slot list row title (at most 24 characters).
pub fn slot_row_title(start: DateTime<Utc>, zone: Tz) -> String {
    start
        .with_timezone(&zone)
        .format("%a %-d %b %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn labels_match_booking_example_a() {
        assert_eq!(
            slot_label(utc(2027, 3, 26, 15, 0), utc(2027, 3, 26, 18, 0), London),
            "Fri 26 Mar, 15:00–18:00 GMT"
        );
        assert_eq!(
            slot_label(utc(2027, 3, 29, 9, 0), utc(2027, 3, 29, 12, 0), London),
            "Mon 29 Mar, 10:00–13:00 BST"
        );
        assert_eq!(
            slot_row_title(utc(2027, 4, 1, 9, 0), London),
            "Thu 1 Apr 10:00"
        );
        assert_eq!(
            time_range_label(utc(2027, 3, 29, 9, 0), utc(2027, 3, 29, 12, 0), London),
            "10:00–13:00 BST"
        );
    }

    #[test]
    fn template_and_expiry_labels() {
        assert_eq!(date_label(utc(2027, 3, 29, 9, 0), London), "Mon 29 Mar");
        assert_eq!(time_label(utc(2027, 3, 29, 9, 0), London), "10:00 BST");
        assert_eq!(
            date_time_label(utc(2027, 3, 27, 10, 4), London),
            "Sat 27 Mar, 10:04 GMT"
        );
    }

    #[test]
    fn a_range_across_the_clock_change_names_both_zones() {
        assert_eq!(
            time_range_label(utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 2, 30), London),
            "00:30 GMT–03:30 BST"
        );
    }

    #[test]
    fn row_titles_fit_the_list_limit() {
        let longest = slot_row_title(utc(2027, 9, 29, 22, 59), London);
        assert_eq!(longest, "Wed 29 Sep 23:59");
        assert!(longest.chars().count() <= 24);
    }
}
