//! Calendar v3 (integrations.md §4.5): freeBusy computed from stored opaque, non-cancelled timed
//! events plus configured busy ranges; events list (paged), insert (id alphabet and length checked,
//! 409 for a duplicate), get, patch and delete (deleted → 410, unknown → 404).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use hyper::Method;
use serde_json::{Value, json};

use super::wire::{Reply, bad_request, empty, google_error, json_reply, not_found};
use super::{Shared, lock};

#[derive(Debug, Default)]
pub(crate) struct FakeCalendar {
    pub busy: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// A freeBusy `errors[].reason` for this calendar (`internalError`, `backendError`, …).
    pub error: Option<String>,
    pub events: BTreeMap<String, StoredEvent>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredEvent {
    pub body: Value,
    pub deleted: bool,
}

pub(crate) enum Route {
    FreeBusy,
    List(String),
    Insert(String),
    Get(String, String),
    Patch(String, String),
    Delete(String, String),
}

/// `segments` are the decoded path segments after `/calendar/v3/`.
pub(crate) fn route(method: &Method, segments: &[String]) -> Option<Route> {
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method, segments.as_slice()) {
        (&Method::POST, ["freeBusy"]) => Some(Route::FreeBusy),
        (&Method::GET, ["calendars", cal, "events"]) => Some(Route::List((*cal).to_owned())),
        (&Method::POST, ["calendars", cal, "events"]) => Some(Route::Insert((*cal).to_owned())),
        (m, ["calendars", cal, "events", id]) => {
            let (cal, id) = ((*cal).to_owned(), (*id).to_owned());
            match *m {
                Method::GET => Some(Route::Get(cal, id)),
                Method::PATCH => Some(Route::Patch(cal, id)),
                Method::DELETE => Some(Route::Delete(cal, id)),
                _ => None,
            }
        }
        _ => None,
    }
}

pub(crate) fn handle(
    state: &Shared,
    route: Route,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Reply {
    let mut state = lock(state);
    let page_size = state.list_page_size;
    if let Route::FreeBusy = route {
        return free_busy(&state.calendars, body);
    }
    let (Route::List(cal)
    | Route::Insert(cal)
    | Route::Get(cal, _)
    | Route::Patch(cal, _)
    | Route::Delete(cal, _)) = &route
    else {
        return not_found();
    };
    let Some(calendar) = state.calendars.get_mut(cal) else {
        return not_found();
    };
    match route {
        Route::FreeBusy => not_found(),
        Route::List(_) => list(calendar, query, page_size),
        Route::Insert(_) => insert(calendar, body),
        Route::Get(_, id) => match calendar.events.get(&id) {
            None => not_found(),
            Some(event) if event.deleted => {
                google_error(410, "deleted", "global", "Resource has been deleted", None)
            }
            Some(event) => json_reply(200, &event.body),
        },
        Route::Patch(_, id) => match calendar.events.get_mut(&id) {
            None => not_found(),
            Some(event) if event.deleted => {
                google_error(410, "deleted", "global", "Resource has been deleted", None)
            }
            Some(event) => {
                if let (Some(Value::Object(stored)), Some(Value::Object(patch))) =
                    (Some(&mut event.body), body)
                {
                    for (key, value) in patch {
                        stored.insert(key.clone(), value.clone());
                    }
                }
                json_reply(200, &event.body)
            }
        },
        Route::Delete(_, id) => match calendar.events.get_mut(&id) {
            None => not_found(),
            Some(event) if event.deleted => {
                google_error(410, "deleted", "global", "Resource has been deleted", None)
            }
            Some(event) => {
                event.deleted = true;
                event.body["status"] = json!("cancelled");
                empty(204)
            }
        },
    }
}

fn free_busy(
    calendars: &std::collections::HashMap<String, FakeCalendar>,
    body: Option<&Value>,
) -> Reply {
    let body = body.cloned().unwrap_or(Value::Null);
    let (Some(min), Some(max)) = (time(&body["timeMin"]), time(&body["timeMax"])) else {
        return bad_request("Missing timeMin or timeMax.");
    };
    if min >= max {
        return bad_request("The specified time range is empty.");
    }
    let mut result = serde_json::Map::new();
    for item in body["items"].as_array().into_iter().flatten() {
        let Some(id) = item["id"].as_str() else {
            continue;
        };
        let entry = match calendars.get(id) {
            None => json!({"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}),
            Some(calendar) => match &calendar.error {
                Some(reason) => {
                    json!({"errors": [{"domain": "global", "reason": reason}], "busy": []})
                }
                None => json!({"busy": busy(calendar, min, max)
                    .into_iter()
                    .map(|(start, end)| json!({"start": rfc3339(start), "end": rfc3339(end)}))
                    .collect::<Vec<_>>()}),
            },
        };
        result.insert(id.to_owned(), entry);
    }
    json_reply(
        200,
        &json!({"kind": "calendar#freeBusy", "timeMin": rfc3339(min), "timeMax": rfc3339(max),
            "calendars": result}),
    )
}

/// Configured ranges and opaque, live timed events overlapping `[min, max)`, clipped and merged.
fn busy(
    calendar: &FakeCalendar,
    min: DateTime<Utc>,
    max: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let events = calendar.events.values().filter_map(|event| {
        let body = &event.body;
        let live = !event.deleted
            && body["status"] != "cancelled"
            && body["transparency"] != "transparent";
        let start = body["start"].get("dateTime").and_then(time)?;
        let end = body["end"].get("dateTime").and_then(time)?;
        live.then_some((start, end))
    });
    let mut ranges: Vec<_> = calendar
        .busy
        .iter()
        .copied()
        .chain(events)
        .filter(|(start, end)| *start < max && *end > min)
        .map(|(start, end)| (start.max(min), end.min(max)))
        .collect();
    ranges.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn list(calendar: &FakeCalendar, query: &[(String, String)], page_size: usize) -> Reply {
    let param = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let min = param("timeMin").and_then(|v| time(&json!(v)));
    let max = param("timeMax").and_then(|v| time(&json!(v)));
    let offset: usize = param("pageToken").and_then(|t| t.parse().ok()).unwrap_or(0);
    let size = param("maxResults")
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(250)
        .min(page_size)
        .max(1);
    let matching: Vec<&Value> = calendar
        .events
        .values()
        .filter(|event| !event.deleted)
        .map(|event| &event.body)
        .filter(|body| {
            let Some((start, end)) = range(body) else {
                return false;
            };
            min.is_none_or(|min| end > min) && max.is_none_or(|max| start < max)
        })
        .collect();
    let page: Vec<&Value> = matching.iter().skip(offset).take(size).copied().collect();
    let mut reply = json!({"kind": "calendar#events", "items": page});
    if offset + size < matching.len() {
        reply["nextPageToken"] = json!((offset + size).to_string());
    }
    json_reply(200, &reply)
}

fn insert(calendar: &mut FakeCalendar, body: Option<&Value>) -> Reply {
    let Some(mut event) = body.filter(|b| b.is_object()).cloned() else {
        return bad_request("Invalid event.");
    };
    let id = match event["id"].as_str() {
        Some(id) => id.to_owned(),
        None => format!("fakegen{}", calendar.events.len() + 1),
    };
    let valid_id = (5..=1024).contains(&id.len())
        && id.bytes().all(|b| matches!(b, b'a'..=b'v' | b'0'..=b'9'));
    if !valid_id {
        return google_error(400, "invalid", "global", "Invalid resource id value.", None);
    }
    if range(&event).is_none() {
        return google_error(
            400,
            "required",
            "global",
            "Missing start or end time.",
            None,
        );
    }
    if calendar.events.contains_key(&id) {
        return google_error(
            409,
            "duplicate",
            "global",
            "The requested identifier already exists.",
            None,
        );
    }
    event["id"] = json!(id);
    event["kind"] = json!("calendar#event");
    event["htmlLink"] = json!(format!("https://www.google.com/calendar/event?eid={id}"));
    if event.get("status").is_none() {
        event["status"] = json!("confirmed");
    }
    calendar.events.insert(
        id,
        StoredEvent {
            body: event.clone(),
            deleted: false,
        },
    );
    json_reply(200, &event)
}

/// `[start, end)` of an event: `dateTime`, or `date` (all-day) as UTC midnights.
pub(crate) fn range(event: &Value) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let point = |v: &Value| {
        v.get("dateTime").and_then(time).or_else(|| {
            let date = NaiveDate::parse_from_str(v.get("date")?.as_str()?, "%Y-%m-%d").ok()?;
            Some(date.and_hms_opt(0, 0, 0)?.and_utc())
        })
    };
    Some((point(&event["start"])?, point(&event["end"])?))
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
