//! Units of work between `begin` and `commit`/`rollback`: each is a pooled connection with its
//! transaction open, parked under its ticket.
//!
//! A caller that vanishes between the two (a cancelled request) would otherwise keep a contact
//! locked for ever. Postgres ends such a transaction after 30 s (the pooled session's
//! `idle_in_transaction_session_timeout`, see `Database`), and units parked longer than that are dropped here; a dropped connection that is
//! still inside a transaction is discarded by the pool, never reused.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use inkdesk_domain::ports::UnitOfWorkTicket;

use crate::DbConnection;

/// How long a unit of work may sit idle inside its transaction; a use case needs milliseconds.
pub(super) const UNIT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) struct OpenUnit {
    pub conn: DbConnection,
    /// The use case's clock at `begin`: every timestamp the unit writes.
    pub now: DateTime<Utc>,
    parked_at: Instant,
}

impl OpenUnit {
    pub fn new(conn: DbConnection, now: DateTime<Utc>) -> Self {
        Self {
            conn,
            now,
            parked_at: Instant::now(),
        }
    }
}

#[derive(Default)]
pub(super) struct OpenUnits {
    next: AtomicU64,
    parked: Mutex<HashMap<u64, OpenUnit>>,
}

impl OpenUnits {
    pub fn next_ticket(&self) -> UnitOfWorkTicket {
        UnitOfWorkTicket(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }

    pub fn park(&self, ticket: UnitOfWorkTicket, mut unit: OpenUnit) {
        unit.parked_at = Instant::now();
        self.lock().insert(ticket.0, unit);
    }

    pub fn take(&self, ticket: UnitOfWorkTicket) -> Option<OpenUnit> {
        self.lock().remove(&ticket.0)
    }

    /// Removes the units parked longer than the idle timeout; the caller drops them outside the
    /// lock.
    pub fn take_abandoned(&self) -> Vec<OpenUnit> {
        let mut parked = self.lock();
        let abandoned: Vec<u64> = parked
            .iter()
            .filter(|(_, unit)| unit.parked_at.elapsed() > UNIT_IDLE_TIMEOUT)
            .map(|(ticket, _)| *ticket)
            .collect();
        abandoned
            .into_iter()
            .filter_map(|ticket| parked.remove(&ticket))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, OpenUnit>> {
        // The map stays consistent even if a holder panicked: every operation is a single call.
        self.parked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
