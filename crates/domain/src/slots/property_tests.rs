//! Whatever the calendar and the clock, generated slots are sorted, numbered, at least a buffer
//! apart, clear of busy ranges and holds by a buffer, inside opening hours and after the notice.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::generate::{Slot, generate_slots};
use super::hold::HoldRange;
use super::local_time::{clock_reaches, resolve_local};
use super::range::TimeRange;
use super::request::SlotRequest;
use super::test_support::{every_day, interval, utc};
use crate::model::SizeCategory;
use crate::rules::StudioRules;

const ZONES: [Tz; 4] = [
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Santiago,
];

/// Minutes from the start of 2027, so `now` and busy ranges sweep both clock changes of a year.
fn minute_of_2027() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..365 * 24 * 60).prop_map(|m| utc(2027, 1, 1, 0, 0) + Duration::minutes(m))
}

fn busy_near(now: DateTime<Utc>) -> impl Strategy<Value = Vec<TimeRange>> {
    let one = (0i64..10 * 24 * 60, 1i64..8 * 60).prop_map(move |(offset, length)| {
        let start = now + Duration::minutes(offset);
        TimeRange::new(start, start + Duration::minutes(length))
    });
    prop::collection::vec(one, 0..40)
}

fn request() -> impl Strategy<Value = SlotRequest> {
    let settings = (
        0usize..ZONES.len(),
        prop::sample::select(vec![
            None,
            Some(SizeCategory::Small),
            Some(SizeCategory::Xl),
        ]),
        prop::sample::select(vec![0u32, 15, 25, 30, 90]),
        prop::sample::select(vec![15u32, 45, 60, 90]),
        1u32..=4,
        prop::bool::ANY,
        (1u32..=10, 1u32..=12),
    );
    (minute_of_2027(), settings).prop_flat_map(
        |(now, (zone, category, buffer, step, per_day, night_hours, (lookahead, count)))| {
            let holds = busy_near(now).prop_map(move |sessions| {
                sessions
                    .iter()
                    .filter_map(|s| HoldRange::for_slot(s.start, s.end, buffer).ok())
                    .collect::<Vec<_>>()
            });
            (busy_near(now), holds).prop_map(move |(busy, holds)| {
                let mut rules = StudioRules::default();
                rules.studio.time_zone = ZONES[zone];
                if night_hours {
                    // Across the changes' small hours, where gaps and folds sit.
                    rules.hours =
                        every_day(&[interval((0, 0), (4, 0)), interval((9, 30), (17, 45))]);
                }
                rules.booking.buffer_minutes = buffer;
                rules.booking.slot_step_minutes = step;
                rules.booking.max_slots_per_day = per_day;
                rules.booking.lookahead_days = lookahead;
                rules.booking.slot_count = count;
                SlotRequest::from_rules(&rules, category, now, busy, vec![], holds)
            })
        },
    )
}

/// The opening interval of the slot's local day that contains it, resolved to instants.
fn fits_opening_hours(request: &SlotRequest, slot: &Slot) -> bool {
    let day = slot.start.with_timezone(&request.zone).date_naive();
    request.calendar.intervals_on(day).iter().any(|i| {
        let open = resolve_local(day, i.open, request.zone)
            .or_else(|| clock_reaches(day, i.open, request.zone));
        let close = clock_reaches(day, i.close, request.zone);
        matches!((open, close), (Some(open), Some(close)) if open <= slot.start && slot.end <= close)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_slots_keep_every_rule(request in request()) {
        let slots = generate_slots(&request);
        let buffer = Duration::minutes(i64::from(request.buffer_minutes));
        let session = Duration::minutes(i64::from(request.session_minutes));
        let earliest = request.earliest_start().unwrap();
        prop_assert!(slots.len() <= request.slot_count.min(10) as usize);
        for (i, slot) in slots.iter().enumerate() {
            prop_assert_eq!(slot.index, i + 1);
            prop_assert_eq!(slot.end - slot.start, session);
            prop_assert!(slot.start >= earliest, "{slot:?} before the notice");
            prop_assert!(fits_opening_hours(&request, slot), "{slot:?} outside opening hours");
            for busy in &request.busy {
                prop_assert!(!busy.widened(buffer).overlaps(&slot.range()), "{slot:?} vs busy {busy:?}");
            }
            let as_hold = HoldRange::for_slot(slot.start, slot.end, request.buffer_minutes).unwrap();
            for hold in &request.holds {
                prop_assert!(!as_hold.conflicts_with(hold), "{slot:?} vs hold {hold:?}");
            }
        }
        for pair in slots.windows(2) {
            prop_assert!(pair[0].start < pair[1].start, "not ascending");
            prop_assert!(pair[0].end + buffer <= pair[1].start, "{:?} and {:?} closer than the buffer", pair[0], pair[1]);
        }
        let mut per_day = std::collections::BTreeMap::new();
        for slot in &slots {
            *per_day.entry(slot.start.with_timezone(&request.zone).date_naive()).or_insert(0u32) += 1;
        }
        prop_assert!(per_day.values().all(|n| *n <= request.max_slots_per_day));
        prop_assert_eq!(generate_slots(&request), slots, "deterministic");
    }
}
