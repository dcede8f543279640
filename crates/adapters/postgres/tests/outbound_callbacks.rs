//! WhatsApp status callbacks on a real Postgres (http-api.md §3.2.1): monotonic states, stored
//! timestamps and errors, and the follow-ups of `failed`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod outbound_fixtures;

use chrono::{DateTime, Utc};
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::outbound::{DeliveryStatus, OutboundState};
use inkdesk_postgres::outbound::{
    AppliedStatus, CallbackFollowUp, DeliveryError, StatusCallback, StatusCallbackResult,
    apply_status_callback,
};
use inkdesk_test_support::TestDb;
use outbound_fixtures::{NewRow, at, contact, events, jobs, lead, stored, undeliverable_at};
use serde_json::json;

fn status(wamid: &str, status: DeliveryStatus, timestamp: DateTime<Utc>) -> StatusCallback {
    StatusCallback {
        provider_message_id: wamid.to_owned(),
        status,
        timestamp,
        error: None,
    }
}

fn failed(wamid: &str, code: i64, timestamp: DateTime<Utc>) -> StatusCallback {
    StatusCallback {
        error: Some(DeliveryError::from_graph(
            Some(code),
            Some("Message failed".to_owned()),
            Some("details from Meta".to_owned()),
        )),
        ..status(wamid, DeliveryStatus::Failed, timestamp)
    }
}

fn applied(result: StatusCallbackResult) -> AppliedStatus {
    match result {
        StatusCallbackResult::Applied(applied) => applied,
        StatusCallbackResult::Ignored => panic!("the callback matched no message"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_message_id_is_ignored() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let result = apply_status_callback(
        &mut conn,
        &status("wamid.nope", DeliveryStatus::Read, at(25, 12, 0)),
        at(25, 12, 0),
    )
    .await
    .unwrap();
    assert_eq!(result, StatusCallbackResult::Ignored);
}

#[tokio::test(flavor = "multi_thread")]
async fn states_only_move_forward_and_every_timestamp_is_kept() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900140", None).await;
    let lead_id = lead(&mut conn, client).await;
    let id = NewRow::new(client, Some(lead_id), "q.idea")
        .sent_as("wamid.1")
        .insert(&mut conn)
        .await;
    let now = at(25, 12, 0);

    let steps = [
        (DeliveryStatus::Read, at(25, 10, 2), OutboundState::Read),
        (
            DeliveryStatus::Delivered,
            at(25, 10, 1),
            OutboundState::Read,
        ),
        (DeliveryStatus::Sent, at(25, 10, 0), OutboundState::Read),
        (
            DeliveryStatus::Delivered,
            at(25, 10, 5),
            OutboundState::Read,
        ),
    ];
    for (incoming, timestamp, expected) in steps {
        let result = applied(
            apply_status_callback(&mut conn, &status("wamid.1", incoming, timestamp), now)
                .await
                .unwrap(),
        );
        assert_eq!(result.state, expected, "{incoming}");
        assert_eq!(result.follow_up, CallbackFollowUp::None);
        assert_eq!(
            (result.outbound_id, result.contact_id, result.lead_id),
            (id, client, Some(lead_id))
        );
        assert_eq!(result.kind, MessageId::Q_IDEA);
    }
    let row = stored(&mut conn, id).await;
    assert_eq!(row.state, "read");
    assert_eq!(row.read_at, Some(at(25, 10, 2)));
    assert_eq!(
        row.delivered_at,
        Some(at(25, 10, 1)),
        "the first delivery time wins"
    );
    assert_eq!(row.sent_at, Some(at(25, 10, 0)));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_after_delivery_is_recorded_without_changing_the_state() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900141", None).await;
    let id = NewRow::new(client, None, "slot_held")
        .state("delivered")
        .insert(&mut conn)
        .await;
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut conn,
        &format!(
            "UPDATE outbound_messages SET provider_message_id = 'wamid.2' WHERE id = {}",
            id.0
        ),
    )
    .await
    .unwrap();

    let mut callback = failed("wamid.2", 131_026, at(25, 10, 0));
    if let Some(error) = callback.error.as_mut() {
        error.details = Some("é".repeat(600));
    }
    let result = applied(
        apply_status_callback(&mut conn, &callback, at(25, 12, 0))
            .await
            .unwrap(),
    );
    assert_eq!(result.state, OutboundState::Delivered);
    assert_eq!(
        result.follow_up,
        CallbackFollowUp::None,
        "no follow-up for a delivered message"
    );
    let row = stored(&mut conn, id).await;
    assert_eq!(row.state, "delivered");
    assert_eq!(row.error_code, Some(131_026));
    assert_eq!(row.error_title.as_deref(), Some("Message failed"));
    assert_eq!(row.error_details.map(|d| d.chars().count()), Some(500));
    assert_eq!(undeliverable_at(&mut conn, client).await, None);
    let logged = events(&mut conn).await;
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].event_type, "whatsapp.status_failed");
    assert_eq!(
        logged[0].payload.clone().unwrap(),
        json!({ "outbound_message_id": id.0, "code": 131_026, "kind": "slot_held" })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_failure_code_leaves_the_row_and_the_caller_what_the_table_says() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900142", None).await;
    let now = at(25, 12, 0);
    let cases = [
        (
            "approved",
            131_047,
            "failed",
            CallbackFollowUp::TakeTemplatePath,
        ),
        (
            "q.budget",
            131_047,
            "skipped_window_closed",
            CallbackFollowUp::None,
        ),
        (
            "deposit_link",
            131_053,
            "failed",
            CallbackFollowUp::NotifyArtist(MessageId::ARTIST_JOB_FAILED),
        ),
        ("q.style", 131_053, "failed", CallbackFollowUp::None),
        ("artist.new_lead", 131_026, "failed", CallbackFollowUp::None),
    ];
    for (at_case, (kind, code, state, follow_up)) in cases.into_iter().enumerate() {
        let wamid = format!("wamid.case{at_case}");
        let id = NewRow::new(client, None, kind)
            .sent_as(&wamid)
            .insert(&mut conn)
            .await;
        let result = applied(
            apply_status_callback(&mut conn, &failed(&wamid, code, now), now)
                .await
                .unwrap(),
        );
        assert_eq!(result.follow_up, follow_up, "{kind} {code}");
        assert_eq!(result.state.as_str(), state, "{kind} {code}");
        let row = stored(&mut conn, id).await;
        assert_eq!(row.state, state, "{kind} {code}");
        assert_eq!(row.failed_at, Some(now));
        assert_eq!(row.error_code, Some(i32::try_from(code).unwrap()));
    }
    assert!(jobs(&mut conn).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undeliverable_client_is_marked_and_the_artist_is_to_be_told() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900143", None).await;
    NewRow::new(client, None, "approved")
        .sent_as("wamid.u")
        .insert(&mut conn)
        .await;
    let now = at(25, 12, 0);

    let result = applied(
        apply_status_callback(&mut conn, &failed("wamid.u", 131_026, at(25, 11, 0)), now)
            .await
            .unwrap(),
    );
    assert_eq!(
        result.follow_up,
        CallbackFollowUp::NotifyArtist(MessageId::ARTIST_UNDELIVERABLE)
    );
    assert_eq!(undeliverable_at(&mut conn, client).await, Some(now));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_temporary_failure_is_re_sent_once_through_the_queue() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900144", None).await;
    let lead_id = lead(&mut conn, client).await;
    let id = NewRow::new(client, Some(lead_id), "slot_offer")
        .sent_as("wamid.t1")
        .insert(&mut conn)
        .await;
    let now = at(25, 12, 0);

    let result = applied(
        apply_status_callback(&mut conn, &failed("wamid.t1", 130_429, now), now)
            .await
            .unwrap(),
    );
    assert_eq!(result.state, OutboundState::Queued);
    assert_eq!(result.follow_up, CallbackFollowUp::None);
    let row = stored(&mut conn, id).await;
    assert_eq!(row.state, "queued");
    assert_eq!(row.provider_message_id, None);
    assert_eq!(row.error_code, Some(130_429));
    let queued = jobs(&mut conn).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "whatsapp.send");
    assert_eq!(queued[0].payload, json!({ "outbound_message_id": id.0 }));
    assert_eq!(
        queued[0].run_at,
        at(25, 12, 0) + chrono::TimeDelta::seconds(30)
    );
    assert_eq!(row.job_id, Some(queued[0].id));

    // Late news about the first attempt matches nothing any more.
    let late = apply_status_callback(
        &mut conn,
        &status("wamid.t1", DeliveryStatus::Delivered, now),
        now,
    )
    .await
    .unwrap();
    assert_eq!(late, StatusCallbackResult::Ignored);

    // The second attempt is accepted, then fails again: no third attempt, the artist hears of it.
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut conn,
        &format!("UPDATE outbound_messages SET state = 'sent', provider_message_id = 'wamid.t2' WHERE id = {}", id.0),
    )
    .await
    .unwrap();
    let result = applied(
        apply_status_callback(&mut conn, &failed("wamid.t2", 131_000, now), now)
            .await
            .unwrap(),
    );
    assert_eq!(result.state, OutboundState::Failed);
    assert_eq!(
        result.follow_up,
        CallbackFollowUp::NotifyArtist(MessageId::ARTIST_JOB_FAILED)
    );
    assert_eq!(jobs(&mut conn).await.len(), 1);
}
