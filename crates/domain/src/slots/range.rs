//! A half-open range of instants, `[start, end)`: the shape of busy intervals, slots and holds.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// `[start, end)` in UTC. Touching ranges (`a.end == b.start`) do not overlap, so back-to-back
/// sessions and a slot ending exactly at closing are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimeRange {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl TimeRange {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The range grown by `margin` on both sides. Saturates at the ends of chrono's calendar rather
    /// than panicking: a range that wide blocks everything anyway.
    pub fn widened(&self, margin: Duration) -> TimeRange {
        TimeRange {
            start: self
                .start
                .checked_sub_signed(margin)
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
            end: self
                .end
                .checked_add_signed(margin)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }

    pub fn contains_range(&self, inner: &TimeRange) -> bool {
        self.start <= inner.start && inner.end <= self.end
    }

    pub fn duration(&self) -> Duration {
        self.end.signed_duration_since(self.start)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 29, h, m, 0).unwrap()
    }

    #[test]
    fn touching_ranges_do_not_overlap() {
        let morning = TimeRange::new(at(9, 0), at(12, 0));
        assert!(!morning.overlaps(&TimeRange::new(at(12, 0), at(13, 0))));
        assert!(morning.overlaps(&TimeRange::new(at(11, 59), at(13, 0))));
        assert!(morning.overlaps(&TimeRange::new(at(10, 0), at(11, 0))));
    }

    #[test]
    fn widening_grows_both_sides_and_saturates() {
        let busy = TimeRange::new(at(13, 0), at(14, 0));
        assert_eq!(
            busy.widened(Duration::minutes(30)),
            TimeRange::new(at(12, 30), at(14, 30))
        );
        let huge = busy.widened(Duration::MAX);
        assert_eq!(huge.start, DateTime::<Utc>::MIN_UTC);
        assert_eq!(huge.end, DateTime::<Utc>::MAX_UTC);
    }
}
