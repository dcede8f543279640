//! Everything slot generation reads (booking.md §3.2): the studio's rules for one lead, resolved
//! once, plus the facts of the moment (the clock, the calendar's busy ranges, live holds).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::calendar::{StopDays, WorkingCalendar};
use super::hold::HoldRange;
use super::local_time::clock_reaches;
use super::range::TimeRange;
use crate::model::SizeCategory;
use crate::rules::{StudioRules, TourStop};

/// An offer never lists more than ten times (one WhatsApp list section).
pub const MAX_SLOTS_PER_OFFER: u32 = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct SlotRequest {
    pub now: DateTime<Utc>,
    /// Local days and times are read in this zone: the studio's, or the tour stop's when it has one.
    pub zone: Tz,
    pub calendar: WorkingCalendar,
    /// `D`: the session length for the lead's category.
    pub session_minutes: u32,
    /// `B`: kept free around every busy range, hold and chosen slot.
    pub buffer_minutes: u32,
    pub minimum_notice_hours: u32,
    pub lookahead_days: u32,
    pub slot_count: u32,
    /// `S`: distance between candidate starts on the wall clock.
    pub step_minutes: u32,
    pub max_slots_per_day: u32,
    /// Busy ranges of the artist's calendar.
    pub busy: Vec<TimeRange>,
    /// Local dates covered by all-day events.
    pub blocked_dates: Vec<NaiveDate>,
    /// Live holds of the artist (`held` not yet releasable, and `confirmed`).
    pub holds: Vec<HoldRange>,
}

impl SlotRequest {
    /// A home-studio lead. `blocked_dates` are ignored when the rules say all-day events do not block.
    pub fn from_rules(
        rules: &StudioRules,
        category: Option<SizeCategory>,
        now: DateTime<Utc>,
        busy: Vec<TimeRange>,
        blocked_dates: Vec<NaiveDate>,
        holds: Vec<HoldRange>,
    ) -> Self {
        let booking = &rules.booking;
        Self {
            now,
            zone: rules.studio.time_zone,
            calendar: WorkingCalendar::studio(rules.hours.clone()),
            session_minutes: booking.session_minutes(category),
            buffer_minutes: booking.buffer_minutes,
            minimum_notice_hours: booking.minimum_notice_hours,
            lookahead_days: booking.lookahead_days,
            slot_count: booking.slot_count,
            step_minutes: booking.slot_step_minutes,
            max_slots_per_day: booking.max_slots_per_day,
            busy,
            blocked_dates: if booking.block_all_day_events {
                blocked_dates
            } else {
                Vec::new()
            },
            holds,
        }
    }

    /// A tour-stop lead: only the stop's dates, in the stop's zone and hours when it names them.
    pub fn for_tour_stop(
        rules: &StudioRules,
        stop: &TourStop,
        category: Option<SizeCategory>,
        now: DateTime<Utc>,
        busy: Vec<TimeRange>,
        blocked_dates: Vec<NaiveDate>,
        holds: Vec<HoldRange>,
    ) -> Self {
        let home = Self::from_rules(rules, category, now, busy, blocked_dates, holds);
        Self {
            zone: stop.time_zone.unwrap_or(home.zone),
            calendar: WorkingCalendar::tour_stop(rules.hours.clone(), StopDays::of(stop)),
            ..home
        }
    }

    /// `now + minimum_notice_hours`: no slot starts earlier. `None` only past chrono's calendar.
    pub fn earliest_start(&self) -> Option<DateTime<Utc>> {
        self.now
            .checked_add_signed(Duration::hours(i64::from(self.minimum_notice_hours)))
    }

    /// The local dates to try, ascending: from the date of the earliest start to today plus the
    /// lookahead, inclusive, cut to the tour stop's dates.
    pub fn candidate_days(&self) -> Vec<NaiveDate> {
        let Some((first, last)) = self.day_range() else {
            return Vec::new();
        };
        first.iter_days().take_while(|day| *day <= last).collect()
    }

    /// Where to read free/busy and all-day events (booking.md §3.1 step 1): from the earliest start
    /// to the end of the last candidate day. It depends only on the clock and the rules, so it can
    /// be taken from a request built before the calendar was read. `None` when no day qualifies.
    pub fn search_window(&self) -> Option<TimeRange> {
        let earliest = self.earliest_start()?;
        let (first, last) = self.day_range()?;
        let first_start = clock_reaches(first, NaiveTime::MIN, self.zone)?;
        let end = clock_reaches(last.succ_opt()?, NaiveTime::MIN, self.zone)?;
        let start = earliest.max(first_start);
        (start < end).then(|| TimeRange::new(start, end))
    }

    fn day_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self
            .earliest_start()?
            .with_timezone(&self.zone)
            .date_naive();
        let today = self.now.with_timezone(&self.zone).date_naive();
        let last = today.checked_add_days(chrono::Days::new(u64::from(self.lookahead_days)))?;
        let (first, last) = match self.calendar.date_limits() {
            Some((stop_first, stop_last)) => (first.max(stop_first), last.min(stop_last)),
            None => (first, last),
        };
        (first <= last).then_some((first, last))
    }
}
