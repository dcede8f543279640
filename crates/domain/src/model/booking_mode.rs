//! How an approved lead is booked (booking.md §1).

use super::string_enum::string_enum;

string_enum! {
    /// Recorded on the lead at approval; the lead finishes in this mode even if the configuration
    /// changes later.
    pub enum BookingMode as "booking mode" {
        /// Slots from Google Calendar, a hold, then the deposit.
        Calendar = "calendar",
        /// Deposit link first; the artist arranges the date and marks the lead booked.
        Manual = "manual",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_modes_use_the_stored_names() {
        assert_eq!(BookingMode::Calendar.as_str(), "calendar");
        assert_eq!("manual".parse::<BookingMode>(), Ok(BookingMode::Manual));
    }
}
