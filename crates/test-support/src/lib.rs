//! # inkdesk-test-support
//!
//! Dev-only helpers shared by the integration tests of every inkdesk crate: a fresh Postgres database
//! per test, cloned from a template database that is migrated once, and (as they grow) the local fake
//! servers for the Graph API, Stripe and Google, and fixture loading.
//!
//! Only `[dev-dependencies]` may depend on this crate; nothing here may be reachable from a binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod database;
pub mod fake_google;
pub mod fake_stripe;
pub mod fake_whatsapp;
mod http_fake;
pub mod logs;
pub mod proxy;

pub use database::TestDb;

/// Installs the process-wide rustls provider (ring), as `main` does; safe to call repeatedly.
pub fn init_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
