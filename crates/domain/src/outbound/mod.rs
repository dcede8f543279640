//! The outbound gateway's decisions (data-and-ops.md §4.3–4.6, integrations.md §2.2–2.3,
//! http-api.md §3.2.1), as pure functions over what the adapter loaded:
//!
//! - [`plan_delivery`]: what a `whatsapp.send` / `artist.notify` job does with one outbound row
//!   (send it, send a template in its place, defer it, skip it, block it, cancel it);
//! - [`on_send_failure`]: what a classified send error means for the row and the contact;
//! - [`apply_status`] and [`failed_follow_up`]: how a WhatsApp status callback moves the row's
//!   state, and what a `failed` callback sets in motion.
//!
//! Which kinds have a template, may be deferred or carry a payment link is data ([`kinds`]), so the
//! tables of the spec can be read against it row by row.

mod callback;
mod failure;
pub mod kinds;
mod plan;
mod state;
mod template;

#[cfg(test)]
mod callback_tests;
#[cfg(test)]
mod failure_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod template_tests;

pub use callback::{DeliveryStatus, FailedFollowUp, StatusChange, apply_status, failed_follow_up};
pub use failure::{FailureAction, SendFailureEvent, on_retries_exhausted, on_send_failure};
pub use kinds::TemplatePurpose;
pub use plan::{
    ArtistNotifications, CancelReason, DeliveryInput, DeliveryPlan, OutboundView, plan_delivery,
    plan_window_closed,
};
pub use state::{OutboundMode, OutboundState};
pub use template::{
    Appointment, TemplateFacts, TemplateMessage, event_summary, first_name, sanitise_param,
};
