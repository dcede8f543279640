//! Contacts for the GDPR routes (http-api.md §5.18): finding one by number, and everything inkdesk
//! holds about one, as JSON.

use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text};
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::Value;

use super::json_rows::json_rows;
use super::lead_detail::read_only_snapshot;
use crate::{Database, DbError};

#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct ContactMatch {
    #[diesel(sql_type = BigInt)]
    pub contact_id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub profile_name: Option<String>,
    #[diesel(sql_type = Bool)]
    pub opted_out: bool,
    #[diesel(sql_type = Array<BigInt>)]
    pub lead_ids: Vec<i64>,
}

/// The contacts with exactly this number (one per artist).
pub async fn search_contacts(db: &Database, phone: &str) -> Result<Vec<ContactMatch>, DbError> {
    let mut conn = db.connection().await?;
    Ok(diesel::sql_query(
        "SELECT c.id AS contact_id, c.phone, c.profile_name, c.opted_out,
                coalesce(array_agg(l.id ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}')
                    AS lead_ids
         FROM contacts c LEFT JOIN leads l ON l.contact_id = c.id
         WHERE c.phone = $1
         GROUP BY c.id ORDER BY c.id",
    )
    .bind::<Text, _>(phone)
    .load::<ContactMatch>(&mut conn)
    .await?)
}

/// Everything held about one contact (attachment bytes excepted: they are listed with a download
/// path). Messages about the contact's leads sent to the artist are included; token hashes are not.
#[derive(Debug, Clone)]
pub struct ContactExport {
    pub contact: Value,
    pub lead_ids: Vec<i64>,
    pub leads: Vec<Value>,
    pub answers: Vec<Value>,
    pub inbound_messages: Vec<Value>,
    pub outbound_messages: Vec<Value>,
    pub status_history: Vec<Value>,
    pub payments: Vec<Value>,
    pub holds: Vec<Value>,
    pub attachments: Vec<Value>,
    pub system_events: Vec<Value>,
}

const CONTACT_SQL: &str = "SELECT to_jsonb(c) AS row FROM contacts c WHERE id = $1";
const LEADS_SQL: &str = "SELECT to_jsonb(l) AS row FROM leads l WHERE contact_id = $1 ORDER BY id";
const ANSWERS_SQL: &str = "SELECT to_jsonb(a) AS row FROM answers a
    WHERE a.lead_id IN (SELECT id FROM leads WHERE contact_id = $1) ORDER BY a.id";
const INBOUND_SQL: &str = "SELECT to_jsonb(m) AS row FROM inbound_messages m
    WHERE m.contact_id = $1 OR m.lead_id IN (SELECT id FROM leads WHERE contact_id = $1)
    ORDER BY m.id";
const OUTBOUND_SQL: &str = "SELECT to_jsonb(m) AS row FROM outbound_messages m
    WHERE m.contact_id = $1 OR m.lead_id IN (SELECT id FROM leads WHERE contact_id = $1)
    ORDER BY m.id";
const HISTORY_SQL: &str = "SELECT to_jsonb(h) AS row FROM status_history h
    WHERE h.lead_id IN (SELECT id FROM leads WHERE contact_id = $1) ORDER BY h.id";
const PAYMENTS_SQL: &str = "SELECT to_jsonb(p) AS row FROM payments p
    WHERE p.lead_id IN (SELECT id FROM leads WHERE contact_id = $1) ORDER BY p.id";
const HOLDS_SQL: &str = "SELECT to_jsonb(h) AS row FROM (
        SELECT id, lead_id, slot_offer_id, state, lower(session_range) AS start,
               upper(session_range) AS end, expires_at, release_reason, calendar_event_id,
               calendar_event_state, created_at, confirmed_at, released_at
        FROM slot_holds WHERE lead_id IN (SELECT id FROM leads WHERE contact_id = $1)
        ORDER BY id) h";
const ATTACHMENTS_SQL: &str = "SELECT (to_jsonb(a) - 'content')
        || jsonb_build_object('download_path',
                              '/admin/leads/' || a.lead_id || '/attachments/' || a.id) AS row
    FROM attachments a
    WHERE a.lead_id IN (SELECT id FROM leads WHERE contact_id = $1) ORDER BY a.id";
const EVENTS_SQL: &str = "SELECT to_jsonb(e) AS row FROM system_events e
    WHERE e.contact_id = $1 OR e.lead_id IN (SELECT id FROM leads WHERE contact_id = $1)
    ORDER BY e.id";

/// The export of contact `contact_id`, or `None` when there is no such contact.
pub async fn export_contact(
    db: &Database,
    contact_id: i64,
) -> Result<Option<ContactExport>, DbError> {
    let mut conn = db.connection().await?;
    conn.transaction::<_, DbError, _>(async |conn| {
        read_only_snapshot(conn).await?;
        let Some(contact) = json_rows(conn, CONTACT_SQL, contact_id).await?.pop() else {
            return Ok(None);
        };
        let leads = json_rows(conn, LEADS_SQL, contact_id).await?;
        let lead_ids = leads
            .iter()
            .filter_map(|lead| lead.get("id").and_then(Value::as_i64))
            .collect();
        Ok(Some(ContactExport {
            contact,
            lead_ids,
            leads,
            answers: json_rows(conn, ANSWERS_SQL, contact_id).await?,
            inbound_messages: json_rows(conn, INBOUND_SQL, contact_id).await?,
            outbound_messages: json_rows(conn, OUTBOUND_SQL, contact_id).await?,
            status_history: json_rows(conn, HISTORY_SQL, contact_id).await?,
            payments: json_rows(conn, PAYMENTS_SQL, contact_id).await?,
            holds: json_rows(conn, HOLDS_SQL, contact_id).await?,
            attachments: json_rows(conn, ATTACHMENTS_SQL, contact_id).await?,
            system_events: json_rows(conn, EVENTS_SQL, contact_id).await?,
        }))
    })
    .await
}
