//! # inkdesk-stripe
//!
//! The Stripe adapter: Checkout Session creation and expiry, `Stripe-Signature` verification and the
//! webhook event types inkdesk consumes. Stripe only ever receives ids (lead, payment, hold), never
//! personal data.
//!
//! Depends on `inkdesk-domain` and the pinned async-stripe 1.0 crates. It must not depend on any other
//! adapter or on the server.

pub mod client;
pub mod events;
pub mod signature;

pub use client::{
    CheckoutParams, ClientError, StripeClient, StripeConfig, Timeouts, api_version,
    checkout_idempotency_key, expire_idempotency_key,
};
pub use events::{EventError, StripeEvent, WebhookEvent, parse_webhook_event};
pub use signature::{DEFAULT_TOLERANCE_SECS, StripeSignatureError, sign, verify_stripe_signature};
