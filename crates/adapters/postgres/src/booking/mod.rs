//! [`PgBooking`]: the booking use cases on Postgres (booking.md). Each public method is one
//! transaction: lock the lead, load the facts, let `inkdesk_domain::booking` decide, write the
//! booking rows and the lead's changes, commit. Outside calls (Stripe, Google) happen in jobs,
//! never inside these transactions.

mod action_links;
mod approve;
mod booking_link;
mod busy_holds;
mod calendar_events;
mod cancel;
mod checkout;
mod checkout_rows;
mod client_label;
mod delivery_alert;
mod expiry;
pub(crate) mod hold;
mod hold_rows;
mod mark_booked;
mod offer_list;
mod offers;
mod payment_rows;
mod payments;
mod reject;
mod resume;
mod send_deposit;
mod stripe_events;

pub use action_links::{ActionLinkView, LinkState, LinkUse};
pub use approve::Approved;
pub use calendar_events::{CalendarEventPlan, CalendarFailure};
pub use cancel::CancelReceipt;
pub use checkout::{CheckoutStep, CheckoutToCreate};
pub use offers::{OfferBasis, OfferOutcome};
pub(crate) use payments::insert_payment;
pub use send_deposit::DepositSent;
pub use stripe_events::StripeReceipt;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, TransactionManager};
use inkdesk_domain::booking::{BookingRefusal, LeadChanges};
use inkdesk_domain::consultation::LeadContext;
use inkdesk_domain::copy::{Catalogue, RenderError};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::parse::Places;
use inkdesk_domain::ports::PortError;
use inkdesk_domain::rules::StudioRules;
use inkdesk_domain::service::{LinkBuilder, render_message};

use crate::conversation::{PgStore, UnitError, UnitSetup as Setup, lock_lead, write_changes};
use crate::{Database, DbConnection};

/// Why a booking use case did not happen. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("lead {0} not found")]
    LeadNotFound(LeadId),
    /// The domain refused (status, input, slot taken).
    #[error(transparent)]
    Refused(#[from] BookingRefusal),
    #[error("could not render a message: {0}")]
    Render(#[from] RenderError),
    /// The database failed or a concurrent writer won; `PortError::is_retryable` tells which.
    #[error(transparent)]
    Port(#[from] PortError),
}

impl From<UnitError> for BookingError {
    fn from(error: UnitError) -> Self {
        Self::Port(error.into())
    }
}

impl From<diesel::result::Error> for BookingError {
    fn from(error: diesel::result::Error) -> Self {
        UnitError::from(error).into()
    }
}

/// Mints one action-link token (32 random bytes, base64url); only its hash is stored.
pub type TokenMinter = Arc<dyn Fn() -> Result<String, PortError> + Send + Sync>;

/// The booking use cases over a connection pool.
#[derive(Clone)]
pub struct PgBooking {
    db: Database,
    setup: Setup,
    rules: Arc<StudioRules>,
    places: Arc<Places>,
    catalogue: Arc<Catalogue>,
    links: LinkBuilder,
    mint_token: TokenMinter,
}

/// What the booking use cases are built from, besides the conversation store's facts.
pub struct BookingParts {
    pub db: Database,
    pub rules: Arc<StudioRules>,
    /// The city table the consultation handlers read (artist commands run them).
    pub places: Arc<Places>,
    pub catalogue: Arc<Catalogue>,
    pub links: LinkBuilder,
    pub mint_token: TokenMinter,
}

impl PgBooking {
    /// Shares the conversation store's deployment facts (artist, studio, spreadsheet).
    pub fn new(store: &PgStore, parts: BookingParts) -> Self {
        let BookingParts {
            db,
            rules,
            places,
            catalogue,
            links,
            mint_token,
        } = parts;
        Self {
            db,
            setup: store.setup().clone(),
            rules,
            places,
            catalogue,
            links,
            mint_token,
        }
    }

    /// Opens a transaction with the unit-of-work limits.
    pub(crate) async fn begin(&self) -> Result<DbConnection, BookingError> {
        let mut conn = self.db.connection().await.map_err(UnitError::from)?;
        // The lock timeout is the pooled session's own (`Database`).
        AnsiTransactionManager::begin_transaction(&mut *conn).await?;
        Ok(conn)
    }

    /// Commits on success, rolls back on any error (the error wins over a failed rollback).
    pub(crate) async fn finish<T>(
        conn: &mut DbConnection,
        result: Result<T, BookingError>,
    ) -> Result<T, BookingError> {
        match result {
            Ok(value) => {
                AnsiTransactionManager::commit_transaction(&mut **conn).await?;
                Ok(value)
            }
            Err(error) => {
                let _ = AnsiTransactionManager::rollback_transaction(&mut **conn).await;
                Err(error)
            }
        }
    }

    /// Locks the lead and loads its facts; a missing lead is `LeadNotFound`.
    pub(crate) async fn lock(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        now: DateTime<Utc>,
    ) -> Result<LeadContext, BookingError> {
        lock_lead(conn, &self.setup, lead_id, now)
            .await?
            .ok_or(BookingError::LeadNotFound(lead_id))
    }

    /// Renders the changes' messages (minting their action links) and writes everything.
    pub(crate) async fn write(
        &self,
        conn: &mut AsyncPgConnection,
        changes: &LeadChanges,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let mut messages = Vec::with_capacity(changes.outbound.len());
        let mut minted = Vec::new();
        for message in &changes.outbound {
            let secrets = message
                .action_links
                .iter()
                .map(|_| (self.mint_token)())
                .collect::<Result<Vec<String>, PortError>>()?;
            let (rendered, tokens) =
                render_message(&self.catalogue, &self.links, message, &secrets, now)?;
            messages.push(rendered);
            minted.extend(tokens);
        }
        write_changes(conn, &self.setup, changes, &messages, &minted, now).await?;
        Ok(())
    }

    pub(crate) fn setup(&self) -> &Setup {
        &self.setup
    }

    pub fn rules(&self) -> &StudioRules {
        &self.rules
    }

    pub(crate) fn places(&self) -> &Places {
        &self.places
    }

    pub(crate) fn db(&self) -> &Database {
        &self.db
    }
}
