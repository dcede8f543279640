//! # inkdesk-postgres
//!
//! The Postgres adapter: the diesel schema of every table, connection pooling, the embedded SQL
//! migrations from the workspace's top-level `migrations/`, the conversation store
//! ([`conversation::PgStore`], the domain's `Store` port), and (as the port implementations grow)
//! the repositories, the job queue/outbox ([`jobs`]), the idempotency ledger ([`ledger`]) and the
//! one writer of system events ([`system_events`]) behind `inkdesk_domain::ports`.
//!
//! It depends on the domain and on diesel/diesel-async with the pure-Rust `tokio-postgres` driver (no
//! libpq). It must not depend on any other adapter or on the server.

pub mod admin;
pub mod booking;
mod cached_sql;
pub mod conversation;
mod database;
mod error;
pub mod gauges;
pub mod jobs;
pub mod ledger;
mod migrations;
pub mod outbound;
pub mod schema;
pub mod sheet_log;
mod sweep_lock;
pub mod system_events;

pub use sweep_lock::SweepLock;

pub use database::{Database, DbConnection, DbPool, Readiness};
pub use error::DbError;
pub use jobs::{JobQueue, NewJob, enqueue};
pub use migrations::{
    MIGRATIONS, applied_migration_versions, embedded_migration_versions, revert_all_migrations,
    run_pending_migrations,
};
