//! `GET /admin/events` (http-api.md §5.16): system events, newest first, filtered and paged.

use actix_web::{HttpResponse, web};
use inkdesk_postgres::admin::{self, EventFilter, EventRow, EventTypeMatch};
use serde::{Deserialize, Serialize};

use super::params::{self, Cursor, Fields};
use super::storage_failure;
use crate::http::ApiError;
use crate::state::AppState;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;
const CURSOR_LIST: &str = "events";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    limit: Option<String>,
    cursor: Option<String>,
    lead_id: Option<String>,
    level: Option<String>,
    event_type: Option<String>,
    since: Option<String>,
}

#[derive(Serialize)]
struct EventPage {
    items: Vec<EventRow>,
    next_cursor: Option<String>,
}

fn level(raw: &str) -> Result<String, String> {
    match raw.trim() {
        level @ ("INFO" | "WARN" | "ERROR") => Ok(level.to_owned()),
        _ => Err("must be INFO, WARN or ERROR".to_owned()),
    }
}

fn event_type(raw: &str) -> Result<EventTypeMatch, String> {
    let raw = raw.trim();
    let name = raw.strip_suffix('*').unwrap_or(raw);
    let valid = name.len() <= 200
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if valid && !raw.is_empty() {
        Ok(EventTypeMatch::parse(raw))
    } else {
        Err("must be an event type such as admin.auth_failure, or a prefix ending in *".to_owned())
    }
}

impl EventsQuery {
    fn filter(&self) -> Result<EventFilter, ApiError> {
        let mut fields = Fields::default();
        let filter = EventFilter {
            limit: fields
                .check(
                    "limit",
                    params::limit(self.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT),
                )
                .unwrap_or(DEFAULT_LIMIT),
            after: fields.optional("cursor", self.cursor.as_deref(), |raw| {
                Cursor::decode(CURSOR_LIST, raw)
            }),
            lead_id: fields.optional("lead_id", self.lead_id.as_deref(), params::positive_integer),
            level: fields.optional("level", self.level.as_deref(), level),
            event_type: fields.optional("event_type", self.event_type.as_deref(), event_type),
            since: fields.optional("since", self.since.as_deref(), params::instant),
        };
        fields.finish()?;
        Ok(filter)
    }
}

pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter()?;
    let page = admin::list_events(&state.database, &filter)
        .await
        .map_err(storage_failure)?;
    Ok(HttpResponse::Ok().json(EventPage {
        items: page.items,
        next_cursor: page.next.map(|key| Cursor::encode(CURSOR_LIST, key)),
    }))
}
