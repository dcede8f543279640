//! The one writer of `system_events` (data-and-ops.md §8.2): it stamps the correlation id on the
//! column and the payload, and refuses payload keys that could carry personal data, so the admin event
//! pages and exports stay free of numbers, names and message texts.

use diesel::sql_types::{BigInt, Jsonb, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{ContactId, LeadId};
use serde_json::{Map, Value};

use crate::DbError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventLevel {
    Info,
    Warn,
    Error,
}

impl EventLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "INFO",
            Self::Warn => "WARN",
            Self::Error => "ERROR",
        }
    }
}

/// An operational event. `payload` is a JSON object of ids, codes, counts and masked values only.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemEvent {
    pub level: EventLevel,
    pub event_type: String,
    pub lead_id: Option<LeadId>,
    pub contact_id: Option<ContactId>,
    pub payload: Value,
    pub correlation_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SystemEventId(pub i64);

#[derive(Debug, thiserror::Error)]
pub enum SystemEventError {
    #[error("system event payload key `{key}` could carry personal data")]
    PersonalData { key: String },
    #[error("system event payload must be a JSON object")]
    NotAnObject,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for SystemEventError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Db(error.into())
    }
}

/// For callers whose transaction speaks `DbError`: a refused payload is a payload that could not be
/// serialised for storage.
impl From<SystemEventError> for DbError {
    fn from(error: SystemEventError) -> Self {
        match error {
            SystemEventError::Db(db) => db,
            refused => DbError::Query(diesel::result::Error::SerializationError(Box::new(refused))),
        }
    }
}

/// Keys refused anywhere in a payload. Masked forms (`phone_masked`, `ip_masked`) and provider ids
/// (`phone_number_id`, `template_name`) are allowed, so matching is on whole keys and suffixes.
const PERSONAL_KEYS: &[&str] = &[
    "phone",
    "phone_number",
    "msisdn",
    "wa_id",
    "number",
    "recipient",
    "body",
    "text",
    "caption",
    "name",
    "profile_name",
    "display_name",
    "full_name",
    "first_name",
    "last_name",
    "client_name",
    "contact_name",
    "customer_name",
    "email",
    "instagram",
    "instagram_handle",
    "handle",
    "address",
    "ip",
    "ip_address",
    "note",
    "notes",
    "admin_notes",
    "summary",
    "summary_text",
    "answer",
    "answers",
    "value_text",
    "token",
    "password",
    "secret",
    "authorization",
    "api_key",
];

const PERSONAL_SUFFIXES: &[&str] = &[
    "_phone",
    "_email",
    "_body",
    "_text",
    "_instagram",
    "_address",
    "_token",
    "_secret",
    "_password",
];

/// The first key in `payload` (at any depth) that could carry personal data.
pub fn personal_data_key(payload: &Value) -> Option<String> {
    match payload {
        Value::Object(fields) => fields.iter().find_map(|(key, value)| {
            let normalised = key.to_ascii_lowercase().replace('-', "_");
            let personal = PERSONAL_KEYS.contains(&normalised.as_str())
                || PERSONAL_SUFFIXES
                    .iter()
                    .any(|suffix| normalised.ends_with(suffix));
            if personal {
                Some(key.clone())
            } else {
                personal_data_key(value)
            }
        }),
        Value::Array(items) => items.iter().find_map(personal_data_key),
        _ => None,
    }
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Writes `event` on `conn`, inside the transaction of the change it describes (or a transaction of
/// its own for a failure written after a rollback).
///
/// The `lead_id` column is a link for the admin pages; an id whose lead row does not exist is stored
/// as null (the payload keeps what the caller put there) rather than failing the caller's transaction.
pub async fn record(
    conn: &mut AsyncPgConnection,
    event: &SystemEvent,
) -> Result<SystemEventId, SystemEventError> {
    let mut fields = match &event.payload {
        Value::Object(fields) => fields.clone(),
        Value::Null => Map::new(),
        _ => return Err(SystemEventError::NotAnObject),
    };
    if let Some(key) = personal_data_key(&event.payload) {
        return Err(SystemEventError::PersonalData { key });
    }
    if let Some(correlation_id) = &event.correlation_id {
        fields.insert(
            "correlation_id".to_owned(),
            Value::String(correlation_id.clone()),
        );
    }
    let inserted = diesel::sql_query(
        "INSERT INTO system_events (level, event_type, lead_id, contact_id, payload, correlation_id)
         VALUES ($1, $2, (SELECT id FROM leads WHERE id = $3), $4, $5, $6)
         RETURNING id",
    )
    .bind::<Text, _>(event.level.as_str())
    .bind::<Text, _>(&event.event_type)
    .bind::<Nullable<BigInt>, _>(event.lead_id.map(|lead| lead.0))
    .bind::<Nullable<BigInt>, _>(event.contact_id.map(|contact| contact.0))
    .bind::<Jsonb, _>(Value::Object(fields))
    .bind::<Nullable<Text>, _>(event.correlation_id.as_deref())
    .get_result::<Inserted>(conn)
    .await?;
    Ok(SystemEventId(inserted.id))
}

/// Records a failure event on its own connection, after the transaction it describes rolled back
/// (data-and-ops.md §3: failure events use their own transaction).
pub async fn record_alone(
    db: &crate::Database,
    event: &SystemEvent,
) -> Result<SystemEventId, SystemEventError> {
    let mut conn = db.connection().await?;
    record(&mut conn, event).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_payload_key_of_the_specification_is_allowed() {
        let keys = [
            "has_signature_header",
            "message_id",
            "error",
            "reason",
            "phone_number_id",
            "type",
            "code",
            "title",
            "outbound_message_id",
            "kind",
            "lead_id",
            "template_name",
            "contact_id",
            "phone_masked",
            "enabled",
            "reason_code",
            "return_status",
            "operation",
            "expected_status",
            "actual_status",
            "new_status",
            "chosen_index",
            "matched_by",
            "duration_minutes",
            "category",
            "selected_slot_index",
            "selected_slot_start",
            "selected_slot_end",
            "slot_start",
            "hold_id",
            "event_id",
            "payment_id",
            "expected_minor",
            "received_minor",
            "currency",
            "error_type",
            "error_code",
            "job_id",
            "attempts",
            "error_class",
            "attachment_id",
            "sweep",
            "ip_masked",
            "path_template",
            "action",
            "lead_ids",
            "message",
        ];
        let payload: Map<String, Value> = keys.iter().map(|k| (k.to_string(), json!(1))).collect();
        assert_eq!(personal_data_key(&Value::Object(payload)), None);
    }

    #[test]
    fn personal_keys_are_found_at_any_depth_and_in_any_case() {
        assert_eq!(
            personal_data_key(&json!({"phone": "+44"})).as_deref(),
            Some("phone")
        );
        assert_eq!(
            personal_data_key(&json!({"error": {"Body": "hi"}})).as_deref(),
            Some("Body")
        );
        assert_eq!(
            personal_data_key(&json!({"items": [{"client-email": "a@b"}]})).as_deref(),
            Some("client-email")
        );
        assert_eq!(
            personal_data_key(&json!({"message_text": "x"})).as_deref(),
            Some("message_text")
        );
        assert_eq!(
            personal_data_key(&json!({"name": "Ana"})).as_deref(),
            Some("name")
        );
    }
}
