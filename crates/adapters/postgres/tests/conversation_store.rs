//! `PgStore` as the inbound use case drives it, on a real Postgres: what one message writes, P1
//! duplicates, rollback, the conditional lead update, and two concurrent messages from one contact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod conversation_support;

use std::sync::Arc;
use std::time::Duration;

use conversation_support::{Chat, OPENING, count, text, texts};
use inkdesk_domain::consultation::Disposition;
use inkdesk_domain::model::LeadStatus;
use inkdesk_domain::ports::{Begun, PortError, Store};
use inkdesk_domain::service::ServiceError;
use tokio::sync::Notify;

#[tokio::test(flavor = "multi_thread")]
async fn a_first_message_creates_the_contact_and_the_lead_and_writes_everything() {
    let chat = Chat::new().await;
    let outcome = chat.send(OPENING).await;
    assert_eq!(outcome.lead_status, Some(LeadStatus::Qualifying));
    assert_eq!(outcome.disposition, Some(Disposition::Answer));
    let lead = outcome.lead_id.unwrap().0;
    let mut conn = chat.conn().await;

    assert_eq!(count(&mut conn, "artists WHERE id = 'default'").await, 1);
    assert_eq!(
        text(
            &mut conn,
            "SELECT profile_name || ' ' || phone || ' ' || is_artist || ' ' || last_inbound_at::text AS value
             FROM contacts"
        )
        .await,
        "Alex 447700900123 false 2027-03-25 14:01:00+00"
    );
    assert_eq!(
        text(
            &mut conn,
            &format!("SELECT status || ' ' || current_step || ' ' || version AS value FROM leads WHERE id = {lead}")
        )
        .await,
        "QUALIFYING 1 0"
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT coalesce(from_status, '-') || '>' || to_status || ' ' || actor AS value
             FROM status_history ORDER BY id"
        )
        .await,
        ["NEW>QUALIFYING client"]
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT a.question_key || ': ' || a.value_text AS value
             FROM answers a JOIN inbound_messages m ON m.id = a.inbound_message_id"
        )
        .await,
        [format!("idea: {OPENING}")]
    );
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT message_type || ' ' || disposition || ' ' || (lead_id = {lead}) AS value
                 FROM inbound_messages WHERE provider_message_id = 'wamid.1'"
            )
        )
        .await,
        "text answer true"
    );
    assert_eq!(
        count(
            &mut conn,
            "processed_events WHERE provider = 'whatsapp' AND event_id = 'wamid.1'"
        )
        .await,
        1
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT o.kind || ' ' || o.recipient_role || ' ' || o.mode || ' ' || o.state || ' ' || j.kind
                    || ' ' || j.state AS value
             FROM outbound_messages o
             JOIN jobs j ON j.id = o.job_id AND (j.payload ->> 'outbound_message_id')::bigint = o.id
             ORDER BY o.id"
        )
        .await,
        ["welcome_with_idea client text queued whatsapp.send queued"]
    );
    assert!(
        text(&mut conn, "SELECT body AS value FROM outbound_messages")
            .await
            .contains("Sam Rivers")
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT kind || ' ' || coalesce(dedupe_key, '-') || ' ' || coalesce(ordering_key, '-') AS value
             FROM jobs ORDER BY id"
        )
        .await,
        [
            "whatsapp.send - contact:1".to_owned(),
            format!("sheets.upsert sheets.upsert:{lead} sheets:sheet-1"),
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_message_id_again_is_a_duplicate_and_changes_nothing() {
    let chat = Chat::new().await;
    let first = chat.text(OPENING);
    chat.deliver(first.clone()).await.unwrap();
    let mut conn = chat.conn().await;
    let tables = [
        "contacts",
        "leads",
        "answers",
        "inbound_messages",
        "outbound_messages",
        "jobs",
        "status_history",
        "processed_events",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&mut conn, table).await);
    }

    let again = chat.deliver(first).await.unwrap();

    assert!(again.duplicate);
    assert!(again.client_messages.is_empty());
    let mut after = Vec::new();
    for table in tables {
        after.push(count(&mut conn, table).await);
    }
    assert_eq!(after, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rolled_back_unit_frees_the_claim_so_the_retry_is_processed() {
    let chat = Chat::new().await;
    let inbound = chat.text(OPENING);
    let Begun::Loaded(loaded) = chat
        .store
        .begin(inbound.clone(), chat.clock.at())
        .await
        .unwrap()
    else {
        panic!("a new message id is not a duplicate");
    };
    assert!(loaded.leads.is_empty());
    chat.store.rollback(loaded.ticket).await.unwrap();
    // Ending it twice is harmless.
    chat.store.rollback(loaded.ticket).await.unwrap();
    let mut conn = chat.conn().await;
    assert_eq!(count(&mut conn, "processed_events").await, 0);
    assert_eq!(count(&mut conn, "contacts").await, 0);

    let retried = chat.deliver(inbound).await.unwrap();

    assert!(!retried.duplicate);
    assert_eq!(retried.lead_status, Some(LeadStatus::Qualifying));
    assert_eq!(count(&mut conn, "processed_events").await, 1);
    assert_eq!(count(&mut conn, "leads").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lead_moved_by_someone_else_is_a_conflict_and_nothing_is_written() {
    let chat = Chat::new().await;
    let lead = chat.send(OPENING).await.lead_id.unwrap().0;
    let mut conn = chat.conn().await;
    let jobs_before = count(&mut conn, "jobs").await;
    *chat.hooks.expected_status_override.lock().unwrap() = Some(LeadStatus::PendingApproval);
    let placement = chat.text("Inner forearm");

    let refused = chat.deliver(placement.clone()).await;

    assert!(
        matches!(refused, Err(ServiceError::Port(PortError::Conflict(_)))),
        "{refused:?}"
    );
    assert_eq!(count(&mut conn, "answers").await, 1);
    assert_eq!(count(&mut conn, "inbound_messages").await, 1);
    assert_eq!(count(&mut conn, "outbound_messages").await, 1);
    assert_eq!(count(&mut conn, "jobs").await, jobs_before);
    assert_eq!(count(&mut conn, "processed_events").await, 1);
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT status || ' ' || current_step || ' ' || version AS value
                 FROM leads WHERE id = {lead}"
            )
        )
        .await,
        "QUALIFYING 1 0"
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT level || ' ' || (payload ->> 'expected_status') || ' ' || (payload ->> 'actual_status')
                    || ' ' || (payload ->> 'new_status') AS value
             FROM system_events WHERE event_type = 'atomic_update.conflict'"
        )
        .await,
        "WARN PENDING_APPROVAL QUALIFYING QUALIFYING"
    );

    // The provider's retry of the same message goes through once the lead is as expected.
    *chat.hooks.expected_status_override.lock().unwrap() = None;
    let retried = chat.deliver(placement).await.unwrap();
    assert!(!retried.duplicate);
    assert_eq!(retried.disposition, Some(Disposition::Answer));
    assert_eq!(
        count(&mut conn, "answers WHERE question_key = 'placement'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_messages_from_one_contact_at_once_serialise_on_the_contact_lock() {
    let chat = Arc::new(Chat::new().await);
    let gate = Arc::new(Notify::new());
    *chat.hooks.hold_next_commit.lock().unwrap() = Some(Arc::clone(&gate));
    let opening = chat.text(OPENING);
    let placement = chat.text("Inner forearm");

    let first = tokio::spawn({
        let chat = Arc::clone(&chat);
        async move { chat.deliver(opening).await }
    });
    chat.hooks.commit_reached.notified().await;
    let second = tokio::spawn({
        let chat = Arc::clone(&chat);
        async move { chat.deliver(placement).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !second.is_finished(),
        "the second message must wait for the first one's contact lock"
    );
    gate.notify_one();

    let first = first.await.unwrap().unwrap();
    let second = second.await.unwrap().unwrap();

    assert_eq!(first.lead_status, Some(LeadStatus::Qualifying));
    assert_eq!(second.lead_id, first.lead_id, "no second lead");
    assert_eq!(second.disposition, Some(Disposition::Answer));
    let mut conn = chat.conn().await;
    assert_eq!(count(&mut conn, "contacts").await, 1);
    assert_eq!(count(&mut conn, "leads").await, 1);
    assert_eq!(
        texts(
            &mut conn,
            "SELECT question_key AS value FROM answers ORDER BY id"
        )
        .await,
        ["idea", "placement"]
    );
}
