//! Which local dates the artist works and the opening intervals of each: the studio's weekly hours,
//! or, for a tour-stop lead, only the stop's dates with the stop's own hours when it has them.

use chrono::{Datelike, NaiveDate};

use crate::rules::{OpeningHours, OpeningInterval, TourStop};

#[derive(Debug, Clone, PartialEq)]
pub struct WorkingCalendar {
    /// Weekly hours and `closed_dates`. Closed dates apply on tour too: they are the artist's days
    /// off, and offering a time the artist ruled out is worse than offering one fewer.
    pub weekly: OpeningHours,
    pub stop: Option<StopDays>,
}

/// The part of a tour stop that slot generation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopDays {
    /// First and last local dates of the stop, inclusive.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Hours on every day of the stop; the weekly hours of each weekday when `None`.
    pub hours: Option<Vec<OpeningInterval>>,
}

impl StopDays {
    pub fn of(stop: &TourStop) -> Self {
        Self {
            first: stop.start_date,
            last: stop.end_date,
            hours: stop.hours.clone(),
        }
    }

    fn includes(&self, date: NaiveDate) -> bool {
        (self.first..=self.last).contains(&date)
    }
}

impl WorkingCalendar {
    pub fn studio(weekly: OpeningHours) -> Self {
        Self { weekly, stop: None }
    }

    pub fn tour_stop(weekly: OpeningHours, stop: StopDays) -> Self {
        Self {
            weekly,
            stop: Some(stop),
        }
    }

    /// The usable opening intervals of `date`, earliest first; empty when the day is not worked.
    /// Intervals that do not close after they open are dropped (validation reports them), so a bad
    /// line can never produce a slot.
    pub fn intervals_on(&self, date: NaiveDate) -> Vec<OpeningInterval> {
        if self.weekly.is_closed_on(date) {
            return Vec::new();
        }
        let intervals = match &self.stop {
            Some(stop) if !stop.includes(date) => return Vec::new(),
            Some(StopDays {
                hours: Some(hours), ..
            }) => hours.as_slice(),
            _ => self.weekly.on(date.weekday()),
        };
        let mut usable: Vec<OpeningInterval> = intervals
            .iter()
            .copied()
            .filter(OpeningInterval::is_well_ordered)
            .collect();
        usable.sort();
        usable
    }

    /// The dates outside which nothing is ever worked: the stop's, or none for the studio.
    pub fn date_limits(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.stop.as_ref().map(|stop| (stop.first, stop.last))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 4, d).unwrap()
    }

    fn interval(open: u32, close: u32) -> OpeningInterval {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        OpeningInterval::new(at(open), at(close))
    }

    #[test]
    fn studio_days_follow_the_weekly_hours_and_closed_dates() {
        let mut weekly = OpeningHours::default();
        weekly.closed_dates.push(date(13));
        let calendar = WorkingCalendar::studio(weekly);
        assert_eq!(
            calendar.intervals_on(date(12)),
            vec![interval(10, 18)],
            "Mon"
        );
        assert_eq!(calendar.intervals_on(date(13)), vec![], "closed Tue");
        assert_eq!(
            calendar.intervals_on(date(17)),
            vec![interval(10, 16)],
            "Sat"
        );
        assert_eq!(calendar.intervals_on(date(18)), vec![], "Sun");
    }

    #[test]
    fn tour_days_are_only_the_stop_dates_with_its_hours() {
        let stop = StopDays {
            first: date(17),
            last: date(19),
            hours: Some(vec![interval(14, 20), interval(9, 12), interval(13, 11)]),
        };
        let calendar = WorkingCalendar::tour_stop(OpeningHours::default(), stop);
        assert_eq!(calendar.intervals_on(date(16)), vec![]);
        let sunday = calendar.intervals_on(date(18));
        assert_eq!(
            sunday,
            vec![interval(9, 12), interval(14, 20)],
            "sorted, bad line dropped"
        );
        assert_eq!(calendar.intervals_on(date(20)), vec![]);
        assert_eq!(calendar.date_limits(), Some((date(17), date(19))));
    }

    #[test]
    fn a_stop_without_hours_uses_the_weekly_hours() {
        let stop = StopDays {
            first: date(17),
            last: date(19),
            hours: None,
        };
        let calendar = WorkingCalendar::tour_stop(OpeningHours::default(), stop);
        assert_eq!(
            calendar.intervals_on(date(17)),
            vec![interval(10, 16)],
            "Sat"
        );
        assert_eq!(calendar.intervals_on(date(18)), vec![], "Sun");
        assert_eq!(
            calendar.intervals_on(date(19)),
            vec![interval(10, 18)],
            "Mon"
        );
    }
}
