//! [`PgStore`]: the domain's conversation `Store` on Postgres. One inbound message is one
//! transaction (data-and-ops.md §3, consultation.md §5): `begin` claims the message id, upserts and
//! locks the contact and locks the candidate leads; `commit` writes the whole decision and commits;
//! `rollback` gives everything back, the idempotency claim included, so the provider's retry runs.
//!
//! The transaction stays open on a pooled connection between the calls, parked under its ticket.

mod begin;
mod commit;
mod contacts;
mod effects;
mod error;
mod inbound_row;
mod lead_columns;
mod lead_context;
mod lead_mapping;
mod lead_unit;
mod leads;
mod open_units;
mod outbound;
mod studio;
mod tokens;

use chrono::{DateTime, Utc};
use diesel::sql_types::Text;
use diesel_async::pg::AsyncPgConnection;
use diesel_async::{AnsiTransactionManager, RunQueryDsl, TransactionManager};
use inkdesk_domain::consultation::InboundMessage;
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::model::{ArtistId, ContactId, LeadId, Phone};
use inkdesk_domain::ports::{Begun, PortError, Store, UnitOfWork, UnitOfWorkTicket};
use inkdesk_domain::service::LinkBuilder;
use serde_json::json;
use std::sync::Arc;
use tokio::sync::OnceCell;

pub(crate) use Setup as UnitSetup;
pub(crate) use contacts::lock_by_id as lock_contact;
pub(crate) use error::StoreError as UnitError;
pub(crate) use lead_unit::{lock_lead, write_changes};
pub use studio::StudioFacts;

use begin::Opened;
use error::StoreError;
use open_units::{OpenUnit, OpenUnits};

use crate::cached_sql::cached_sql;
use crate::system_events::{self, EventLevel, SystemEvent};
use crate::{Database, DbConnection};

/// What every unit of work needs to know about the deployment.
#[derive(Clone)]
pub(crate) struct Setup {
    pub(crate) artist: ArtistId,
    pub(crate) artist_phone: Option<Phone>,
    pub(crate) studio: StudioFacts,
    /// The `sheets:<id>` ordering key of Sheets jobs; `None` while the lead log is off, when no
    /// Sheets jobs are written at all.
    pub(crate) spreadsheet_id: Option<String>,
    /// Texts for messages decided inside the unit of work after the domain's decision (a paid
    /// lead's pick books at once and confirms); `None` in stores built without them.
    pub(crate) copy: Option<Arc<UnitCopy>>,
}

/// The catalogue and links a unit of work renders late-decided messages with.
pub struct UnitCopy {
    pub catalogue: Catalogue,
    pub links: LinkBuilder,
    pub artist_name: String,
}

/// Reserves the id of a lead about to be created, on its own connection: sequence values are not
/// transactional, so this never waits on a unit of work's locks.
pub async fn reserve_lead_id(db: &Database) -> Result<LeadId, PortError> {
    let mut conn = db.connection().await.map_err(StoreError::from)?;
    Ok(leads::reserve_id(&mut conn).await?)
}

/// The conversation store over a connection pool.
pub struct PgStore {
    db: Database,
    setup: Setup,
    units: OpenUnits,
    artist_row: OnceCell<()>,
}

impl PgStore {
    /// `artist_phone` is `ARTIST_WHATSAPP_NUMBER`: messages from it are the artist's own, and
    /// artist notifications are addressed to its contact (none are written without it). The
    /// `artists` row is created on first use.
    pub fn new(db: Database, artist_id: ArtistId, artist_phone: Option<Phone>) -> Self {
        let spreadsheet_id = artist_id.0.clone();
        Self {
            db,
            setup: Setup {
                artist: artist_id,
                artist_phone,
                studio: StudioFacts::default(),
                spreadsheet_id: Some(spreadsheet_id),
                copy: None,
            },
            units: OpenUnits::default(),
            artist_row: OnceCell::new(),
        }
    }

    /// The studio's currency and zones, from the studio rules (defaults: GBP, Europe/London).
    pub fn with_studio(mut self, studio: StudioFacts) -> Self {
        self.setup.studio = studio;
        self
    }

    /// `GOOGLE_SHEETS_SPREADSHEET_ID`, the ordering key of Sheets jobs (default: the artist id).
    pub fn with_spreadsheet_id(mut self, spreadsheet_id: impl Into<String>) -> Self {
        self.setup.spreadsheet_id = Some(spreadsheet_id.into());
        self
    }

    /// Sheets disabled or not configured: decisions' Sheets upserts are not queued.
    pub fn without_lead_log(mut self) -> Self {
        self.setup.spreadsheet_id = None;
        self
    }

    /// The texts for messages decided inside a unit of work (see [`UnitCopy`]).
    pub fn with_copy(mut self, copy: UnitCopy) -> Self {
        self.setup.copy = Some(Arc::new(copy));
        self
    }

    /// The deployment facts, shared with the booking use cases.
    pub(crate) fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Reserves the id of a lead about to be created (`IdGenerator::next_lead_id`); the insert
    /// uses it with `OVERRIDING SYSTEM VALUE`.
    pub async fn reserve_lead_id(&self) -> Result<LeadId, PortError> {
        reserve_lead_id(&self.db).await
    }

    async fn ensure_artist_row(&self) -> Result<(), StoreError> {
        self.artist_row
            .get_or_try_init(|| async {
                let mut conn = self.db.connection().await?;
                cached_sql("INSERT INTO artists (id) VALUES ($1) ON CONFLICT DO NOTHING")
                    .bind::<Text, _>(&self.setup.artist.0)
                    .execute(&mut *conn)
                    .await?;
                Ok::<_, StoreError>(())
            })
            .await
            .map(|_| ())
    }

    async fn open_transaction(&self) -> Result<DbConnection, StoreError> {
        // Units abandoned by vanished callers hold locks; dropping them ends their transactions.
        drop(self.units.take_abandoned());
        // The idle and lock timeouts are the pooled session's own (`Database`).
        let mut conn = self.db.connection().await?;
        AnsiTransactionManager::begin_transaction(&mut *conn).await?;
        Ok(conn)
    }

    async fn begin_unit(
        &self,
        inbound: InboundMessage,
        now: DateTime<Utc>,
    ) -> Result<Begun, StoreError> {
        self.ensure_artist_row().await?;
        let mut conn = self.open_transaction().await?;
        let ticket = self.units.next_ticket();
        match begin::open(&mut conn, &self.setup, ticket, &inbound, now).await {
            Ok(Opened::Duplicate) => {
                end(&mut conn).await;
                Ok(Begun::Duplicate)
            }
            Ok(Opened::Loaded(loaded)) => {
                self.units.park(ticket, OpenUnit::new(conn, now));
                Ok(Begun::Loaded(loaded))
            }
            Err(error) => {
                end(&mut conn).await;
                Err(error)
            }
        }
    }

    async fn commit_unit(&self, work: UnitOfWork) -> Result<(), StoreError> {
        let OpenUnit { mut conn, now, .. } = self
            .units
            .take(work.ticket)
            .ok_or(StoreError::NotOpen(work.ticket.0))?;
        match commit::write(&mut conn, &self.setup, &work, now).await {
            Ok(()) => {
                AnsiTransactionManager::commit_transaction(&mut *conn).await?;
                self.db.jobs_queued();
                Ok(())
            }
            Err(error) => {
                end(&mut conn).await;
                if let StoreError::LeadMoved { .. } = &error {
                    record_conflict(&mut conn, &error, work.decision.contact.id).await;
                }
                Err(error)
            }
        }
    }
}

/// Rolls back; a failure here means the connection is gone, and the pool discards it.
async fn end(conn: &mut AsyncPgConnection) {
    if let Err(error) = AnsiTransactionManager::rollback_transaction(conn).await {
        tracing::warn!(error = %error, "rollback of a conversation unit of work failed");
    }
}

/// WARN `atomic_update.conflict` (consultation.md §3.1), in its own transaction after the rollback.
async fn record_conflict(conn: &mut AsyncPgConnection, error: &StoreError, contact: ContactId) {
    let StoreError::LeadMoved {
        lead,
        expected,
        new_status,
    } = error
    else {
        return;
    };
    let actual = leads::current_status(conn, *lead).await.ok().flatten();
    let event = SystemEvent {
        level: EventLevel::Warn,
        event_type: "atomic_update.conflict".to_owned(),
        lead_id: Some(*lead),
        contact_id: Some(contact),
        payload: json!({
            "operation": "inbound_message",
            "expected_status": expected.as_str(),
            "actual_status": actual,
            "new_status": new_status.as_str(),
        }),
        correlation_id: None,
    };
    if let Err(error) = system_events::record(conn, &event).await {
        tracing::warn!(lead_id = lead.0, error = %error, "could not record atomic_update.conflict");
    }
}

fn logged(operation: &'static str, error: StoreError) -> PortError {
    tracing::warn!(operation, error = %error, "conversation store failed");
    error.into()
}

impl Store for PgStore {
    async fn begin(&self, inbound: InboundMessage, now: DateTime<Utc>) -> Result<Begun, PortError> {
        self.begin_unit(inbound, now)
            .await
            .map_err(|error| logged("begin", error))
    }

    async fn commit(&self, work: UnitOfWork) -> Result<(), PortError> {
        self.commit_unit(work)
            .await
            .map_err(|error| logged("commit", error))
    }

    async fn rollback(&self, ticket: UnitOfWorkTicket) -> Result<(), PortError> {
        // An unknown ticket has already ended (committed, rolled back or dropped as abandoned).
        if let Some(OpenUnit { mut conn, .. }) = self.units.take(ticket) {
            AnsiTransactionManager::rollback_transaction(&mut *conn)
                .await
                .map_err(|error| logged("rollback", error.into()))?;
        }
        Ok(())
    }
}
