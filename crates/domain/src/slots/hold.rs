//! Slot holds (booking.md §3.6): the ranges a hold reserves, when it expires and when it stops
//! blocking the calendar.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::range::TimeRange;
use crate::model::string_enum::string_enum;

string_enum! {
    /// `slot_holds.state`.
    pub enum HoldState as "hold state" {
        /// Reserved while the Checkout session is open.
        Held = "held",
        /// Paid: the booking.
        Confirmed = "confirmed",
        Released = "released",
        Cancelled = "cancelled",
    }
}

/// The two ranges stored with a hold. The exclusion constraint compares `blocked` ranges, which
/// carry half the buffer on each side, so two holds at least one buffer apart never conflict and
/// closer ones always do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HoldRange {
    /// `[start, end)`: the session itself.
    pub session: TimeRange,
    /// `[start − B/2, end + B/2)`.
    pub blocked: TimeRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoldRangeError {
    #[error("a hold must end after it starts")]
    NotAfterStart,
    #[error("the hold's blocked range falls outside the representable calendar")]
    OutOfRange,
}

impl HoldRange {
    pub fn for_slot(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        buffer_minutes: u32,
    ) -> Result<Self, HoldRangeError> {
        if end <= start {
            return Err(HoldRangeError::NotAfterStart);
        }
        // Seconds keep an odd buffer exact: 25 minutes is 12 min 30 s each side.
        let half_buffer = Duration::seconds(i64::from(buffer_minutes) * 30);
        let blocked = TimeRange::new(
            start
                .checked_sub_signed(half_buffer)
                .ok_or(HoldRangeError::OutOfRange)?,
            end.checked_add_signed(half_buffer)
                .ok_or(HoldRangeError::OutOfRange)?,
        );
        Ok(Self {
            session: TimeRange::new(start, end),
            blocked,
        })
    }

    /// What the database exclusion constraint decides for two live holds of one artist.
    pub fn conflicts_with(&self, other: &HoldRange) -> bool {
        self.blocked.overlaps(&other.blocked)
    }
}

/// `expires_at` of a new hold, which is also its Checkout session's `expires_at`. Saturates rather
/// than panicking at the end of chrono's calendar.
pub fn hold_expires_at(created_at: DateTime<Utc>, checkout_expiry_minutes: u32) -> DateTime<Utc> {
    created_at
        .checked_add_signed(Duration::minutes(i64::from(checkout_expiry_minutes)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The lazy-release predicate: a `held` hold whose `expires_at + grace ≤ now` may be released
/// (reason `expired`) by whoever inserts an overlapping hold. The grace lets a payment that Stripe
/// completed on the last second still find its hold. A `held` row without an expiry cannot exist
/// (a CHECK forbids it); if one did, it is kept rather than risk a double booking.
pub fn is_releasable(
    state: HoldState,
    expires_at: Option<DateTime<Utc>>,
    grace_seconds: u32,
    now: DateTime<Utc>,
) -> bool {
    let Some(expires_at) = expires_at else {
        return false;
    };
    let released_from = expires_at
        .checked_add_signed(Duration::seconds(i64::from(grace_seconds)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    state == HoldState::Held && released_from <= now
}

/// Whether a hold is live, i.e. busy for slot generation (booking.md §3.1 step 4): `confirmed`, or
/// `held` and not yet releasable.
pub fn blocks_calendar(
    state: HoldState,
    expires_at: Option<DateTime<Utc>>,
    grace_seconds: u32,
    now: DateTime<Utc>,
) -> bool {
    match state {
        HoldState::Confirmed => true,
        HoldState::Held => !is_releasable(state, expires_at, grace_seconds, now),
        HoldState::Released | HoldState::Cancelled => false,
    }
}
