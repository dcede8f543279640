//! # inkdesk-google
//!
//! The Google adapter: service-account authentication (yup-oauth2) shared by the Sheets lead log and
//! the Calendar free/busy and event calls.
//!
//! Depends on `inkdesk-domain`, reqwest and yup-oauth2 (rustls + ring). It must not depend on any
//! other adapter or on the server.
