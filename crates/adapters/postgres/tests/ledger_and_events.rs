//! The idempotency ledger and the one system-event writer on a real Postgres (data-and-ops.md §2.6,
//! §8.2).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{events, lead};
use diesel_async::{AsyncConnection, SimpleAsyncConnection};
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_postgres::DbError;
use inkdesk_postgres::ledger::{EventSource, claim_event};
use inkdesk_postgres::system_events::{EventLevel, SystemEvent, SystemEventError, record};
use inkdesk_test_support::TestDb;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn an_event_is_claimed_the_first_time_only() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let wamid = "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAEhgg";
    assert!(
        claim_event(&mut conn, EventSource::Whatsapp, wamid, "message", None)
            .await
            .unwrap()
    );
    assert!(
        !claim_event(&mut conn, EventSource::Whatsapp, wamid, "message", None)
            .await
            .unwrap()
    );
    // The same id from another provider is another event.
    assert!(
        claim_event(
            &mut conn,
            EventSource::Stripe,
            wamid,
            "checkout",
            Some(LeadId(3))
        )
        .await
        .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rolled_back_claim_leaves_the_event_to_be_handled_again() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let result = conn
        .transaction::<(), DbError, _>(async |conn| {
            assert!(claim_event(conn, EventSource::Stripe, "evt_1", "checkout", None).await?);
            Err(diesel::result::Error::RollbackTransaction.into())
        })
        .await;
    assert!(result.is_err());
    assert!(
        claim_event(&mut conn, EventSource::Stripe, "evt_1", "checkout", None)
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_concurrent_duplicate_waits_and_then_sees_a_duplicate() {
    let db = TestDb::fresh().await;
    let mut first = db.connect().await;
    let mut second = db.connect().await;
    first.batch_execute("BEGIN").await.unwrap();
    assert!(
        claim_event(&mut first, EventSource::Stripe, "evt_9", "checkout", None)
            .await
            .unwrap()
    );

    let duplicate = tokio::spawn(async move {
        claim_event(&mut second, EventSource::Stripe, "evt_9", "checkout", None).await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !duplicate.is_finished(),
        "the duplicate must wait for the first delivery's outcome"
    );
    first.batch_execute("COMMIT").await.unwrap();
    assert!(!duplicate.await.unwrap().unwrap());
}

fn event(payload: Value) -> SystemEvent {
    SystemEvent {
        level: EventLevel::Warn,
        event_type: "contact.opted_out".to_owned(),
        lead_id: None,
        contact_id: Some(ContactId(12)),
        payload,
        correlation_id: Some("req-7".to_owned()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn events_carry_the_correlation_id_in_column_and_payload() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let lead = lead(&mut conn).await;
    let with_lead = SystemEvent {
        lead_id: Some(lead),
        ..event(json!({ "contact_id": 12, "phone_masked": "+44••••0123" }))
    };
    record(&mut conn, &with_lead).await.unwrap();
    record(&mut conn, &event(Value::Null)).await.unwrap();

    let written = events(&mut conn, "contact.opted_out").await;
    assert_eq!(written.len(), 2);
    assert_eq!(written[0].level, "WARN");
    assert_eq!(written[0].lead_id, Some(lead.0));
    assert_eq!(written[0].contact_id, Some(12));
    assert_eq!(written[0].correlation_id.as_deref(), Some("req-7"));
    assert_eq!(
        written[0].payload,
        Some(json!({ "contact_id": 12, "phone_masked": "+44••••0123", "correlation_id": "req-7" }))
    );
    assert_eq!(
        written[1].payload,
        Some(json!({ "correlation_id": "req-7" }))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn events_refuse_payloads_that_could_carry_personal_data() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    for (payload, key) in [
        (json!({ "phone": "+447700900123" }), "phone"),
        (
            json!({ "kind": "q.budget", "body": "my budget is 300" }),
            "body",
        ),
        (json!({ "error": { "text": "hi" } }), "text"),
        (json!({ "name": "Ana" }), "name"),
        (json!({ "email": "ana@example.com" }), "email"),
        (json!({ "instagram": "@ana" }), "instagram"),
        (
            json!({ "leads": [{ "profile_name": "Ana" }] }),
            "profile_name",
        ),
    ] {
        let refused = record(&mut conn, &event(payload)).await.unwrap_err();
        match refused {
            SystemEventError::PersonalData { key: found } => assert_eq!(found, key),
            other => panic!("expected a personal-data refusal, got {other:?}"),
        }
    }
    assert!(matches!(
        record(&mut conn, &event(json!(["not", "an", "object"]))).await,
        Err(SystemEventError::NotAnObject)
    ));
    assert!(events(&mut conn, "contact.opted_out").await.is_empty());

    // A refusal inside a business transaction rolls it back like any other failure.
    let result = conn
        .transaction::<(), DbError, _>(async |conn| {
            record(conn, &event(json!({ "phone": "+447700900123" }))).await?;
            Ok(())
        })
        .await;
    assert!(matches!(
        result,
        Err(DbError::Query(diesel::result::Error::SerializationError(_)))
    ));
}
