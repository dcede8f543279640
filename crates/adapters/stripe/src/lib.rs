//! # inkdesk-stripe
//!
//! The Stripe adapter: Checkout Session creation and expiry through the pinned async-stripe 1.0
//! crates, `Stripe-Signature` verification and the webhook event types inkdesk consumes. Stripe only
//! ever receives ids (lead, payment, hold), never personal data.
//!
//! Depends on `inkdesk-domain` and async-stripe (rustls + ring). It must not depend on any other
//! adapter or on the server.
