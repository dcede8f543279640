//! The consultation engine as a pure decision: [`decide`] takes one inbound message with
//! everything it needs (contact, resolved lead, answers, studio rules, modes, `now`) and returns
//! the [`Decision`] the store applies in the message's one transaction (consultation.md §4–§22).

mod decision;
mod input;
mod outbound;

pub use decision::{
    Decision, Disposition, Effect, EventLevel, JobKind, JobRequest, OfferCause, RetryPolicy,
    Silence, SystemEvent,
};
pub use input::{
    ArtistInbox, ConsultationInput, InboundContent, InboundMessage, LeadContext, MediaKind, Modes,
    OpenCheckout, OpenOffer,
};
pub use outbound::{
    ActionLink, Button, LinkAction, OutboundMessage, Param, Recipient, Text, Variant,
};
