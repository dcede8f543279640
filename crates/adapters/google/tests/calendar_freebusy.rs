#![allow(clippy::unwrap_used, clippy::expect_used)]
//! freeBusy and the all-day events listing against the fake Calendar.

mod support;

use inkdesk_domain::ports::{BusyInterval, CalendarAvailability};
use inkdesk_domain::provider::ProviderError;
use inkdesk_test_support::fake_google::{FAKE_CALENDAR_ID, FakeApi};
use serde_json::json;
use support::{calendar, start, utc};

#[tokio::test]
async fn busy_ranges_come_from_stored_events_and_configured_ranges() {
    let fake = start().await;
    fake.add_busy(
        FAKE_CALENDAR_ID,
        utc("2027-03-29T13:00:00Z"),
        utc("2027-03-29T14:00:00Z"),
    );
    fake.add_event(
        FAKE_CALENDAR_ID,
        json!({"id": "human1", "status": "confirmed",
            "start": {"dateTime": "2027-03-30T10:00:00+01:00"},
            "end": {"dateTime": "2027-03-30T12:00:00+01:00"}}),
    );
    fake.add_event(
        FAKE_CALENDAR_ID,
        json!({"id": "free1", "transparency": "transparent",
            "start": {"dateTime": "2027-03-31T10:00:00Z"}, "end": {"dateTime": "2027-03-31T12:00:00Z"}}),
    );
    let client = calendar(&fake).await;

    let busy = client
        .free_busy(
            FAKE_CALENDAR_ID,
            utc("2027-03-26T15:00:00Z"),
            utc("2027-04-15T23:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        busy,
        vec![
            BusyInterval {
                start: utc("2027-03-29T13:00:00Z"),
                end: utc("2027-03-29T14:00:00Z")
            },
            BusyInterval {
                start: utc("2027-03-30T09:00:00Z"),
                end: utc("2027-03-30T11:00:00Z")
            },
        ]
    );

    let request = &fake.requests_to(FakeApi::Calendar)[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/calendar/v3/freeBusy");
    assert!(request.authorized);
    assert_eq!(request.header("authorization"), Some("Bearer [redacted]"));
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("inkdesk/")
    );
    assert_eq!(
        request.body.as_ref().unwrap(),
        &json!({"timeMin": "2027-03-26T15:00:00Z", "timeMax": "2027-04-15T23:00:00Z",
            "timeZone": "UTC", "items": [{"id": FAKE_CALENDAR_ID}]})
    );
}

#[tokio::test]
async fn an_error_entry_is_a_failure_never_free() {
    let fake = start().await;
    let client = calendar(&fake).await;
    let (min, max) = (utc("2027-03-26T15:00:00Z"), utc("2027-04-15T23:00:00Z"));

    assert_eq!(
        client
            .free_busy("someone.else@example.com", min, max)
            .await
            .unwrap_err(),
        ProviderError::permanent("notFound")
    );
    fake.set_calendar_error(FAKE_CALENDAR_ID, Some("backendError"));
    assert_eq!(
        client
            .free_busy(FAKE_CALENDAR_ID, min, max)
            .await
            .unwrap_err(),
        ProviderError::retryable("backendError", None)
    );
    assert_eq!(
        client
            .free_busy(FAKE_CALENDAR_ID, max, min)
            .await
            .unwrap_err(),
        ProviderError::permanent("empty_time_range")
    );
}

#[tokio::test]
async fn the_port_reads_the_configured_calendar() {
    let fake = start().await;
    fake.add_busy(
        FAKE_CALENDAR_ID,
        utc("2027-03-29T13:00:00Z"),
        utc("2027-03-29T14:00:00Z"),
    );
    let port = calendar(&fake).await.for_calendar(FAKE_CALENDAR_ID);
    let busy = port
        .busy(utc("2027-03-29T00:00:00Z"), utc("2027-03-30T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(busy.len(), 1);
    let other = calendar(&fake).await.for_calendar("missing@example.com");
    assert!(
        !other
            .busy(utc("2027-03-29T00:00:00Z"), utc("2027-03-30T00:00:00Z"))
            .await
            .unwrap_err()
            .is_retryable()
    );
}

#[tokio::test]
async fn all_day_events_are_listed_across_pages_without_cancelled_or_timed_ones() {
    let fake = start().await;
    let all_day = |id: &str, start: &str, end: &str, status: &str| {
        json!({"id": id, "status": status, "transparency": "transparent",
            "start": {"date": start}, "end": {"date": end}})
    };
    fake.add_event(
        FAKE_CALENDAR_ID,
        all_day("hol1", "2027-03-29", "2027-03-31", "confirmed"),
    );
    fake.add_event(
        FAKE_CALENDAR_ID,
        all_day("hol2", "2027-04-02", "2027-04-03", "confirmed"),
    );
    fake.add_event(
        FAKE_CALENDAR_ID,
        all_day("hol3", "2027-04-05", "2027-04-06", "cancelled"),
    );
    fake.add_event(
        FAKE_CALENDAR_ID,
        all_day("hol4", "2027-04-07", "2027-04-08", "tentative"),
    );
    fake.add_event(
        FAKE_CALENDAR_ID,
        json!({"id": "timed1", "start": {"dateTime": "2027-03-30T10:00:00Z"},
            "end": {"dateTime": "2027-03-30T11:00:00Z"}}),
    );
    let client = calendar(&fake).await;

    let events = client
        .all_day_events(
            FAKE_CALENDAR_ID,
            utc("2027-03-26T00:00:00Z"),
            utc("2027-04-15T00:00:00Z"),
        )
        .await
        .unwrap();
    let dates: Vec<String> = events
        .iter()
        .map(|e| format!("{}..{}", e.start, e.end))
        .collect();
    assert_eq!(
        dates,
        [
            "2027-03-29..2027-03-31",
            "2027-04-02..2027-04-03",
            "2027-04-07..2027-04-08"
        ]
    );

    let lists = fake.requests_to(FakeApi::Calendar);
    assert_eq!(lists.len(), 3, "five events, two per page");
    assert_eq!(
        lists[0].path,
        "/calendar/v3/calendars/rowan.studio%40example.com/events"
    );
    assert_eq!(
        lists[0].query_param("singleEvents").as_deref(),
        Some("true")
    );
    assert_eq!(
        lists[0].query_param("timeMin").as_deref(),
        Some("2027-03-26T00:00:00Z")
    );
    assert_eq!(lists[0].query_param("pageToken"), None);
    assert_eq!(lists[1].query_param("pageToken").as_deref(), Some("2"));
}
