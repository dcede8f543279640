//! Slot generation (booking.md §3.2): walk the working days on a wall-clock grid and keep the
//! first candidates that respect notice, closing, busy ranges, holds and buffers.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::local_time::{clock_reaches, resolve_local};
use super::range::TimeRange;
use super::request::{MAX_SLOTS_PER_OFFER, SlotRequest};
use crate::parse::OfferedSlot;
use crate::rules::OpeningInterval;

/// One free time offered to a client, numbered from 1 in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub index: usize,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Slot {
    pub fn range(&self) -> TimeRange {
        TimeRange::new(self.start, self.end)
    }

    pub fn offered(&self) -> OfferedSlot {
        OfferedSlot {
            start: self.start,
            end: self.end,
        }
    }
}

/// The free slots for `request`, ascending. Deterministic: the same request gives the same slots.
/// No two slots overlap or come closer than the buffer, none ends after closing, and none touches a
/// busy range or live hold widened by the buffer. Degenerate settings (zero duration, step, count or
/// per-day limit) yield no slots rather than looping or guessing.
pub fn generate_slots(request: &SlotRequest) -> Vec<Slot> {
    let Some(walk) = Walk::new(request) else {
        return Vec::new();
    };
    let mut chosen: Vec<TimeRange> = Vec::new();
    for day in request.candidate_days() {
        if request.blocked_dates.contains(&day) {
            continue;
        }
        walk.choose_on(day, &mut chosen);
        if chosen.len() >= walk.slot_count {
            break;
        }
    }
    chosen.sort();
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, range)| Slot {
            index: i + 1,
            start: range.start,
            end: range.end,
        })
        .collect()
}

/// The request's numbers turned into durations, and the ranges no slot may touch.
struct Walk<'a> {
    request: &'a SlotRequest,
    earliest: DateTime<Utc>,
    session: Duration,
    buffer: Duration,
    step_seconds: u32,
    slot_count: usize,
    per_day: usize,
    blocked: Vec<TimeRange>,
}

impl<'a> Walk<'a> {
    fn new(request: &'a SlotRequest) -> Option<Self> {
        let slot_count = request.slot_count.min(MAX_SLOTS_PER_OFFER);
        let step_seconds = request.step_minutes.checked_mul(60)?;
        if request.session_minutes == 0
            || step_seconds == 0
            || slot_count == 0
            || request.max_slots_per_day == 0
        {
            return None;
        }
        let buffer = Duration::minutes(i64::from(request.buffer_minutes));
        let busy = request.busy.iter().map(|busy| busy.widened(buffer));
        // A hold's blocked range already carries half a buffer; adding the other half is exactly
        // what the exclusion constraint will test when the client picks, even if the buffer
        // changed since the hold was made.
        let half_buffer = Duration::seconds(i64::from(request.buffer_minutes) * 30);
        let holds = request
            .holds
            .iter()
            .map(|hold| hold.blocked.widened(half_buffer));
        Some(Self {
            request,
            earliest: request.earliest_start()?,
            session: Duration::minutes(i64::from(request.session_minutes)),
            buffer,
            step_seconds,
            slot_count: usize::try_from(slot_count).ok()?,
            per_day: usize::try_from(request.max_slots_per_day).unwrap_or(usize::MAX),
            blocked: busy.chain(holds).collect(),
        })
    }

    /// Adds `day`'s slots to `chosen`, stopping at the per-day limit or the offer size.
    fn choose_on(&self, day: NaiveDate, chosen: &mut Vec<TimeRange>) {
        let mut today = 0;
        for interval in self.request.calendar.intervals_on(day) {
            let Some(closing) = clock_reaches(day, interval.close, self.request.zone) else {
                continue;
            };
            for time in self.grid(interval) {
                let Some(start) = resolve_local(day, time, self.request.zone) else {
                    continue;
                };
                let Some(end) = start.checked_add_signed(self.session) else {
                    break;
                };
                if end > closing {
                    break;
                }
                let candidate = TimeRange::new(start, end);
                if self.is_free(&candidate, chosen) {
                    chosen.push(candidate);
                    today += 1;
                    if today >= self.per_day || chosen.len() >= self.slot_count {
                        return;
                    }
                }
            }
        }
    }

    fn is_free(&self, candidate: &TimeRange, chosen: &[TimeRange]) -> bool {
        candidate.start >= self.earliest
            && !self.blocked.iter().any(|b| b.overlaps(candidate))
            && !chosen
                .iter()
                .any(|c| c.widened(self.buffer).overlaps(candidate))
    }

    /// `open, open + S, open + 2S, …` on the wall clock, before `close`. Counted in seconds from
    /// midnight because `NaiveTime` arithmetic wraps past midnight.
    fn grid(&self, interval: OpeningInterval) -> impl Iterator<Item = NaiveTime> {
        let open = interval.open.num_seconds_from_midnight();
        let close = interval.close.num_seconds_from_midnight();
        (open..close)
            .step_by(usize::try_from(self.step_seconds).unwrap_or(usize::MAX))
            .filter_map(|seconds| NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0))
    }
}
