//! The consultation engine as a pure decision: [`decide`] takes one inbound message with
//! everything it needs (contact, resolved lead, answers, studio rules, modes, `now`) and returns
//! the [`Decision`] the store applies in the message's one transaction (consultation.md §4–§22).

mod answers;
mod artist_commands;
mod completion;
mod decision;
mod draft;
mod follow_up;
mod gates;
mod handover;
mod input;
mod notes;
mod opening;
mod outbound;
mod pipeline;
mod prompts;
mod qualifying;
mod repair;
mod slots;
mod statuses;
mod summary;
mod time_windows;
mod tour;

pub use artist_commands::resume_by_artist;
pub use decision::{
    Decision, Disposition, Effect, EventLevel, HoldRelease, JobKind, JobRequest, OfferCause,
    RetryPolicy, Silence, SystemEvent,
};
pub use input::{
    ArtistInbox, ConsultationInput, InboundContent, InboundMessage, LeadContext, MediaKind, Modes,
    OpenCheckout, OpenOffer,
};
pub use outbound::{
    ActionLink, AdminPage, Button, LinkAction, OutboundMessage, Param, Recipient, Text, Variant,
};
pub use pipeline::{decide, may_create_lead};
