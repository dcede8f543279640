//! The 20 statuses of a lead and their classes (consultation.md §2).
//!
//! Which status may follow which is decided in one place only: `crate::status`.

use super::string_enum::string_enum;

string_enum! {
    /// Where a lead stands. The names are exact and are what the database CHECK constraint lists.
    pub enum LeadStatus as "lead status" {
        New = "NEW",
        Qualifying = "QUALIFYING",
        NeedsArtistReply = "NEEDS_ARTIST_REPLY",
        NeedsFollowUp = "NEEDS_FOLLOW_UP",
        TourConversionOffered = "TOUR_CONVERSION_OFFERED",
        Waitlisted = "WAITLISTED",
        PendingApproval = "PENDING_APPROVAL",
        Rejected = "REJECTED",
        AwaitingSlot = "AWAITING_SLOT",
        CollectingTimeWindows = "COLLECTING_TIME_WINDOWS",
        AwaitingDeposit = "AWAITING_DEPOSIT",
        DepositExpired = "DEPOSIT_EXPIRED",
        DepositPaid = "DEPOSIT_PAID",
        BookingPending = "BOOKING_PENDING",
        Booked = "BOOKED",
        Cancelled = "CANCELLED",
        Refunded = "REFUNDED",
        Abandoned = "ABANDONED",
        Stale = "STALE",
        OptOut = "OPTOUT",
    }
}

/// How a status counts when deciding which lead a message belongs to (consultation.md §2, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusClass {
    /// The contact's one open enquiry; a partial unique index allows one per contact.
    Active,
    /// An appointment is confirmed; the lead stays "live" around the appointment.
    Booked,
    /// Closed, but the client can reopen this same lead for a while (`ABANDONED`, `STALE`).
    Resumable,
    /// Finished for good; a later message starts a new lead.
    Closed,
}

impl LeadStatus {
    pub fn class(self) -> StatusClass {
        use LeadStatus::*;
        match self {
            New
            | Qualifying
            | NeedsArtistReply
            | NeedsFollowUp
            | TourConversionOffered
            | PendingApproval
            | AwaitingSlot
            | CollectingTimeWindows
            | AwaitingDeposit
            | DepositExpired
            | DepositPaid
            | BookingPending => StatusClass::Active,
            Booked => StatusClass::Booked,
            Abandoned | Stale => StatusClass::Resumable,
            Waitlisted | Rejected | Cancelled | Refunded | OptOut => StatusClass::Closed,
        }
    }

    /// Counts as the contact's one active lead: exactly the statuses of the partial unique index in
    /// data-and-ops.md §2.3.
    pub fn is_active(self) -> bool {
        self.class() == StatusClass::Active
    }

    pub fn is_resumable(self) -> bool {
        self.class() == StatusClass::Resumable
    }

    /// Closed for good: no transition ever leaves it, except `CANCELLED → REFUNDED`.
    pub fn is_closed(self) -> bool {
        self.class() == StatusClass::Closed
    }

    /// Automation is paused and the artist must act (the handover status).
    pub fn is_handover(self) -> bool {
        self == LeadStatus::NeedsArtistReply
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The partial unique index "one active lead per contact", copied from data-and-ops.md §2.3.
    const ACTIVE_INDEX: [&str; 12] = [
        "NEW",
        "QUALIFYING",
        "NEEDS_ARTIST_REPLY",
        "NEEDS_FOLLOW_UP",
        "TOUR_CONVERSION_OFFERED",
        "PENDING_APPROVAL",
        "AWAITING_SLOT",
        "COLLECTING_TIME_WINDOWS",
        "AWAITING_DEPOSIT",
        "DEPOSIT_EXPIRED",
        "DEPOSIT_PAID",
        "BOOKING_PENDING",
    ];

    #[test]
    fn there_are_exactly_twenty_statuses_with_distinct_exact_names() {
        assert_eq!(LeadStatus::ALL.len(), 20);
        let names: std::collections::BTreeSet<_> =
            LeadStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names.len(), 20);
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
        );
    }

    #[test]
    fn names_parse_exactly_and_round_trip_through_serde() {
        for status in LeadStatus::ALL {
            assert_eq!(status.as_str().parse::<LeadStatus>(), Ok(*status));
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, serde_json::Value::String(status.as_str().to_owned()));
            assert_eq!(serde_json::from_value::<LeadStatus>(json).unwrap(), *status);
        }
        assert!("qualifying".parse::<LeadStatus>().is_err());
        assert!(" QUALIFYING".parse::<LeadStatus>().is_err());
    }

    #[test]
    fn legacy_statuses_do_not_exist() {
        for legacy in ["BOOKING_LINK_SENT", "NEEDS_MANUAL_FOLLOW_UP"] {
            let error = legacy.parse::<LeadStatus>().unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("expected one of: NEW, QUALIFYING")
            );
        }
    }

    #[test]
    fn is_active_matches_the_partial_unique_index() {
        for status in LeadStatus::ALL {
            assert_eq!(
                status.is_active(),
                ACTIVE_INDEX.contains(&status.as_str()),
                "{status}"
            );
        }
    }

    #[test]
    fn classes_follow_the_status_table() {
        use LeadStatus::*;
        assert_eq!(Booked.class(), StatusClass::Booked);
        for status in [Abandoned, Stale] {
            assert_eq!(status.class(), StatusClass::Resumable, "{status}");
            assert!(status.is_resumable());
        }
        for status in [Waitlisted, Rejected, Cancelled, Refunded, OptOut] {
            assert_eq!(status.class(), StatusClass::Closed, "{status}");
            assert!(status.is_closed());
        }
        assert!(NeedsArtistReply.is_handover() && !Qualifying.is_handover());
    }
}
