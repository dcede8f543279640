//! Local wall-clock times turned into instants, one day at a time (booking.md §3.3). Every local time
//! is resolved on its own date through chrono-tz, never by adding a fixed offset to another day's
//! instant, so a clock change between two days cannot shift a slot.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Every tzdb offset, local mean times included, lies within ±16 hours of UTC.
const MAX_OFFSET_HOURS: i64 = 16;

/// The instant a slot starting at local `time` on `date` begins: `None` in a spring-forward gap
/// (that time never shows on the clock, so no session can start then), the earlier instant in an
/// autumn fold (the first time the clock shows it).
pub fn resolve_local(date: NaiveDate, time: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|instant| instant.with_timezone(&Utc))
}

/// The first instant at which the wall clock on `date` reads `time` or later: when the studio
/// closes, or when a local day starts. It equals [`resolve_local`] whenever that exists; inside a
/// spring-forward gap it is the jump itself, because from then on the clock is already past `time`.
/// `None` only at the ends of chrono's calendar.
pub fn clock_reaches(date: NaiveDate, time: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    resolve_local(date, time, tz).or_else(|| first_instant_reading(date.and_time(time), tz))
}

/// Binary search for the first whole second whose local reading is at least `local`. Offsets are
/// bounded, so the search window brackets the answer; within it the reading only moves forward
/// apart from folds, which `resolve_local` already settled before this is reached.
fn first_instant_reading(local: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    let naive_as_utc = local.and_utc();
    let reach = Duration::hours(MAX_OFFSET_HOURS);
    let mut before = naive_as_utc.checked_sub_signed(reach)?;
    let mut after = naive_as_utc.checked_add_signed(reach)?;
    let reads_at_least = |instant: DateTime<Utc>| instant.with_timezone(&tz).naive_local() >= local;
    while after.signed_duration_since(before) > Duration::seconds(1) {
        let half = Duration::seconds(after.signed_duration_since(before).num_seconds() / 2);
        let middle = before.checked_add_signed(half)?;
        if reads_at_least(middle) {
            after = middle;
        } else {
            before = middle;
        }
    }
    Some(after)
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::Santiago;
    use chrono_tz::Europe::London;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn day_after_each_change_resolves_with_its_own_offset() {
        let spring = resolve_local(date(2027, 3, 29), hm(10, 0), London);
        assert_eq!(spring, Some(utc(2027, 3, 29, 9, 0)), "10:00 BST");
        let autumn = resolve_local(date(2027, 11, 1), hm(10, 0), London);
        assert_eq!(autumn, Some(utc(2027, 11, 1, 10, 0)), "10:00 GMT");
    }

    #[test]
    fn gap_times_do_not_exist() {
        let day = date(2027, 3, 28);
        assert_eq!(resolve_local(day, hm(1, 0), London), None);
        assert_eq!(resolve_local(day, hm(1, 59), London), None);
        assert_eq!(
            resolve_local(day, hm(0, 59), London),
            Some(utc(2027, 3, 28, 0, 59))
        );
        assert_eq!(
            resolve_local(day, hm(2, 0), London),
            Some(utc(2027, 3, 28, 1, 0))
        );
    }

    #[test]
    fn fold_times_take_the_earlier_instant() {
        let day = date(2027, 10, 31);
        assert_eq!(
            resolve_local(day, hm(1, 30), London),
            Some(utc(2027, 10, 31, 0, 30))
        );
        assert_eq!(
            clock_reaches(day, hm(1, 30), London),
            Some(utc(2027, 10, 31, 0, 30))
        );
    }

    #[test]
    fn a_closing_time_inside_the_gap_is_the_jump_itself() {
        // At 01:00Z the clock jumps from 01:00 GMT to 02:00 BST, so it is past 01:30 from then on.
        let closing = clock_reaches(date(2027, 3, 28), hm(1, 30), London);
        assert_eq!(closing, Some(utc(2027, 3, 28, 1, 0)));
    }

    #[test]
    fn a_day_that_starts_in_a_gap_starts_at_the_jump() {
        // Chile springs forward at local midnight: 00:00 on 5 Sep 2027 never shows.
        let day = date(2027, 9, 5);
        assert_eq!(resolve_local(day, hm(0, 0), Santiago), None);
        let start = clock_reaches(day, hm(0, 0), Santiago).unwrap();
        assert_eq!(start, utc(2027, 9, 5, 4, 0));
        assert_eq!(
            start.with_timezone(&Santiago).naive_local(),
            day.and_time(hm(1, 0))
        );
    }
}
