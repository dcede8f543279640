//! Webhook events (integrations.md §3.4): the envelope (`id`, `type`, `created`, `livemode`,
//! `data.object`) and a typed [`StripeEvent`] for the types booking.md handles. Parsed with serde_json
//! straight from the verified raw body; async-stripe's webhook crate would drag in every event type of
//! the API for six of them.
//!
//! Errors never quote the body: a serde message can contain field values, and these errors are
//! logged.

mod objects;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use objects::{
    ChargeObject, CheckoutSessionObject, DisputeObject, PaymentStatus, SessionMode, SessionStatus,
    positive_id,
};

pub const CHECKOUT_COMPLETED: &str = "checkout.session.completed";
pub const ASYNC_PAYMENT_SUCCEEDED: &str = "checkout.session.async_payment_succeeded";
pub const ASYNC_PAYMENT_FAILED: &str = "checkout.session.async_payment_failed";
pub const CHECKOUT_EXPIRED: &str = "checkout.session.expired";
pub const CHARGE_REFUNDED: &str = "charge.refunded";
pub const DISPUTE_CREATED: &str = "charge.dispute.created";

/// One webhook delivery, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// `evt_…`: the key of the processed-events ledger.
    pub id: String,
    /// Unix seconds, when present.
    pub created: Option<i64>,
    /// Absent counts as test mode (the livemode check then fails closed for a live key).
    pub livemode: bool,
    pub event: StripeEvent,
}

impl WebhookEvent {
    /// The event's `type`, as Stripe sent it.
    pub fn event_type(&self) -> &str {
        self.event.event_type()
    }
}

/// The event types inkdesk handles, each with its typed `data.object`; any other type is `Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StripeEvent {
    CheckoutCompleted(CheckoutSessionObject),
    AsyncPaymentSucceeded(CheckoutSessionObject),
    AsyncPaymentFailed(CheckoutSessionObject),
    CheckoutExpired(CheckoutSessionObject),
    ChargeRefunded(ChargeObject),
    DisputeCreated(DisputeObject),
    /// Not handled: answered 200 `ignored` without a ledger row.
    Other {
        event_type: String,
    },
}

impl StripeEvent {
    pub fn event_type(&self) -> &str {
        match self {
            Self::CheckoutCompleted(_) => CHECKOUT_COMPLETED,
            Self::AsyncPaymentSucceeded(_) => ASYNC_PAYMENT_SUCCEEDED,
            Self::AsyncPaymentFailed(_) => ASYNC_PAYMENT_FAILED,
            Self::CheckoutExpired(_) => CHECKOUT_EXPIRED,
            Self::ChargeRefunded(_) => CHARGE_REFUNDED,
            Self::DisputeCreated(_) => DISPUTE_CREATED,
            Self::Other { event_type } => event_type,
        }
    }

    /// The Checkout Session of a `checkout.session.*` event.
    pub fn checkout_session(&self) -> Option<&CheckoutSessionObject> {
        match self {
            Self::CheckoutCompleted(s)
            | Self::AsyncPaymentSucceeded(s)
            | Self::AsyncPaymentFailed(s)
            | Self::CheckoutExpired(s) => Some(s),
            _ => None,
        }
    }
}

/// Why a body is not a usable event. `NotJson` is http-api.md §3.3's "Invalid JSON payload"; every
/// other variant is its "Malformed event".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("the webhook body is not JSON")]
    NotJson,
    #[error("the event has no `id` string")]
    MissingId,
    #[error("the event has no `type` string")]
    MissingType,
    #[error("the event has no `data.object` object")]
    MissingObject,
    /// `data.object` is not the object the type promises, or lacks a field inkdesk needs.
    #[error("`data.object` of a {event_type} event is not a valid {expected}")]
    InvalidObject {
        event_type: &'static str,
        expected: &'static str,
    },
}

impl EventError {
    /// Whether the body was JSON at all (the two cases answer different error texts).
    pub fn is_json(&self) -> bool {
        !matches!(self, Self::NotJson)
    }
}

/// Parses a verified webhook body. Only call this after [`crate::verify_stripe_signature`] accepted
/// the same bytes.
pub fn parse_webhook_event(raw_body: &[u8]) -> Result<WebhookEvent, EventError> {
    // serde_json caps nesting depth, so a hostile body cannot exhaust the stack.
    let mut envelope: Value = serde_json::from_slice(raw_body).map_err(|_| EventError::NotJson)?;
    let id = non_empty_str(&envelope, "id").ok_or(EventError::MissingId)?;
    let event_type = non_empty_str(&envelope, "type").ok_or(EventError::MissingType)?;
    let created = envelope.get("created").and_then(Value::as_i64);
    let livemode = envelope
        .get("livemode")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let object = envelope
        .get_mut("data")
        .and_then(|data| data.get_mut("object"))
        .filter(|object| object.is_object())
        .map(Value::take)
        .ok_or(EventError::MissingObject)?;
    let event = match event_type.as_str() {
        CHECKOUT_COMPLETED => StripeEvent::CheckoutCompleted(session(CHECKOUT_COMPLETED, object)?),
        ASYNC_PAYMENT_SUCCEEDED => {
            StripeEvent::AsyncPaymentSucceeded(session(ASYNC_PAYMENT_SUCCEEDED, object)?)
        }
        ASYNC_PAYMENT_FAILED => {
            StripeEvent::AsyncPaymentFailed(session(ASYNC_PAYMENT_FAILED, object)?)
        }
        CHECKOUT_EXPIRED => StripeEvent::CheckoutExpired(session(CHECKOUT_EXPIRED, object)?),
        CHARGE_REFUNDED => StripeEvent::ChargeRefunded(typed(CHARGE_REFUNDED, "charge", object)?),
        DISPUTE_CREATED => StripeEvent::DisputeCreated(typed(DISPUTE_CREATED, "dispute", object)?),
        _ => StripeEvent::Other { event_type },
    };
    Ok(WebhookEvent {
        id,
        created,
        livemode,
        event,
    })
}

fn session(event_type: &'static str, object: Value) -> Result<CheckoutSessionObject, EventError> {
    typed(event_type, "checkout.session", object)
}

/// Deserialises `object`, refusing one whose own `object` field names another kind (a charge inside a
/// `checkout.session.completed` would otherwise parse if it happened to carry the same field names).
fn typed<T: DeserializeOwned>(
    event_type: &'static str,
    expected: &'static str,
    object: Value,
) -> Result<T, EventError> {
    let invalid = EventError::InvalidObject {
        event_type,
        expected,
    };
    let wrong_kind = object
        .get("object")
        .is_some_and(|kind| kind.as_str() != Some(expected));
    // Every object inkdesk reads is found by its id (or its payment intent's), so an empty one is
    // as useless as a missing one.
    let no_id = object
        .get("id")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty);
    if wrong_kind || no_id {
        return Err(invalid);
    }
    let parsed: T = serde_json::from_value(object).map_err(|_| invalid.clone())?;
    Ok(parsed)
}

fn non_empty_str(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
