//! freeBusy (integrations.md §4.3, booking.md §3.1): busy ranges `[start, end)` of one calendar. A
//! calendar the answer does not cover, or covers with an `errors` entry, is unknown — never free.

use chrono::{DateTime, SecondsFormat, Utc};
use inkdesk_domain::ports::BusyInterval;
use inkdesk_domain::provider::ProviderError;
use serde::Deserialize;
use serde_json::json;

use super::CalendarClient;
use crate::auth::safe_code;

#[derive(Deserialize)]
struct Response {
    #[serde(default)]
    calendars: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    errors: Vec<EntryError>,
    #[serde(default)]
    busy: Vec<Busy>,
}

#[derive(Deserialize)]
struct EntryError {
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
struct Busy {
    start: String,
    end: String,
}

impl CalendarClient {
    /// Busy ranges of `calendar_id` overlapping `[time_min, time_max)`, sorted by start.
    pub async fn free_busy(
        &self,
        calendar_id: &str,
        time_min: DateTime<Utc>,
        time_max: DateTime<Utc>,
    ) -> Result<Vec<BusyInterval>, ProviderError> {
        if time_min >= time_max {
            return Err(ProviderError::permanent("empty_time_range"));
        }
        let url = format!("{}/calendar/v3/freeBusy", self.api.base_url);
        let body = json!({
            "timeMin": rfc3339(time_min),
            "timeMax": rfc3339(time_max),
            "timeZone": "UTC",
            "items": [{"id": calendar_id}],
        });
        let answer = self
            .api
            .call("free_busy", |http| http.post(&url).json(&body))
            .await?;
        if !answer.is_success() {
            return Err(answer.error());
        }
        parse(calendar_id, &answer.json()?)
    }
}

fn parse(calendar_id: &str, response: &Response) -> Result<Vec<BusyInterval>, ProviderError> {
    let entry = response
        .calendars
        .get(calendar_id)
        .ok_or_else(|| ProviderError::permanent("calendar_missing_from_answer"))?;
    let entry: Entry = serde_json::from_value(entry.clone())
        .map_err(|_| ProviderError::permanent("unreadable_response"))?;
    if let Some(error) = entry.errors.first() {
        let reason = safe_code(&error.reason).unwrap_or("calendar_error");
        return Err(match reason {
            "internalError" | "backendError" => ProviderError::retryable(reason, None),
            // `notFound`: the calendar id is wrong or not shared with the service account.
            _ => ProviderError::permanent(reason),
        });
    }
    let mut busy = Vec::with_capacity(entry.busy.len());
    for range in &entry.busy {
        let (Some(start), Some(end)) = (time(&range.start), time(&range.end)) else {
            // A range we cannot read could be hiding a booking: the whole read fails.
            return Err(ProviderError::permanent("unreadable_busy_range"));
        };
        if start < end {
            busy.push(BusyInterval { start, end });
        }
    }
    busy.sort_by_key(|b| (b.start, b.end));
    Ok(busy)
}

fn time(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub(super) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const CAL: &str = "rowan.studio@example.com";

    fn parsed(body: serde_json::Value) -> Result<Vec<BusyInterval>, ProviderError> {
        parse(CAL, &serde_json::from_value(body).unwrap())
    }

    #[test]
    fn busy_ranges_are_read_sorted_and_empty_ones_dropped() {
        let busy = parsed(
            json!({"kind": "calendar#freeBusy", "calendars": {CAL: {"busy": [
                {"start": "2027-03-30T09:00:00Z", "end": "2027-03-30T10:00:00Z"},
                {"start": "2027-03-29T14:00:00+01:00", "end": "2027-03-29T15:00:00+01:00"},
                {"start": "2027-03-31T09:00:00Z", "end": "2027-03-31T09:00:00Z"},
            ]}}}),
        )
        .unwrap();
        assert_eq!(busy.len(), 2);
        assert_eq!(rfc3339(busy[0].start), "2027-03-29T13:00:00Z");
        assert_eq!(rfc3339(busy[1].end), "2027-03-30T10:00:00Z");
        assert_eq!(parsed(json!({"calendars": {CAL: {}}})).unwrap(), vec![]);
    }

    #[test]
    fn an_error_entry_or_a_missing_calendar_is_never_free() {
        let error = |reason: &str| {
            parsed(json!({"calendars": {CAL: {"errors": [{"domain": "global", "reason": reason}], "busy": []}}}))
                .unwrap_err()
        };
        assert_eq!(error("notFound"), ProviderError::permanent("notFound"));
        assert_eq!(
            error("internalError"),
            ProviderError::retryable("internalError", None)
        );
        assert_eq!(
            error("backendError"),
            ProviderError::retryable("backendError", None)
        );
        assert_eq!(error("<b>"), ProviderError::permanent("calendar_error"));
        assert_eq!(
            parsed(json!({"calendars": {}})).unwrap_err(),
            ProviderError::permanent("calendar_missing_from_answer")
        );
        assert_eq!(
            parsed(json!({"calendars": {CAL: {"busy": [{"start": "yesterday", "end": "today"}]}}}))
                .unwrap_err(),
            ProviderError::permanent("unreadable_busy_range")
        );
        assert_eq!(
            parsed(json!({"calendars": {CAL: {"busy": "all of it"}}})).unwrap_err(),
            ProviderError::permanent("unreadable_response")
        );
    }
}
