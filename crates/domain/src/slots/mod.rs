//! Calendar rules and slot generation (booking.md §3.2–§3.3, §3.6): which free times to offer a
//! client, how local wall-clock times become UTC instants across clock changes, and the ranges and
//! lifetime of a slot hold. Pure: the clock, the calendar's busy ranges and the live holds come in as
//! arguments.

mod calendar;
mod generate;
mod hold;
mod local_time;
mod range;
mod request;

#[cfg(test)]
mod dst_tests;
#[cfg(test)]
mod generate_tests;
#[cfg(test)]
mod hold_tests;
#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod test_support;

pub use calendar::{StopDays, WorkingCalendar};
pub use generate::{Slot, generate_slots};
pub use hold::{
    HoldRange, HoldRangeError, HoldState, blocks_calendar, hold_expires_at, is_releasable,
};
pub use local_time::{clock_reaches, resolve_local};
pub use range::TimeRange;
pub use request::{MAX_SLOTS_PER_OFFER, SlotRequest};
