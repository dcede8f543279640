//! # inkdesk-google
//!
//! The Google adapter: service-account authentication (yup-oauth2) shared by the Sheets lead log and
//! the Calendar free/busy and event calls. Every call returns the domain's error classes
//! ([`inkdesk_domain::provider::ProviderError`]); idempotent replays come back as
//! [`inkdesk_domain::provider::Completion::AlreadyDone`].
//!
//! Depends on `inkdesk-domain`, reqwest and yup-oauth2 (rustls + ring). It must not depend on any
//! other adapter or on the server.

mod api;
pub mod auth;
pub mod calendar;
mod classify;
pub mod credentials;
mod encode;
pub mod sheets;

pub use api::{ClientError, Timeouts};
pub use auth::{AuthSetupError, BearerToken, CALENDAR_SCOPES, GoogleAuth, SHEETS_SCOPES};
pub use calendar::{
    AllDayEvent, ArtistCalendar, CalendarClient, CalendarConfig, EventId, EventIdError, NewEvent,
};
pub use credentials::{CredentialsError, ServiceAccountCredentials};
pub use sheets::{Cell, LeadRow, SheetsClient, SheetsConfig};
