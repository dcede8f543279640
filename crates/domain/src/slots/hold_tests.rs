use chrono::{DateTime, Duration, TimeZone, Utc};

use super::hold::{
    HoldRange, HoldRangeError, HoldState, blocks_calendar, hold_expires_at, is_releasable,
};
use super::range::TimeRange;

fn utc(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, d, h, m, 0).unwrap()
}

#[test]
fn ranges_carry_half_the_buffer_each_side() {
    let hold = HoldRange::for_slot(utc(29, 9, 0), utc(29, 12, 0), 30).unwrap();
    assert_eq!(hold.session, TimeRange::new(utc(29, 9, 0), utc(29, 12, 0)));
    assert_eq!(
        hold.blocked,
        TimeRange::new(utc(29, 8, 45), utc(29, 12, 15))
    );
    assert!(hold.blocked.contains_range(&hold.session));
}

#[test]
fn an_odd_buffer_is_split_exactly() {
    let hold = HoldRange::for_slot(utc(29, 9, 0), utc(29, 12, 0), 25).unwrap();
    let half = Duration::seconds(750);
    assert_eq!(hold.blocked.start, utc(29, 9, 0) - half);
    assert_eq!(hold.blocked.end, utc(29, 12, 0) + half);
}

#[test]
fn holds_one_buffer_apart_never_conflict_and_closer_ones_always_do() {
    let first = HoldRange::for_slot(utc(29, 9, 0), utc(29, 12, 0), 30).unwrap();
    let after_buffer = HoldRange::for_slot(utc(29, 12, 30), utc(29, 15, 30), 30).unwrap();
    assert!(!first.conflicts_with(&after_buffer));
    assert!(!after_buffer.conflicts_with(&first));
    let inside_buffer = HoldRange::for_slot(utc(29, 12, 29), utc(29, 15, 0), 30).unwrap();
    assert!(first.conflicts_with(&inside_buffer));
    let earlier = HoldRange::for_slot(utc(29, 6, 0), utc(29, 8, 31), 30).unwrap();
    assert!(first.conflicts_with(&earlier));
}

#[test]
fn empty_or_inverted_holds_are_refused() {
    let at = utc(29, 9, 0);
    assert_eq!(
        HoldRange::for_slot(at, at, 30),
        Err(HoldRangeError::NotAfterStart)
    );
    assert_eq!(
        HoldRange::for_slot(utc(29, 10, 0), at, 30),
        Err(HoldRangeError::NotAfterStart)
    );
    assert_eq!(
        HoldRange::for_slot(DateTime::<Utc>::MIN_UTC, at, 30),
        Err(HoldRangeError::OutOfRange)
    );
}

#[test]
fn a_hold_expires_with_its_checkout_session() {
    let created = utc(25, 15, 0);
    assert_eq!(hold_expires_at(created, 1430), utc(26, 14, 50));
    assert_eq!(hold_expires_at(created, 30), utc(25, 15, 30));
}

#[test]
fn a_held_hold_is_released_only_after_expiry_plus_grace() {
    let expires = utc(26, 14, 50);
    let grace = 120;
    let held = HoldState::Held;
    assert!(!is_releasable(held, Some(expires), grace, expires));
    assert!(!is_releasable(held, Some(expires), grace, utc(26, 14, 51)));
    assert!(
        is_releasable(held, Some(expires), grace, utc(26, 14, 52)),
        "exactly at grace end"
    );
    assert!(is_releasable(held, Some(expires), grace, utc(27, 0, 0)));
    assert!(blocks_calendar(held, Some(expires), grace, utc(26, 14, 51)));
    assert!(!blocks_calendar(
        held,
        Some(expires),
        grace,
        utc(26, 14, 52)
    ));
}

#[test]
fn only_held_holds_are_lazily_released() {
    let long_ago = Some(utc(1, 0, 0));
    let now = utc(29, 0, 0);
    for state in [
        HoldState::Confirmed,
        HoldState::Released,
        HoldState::Cancelled,
    ] {
        assert!(!is_releasable(state, long_ago, 120, now), "{state}");
    }
    assert!(!is_releasable(HoldState::Held, None, 120, now));
    assert!(blocks_calendar(HoldState::Confirmed, None, 120, now));
    assert!(blocks_calendar(HoldState::Held, None, 120, now));
    assert!(!blocks_calendar(HoldState::Released, None, 120, now));
    assert!(!blocks_calendar(HoldState::Cancelled, None, 120, now));
}

#[test]
fn hold_states_use_the_stored_names() {
    let names: Vec<&str> = HoldState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(names, ["held", "confirmed", "released", "cancelled"]);
    assert_eq!("confirmed".parse::<HoldState>(), Ok(HoldState::Confirmed));
}
