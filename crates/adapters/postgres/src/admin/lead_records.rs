//! The records around a lead as the detail page lists them: answers, history, payments, holds, the
//! open offer, attachments and outbound messages with their delivery state.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use serde_json::Value;

use crate::DbError;

#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct AnswerRow {
    #[diesel(sql_type = Text)]
    pub question_key: String,
    #[diesel(sql_type = Text)]
    pub value_text: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct HistoryRow {
    #[serde(rename = "from")]
    #[diesel(sql_type = Nullable<Text>)]
    pub from_status: Option<String>,
    #[serde(rename = "to")]
    #[diesel(sql_type = Text)]
    pub to_status: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub reason_code: Option<String>,
    #[diesel(sql_type = Text)]
    pub actor: String,
    #[serde(rename = "at")]
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct PaymentRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub amount_minor: i64,
    #[diesel(sql_type = Text)]
    pub currency: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub checkout_url: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub checkout_session_id: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub expires_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub amount_received_minor: Option<i64>,
    #[diesel(sql_type = BigInt)]
    pub amount_refunded_minor: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub hold_id: Option<i64>,
    #[diesel(sql_type = Bool)]
    pub requires_review: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub review_reason: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub paid_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub expired_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub refunded_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct HoldRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Timestamptz)]
    pub start: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub end: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub expires_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub release_reason: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub calendar_event_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub calendar_event_state: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub confirmed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub released_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct OfferRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Jsonb)]
    pub slots: Value,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub duration_minutes: Option<i16>,
    #[diesel(sql_type = Text)]
    pub source: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct AttachmentRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub mime_type: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub size_bytes: Option<i32>,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub caption: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// An outbound message with its delivery state (`queued < sent < delivered < read`, or `failed`, …).
#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct OutboundRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub recipient_role: String,
    #[diesel(sql_type = Text)]
    pub mode: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub template_name: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub error_code: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    pub error_title: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub sent_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub delivered_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub read_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub failed_at: Option<DateTime<Utc>>,
}

pub(super) async fn lead_rows<T>(
    conn: &mut AsyncPgConnection,
    sql: &str,
    id: i64,
) -> Result<Vec<T>, DbError>
where
    T: diesel::QueryableByName<diesel::pg::Pg> + Send + 'static,
{
    Ok(diesel::sql_query(sql)
        .bind::<BigInt, _>(id)
        .load::<T>(conn)
        .await?)
}

/// Every accepted answer, oldest first; the latest per key wins where one value is shown.
pub(super) const ANSWERS_SQL: &str = "SELECT question_key, value_text, created_at FROM answers
    WHERE lead_id = $1 ORDER BY created_at, id";

pub(super) const HISTORY_SQL: &str = "SELECT from_status, to_status, reason_code, actor, created_at
    FROM status_history WHERE lead_id = $1 ORDER BY created_at, id";

pub(super) const PAYMENTS_SQL: &str =
    "SELECT id, amount_minor, currency::text AS currency, status, checkout_url,
        stripe_checkout_session_id AS checkout_session_id, expires_at, amount_received_minor,
        amount_refunded_minor, hold_id, requires_review, review_reason, paid_at, expired_at,
        refunded_at, created_at
    FROM payments WHERE lead_id = $1 ORDER BY created_at, id";

pub(super) const HOLDS_SQL: &str = "SELECT id, state, lower(session_range) AS start, upper(session_range) AS end,
        expires_at, release_reason, calendar_event_id, calendar_event_state, created_at, confirmed_at,
        released_at
    FROM slot_holds WHERE lead_id = $1 ORDER BY created_at, id";

pub(super) const OPEN_OFFER_SQL: &str =
    "SELECT id, slots, duration_minutes, source, state, created_at
    FROM slot_offers WHERE lead_id = $1 AND state = 'open'";

pub(super) const ATTACHMENTS_SQL: &str =
    "SELECT id, kind, mime_type, size_bytes, state, caption, created_at
    FROM attachments WHERE lead_id = $1 ORDER BY created_at, id";

pub(super) const OUTBOUND_SQL: &str =
    "SELECT id, kind, recipient_role, mode, state, body, template_name,
        error_code, error_title, created_at, sent_at, delivered_at, read_at, failed_at
    FROM outbound_messages WHERE lead_id = $1 ORDER BY created_at, id";
