//! Helpers shared by the job-queue, ledger and system-event tests: a queue over a fresh database, a
//! lead to point at, and direct reads of the rows the code under test writes.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use inkdesk_postgres::Database;
use inkdesk_postgres::jobs::{Jitter, JobId, JobQueue};
use inkdesk_postgres::schema::{artists, contacts, leads};
use inkdesk_test_support::TestDb;
use serde_json::Value;

/// Always picks the top of the jitter range, so retry delays are exact.
pub struct HighestJitter;

impl Jitter for HighestJitter {
    fn up_to(&self, max: u64) -> u64 {
        max
    }
}

pub fn database(db: &TestDb) -> Database {
    Database::connect_lazy(db.url(), 4).unwrap()
}

pub fn queue(db: &TestDb) -> JobQueue {
    JobQueue::new(database(db))
}

pub fn exact_queue(db: &TestDb) -> JobQueue {
    JobQueue::with_jitter(database(db), Arc::new(HighestJitter))
}

/// Creates the default artist, a contact and a lead; returns the lead.
pub async fn lead(conn: &mut AsyncPgConnection) -> LeadId {
    diesel::insert_into(artists::table)
        .values(artists::id.eq("default"))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .unwrap();
    let contact_id: i64 = diesel::insert_into(contacts::table)
        .values((
            contacts::artist_id.eq("default"),
            contacts::phone.eq(format!("4477009{}", test_number_suffix())),
        ))
        .returning(contacts::id)
        .get_result(conn)
        .await
        .unwrap();
    let id = diesel::insert_into(leads::table)
        .values((
            leads::artist_id.eq("default"),
            leads::contact_id.eq(contact_id),
            leads::status.eq("AWAITING_SLOT"),
        ))
        .returning(leads::id)
        .get_result(conn)
        .await
        .unwrap();
    LeadId(id)
}

fn test_number_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(10_000);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

#[derive(Debug, QueryableByName)]
pub struct JobRow {
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Timestamptz)]
    pub run_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub locked_by: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub lease_expires_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error_class: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub finished_at: Option<DateTime<Utc>>,
}

pub async fn job(conn: &mut AsyncPgConnection, id: JobId) -> JobRow {
    diesel::sql_query(
        "SELECT state, attempts, run_at, updated_at, locked_by, lease_expires_at, last_error::text,
                last_error_class, finished_at
         FROM jobs WHERE id = $1",
    )
    .bind::<BigInt, _>(id.0)
    .get_result(conn)
    .await
    .unwrap()
}

pub async fn job_count(conn: &mut AsyncPgConnection) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT count(*) AS n FROM jobs")
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

/// Brings a job's retry time forward to now (tests do not wait for backoff).
pub async fn make_due(conn: &mut AsyncPgConnection, id: JobId) {
    diesel::sql_query("UPDATE jobs SET run_at = now() WHERE id = $1")
        .bind::<BigInt, _>(id.0)
        .execute(conn)
        .await
        .unwrap();
}

/// Pretends the worker holding the job vanished a while ago.
pub async fn expire_lease(conn: &mut AsyncPgConnection, id: JobId) {
    diesel::sql_query(
        "UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1",
    )
    .bind::<BigInt, _>(id.0)
    .execute(conn)
    .await
    .unwrap();
}

#[derive(Debug, QueryableByName)]
pub struct EventRow {
    #[diesel(sql_type = Text)]
    pub level: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub lead_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub contact_id: Option<i64>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub payload: Option<Value>,
    #[diesel(sql_type = Nullable<Text>)]
    pub correlation_id: Option<String>,
}

pub async fn events(conn: &mut AsyncPgConnection, event_type: &str) -> Vec<EventRow> {
    diesel::sql_query(
        "SELECT level, lead_id, contact_id, payload, correlation_id
         FROM system_events WHERE event_type = $1 ORDER BY id",
    )
    .bind::<Text, _>(event_type)
    .load(conn)
    .await
    .unwrap()
}
