//! `GET /admin/events`: system events, newest first (http-api.md §5.16).

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use serde::Serialize;
use serde_json::Value;

use super::{Page, PageKey};
use crate::{Database, DbError};

/// `event_type=x` matches exactly; `event_type=x*` matches every type starting with `x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventTypeMatch {
    Exact(String),
    Prefix(String),
}

impl EventTypeMatch {
    pub fn parse(raw: &str) -> Self {
        match raw.strip_suffix('*') {
            Some(prefix) => Self::Prefix(prefix.to_owned()),
            None => Self::Exact(raw.to_owned()),
        }
    }

    /// A `LIKE` pattern in which the caller's `%`, `_` and `\` are literal (`_` is common in types).
    fn like_pattern(&self) -> String {
        let (text, wildcard) = match self {
            Self::Exact(text) => (text, ""),
            Self::Prefix(text) => (text, "%"),
        };
        let mut pattern = String::with_capacity(text.len() + 2);
        for c in text.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push_str(wildcard);
        pattern
    }
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub limit: i64,
    pub after: Option<PageKey>,
    pub lead_id: Option<i64>,
    /// `INFO`, `WARN` or `ERROR`.
    pub level: Option<String>,
    pub event_type: Option<EventTypeMatch>,
    pub since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, diesel::QueryableByName)]
pub struct EventRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub level: String,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub lead_id: Option<i64>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub payload: Option<Value>,
}

pub async fn list_events(db: &Database, filter: &EventFilter) -> Result<Page<EventRow>, DbError> {
    let mut conn = db.connection().await?;
    let rows = diesel::sql_query(
        "SELECT id, created_at, level, event_type, lead_id, payload FROM system_events
         WHERE ($1::bigint IS NULL OR lead_id = $1)
           AND ($2::text IS NULL OR level = $2)
           AND ($3::text IS NULL OR event_type LIKE $3)
           AND ($4::timestamptz IS NULL OR created_at >= $4)
           AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6))
         ORDER BY created_at DESC, id DESC
         LIMIT $7",
    )
    .bind::<Nullable<BigInt>, _>(filter.lead_id)
    .bind::<Nullable<Text>, _>(filter.level.as_deref())
    .bind::<Nullable<Text>, _>(filter.event_type.as_ref().map(EventTypeMatch::like_pattern))
    .bind::<Nullable<Timestamptz>, _>(filter.since)
    .bind::<Nullable<Timestamptz>, _>(filter.after.map(|key| key.at))
    .bind::<BigInt, _>(filter.after.map_or(0, |key| key.id))
    .bind::<BigInt, _>(filter.limit + 1)
    .load::<EventRow>(&mut conn)
    .await?;
    Ok(Page::from_rows(rows, filter.limit, |row| PageKey {
        at: row.created_at,
        id: row.id,
    }))
}

#[cfg(test)]
mod tests {
    use super::EventTypeMatch;

    #[test]
    fn a_trailing_star_is_a_prefix_and_like_wildcards_are_literal() {
        assert_eq!(
            EventTypeMatch::parse("admin.auth_failure").like_pattern(),
            "admin.auth\\_failure"
        );
        assert_eq!(EventTypeMatch::parse("stripe.*").like_pattern(), "stripe.%");
        assert_eq!(EventTypeMatch::parse("100%*").like_pattern(), "100\\%%");
    }
}
