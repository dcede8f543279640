//! The one status machine (consultation.md §2–§4).
//!
//! [`transition`] is the only way a lead's status changes: every writer (conversation, admin
//! endpoints, action links, Stripe handling, jobs, sweeps, resume) calls it with a
//! [`TransitionCause`] and records the [`StatusHistoryEntry`] it returns. The table of allowed moves
//! and their triggers is in `table`, the guards in `guards`; [`resolve_lead`] decides which lead an
//! inbound message belongs to.

mod admin_actions;
mod guards;
mod reason;
mod resolution;
mod table;
mod transition;

pub use admin_actions::{ActionFacts, AdminAction, available_actions};
pub use guards::{Guard, PaymentFacts};
pub use reason::TransitionReason;
pub use resolution::{
    LeadResolution, LeadSummary, ResolutionPolicy, is_new_enquiry_phrase, resolve_lead,
};
pub use table::{ABANDONED_RETURN_STATUSES, HANDOVER_RETURN_STATUSES, allowed_targets};
pub(crate) use transition::TransitionPermit;
pub use transition::{
    StatusHistoryEntry, StatusList, TransitionCause, TransitionError, check_transition,
    reachable_targets, transition,
};

#[cfg(test)]
mod booking_row_tests;
#[cfg(test)]
mod effect_tests;
#[cfg(test)]
mod guard_tests;
#[cfg(test)]
mod matrix_tests;
#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod row_tests;
#[cfg(test)]
pub(crate) mod test_support;
