//! Calendar events (integrations.md §4.4): the booking's event inserted under its deterministic id
//! (a 409 for our own id is an earlier attempt's success), deleted (404/410: already gone), erased
//! for GDPR, and all-day events listed so they can block whole dates.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::provider::{Completion, ProviderError};
use serde::Deserialize;
use serde_json::json;

use super::freebusy::rfc3339;
use super::{CalendarClient, EventId};

const SEND_UPDATES_NONE: &[(&str, &str)] = &[("sendUpdates", "none")];

/// A runaway `nextPageToken` chain must end: 40 pages of 250 is far more than a lookahead holds.
const MAX_LIST_PAGES: usize = 40;

/// The booking's event (booking.md §3.9). Start and end carry the studio's offset; `time_zone` is
/// its IANA name (`Europe/London`), so Google shows the event at the right local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub id: EventId,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub time_zone: String,
    pub lead_id: LeadId,
    pub hold_id: i64,
    pub artist_id: String,
}

/// An all-day event: it blocks the dates `[start, end)` (Google's `end.date` is exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllDayEvent {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Deserialize)]
struct EventPage {
    #[serde(default)]
    items: Vec<ListedEvent>,
    #[serde(rename = "nextPageToken")]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
struct ListedEvent {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    start: Option<When>,
    #[serde(default)]
    end: Option<When>,
}

#[derive(Deserialize)]
struct When {
    date: Option<String>,
}

#[derive(Deserialize)]
struct StoredEvent {
    #[serde(default)]
    status: Option<String>,
    #[serde(rename = "extendedProperties", default)]
    extended_properties: Option<ExtendedProperties>,
}

#[derive(Deserialize)]
struct ExtendedProperties {
    #[serde(default)]
    private: Option<serde_json::Map<String, serde_json::Value>>,
}

impl CalendarClient {
    /// Inserts the event; `AlreadyDone` when an earlier attempt already created it for this hold.
    pub async fn insert_event(
        &self,
        calendar_id: &str,
        event: &NewEvent,
    ) -> Result<Completion, ProviderError> {
        if event.start >= event.end {
            return Err(ProviderError::permanent("empty_event_range"));
        }
        let url = self.events_url_with(calendar_id, None, SEND_UPDATES_NONE)?;
        let body = json!({
            "id": event.id.as_str(),
            "summary": event.summary,
            "description": event.description,
            "location": event.location,
            "start": {"dateTime": offset_time(event.start), "timeZone": event.time_zone},
            "end": {"dateTime": offset_time(event.end), "timeZone": event.time_zone},
            "transparency": "opaque",
            "reminders": {"useDefault": true},
            "extendedProperties": {"private": {
                "inkdesk_lead_id": event.lead_id.0.to_string(),
                "inkdesk_hold_id": event.hold_id.to_string(),
                "inkdesk_artist_id": event.artist_id,
            }},
        });
        let answer = self
            .api
            .call("insert_event", |http| http.post(url.clone()).json(&body))
            .await?;
        match answer.status {
            _ if answer.is_success() => Ok(Completion::Done),
            409 => {
                self.owned_by_hold(calendar_id, &event.id, event.hold_id)
                    .await
            }
            _ => Err(answer.error()),
        }
    }

    /// After a 409: the id is taken. Ours (same hold) is an earlier attempt's success; anything
    /// else is a collision no retry can fix.
    async fn owned_by_hold(
        &self,
        calendar_id: &str,
        id: &EventId,
        hold_id: i64,
    ) -> Result<Completion, ProviderError> {
        let url = self.events_url_with(calendar_id, Some(id), &[])?;
        let answer = self
            .api
            .call("get_event", |http| http.get(url.clone()))
            .await?;
        match answer.status {
            _ if answer.is_success() => {}
            // The id exists only as a deleted event: the booking has no event on the calendar.
            404 | 410 => return Err(ProviderError::permanent("event_deleted")),
            _ => return Err(answer.error()),
        }
        let stored: StoredEvent = answer.json()?;
        let hold = hold_id.to_string();
        let ours = stored
            .extended_properties
            .and_then(|p| p.private)
            .and_then(|p| p.get("inkdesk_hold_id").cloned())
            .is_some_and(|h| h.as_str() == Some(hold.as_str()));
        match (ours, stored.status.as_deref()) {
            (false, _) => Err(ProviderError::permanent("event_id_collision")),
            (true, Some("cancelled")) => Err(ProviderError::permanent("event_deleted")),
            (true, _) => Ok(Completion::AlreadyDone),
        }
    }

    /// Deletes the event; `AlreadyDone` when it is already gone (404, 410).
    pub async fn delete_event(
        &self,
        calendar_id: &str,
        id: &EventId,
    ) -> Result<Completion, ProviderError> {
        let url = self.events_url_with(calendar_id, Some(id), SEND_UPDATES_NONE)?;
        let answer = self
            .api
            .call("delete_event", |http| http.delete(url.clone()))
            .await?;
        match answer.status {
            _ if answer.is_success() => Ok(Completion::Done),
            404 | 410 => Ok(Completion::AlreadyDone),
            _ => Err(answer.error()),
        }
    }

    /// GDPR erase (http-api.md §5.18): the event stays, without the client's details. An event
    /// that is gone has nothing left to erase.
    pub async fn erase_event(
        &self,
        calendar_id: &str,
        id: &EventId,
        lead_id: LeadId,
    ) -> Result<Completion, ProviderError> {
        let url = self.events_url_with(calendar_id, Some(id), SEND_UPDATES_NONE)?;
        let body = json!({
            "summary": format!("Erased client (#{})", lead_id.0),
            "description": "",
            "location": "",
        });
        let answer = self
            .api
            .call("erase_event", |http| http.patch(url.clone()).json(&body))
            .await?;
        match answer.status {
            _ if answer.is_success() => Ok(Completion::Done),
            404 | 410 => Ok(Completion::AlreadyDone),
            _ => Err(answer.error()),
        }
    }

    /// Non-cancelled all-day events overlapping `[time_min, time_max)`, whatever their
    /// transparency (booking.md §3.1 step 3), following every page.
    pub async fn all_day_events(
        &self,
        calendar_id: &str,
        time_min: DateTime<Utc>,
        time_max: DateTime<Utc>,
    ) -> Result<Vec<AllDayEvent>, ProviderError> {
        if time_min >= time_max {
            return Err(ProviderError::permanent("empty_time_range"));
        }
        let (min, max) = (rfc3339(time_min), rfc3339(time_max));
        let mut page_token: Option<String> = None;
        let mut all_day = Vec::new();
        for _ in 0..MAX_LIST_PAGES {
            let mut query = vec![
                ("timeMin", min.as_str()),
                ("timeMax", max.as_str()),
                ("singleEvents", "true"),
                ("maxResults", "250"),
                (
                    "fields",
                    "items(id,status,start,end,transparency),nextPageToken",
                ),
            ];
            if let Some(token) = &page_token {
                query.push(("pageToken", token.as_str()));
            }
            let url = self.events_url_with(calendar_id, None, &query)?;
            let answer = self
                .api
                .call("list_events", |http| http.get(url.clone()))
                .await?;
            if !answer.is_success() {
                return Err(answer.error());
            }
            let page: EventPage = answer.json()?;
            for event in page.items {
                if event.status.as_deref() == Some("cancelled") {
                    continue;
                }
                let start = event.start.and_then(|w| w.date);
                let end = event.end.and_then(|w| w.date);
                let (Some(start), end) = (start, end) else {
                    continue;
                };
                all_day.push(all_day_event(&start, end.as_deref())?);
            }
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(token) => page_token = Some(token),
                None => return Ok(all_day),
            }
        }
        Err(ProviderError::permanent("too_many_event_pages"))
    }
}

/// A date we cannot read could be hiding a day off: the whole read fails.
fn all_day_event(start: &str, end: Option<&str>) -> Result<AllDayEvent, ProviderError> {
    let date = |value: &str| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
    let start = date(start).ok_or_else(|| ProviderError::permanent("unreadable_event_date"))?;
    let end = match end {
        Some(end) => date(end).ok_or_else(|| ProviderError::permanent("unreadable_event_date"))?,
        None => start.succ_opt().unwrap_or(start),
    };
    // A one-day event whose end is not after its start still blocks its start date.
    let end = if end > start {
        end
    } else {
        start.succ_opt().unwrap_or(start)
    };
    Ok(AllDayEvent { start, end })
}

/// `2027-03-29T10:00:00+01:00`, as the spec's example.
fn offset_time(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn all_day_dates_are_read_with_an_exclusive_end() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            all_day_event("2027-03-29", Some("2027-03-31")).unwrap(),
            AllDayEvent {
                start: d("2027-03-29"),
                end: d("2027-03-31")
            }
        );
        assert_eq!(
            all_day_event("2027-03-29", None).unwrap().end,
            d("2027-03-30")
        );
        assert_eq!(
            all_day_event("2027-03-29", Some("2027-03-29")).unwrap().end,
            d("2027-03-30")
        );
        assert!(all_day_event("29/03/2027", None).is_err());
    }

    #[test]
    fn offsets_are_kept_in_event_times() {
        let t = DateTime::parse_from_rfc3339("2027-03-29T10:00:00+01:00").unwrap();
        assert_eq!(offset_time(t), "2027-03-29T10:00:00+01:00");
    }
}
