//! Rows for the outbound gateway tests, written with plain SQL so the tests do not depend on the
//! code under test to set them up, and direct reads of what that code wrote.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use diesel::sql_types::{BigInt, Bool, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_postgres::outbound::OutboundId;
use serde_json::Value;

pub fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, day, hour, minute, 0).unwrap()
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// A contact of the default artist who last wrote at `last_inbound_at`.
pub async fn contact(
    conn: &mut AsyncPgConnection,
    phone: &str,
    last_inbound_at: Option<DateTime<Utc>>,
) -> ContactId {
    diesel::sql_query("INSERT INTO artists (id) VALUES ('default') ON CONFLICT DO NOTHING")
        .execute(conn)
        .await
        .unwrap();
    let row = diesel::sql_query(
        "INSERT INTO contacts (artist_id, phone, profile_name, last_inbound_at,
                               last_inbound_received_at)
         VALUES ('default', $1, 'Sam Rivers', $2, $2) RETURNING id",
    )
    .bind::<Text, _>(phone)
    .bind::<Nullable<Timestamptz>, _>(last_inbound_at)
    .get_result::<Id>(conn)
    .await
    .unwrap();
    ContactId(row.id)
}

pub async fn lead(conn: &mut AsyncPgConnection, contact: ContactId) -> LeadId {
    let row = diesel::sql_query(
        "INSERT INTO leads (artist_id, contact_id, status) VALUES ('default', $1, 'AWAITING_DEPOSIT')
         RETURNING id",
    )
    .bind::<BigInt, _>(contact.0)
    .get_result::<Id>(conn)
    .await
    .unwrap();
    LeadId(row.id)
}

pub async fn payment(conn: &mut AsyncPgConnection, lead: LeadId, status: &str) -> i64 {
    let row = diesel::sql_query(
        "INSERT INTO payments (artist_id, lead_id, amount_minor, currency, status, idempotency_key,
                               expires_at)
         VALUES ('default', $1, 15000, 'GBP', $2, 'key-' || gen_random_uuid(), now() + interval '1 day')
         RETURNING id",
    )
    .bind::<BigInt, _>(lead.0)
    .bind::<Text, _>(status)
    .get_result::<Id>(conn)
    .await
    .unwrap();
    row.id
}

/// An outbound row; defaults to a queued text to the client, written now.
#[derive(Debug, Clone)]
pub struct NewRow {
    pub contact: ContactId,
    pub lead: Option<LeadId>,
    pub kind: &'static str,
    pub recipient: &'static str,
    pub mode: &'static str,
    pub state: &'static str,
    pub template_name: Option<&'static str>,
    pub template_params: Option<Value>,
    pub refresh_on_flush: bool,
    pub payment_id: Option<i64>,
    pub stands_in_for: Option<OutboundId>,
    pub provider_message_id: Option<String>,
    pub error_code: Option<i32>,
    pub created_at: Option<DateTime<Utc>>,
}

impl NewRow {
    pub fn new(contact: ContactId, lead: Option<LeadId>, kind: &'static str) -> Self {
        Self {
            contact,
            lead,
            kind,
            recipient: if kind.starts_with("artist.") {
                "artist"
            } else {
                "client"
            },
            mode: "text",
            state: "queued",
            template_name: None,
            template_params: None,
            refresh_on_flush: false,
            payment_id: None,
            stands_in_for: None,
            provider_message_id: None,
            error_code: None,
            created_at: None,
        }
    }

    pub fn state(mut self, state: &'static str) -> Self {
        self.state = state;
        self
    }

    pub fn sent_as(mut self, provider_message_id: &str) -> Self {
        self.state = "sent";
        self.provider_message_id = Some(provider_message_id.to_owned());
        self
    }

    pub fn created(mut self, at: DateTime<Utc>) -> Self {
        self.created_at = Some(at);
        self
    }

    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> OutboundId {
        let row = diesel::sql_query(
            "INSERT INTO outbound_messages
                 (artist_id, contact_id, lead_id, kind, recipient_role, mode, body, template_name,
                  template_params, refresh_on_flush, payment_id, stands_in_for, state,
                  provider_message_id, error_code, created_at)
             VALUES ('default', $1, $2, $3, $4, $5, 'Hello Sam', $6, $7, $8, $9, $10, $11, $12, $13,
                     coalesce($14, now()))
             RETURNING id",
        )
        .bind::<BigInt, _>(self.contact.0)
        .bind::<Nullable<BigInt>, _>(self.lead.map(|lead| lead.0))
        .bind::<Text, _>(self.kind)
        .bind::<Text, _>(self.recipient)
        .bind::<Text, _>(self.mode)
        .bind::<Nullable<Text>, _>(self.template_name)
        .bind::<Nullable<Jsonb>, _>(self.template_params.clone())
        .bind::<Bool, _>(self.refresh_on_flush)
        .bind::<Nullable<BigInt>, _>(self.payment_id)
        .bind::<Nullable<BigInt>, _>(self.stands_in_for.map(|id| id.0))
        .bind::<Text, _>(self.state)
        .bind::<Nullable<Text>, _>(self.provider_message_id.as_deref())
        .bind::<Nullable<Int4>, _>(self.error_code)
        .bind::<Nullable<Timestamptz>, _>(self.created_at)
        .get_result::<Id>(conn)
        .await
        .unwrap();
        OutboundId(row.id)
    }
}

#[derive(Debug, diesel::QueryableByName)]
pub struct Stored {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub mode: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub template_name: Option<String>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub template_params: Option<Value>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub stands_in_for: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub provider_message_id: Option<String>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub error_code: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    pub error_title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub error_details: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub job_id: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub sent_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub delivered_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub read_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub failed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub deferred_at: Option<DateTime<Utc>>,
}

pub async fn stored(conn: &mut AsyncPgConnection, id: OutboundId) -> Stored {
    diesel::sql_query(
        "SELECT kind, mode, state, body, template_name, template_params, stands_in_for,
                provider_message_id, error_code, error_title, error_details::text, job_id, sent_at,
                delivered_at, read_at, failed_at, deferred_at
         FROM outbound_messages WHERE id = $1",
    )
    .bind::<BigInt, _>(id.0)
    .get_result(conn)
    .await
    .unwrap()
}

/// Ids of the contact's outbound rows that are not `id` itself, in id order.
pub async fn other_rows(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    id: OutboundId,
) -> Vec<OutboundId> {
    diesel::sql_query(
        "SELECT id FROM outbound_messages WHERE contact_id = $1 AND id <> $2 ORDER BY id",
    )
    .bind::<BigInt, _>(contact.0)
    .bind::<BigInt, _>(id.0)
    .load::<Id>(conn)
    .await
    .unwrap()
    .into_iter()
    .map(|row| OutboundId(row.id))
    .collect()
}

#[derive(Debug, diesel::QueryableByName)]
pub struct QueuedJob {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: Value,
    #[diesel(sql_type = Nullable<Text>)]
    pub ordering_key: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub lead_id: Option<i64>,
    #[diesel(sql_type = Timestamptz)]
    pub run_at: DateTime<Utc>,
}

pub async fn jobs(conn: &mut AsyncPgConnection) -> Vec<QueuedJob> {
    diesel::sql_query(
        "SELECT id, kind, payload, ordering_key, lead_id, run_at FROM jobs WHERE state = 'queued'
         ORDER BY id",
    )
    .load(conn)
    .await
    .unwrap()
}

#[derive(Debug, diesel::QueryableByName)]
pub struct Event {
    #[diesel(sql_type = Text)]
    pub event_type: String,
    #[diesel(sql_type = Text)]
    pub level: String,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub payload: Option<Value>,
}

pub async fn events(conn: &mut AsyncPgConnection) -> Vec<Event> {
    diesel::sql_query("SELECT event_type, level, payload FROM system_events ORDER BY id")
        .load(conn)
        .await
        .unwrap()
}

#[derive(diesel::QueryableByName)]
struct At {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
}

pub async fn last_bot_message_at(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Option<DateTime<Utc>> {
    diesel::sql_query("SELECT last_bot_message_at AS at FROM leads WHERE id = $1")
        .bind::<BigInt, _>(lead.0)
        .get_result::<At>(conn)
        .await
        .unwrap()
        .at
}

pub async fn undeliverable_at(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
) -> Option<DateTime<Utc>> {
    diesel::sql_query("SELECT undeliverable_at AS at FROM contacts WHERE id = $1")
        .bind::<BigInt, _>(contact.0)
        .get_result::<At>(conn)
        .await
        .unwrap()
        .at
}
