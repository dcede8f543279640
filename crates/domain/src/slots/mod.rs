//! Calendar rules and slot generation (booking.md §3.2–§3.3, §3.6): which free times to offer a
//! client, how local wall-clock times become UTC instants across clock changes, and the ranges and
//! lifetime of a slot hold. Pure: the clock, the calendar's busy ranges and the live holds come in as
//! arguments.

mod hold;
mod local_time;
mod range;

#[cfg(test)]
mod hold_tests;

pub use hold::{
    HoldRange, HoldRangeError, HoldState, blocks_calendar, hold_expires_at, is_releasable,
};
pub use local_time::{clock_reaches, resolve_local};
pub use range::TimeRange;
