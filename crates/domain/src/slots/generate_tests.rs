//! booking.md §3.2: closed and blocked days, busy ranges and holds with their buffers, the per-day
//! and per-offer limits, tour stops and the free/busy search window.

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;

use super::generate::{Slot, generate_slots};
use super::hold::HoldRange;
use super::range::TimeRange;
use super::request::SlotRequest;
use super::test_support::{date, every_day, interval, range, starts, utc};
use crate::model::SizeCategory;
use crate::parse::OfferedSlot;
use crate::rules::{StudioRules, TourStop};

/// Open 10:00–18:00 every day on UTC, so instants read like the wall clock.
fn plain_rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.time_zone = chrono_tz::UTC;
    rules.hours = every_day(&[interval((10, 0), (18, 0))]);
    rules
}

/// Wed 14 Apr 2027 08:00Z: the earliest start is Thu 15 Apr 08:00Z.
fn now() -> DateTime<Utc> {
    utc(2027, 4, 14, 8, 0)
}

fn small(rules: &StudioRules, busy: Vec<TimeRange>, holds: Vec<HoldRange>) -> Vec<Slot> {
    let category = Some(SizeCategory::Small);
    generate_slots(&SlotRequest::from_rules(
        rules,
        category,
        now(),
        busy,
        vec![],
        holds,
    ))
}

fn on_day(slots: &[Slot], day: u32) -> Vec<DateTime<Utc>> {
    let wanted = date(2027, 4, day);
    slots
        .iter()
        .filter(|s| s.start.date_naive() == wanted)
        .map(|s| s.start)
        .collect()
}

#[test]
fn each_day_gets_its_earliest_slots_a_buffer_apart() {
    let mut rules = plain_rules();
    rules.booking.max_slots_per_day = 3;
    let slots = small(&rules, vec![], vec![]);
    // 12:00 and 15:00 would start inside the previous slot's buffer.
    assert_eq!(
        on_day(&slots, 15),
        vec![
            utc(2027, 4, 15, 10, 0),
            utc(2027, 4, 15, 13, 0),
            utc(2027, 4, 15, 16, 0)
        ]
    );
}

#[test]
fn max_slots_per_day_spreads_the_offer_over_more_days() {
    let mut rules = plain_rules();
    rules.booking.max_slots_per_day = 1;
    let slots = small(&rules, vec![], vec![]);
    assert_eq!(slots.len(), 8);
    let days: Vec<u32> = slots
        .iter()
        .map(|s| chrono::Datelike::day(&s.start))
        .collect();
    assert_eq!(days, vec![15, 16, 17, 18, 19, 20, 21, 22]);
}

#[test]
fn slot_count_is_honoured_and_never_exceeds_ten() {
    let mut rules = plain_rules();
    rules.booking.slot_count = 3;
    assert_eq!(small(&rules, vec![], vec![]).len(), 3);
    rules.booking.slot_count = 25;
    let slots = small(&rules, vec![], vec![]);
    assert_eq!(slots.len(), 10);
    let indexes: Vec<usize> = slots.iter().map(|s| s.index).collect();
    assert_eq!(indexes, (1..=10).collect::<Vec<_>>());
}

#[test]
fn closed_dates_remove_the_whole_day() {
    let mut rules = plain_rules();
    rules.hours.closed_dates = vec![date(2027, 4, 15), date(2027, 4, 17)];
    let slots = small(&rules, vec![], vec![]);
    assert!(on_day(&slots, 15).is_empty());
    assert!(on_day(&slots, 17).is_empty());
    assert_eq!(on_day(&slots, 16).len(), 2);
}

#[test]
fn all_day_events_block_their_dates_unless_the_rules_say_otherwise() {
    let mut rules = plain_rules();
    let blocked = vec![date(2027, 4, 16)];
    let offer = |rules: &StudioRules| {
        let request = SlotRequest::from_rules(rules, None, now(), vec![], blocked.clone(), vec![]);
        generate_slots(&request)
    };
    assert!(on_day(&offer(&rules), 16).is_empty());
    rules.booking.block_all_day_events = false;
    assert_eq!(on_day(&offer(&rules), 16).len(), 2);
}

#[test]
fn a_slot_may_start_exactly_one_buffer_after_a_busy_range() {
    let busy = |end_minute| {
        vec![range(
            utc(2027, 4, 15, 9, 0),
            utc(2027, 4, 15, 11, end_minute),
        )]
    };
    let rules = plain_rules();
    let first_start = |end_minute| on_day(&small(&rules, busy(end_minute), vec![]), 15)[0];
    assert_eq!(first_start(30), utc(2027, 4, 15, 12, 0));
    assert_eq!(first_start(31), utc(2027, 4, 15, 13, 0));
}

#[test]
fn a_slot_must_end_one_buffer_before_a_busy_range() {
    let mut rules = plain_rules();
    rules.booking.max_slots_per_day = 1;
    // Busy from 12:30: 10:00–12:00 ends exactly one buffer before it.
    let busy = vec![range(utc(2027, 4, 15, 12, 30), utc(2027, 4, 15, 13, 0))];
    assert_eq!(
        on_day(&small(&rules, busy, vec![]), 15),
        vec![utc(2027, 4, 15, 10, 0)]
    );
    let busy = vec![range(utc(2027, 4, 15, 12, 29), utc(2027, 4, 15, 13, 0))];
    assert_eq!(
        on_day(&small(&rules, busy, vec![]), 15),
        vec![utc(2027, 4, 15, 14, 0)]
    );
}

#[test]
fn busy_ranges_never_leak_into_slots() {
    let busy = vec![
        range(utc(2027, 4, 15, 0, 0), utc(2027, 4, 16, 14, 0)),
        range(utc(2027, 4, 16, 16, 0), utc(2027, 4, 16, 16, 1)),
    ];
    let slots = small(&plain_rules(), busy, vec![]);
    assert!(on_day(&slots, 15).is_empty());
    // 14:00 and 15:00 starts sit in the buffers of the two busy ranges; nothing fits after 16:31.
    assert!(on_day(&slots, 16).is_empty());
    assert_eq!(slots[0].start, utc(2027, 4, 17, 10, 0));
}

#[test]
fn live_holds_block_like_the_exclusion_constraint() {
    let mut rules = plain_rules();
    rules.booking.slot_step_minutes = 30;
    rules.booking.max_slots_per_day = 1;
    let hold = HoldRange::for_slot(utc(2027, 4, 15, 10, 0), utc(2027, 4, 15, 12, 0), 30).unwrap();
    let slots = small(&rules, vec![], vec![hold]);
    let first = slots[0];
    assert_eq!(first.start, utc(2027, 4, 15, 12, 30));
    let picked = HoldRange::for_slot(first.start, first.end, 30).unwrap();
    assert!(
        !picked.conflicts_with(&hold),
        "the offered slot can be held"
    );
}

#[test]
fn a_hold_made_under_a_larger_buffer_keeps_its_wider_block() {
    let mut rules = plain_rules();
    rules.booking.slot_step_minutes = 15;
    rules.booking.max_slots_per_day = 1;
    let hold = HoldRange::for_slot(utc(2027, 4, 15, 10, 0), utc(2027, 4, 15, 12, 0), 60).unwrap();
    let first = small(&rules, vec![], vec![hold])[0];
    assert_eq!(first.start, utc(2027, 4, 15, 12, 45));
    let picked = HoldRange::for_slot(first.start, first.end, 30).unwrap();
    assert!(!picked.conflicts_with(&hold));
}

#[test]
fn slots_never_end_after_closing() {
    let mut rules = plain_rules();
    rules.hours = every_day(&[interval((10, 0), (12, 30)), interval((13, 0), (15, 59))]);
    rules.booking.max_slots_per_day = 5;
    let slots = small(&rules, vec![], vec![]);
    assert_eq!(
        on_day(&slots, 15),
        vec![utc(2027, 4, 15, 10, 0), utc(2027, 4, 15, 13, 0)]
    );
}

#[test]
fn the_same_request_gives_the_same_slots() {
    let busy = vec![range(utc(2027, 4, 16, 11, 0), utc(2027, 4, 16, 12, 0))];
    let request = SlotRequest::from_rules(&plain_rules(), None, now(), busy, vec![], vec![]);
    assert_eq!(generate_slots(&request), generate_slots(&request));
}

#[test]
fn degenerate_settings_give_no_slots() {
    let base = SlotRequest::from_rules(&plain_rules(), None, now(), vec![], vec![], vec![]);
    for broken in [
        SlotRequest {
            step_minutes: 0,
            ..base.clone()
        },
        SlotRequest {
            session_minutes: 0,
            ..base.clone()
        },
        SlotRequest {
            slot_count: 0,
            ..base.clone()
        },
        SlotRequest {
            max_slots_per_day: 0,
            ..base.clone()
        },
        SlotRequest {
            now: DateTime::<Utc>::MAX_UTC,
            ..base.clone()
        },
    ] {
        assert!(generate_slots(&broken).is_empty(), "{broken:?}");
    }
    let too_long = SlotRequest {
        session_minutes: 9 * 60,
        ..base
    };
    assert!(generate_slots(&too_long).is_empty());
}

#[test]
fn slots_become_offered_slots() {
    let slot = small(&plain_rules(), vec![], vec![])[0];
    assert_eq!(
        slot.offered(),
        OfferedSlot {
            start: slot.start,
            end: slot.end
        }
    );
    assert_eq!(slot.range().duration(), chrono::Duration::minutes(120));
}

fn leeds() -> TourStop {
    TourStop {
        city: "Leeds".to_owned(),
        country: "United Kingdom".to_owned(),
        start_date: date(2027, 4, 19),
        end_date: date(2027, 4, 20),
        time_zone: None,
        hours: Some(vec![interval((12, 0), (20, 0))]),
        notes: None,
    }
}

fn tour_slots(rules: &StudioRules, stop: &TourStop, now: DateTime<Utc>) -> Vec<Slot> {
    let request = SlotRequest::for_tour_stop(rules, stop, None, now, vec![], vec![], vec![]);
    generate_slots(&request)
}

#[test]
fn a_tour_stop_offers_only_its_dates_and_hours() {
    let slots = tour_slots(&StudioRules::default(), &leeds(), now());
    // 12:00 and 16:00 BST on each stop day, 180-minute sessions.
    assert_eq!(
        starts(&slots),
        vec![
            utc(2027, 4, 19, 11, 0),
            utc(2027, 4, 19, 15, 0),
            utc(2027, 4, 20, 11, 0),
            utc(2027, 4, 20, 15, 0),
        ]
    );
}

#[test]
fn a_tour_stop_in_another_zone_reads_hours_on_its_own_clock() {
    let stop = TourStop {
        city: "New York".to_owned(),
        country: "United States".to_owned(),
        time_zone: Some(New_York),
        hours: None,
        ..leeds()
    };
    let slots = tour_slots(&StudioRules::default(), &stop, now());
    // Mon 19 Apr 10:00 EDT is 14:00Z; the studio's weekday hours apply on the stop's clock.
    assert_eq!(slots[0].start, utc(2027, 4, 19, 14, 0));
    assert_eq!(slots.len(), 4);
    assert!(
        slots
            .iter()
            .all(|s| s.end.with_timezone(&New_York).date_naive() <= date(2027, 4, 20))
    );
}

#[test]
fn a_tour_stop_is_cut_by_notice_and_lookahead() {
    let rules = StudioRules::default();
    // Earliest start Mon 19 Apr 13:00 BST: the day starts there, then 17:00 BST clears its buffer.
    let late = tour_slots(&rules, &leeds(), utc(2027, 4, 18, 12, 0));
    assert_eq!(
        on_day(&late, 19),
        vec![utc(2027, 4, 19, 12, 0), utc(2027, 4, 19, 16, 0)]
    );
    // 21 days ahead ends on Sat 17 Apr: the stop is out of reach.
    assert!(tour_slots(&rules, &leeds(), utc(2027, 3, 27, 12, 0)).is_empty());
}

#[test]
fn the_search_window_runs_from_the_notice_to_the_end_of_the_last_local_day() {
    let request = SlotRequest::from_rules(
        &StudioRules::default(),
        None,
        utc(2027, 3, 25, 15, 0),
        vec![],
        vec![],
        vec![],
    );
    // Thu 15 Apr is 21 days on; its local day ends at midnight BST, 23:00Z.
    assert_eq!(
        request.search_window(),
        Some(range(utc(2027, 3, 26, 15, 0), utc(2027, 4, 15, 23, 0)))
    );
}

#[test]
fn the_search_window_of_a_tour_stop_is_cut_to_its_dates() {
    let request = SlotRequest::for_tour_stop(
        &StudioRules::default(),
        &leeds(),
        None,
        now(),
        vec![],
        vec![],
        vec![],
    );
    assert_eq!(
        request.search_window(),
        Some(range(utc(2027, 4, 18, 23, 0), utc(2027, 4, 20, 23, 0)))
    );
    let after = SlotRequest {
        now: utc(2027, 4, 21, 8, 0),
        ..request
    };
    assert_eq!(after.search_window(), None);
}
