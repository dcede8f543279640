//! Whole rows as JSON, for the debug view and the GDPR export: every column the table has, with the
//! SQL choosing what to leave out (hashes, attachment bytes).

use chrono::{DateTime, SecondsFormat, Utc};
use diesel::sql_types::{BigInt, Jsonb};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;

use crate::DbError;

#[derive(diesel::QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Jsonb)]
    row: Value,
}

/// Runs `sql`, whose one column `row` is a JSON object, with `$1 = id`.
pub(super) async fn json_rows(
    conn: &mut AsyncPgConnection,
    sql: &str,
    id: i64,
) -> Result<Vec<Value>, DbError> {
    let rows = diesel::sql_query(sql)
        .bind::<BigInt, _>(id)
        .load::<JsonRow>(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|json| utc_timestamps(json.row))
        .collect())
}

/// Postgres writes `timestamptz` into JSON with the session's offset; responses use UTC with `Z`
/// (http-api.md §1), like every typed field.
fn utc_timestamps(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(as_utc(&text).unwrap_or(text)),
        Value::Array(items) => Value::Array(items.into_iter().map(utc_timestamps).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key, utc_timestamps(value)))
                .collect(),
        ),
        other => other,
    }
}

fn as_utc(text: &str) -> Option<String> {
    // Only the shape Postgres produces: `2027-03-25T14:02:11.123456+00:00`.
    let looks_like_timestamp = text.len() >= 20
        && text.as_bytes().get(4) == Some(&b'-')
        && text.as_bytes().get(10) == Some(&b'T');
    if !looks_like_timestamp {
        return None;
    }
    let parsed = DateTime::parse_from_rfc3339(text).ok()?;
    Some(
        parsed
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::AutoSi, true),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn postgres_timestamps_become_utc_with_z_and_other_text_is_untouched() {
        let row = json!({
            "created_at": "2027-03-25T15:02:11.5+01:00",
            "nested": [{"at": "2027-03-25T14:02:11+00:00"}],
            "text": "2027 was a good year",
            "n": 3,
        });
        assert_eq!(
            super::utc_timestamps(row),
            json!({
                "created_at": "2027-03-25T14:02:11.500Z",
                "nested": [{"at": "2027-03-25T14:02:11Z"}],
                "text": "2027 was a good year",
                "n": 3,
            })
        );
    }
}
