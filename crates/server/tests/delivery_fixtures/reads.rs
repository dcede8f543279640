//! What the code under test wrote, read back with plain SQL.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_postgres::jobs::JobId;
use inkdesk_postgres::outbound::OutboundId;
use serde_json::Value;

#[derive(Debug, diesel::QueryableByName)]
pub struct StoredMessage {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub mode: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub provider_message_id: Option<String>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub error_code: Option<i32>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub stands_in_for: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub sent_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub failed_at: Option<DateTime<Utc>>,
}

const MESSAGE_COLUMNS: &str =
    "id, kind, mode, state, provider_message_id, error_code, template_name,
                               template_params, stands_in_for, sent_at, failed_at";

pub async fn message(conn: &mut AsyncPgConnection, id: OutboundId) -> StoredMessage {
    diesel::sql_query(format!(
        "SELECT {MESSAGE_COLUMNS} FROM outbound_messages WHERE id = $1"
    ))
    .bind::<BigInt, _>(id.0)
    .get_result(conn)
    .await
    .unwrap()
}

/// The contact's rows in id order.
pub async fn messages(conn: &mut AsyncPgConnection, contact: ContactId) -> Vec<StoredMessage> {
    diesel::sql_query(format!(
        "SELECT {MESSAGE_COLUMNS} FROM outbound_messages WHERE contact_id = $1 ORDER BY id"
    ))
    .bind::<BigInt, _>(contact.0)
    .load(conn)
    .await
    .unwrap()
}

#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct StoredJob {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error_class: Option<String>,
    /// Seconds from now until `run_at` (negative when due).
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub due_in_seconds: f64,
}

const JOB_COLUMNS: &str = "id, kind, state, attempts, last_error_class,
                           extract(epoch FROM run_at - now())::float8 AS due_in_seconds";

pub async fn stored_job(conn: &mut AsyncPgConnection, id: JobId) -> StoredJob {
    diesel::sql_query(format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"))
        .bind::<BigInt, _>(id.0)
        .get_result(conn)
        .await
        .unwrap()
}

pub async fn all_jobs(conn: &mut AsyncPgConnection) -> Vec<StoredJob> {
    diesel::sql_query(format!("SELECT {JOB_COLUMNS} FROM jobs ORDER BY id"))
        .load(conn)
        .await
        .unwrap()
}

#[derive(Debug, diesel::QueryableByName)]
pub struct StoredEvent {
    #[diesel(sql_type = Text)]
    pub level: String,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub payload: Option<Value>,
}

pub async fn events(conn: &mut AsyncPgConnection) -> Vec<StoredEvent> {
    diesel::sql_query("SELECT level, event_type, payload FROM system_events ORDER BY id")
        .load(conn)
        .await
        .unwrap()
}

#[derive(diesel::QueryableByName)]
struct When {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
}

/// `select` is a query of one nullable timestamp named `at`, with the id as `$1`.
async fn timestamp(conn: &mut AsyncPgConnection, select: &str, id: i64) -> Option<DateTime<Utc>> {
    let row: When = diesel::sql_query(select)
        .bind::<BigInt, _>(id)
        .get_result(conn)
        .await
        .unwrap();
    row.at
}

pub async fn undeliverable_at(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
) -> Option<DateTime<Utc>> {
    let select = "SELECT undeliverable_at AS at FROM contacts WHERE id = $1";
    timestamp(conn, select, contact.0).await
}

pub async fn last_bot_message_at(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Option<DateTime<Utc>> {
    let select = "SELECT last_bot_message_at AS at FROM leads WHERE id = $1";
    timestamp(conn, select, lead.0).await
}

/// Runs `sql` on the test connection.
pub async fn execute(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).await.unwrap();
}
