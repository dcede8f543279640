//! The studio rules: one TOML file (data-and-ops.md §5.2) with every default compiled in. Parsing is
//! strict (unknown keys are errors naming the key); [`StudioRules::validate`] then reports every
//! semantic problem at once.

mod booking;
mod conversation;
mod copy;
mod deposit;
mod error;
mod estimation;
mod hours;
mod pricing;
mod problems;
mod reminders;
mod retention;
mod studio;
mod studio_rules;
mod time_values;
mod tour;
mod units;
mod whatsapp;

#[cfg(test)]
mod copy_override_tests;
#[cfg(test)]
mod default_file_tests;
#[cfg(test)]
mod validation_tests;

pub use booking::{BookingRules, SessionMinutes};
pub use conversation::ConversationRules;
pub use copy::{CopyOverrides, CopyRules};
pub use deposit::{DepositRules, FlatDeposits};
pub use error::RulesError;
pub use estimation::{AreaThresholds, EstimationRules, XlDaysTier};
pub use hours::OpeningHours;
pub use pricing::{
    BillableHours, FxRates, HourlyRates, HoursRange, PricingRules, RegionalMinimums,
};
pub use problems::RuleProblem;
pub use reminders::ReminderRules;
pub use retention::RetentionRules;
pub use studio::{DEFAULT_ARTIST_NAME, DEFAULT_LOCALE, Studio};
pub use studio_rules::StudioRules;
pub use time_values::{OpeningInterval, OpeningIntervalError};
pub use tour::{TourRules, TourStop};
pub use units::{CentiCm, HalfDays, TenthHours};
pub use whatsapp::{Template, TemplateParam, Templates, WhatsAppRules};
