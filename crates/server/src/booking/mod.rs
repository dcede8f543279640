//! Composition of the booking use cases: `PgBooking` over the same store facts, catalogue and
//! links as the inbound use case, with action tokens from the OS random source.

mod calendar_event;
pub mod calendar_job;
mod checkout_job;
pub mod google_calendar;
pub mod slots_job;
pub mod stripe_notice;

pub use checkout_job::CheckoutJobs;

use std::sync::Arc;

use inkdesk_postgres::Database;
use inkdesk_postgres::booking::{BookingParts, PgBooking};

use crate::config::Settings;
use crate::front_desk::{self, BuildError};
use crate::ports::random_token;

pub fn build(settings: &Settings, db: &Database) -> Result<PgBooking, BuildError> {
    let rules = &settings.studio_rules;
    let parts = BookingParts {
        db: db.clone(),
        rules: Arc::new(rules.clone()),
        places: Arc::new(front_desk::places(rules)),
        catalogue: Arc::new(front_desk::catalogue(rules)?),
        links: front_desk::links(settings),
        mint_token: Arc::new(random_token),
    };
    Ok(PgBooking::new(&front_desk::store(settings, db), parts))
}
