//! # inkdesk-domain
//!
//! The business core of inkdesk: the lead model and its one status machine, the consultation engine,
//! the parsers for free-text answers, estimation and pricing, calendar rules and slot generation, the
//! message catalogue, and the **port traits** (`ports`) that the use cases (`service`) are written
//! against.
//!
//! This crate decides; it never performs I/O. It must not depend on tokio, diesel, tokio-postgres,
//! reqwest, actix-web, async-stripe or yup-oauth2 (`cargo xtask ci` enforces this). Clocks, randomness
//! and storage reach it only through ports or plain arguments, so every rule is a deterministic,
//! unit-testable function.

pub mod booking;
pub mod consultation;
pub mod copy;
pub mod estimate;
pub mod jobs;
pub mod model;
pub mod outbound;
pub mod parse;
pub mod ports;
pub mod provider;
pub mod rules;
pub mod service;
pub mod slots;
pub mod status;
