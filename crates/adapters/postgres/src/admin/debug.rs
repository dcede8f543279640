//! `GET /admin/debug/lead/{id}`: the lead detail plus the raw trail behind it — messages, jobs,
//! offers, events, ledger rows and action tokens (http-api.md §5.17). Token hashes are never read.

use diesel_async::AsyncConnection;
use serde_json::Value;

use super::json_rows::json_rows;
use super::lead_detail::{LeadDetail, read_detail, read_only_snapshot};
use crate::{Database, DbError};

#[derive(Debug, Clone)]
pub struct LeadDebug {
    pub detail: LeadDetail,
    pub inbound_messages: Vec<Value>,
    pub outbound_messages: Vec<Value>,
    pub jobs: Vec<Value>,
    pub payments: Vec<Value>,
    pub holds: Vec<Value>,
    pub offers: Vec<Value>,
    pub status_history: Vec<Value>,
    pub system_events: Vec<Value>,
    pub processed_events: Vec<Value>,
    pub tokens: Vec<Value>,
}

const INBOUND_SQL: &str = "SELECT to_jsonb(m) AS row FROM inbound_messages m
    WHERE lead_id = $1 ORDER BY id DESC LIMIT 50";
const OUTBOUND_SQL: &str = "SELECT to_jsonb(m) AS row FROM outbound_messages m
    WHERE lead_id = $1 ORDER BY id DESC LIMIT 50";
const JOBS_SQL: &str = "SELECT to_jsonb(j) AS row FROM jobs j
    WHERE lead_id = $1 ORDER BY id DESC LIMIT 50";
const PAYMENTS_SQL: &str = "SELECT to_jsonb(p) AS row FROM payments p
    WHERE lead_id = $1 ORDER BY id";
const HOLDS_SQL: &str = "SELECT to_jsonb(h) AS row FROM (
        SELECT id, lead_id, slot_offer_id, state, lower(session_range) AS start,
               upper(session_range) AS end, lower(blocked_range) AS blocked_start,
               upper(blocked_range) AS blocked_end, expires_at, release_reason, calendar_event_id,
               calendar_event_state, created_at, confirmed_at, released_at
        FROM slot_holds WHERE lead_id = $1 ORDER BY id) h";
const OFFERS_SQL: &str = "SELECT to_jsonb(o) AS row FROM slot_offers o
    WHERE lead_id = $1 ORDER BY id DESC LIMIT 5";
const HISTORY_SQL: &str = "SELECT to_jsonb(h) AS row FROM status_history h
    WHERE lead_id = $1 ORDER BY created_at, id";
const EVENTS_SQL: &str = "SELECT to_jsonb(e) AS row FROM system_events e
    WHERE lead_id = $1 ORDER BY id DESC LIMIT 50";
/// The ledger is claimed before the message's lead is known, so the lead's messages are matched by
/// their provider ids too.
const PROCESSED_SQL: &str = "SELECT to_jsonb(p) AS row FROM processed_events p
    WHERE p.lead_id = $1
       OR (p.provider = 'whatsapp' AND p.event_id IN (
               SELECT provider_message_id FROM inbound_messages WHERE lead_id = $1))
    ORDER BY p.processed_at DESC LIMIT 20";
const TOKENS_SQL: &str = "SELECT to_jsonb(t) AS row FROM (
        SELECT id, action, required_status, created_at, expires_at, used_at, revoked_at
        FROM action_tokens WHERE lead_id = $1 ORDER BY id) t";

/// The debug view of lead `id`, or `None` when there is no such lead.
pub async fn lead_debug(db: &Database, id: i64) -> Result<Option<LeadDebug>, DbError> {
    let mut conn = db.connection().await?;
    conn.transaction::<_, DbError, _>(async |conn| {
        read_only_snapshot(conn).await?;
        let Some(detail) = read_detail(conn, id).await? else {
            return Ok(None);
        };
        Ok(Some(LeadDebug {
            detail,
            inbound_messages: json_rows(conn, INBOUND_SQL, id).await?,
            outbound_messages: json_rows(conn, OUTBOUND_SQL, id).await?,
            jobs: json_rows(conn, JOBS_SQL, id).await?,
            payments: json_rows(conn, PAYMENTS_SQL, id).await?,
            holds: json_rows(conn, HOLDS_SQL, id).await?,
            offers: json_rows(conn, OFFERS_SQL, id).await?,
            status_history: json_rows(conn, HISTORY_SQL, id).await?,
            system_events: json_rows(conn, EVENTS_SQL, id).await?,
            processed_events: json_rows(conn, PROCESSED_SQL, id).await?,
            tokens: json_rows(conn, TOKENS_SQL, id).await?,
        }))
    })
    .await
}
