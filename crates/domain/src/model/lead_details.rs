//! The parts of a lead that use cases update freely under the row lock: conversation progress, the
//! interpretation of the answers, the estimate, the deposit and the booking (data-and-ops.md §2.3).
//!
//! Status and everything the status machine owns live in `lead.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::cooldown::{Cooldowns, LeadCooldown};
use super::question::QuestionStep;
use super::strike::ParseFailures;
use super::string_enum::string_enum;
use super::{Dimensions, Money, Region, SizeCategory};

/// Where the consultation stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Conversation {
    pub current_step: QuestionStep,
    pub parse_failures: ParseFailures,
    /// The micro-confirmation was sent in this qualifying cycle (§9.5).
    pub confirmation_shown: bool,
    /// The extra "which city?" prompt of the travel question is pending (§7, step 11).
    pub travel_prompt: Option<String>,
    /// Time-window collection round; entering `COLLECTING_TIME_WINDOWS` starts the next one (§18).
    pub time_window_round: u16,
    /// Cover-up words were seen mid-consultation; completion decides (§13.1, §14).
    pub coverup_mentioned: bool,
    pub cooldowns: Cooldowns<LeadCooldown>,
    /// WhatsApp time of the newest processed client message (ordering, P9).
    pub last_client_message_at: Option<DateTime<Utc>>,
    pub last_bot_message_at: Option<DateTime<Utc>>,
}

string_enum! {
    /// Interpreted answer to the cover-up question.
    pub enum CoverUp as "cover-up answer" {
        Yes = "yes",
        No = "no",
        Unsure = "unsure",
    }
}

/// Interpreted detail level (1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Complexity {
    Simple = 1,
    Medium = 2,
    High = 3,
}

/// A stored complexity outside 1–3.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("complexity must be 1, 2 or 3, got {0}")]
pub struct ComplexityOutOfRange(pub u8);

impl Complexity {
    pub fn level(self) -> u8 {
        self as u8
    }
}

impl TryFrom<u8> for Complexity {
    type Error = ComplexityOutOfRange;
    fn try_from(level: u8) -> Result<Self, Self::Error> {
        match level {
            1 => Ok(Complexity::Simple),
            2 => Ok(Complexity::Medium),
            3 => Ok(Complexity::High),
            other => Err(ComplexityOutOfRange(other)),
        }
    }
}

impl From<Complexity> for u8 {
    fn from(complexity: Complexity) -> Self {
        complexity.level()
    }
}

/// The client's budget as given, and its GBP value used against regional minimums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub amount: Money,
    pub is_range: bool,
    pub gbp_minor: i64,
}

/// What the answers mean, as the completion decision and the artist see them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Interpretation {
    pub dimensions: Option<Dimensions>,
    pub complexity: Option<Complexity>,
    pub complexity_unsure: Option<bool>,
    pub coverup: Option<CoverUp>,
    pub placement_hard: Option<bool>,
    pub budget: Option<Budget>,
    /// The client accepted the regional minimum in the budget follow-up (§17).
    pub budget_accepted_minimum: bool,
    pub location_city: Option<String>,
    pub location_country: Option<String>,
    pub country_recognised: Option<bool>,
    pub region: Option<Region>,
    pub instagram_handle: Option<String>,
    pub requested_city: Option<String>,
    pub booking_city: Option<String>,
    pub tour_stop_key: Option<String>,
    pub tour_offer_options: Option<serde_json::Value>,
    pub tour_offer_accepted: Option<bool>,
    /// Set on entering `WAITLISTED`.
    pub waitlisted: bool,
}

/// The estimate computed at completion (§15), shown to the artist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub category: SizeCategory,
    /// XL session days in tenths (`numeric(2,1)`: 1.5 days = 15); `None` below XL.
    pub days_tenths: Option<u8>,
    pub deposit: Money,
    pub price_min: Money,
    pub price_max: Money,
    pub pricing_trace: serde_json::Value,
    /// The region's minimum budget, in GBP minor units.
    pub region_min_budget_gbp_minor: Option<i64>,
    pub below_min_budget: bool,
}

/// The deposit amount once locked, and how often the link was issued again (booking.md §5, §6).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DepositTerms {
    /// Locked when the first payment row is created; later sessions reuse it.
    pub amount: Option<Money>,
    pub locked_at: Option<DateTime<Utc>>,
    pub rule_version: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub expiry_count: u16,
    pub link_reissue_count: u16,
}

string_enum! {
    /// The external booking tool of a manual-mode booking link.
    pub enum BookingTool as "booking tool" {
        Fresha = "FRESHA",
        Calendly = "CALENDLY",
        Gcal = "GCAL",
        Other = "OTHER",
    }
}

/// A confirmed appointment, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
}

/// The appointment and how it was arranged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BookingDetails {
    /// Copied from the confirmed hold, or given by the artist when marking booked.
    pub appointment: Option<Appointment>,
    pub confirmed_hold_id: Option<i64>,
    pub calendar_event_id: Option<String>,
    pub booking_link: Option<String>,
    pub booking_tool: Option<BookingTool>,
    pub booking_link_sent_at: Option<DateTime<Utc>>,
    pub reschedule_count: u16,
}

string_enum! {
    /// Whose decision a cancellation was.
    pub enum CancelledBy as "cancelled by" {
        Artist = "artist",
        Client = "client",
    }
}

/// What the artist recorded by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdminRecord {
    pub admin_notes: Option<String>,
    pub last_admin_action: Option<String>,
    pub last_admin_action_at: Option<DateTime<Utc>>,
    pub cancellation_reason: Option<String>,
    pub cancelled_by: Option<CancelledBy>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complexity_is_stored_as_its_level() {
        assert_eq!(Complexity::try_from(2), Ok(Complexity::Medium));
        assert_eq!(Complexity::try_from(4), Err(ComplexityOutOfRange(4)));
        assert_eq!(serde_json::to_string(&Complexity::High).unwrap(), "3");
        assert!(serde_json::from_str::<Complexity>("0").is_err());
    }

    #[test]
    fn closed_sets_use_the_check_constraint_names() {
        assert_eq!(CoverUp::Unsure.as_str(), "unsure");
        assert_eq!("GCAL".parse::<BookingTool>(), Ok(BookingTool::Gcal));
        assert_eq!(CancelledBy::Client.as_str(), "client");
    }
}
