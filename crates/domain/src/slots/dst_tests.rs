//! booking.md §3.3: the two worked examples row by row, and the additional DST tests.

use chrono_tz::Europe::London;

use super::generate::generate_slots;
use super::local_time::resolve_local;
use super::request::SlotRequest;
use super::test_support::{date, described, every_day, hm, interval, range, starts, utc};
use crate::model::SizeCategory;
use crate::rules::StudioRules;

#[test]
fn example_a_march_change() {
    let busy = vec![range(utc(2027, 3, 29, 13, 0), utc(2027, 3, 29, 14, 0))];
    let now = utc(2027, 3, 25, 15, 0);
    let request = SlotRequest::from_rules(
        &StudioRules::default(),
        Some(SizeCategory::Medium),
        now,
        busy,
        vec![],
        vec![],
    );
    assert_eq!(request.earliest_start(), Some(utc(2027, 3, 26, 15, 0)));
    let slots = generate_slots(&request);
    let row = |label: &str, d, start_h, end_h| {
        let (start, end) = (utc(2027, 3, d, start_h, 0), utc(2027, 3, d, end_h, 0));
        (label.to_owned(), start, end)
    };
    let april = |label: &str| {
        let (start, end) = (utc(2027, 4, 1, 9, 0), utc(2027, 4, 1, 12, 0));
        (label.to_owned(), start, end)
    };
    assert_eq!(
        described(&slots),
        vec![
            row("Fri 26 Mar, 15:00–18:00 GMT", 26, 15, 18),
            row("Sat 27 Mar, 10:00–13:00 GMT", 27, 10, 13),
            row("Mon 29 Mar, 10:00–13:00 BST", 29, 9, 12),
            row("Tue 30 Mar, 10:00–13:00 BST", 30, 9, 12),
            row("Tue 30 Mar, 14:00–17:00 BST", 30, 13, 16),
            row("Wed 31 Mar, 10:00–13:00 BST", 31, 9, 12),
            row("Wed 31 Mar, 14:00–17:00 BST", 31, 13, 16),
            april("Thu 1 Apr, 10:00–13:00 BST"),
        ]
    );
    let indexes: Vec<usize> = slots.iter().map(|s| s.index).collect();
    assert_eq!(indexes, (1..=8).collect::<Vec<_>>());
    assert!(
        !starts(&slots).contains(&utc(2027, 3, 29, 10, 0)),
        "the GMT offset must not be reused after the change"
    );
}

#[test]
fn example_b_october_change() {
    let now = utc(2027, 10, 28, 12, 0);
    let request = SlotRequest::from_rules(
        &StudioRules::default(),
        Some(SizeCategory::Small),
        now,
        vec![],
        vec![],
        vec![],
    );
    assert_eq!(request.earliest_start(), Some(utc(2027, 10, 29, 12, 0)));
    let row = |label: &str, (mo, d), start_h, end_h| {
        let (start, end) = (utc(2027, mo, d, start_h, 0), utc(2027, mo, d, end_h, 0));
        (label.to_owned(), start, end)
    };
    assert_eq!(
        described(&generate_slots(&request)),
        vec![
            row("Fri 29 Oct, 13:00–15:00 BST", (10, 29), 12, 14),
            row("Fri 29 Oct, 16:00–18:00 BST", (10, 29), 15, 17),
            row("Sat 30 Oct, 10:00–12:00 BST", (10, 30), 9, 11),
            row("Sat 30 Oct, 13:00–15:00 BST", (10, 30), 12, 14),
            row("Mon 1 Nov, 10:00–12:00 GMT", (11, 1), 10, 12),
            row("Mon 1 Nov, 13:00–15:00 GMT", (11, 1), 13, 15),
            row("Tue 2 Nov, 10:00–12:00 GMT", (11, 2), 10, 12),
            row("Tue 2 Nov, 13:00–15:00 GMT", (11, 2), 13, 15),
        ]
    );
}

#[test]
fn notice_is_absolute_across_the_change() {
    let rules = StudioRules {
        hours: every_day(&[interval((10, 0), (18, 0))]),
        ..StudioRules::default()
    };
    let now = utc(2027, 3, 27, 10, 30);
    let request = SlotRequest::from_rules(
        &rules,
        Some(SizeCategory::Small),
        now,
        vec![],
        vec![],
        vec![],
    );
    assert_eq!(request.earliest_start(), Some(utc(2027, 3, 28, 10, 30)));
    let slots = generate_slots(&request);
    let first_two: Vec<_> = described(&slots).into_iter().take(2).collect();
    assert_eq!(
        first_two,
        vec![
            (
                "Sun 28 Mar, 12:00–14:00 BST".to_owned(),
                utc(2027, 3, 28, 11, 0),
                utc(2027, 3, 28, 13, 0)
            ),
            (
                "Sun 28 Mar, 15:00–17:00 BST".to_owned(),
                utc(2027, 3, 28, 14, 0),
                utc(2027, 3, 28, 16, 0)
            ),
        ]
    );
}

#[test]
fn a_start_in_the_spring_gap_is_skipped() {
    let mut rules = StudioRules {
        hours: every_day(&[interval((0, 0), (4, 0))]),
        ..StudioRules::default()
    };
    rules.booking.default_duration_minutes = 60;
    let now = utc(2027, 3, 26, 12, 0);
    let request = SlotRequest::from_rules(&rules, None, now, vec![], vec![], vec![]);
    let change_day: Vec<_> = generate_slots(&request)
        .into_iter()
        .filter(|s| s.start.with_timezone(&London).date_naive() == date(2027, 3, 28))
        .collect();
    // 01:00 does not exist; 02:00 BST (01:00Z) is inside the buffer after 00:00.
    assert_eq!(
        starts(&change_day),
        vec![utc(2027, 3, 28, 0, 0), utc(2027, 3, 28, 2, 0)]
    );
    assert_eq!(
        change_day[1].end,
        utc(2027, 3, 28, 3, 0),
        "04:00 BST closing"
    );
}

#[test]
fn a_fold_time_resolves_to_the_earlier_instant() {
    let instant = resolve_local(date(2027, 10, 31), hm(1, 30), London);
    assert_eq!(instant, Some(utc(2027, 10, 31, 0, 30)));
    assert_ne!(instant, Some(utc(2027, 10, 31, 1, 30)));
}

#[test]
fn a_fold_start_is_offered_at_the_earlier_instant() {
    let mut rules = StudioRules {
        hours: every_day(&[interval((1, 30), (4, 0))]),
        ..StudioRules::default()
    };
    rules.booking.default_duration_minutes = 60;
    let now = utc(2027, 10, 29, 12, 0);
    let request = SlotRequest::from_rules(&rules, None, now, vec![], vec![], vec![]);
    let slots = generate_slots(&request);
    let fold_day: Vec<_> = slots
        .iter()
        .filter(|s| s.start.with_timezone(&London).date_naive() == date(2027, 10, 31))
        .copied()
        .collect();
    // 01:30 BST (00:30Z); 02:30 GMT (02:30Z) is the next grid time clear of its buffer.
    assert_eq!(
        starts(&fold_day),
        vec![utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 2, 30)]
    );
}

#[test]
fn ten_o_clock_london_on_the_day_after_each_change() {
    let rules = StudioRules::default();
    let slot_starts = |now| {
        let request = SlotRequest::from_rules(&rules, None, now, vec![], vec![], vec![]);
        starts(&generate_slots(&request))
    };
    // Mon 29 Mar 2027 10:00 BST and Mon 1 Nov 2027 10:00 GMT, each the first slot of its day.
    let spring = slot_starts(utc(2027, 3, 28, 8, 0));
    assert_eq!(spring.first(), Some(&utc(2027, 3, 29, 9, 0)));
    let autumn = slot_starts(utc(2027, 10, 31, 9, 0));
    assert_eq!(autumn.first(), Some(&utc(2027, 11, 1, 10, 0)));
}
