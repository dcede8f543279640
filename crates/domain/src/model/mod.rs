//! The nouns of the business: identifiers, money, sizes, regions, phones, leads and their statuses.

mod dimensions;
mod ids;
mod money;
mod phone;
mod region;
mod size;

pub(crate) mod string_enum;

mod actor;
mod answer;
mod booking_mode;
mod contact;
mod cooldown;
mod handover;
mod lead;
mod lead_details;
mod lead_status;
mod question;
mod strike;

pub use dimensions::{Dimensions, DimensionsError};
pub use ids::{ArtistId, ContactId, LeadId};
pub use money::{Currency, CurrencyError, Money};
pub use phone::{Phone, PhoneError};
pub use region::Region;
pub use size::SizeCategory;

pub use actor::Actor;
pub use answer::{Answer, AnswerId, InboundMessageId, NewAnswer, latest_answer};
pub use booking_mode::BookingMode;
pub use contact::{Consent, Contact};
pub use cooldown::{ContactCooldown, Cooldowns, LeadCooldown};
pub use handover::{Handover, HandoverReason};
pub use lead::{FunnelTimestamps, InvalidStoredLead, Lead, StatusRecord};
pub use lead_details::{
    AdminRecord, Appointment, BookingDetails, BookingTool, Budget, CancelledBy, Complexity,
    ComplexityOutOfRange, Conversation, CoverUp, DepositTerms, Estimate, Interpretation,
};
pub use lead_status::{LeadStatus, StatusClass};
pub use question::{QuestionKey, QuestionStep, QuestionStepOutOfRange};
pub use strike::{ParseFailures, StrikeField};
pub use string_enum::UnknownName;
