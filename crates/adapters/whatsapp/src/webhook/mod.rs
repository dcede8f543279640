//! Inbound webhook deliveries (integrations.md §2.6): the payload types, and the walk that turns one
//! delivery into the ordered events the webhook route processes.

mod content;
mod events;
mod payload;
mod reason;

pub use content::{Location, MediaRef, MessageContent};
pub use events::{DeliveryStatus, IgnoredItem, InboundEvent, InboundMessage, StatusUpdate, events};
pub use payload::{
    ButtonBody, Change, Contact, Entry, ErrorData, InteractiveBody, Lenient, LocationBody,
    MediaBody, Message, MessageContext, MessagesValue, Metadata, PlatformError, Profile,
    RawTimestamp, ReactionBody, ReplyBody, Status, SystemBody, TextBody, WebhookPayload,
};
pub use reason::MalformedReason;

use serde::Deserialize;
use serde_json::Value;

/// Why a delivery could not be read at all (the route answers 400). Carries no part of the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the webhook body is not valid JSON")]
    NotJson,
    #[error("the webhook body is not a JSON object")]
    NotObject,
    /// `object` or `entry` has the wrong JSON type.
    #[error("the webhook envelope does not have the documented shape")]
    Shape,
}

/// Parses the raw body (after its signature was verified).
pub fn parse_payload(raw_body: &[u8]) -> Result<WebhookPayload, WebhookError> {
    let value: Value = serde_json::from_slice(raw_body).map_err(|_| WebhookError::NotJson)?;
    if !value.is_object() {
        return Err(WebhookError::NotObject);
    }
    WebhookPayload::deserialize(&value).map_err(|_| WebhookError::Shape)
}

/// [`parse_payload`] then [`events`].
pub fn parse_events(raw_body: &[u8]) -> Result<Vec<InboundEvent>, WebhookError> {
    parse_payload(raw_body).map(|payload| events(&payload))
}
