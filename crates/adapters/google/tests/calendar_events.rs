#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The booking's event against the fake Calendar: deterministic ids, idempotent replays, GDPR erase.

mod support;

use chrono::DateTime;
use inkdesk_domain::model::LeadId;
use inkdesk_domain::provider::{Completion, ProviderError};
use inkdesk_google::{EventId, NewEvent};
use inkdesk_test_support::fake_google::{FAKE_CALENDAR_ID, FakeApi};
use serde_json::json;
use support::{calendar, start};

fn event(hold_id: i64) -> NewEvent {
    NewEvent {
        id: EventId::for_hold("ink", LeadId(42), hold_id).unwrap(),
        summary: "Tattoo — Sam (#42)".into(),
        description: "inkdesk enquiry #42\nIdea: fine line swallow".into(),
        location: "London studio".into(),
        start: DateTime::parse_from_rfc3339("2027-03-29T10:00:00+01:00").unwrap(),
        end: DateTime::parse_from_rfc3339("2027-03-29T13:00:00+01:00").unwrap(),
        time_zone: "Europe/London".into(),
        lead_id: LeadId(42),
        hold_id,
        artist_id: "default".into(),
    }
}

#[tokio::test]
async fn inserting_twice_with_the_same_id_is_already_done() {
    let fake = start().await;
    let client = calendar(&fake).await;

    assert_eq!(
        client
            .insert_event(FAKE_CALENDAR_ID, &event(55))
            .await
            .unwrap(),
        Completion::Done
    );
    assert_eq!(
        client
            .insert_event(FAKE_CALENDAR_ID, &event(55))
            .await
            .unwrap(),
        Completion::AlreadyDone
    );
    assert_eq!(fake.events(FAKE_CALENDAR_ID).len(), 1);

    let requests = fake.requests_to(FakeApi::Calendar);
    let statuses: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [("POST", Some(200)), ("POST", Some(409)), ("GET", Some(200))]
    );
    let insert = &requests[0];
    assert_eq!(
        insert.path,
        "/calendar/v3/calendars/rowan.studio%40example.com/events"
    );
    assert_eq!(insert.query_param("sendUpdates").as_deref(), Some("none"));
    assert_eq!(
        requests[2].path,
        "/calendar/v3/calendars/rowan.studio%40example.com/events/ink42h55"
    );
    let body = insert.body.as_ref().unwrap();
    assert_eq!(body["id"], "ink42h55");
    assert_eq!(body["summary"], "Tattoo — Sam (#42)");
    assert_eq!(
        body["start"],
        json!({"dateTime": "2027-03-29T10:00:00+01:00", "timeZone": "Europe/London"})
    );
    assert_eq!(body["transparency"], "opaque");
    assert_eq!(body["reminders"], json!({"useDefault": true}));
    assert_eq!(
        body["extendedProperties"]["private"],
        json!({"inkdesk_lead_id": "42", "inkdesk_hold_id": "55", "inkdesk_artist_id": "default"})
    );
    assert!(body.get("attendees").is_none());
}

#[tokio::test]
async fn an_id_taken_by_another_hold_or_a_deleted_event_is_permanent() {
    let fake = start().await;
    let client = calendar(&fake).await;
    let mut other = event(55);
    other.hold_id = 56;
    fake.add_event(
        FAKE_CALENDAR_ID,
        json!({"id": "ink42h55", "start": {"date": "2027-01-01"}, "end": {"date": "2027-01-02"}}),
    );
    assert_eq!(
        client
            .insert_event(FAKE_CALENDAR_ID, &other)
            .await
            .unwrap_err(),
        ProviderError::permanent("event_id_collision")
    );

    let id = EventId::for_hold("ink", LeadId(42), 77).unwrap();
    client
        .insert_event(FAKE_CALENDAR_ID, &event(77))
        .await
        .unwrap();
    client.delete_event(FAKE_CALENDAR_ID, &id).await.unwrap();
    assert_eq!(
        client
            .insert_event(FAKE_CALENDAR_ID, &event(77))
            .await
            .unwrap_err(),
        ProviderError::permanent("event_deleted")
    );
}

#[tokio::test]
async fn deleting_a_missing_or_deleted_event_is_already_done() {
    let fake = start().await;
    let client = calendar(&fake).await;
    let id = EventId::for_hold("ink", LeadId(42), 55).unwrap();
    client
        .insert_event(FAKE_CALENDAR_ID, &event(55))
        .await
        .unwrap();

    assert_eq!(
        client.delete_event(FAKE_CALENDAR_ID, &id).await.unwrap(),
        Completion::Done
    );
    assert!(fake.events(FAKE_CALENDAR_ID).is_empty());
    assert_eq!(
        client.delete_event(FAKE_CALENDAR_ID, &id).await.unwrap(),
        Completion::AlreadyDone
    );
    let never = EventId::parse("ink99h99").unwrap();
    assert_eq!(
        client.delete_event(FAKE_CALENDAR_ID, &never).await.unwrap(),
        Completion::AlreadyDone
    );
    let delete = &fake.requests_to(FakeApi::Calendar)[1];
    assert_eq!(delete.method, "DELETE");
    assert_eq!(delete.query_param("sendUpdates").as_deref(), Some("none"));
}

#[tokio::test]
async fn erasing_blanks_the_clients_details() {
    let fake = start().await;
    let client = calendar(&fake).await;
    let id = EventId::for_hold("ink", LeadId(42), 55).unwrap();
    client
        .insert_event(FAKE_CALENDAR_ID, &event(55))
        .await
        .unwrap();

    assert_eq!(
        client
            .erase_event(FAKE_CALENDAR_ID, &id, LeadId(42))
            .await
            .unwrap(),
        Completion::Done
    );
    let stored = fake.event(FAKE_CALENDAR_ID, "ink42h55").unwrap();
    assert_eq!(stored["summary"], "Erased client (#42)");
    assert_eq!(stored["description"], "");
    assert_eq!(stored["location"], "");
    let gone = EventId::parse("ink99h99").unwrap();
    assert_eq!(
        client
            .erase_event(FAKE_CALENDAR_ID, &gone, LeadId(99))
            .await
            .unwrap(),
        Completion::AlreadyDone
    );
}

#[tokio::test]
async fn an_event_that_ends_before_it_starts_is_refused_without_a_call() {
    let fake = start().await;
    let client = calendar(&fake).await;
    let mut backwards = event(55);
    std::mem::swap(&mut backwards.start, &mut backwards.end);
    assert_eq!(
        client
            .insert_event(FAKE_CALENDAR_ID, &backwards)
            .await
            .unwrap_err(),
        ProviderError::permanent("empty_event_range")
    );
    assert!(fake.requests_to(FakeApi::Calendar).is_empty());
}
