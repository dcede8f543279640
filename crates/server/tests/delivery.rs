//! The outbound gateway end to end (data-and-ops.md §4.3): a worker pool running the delivery
//! handler against a real Postgres and the fake Graph API. Plans that need no network, sends,
//! retries and the window-closed path.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod delivery_fixtures;

use chrono::{TimeDelta, Utc};
use delivery_fixtures::{
    CLIENT_PHONE, Harness, NewContact, NewMessage, events, execute, last_bot_message_at, lead,
    message, messages, settings, stored_job,
};
use inkdesk_test_support::fake_whatsapp::FakeFailure;

#[tokio::test(flavor = "multi_thread")]
async fn a_queued_text_is_delivered_once_and_marked_sent() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let lead_id = lead(&mut h.conn, client).await;
    let (id, job) = NewMessage::text(client, Some(lead_id), "q.idea")
        .queue(&mut h.conn)
        .await;

    let pool = h.start_pool(settings());
    h.settle(false).await;

    let sent = h.fake.sent_messages();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient.as_deref(), Some(CLIENT_PHONE));
    assert_eq!(sent[0].message_type.as_deref(), Some("text"));
    let row = message(&mut h.conn, id).await;
    assert_eq!(row.state, "sent");
    assert_eq!(row.provider_message_id.as_deref(), Some("wamid.FAKE.1"));
    assert!(row.sent_at.is_some());
    assert!(last_bot_message_at(&mut h.conn, lead_id).await.is_some());
    let finished = stored_job(&mut h.conn, job).await;
    assert_eq!(
        (finished.state.as_str(), finished.attempts),
        ("succeeded", 1)
    );

    // A retry of the same job after its success was recorded finds the row handled.
    execute(
        &mut h.conn,
        &format!(
            "UPDATE jobs SET state = 'queued', run_at = now() WHERE id = {}",
            job.0
        ),
    )
    .await;
    h.settle(false).await;
    pool.shutdown().await;
    assert_eq!(h.fake.requests().len(), 1, "nothing is sent twice");
    assert_eq!(stored_job(&mut h.conn, job).await.state, "succeeded");
}

#[tokio::test(flavor = "multi_thread")]
async fn temporary_failures_are_retried_and_the_message_goes_out_once() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;
    h.fake.fail_next(2, FakeFailure::http(500));

    let pool = h.start_pool(settings());
    h.settle(true).await;
    pool.shutdown().await;

    let statuses: Vec<_> = h.fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(200)]);
    assert_eq!(h.fake.sent_messages().len(), 1);
    let row = message(&mut h.conn, id).await;
    assert_eq!(row.state, "sent");
    assert_eq!(row.provider_message_id.as_deref(), Some("wamid.FAKE.1"));
    let finished = stored_job(&mut h.conn, job).await;
    assert_eq!(
        (finished.state.as_str(), finished.attempts),
        ("succeeded", 3)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_pushes_the_next_attempt_back() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;
    h.fake
        .fail_next(1, FakeFailure::http(429).with_retry_after(120));

    let pool = h.start_pool(settings());
    let waiting = h.wait_for_retry(job, 1).await;
    pool.shutdown().await;

    // The base delay would be 2.5–5 s; Retry-After raises it to two minutes.
    assert!(
        waiting.due_in_seconds > 110.0 && waiting.due_in_seconds <= 120.0,
        "next run in {}s",
        waiting.due_in_seconds
    );
    assert_eq!(waiting.last_error_class.as_deref(), Some("retryable"));
    assert_eq!(message(&mut h.conn, id).await.state, "queued");
    assert_eq!(h.fake.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_closed_at_whatsapp_sends_the_template_and_defers_the_content() {
    let mut h = Harness::start().await;
    // We think the window is open; WhatsApp knows better.
    let client = NewContact::client().insert(&mut h.conn).await;
    let lead_id = lead(&mut h.conn, client).await;
    let (id, _) = NewMessage::text(client, Some(lead_id), "approved")
        .queue(&mut h.conn)
        .await;
    h.fake.close_window_for(CLIENT_PHONE);

    let pool = h.start_pool(settings());
    h.settle(false).await;
    pool.shutdown().await;

    let requests = h.fake.requests();
    let types: Vec<_> = requests
        .iter()
        .map(|r| (r.message_type.as_deref(), r.status))
        .collect();
    assert_eq!(
        types,
        [(Some("text"), Some(400)), (Some("template"), Some(200))]
    );
    let template = requests[1].body.as_ref().unwrap();
    assert_eq!(template["template"]["name"], "next_steps_reply_to_continue");

    let rows = messages(&mut h.conn, client).await;
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].id, rows[0].state.as_str()), (id.0, "deferred"));
    assert_eq!(rows[1].mode, "template");
    assert_eq!(rows[1].stands_in_for, Some(id.0));
    assert_eq!(rows[1].state, "sent");
    assert_eq!(rows[1].provider_message_id.as_deref(), Some("wamid.FAKE.1"));
    let fallback = events(&mut h.conn).await;
    assert!(
        fallback
            .iter()
            .any(|e| e.event_type == "template.fallback_used"),
        "{fallback:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permanent_error_dead_letters_at_once_and_fails_the_message() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;
    h.fake.fail_next(1, FakeFailure::http(400));

    let pool = h.start_pool(settings());
    h.settle(true).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    pool.shutdown().await;

    assert_eq!(h.fake.requests().len(), 1, "no retry storm");
    let finished = stored_job(&mut h.conn, job).await;
    assert_eq!((finished.state.as_str(), finished.attempts), ("dead", 1));
    let row = message(&mut h.conn, id).await;
    assert_eq!(row.state, "failed");
    assert!(row.failed_at.is_some());
    let events = events(&mut h.conn).await;
    let dead = events
        .iter()
        .find(|e| e.event_type == "job.dead_lettered")
        .expect("job.dead_lettered");
    assert_eq!(dead.level, "ERROR");
    assert_eq!(dead.payload.as_ref().unwrap()["error_code"], "http_400");
    let failure = events
        .iter()
        .find(|e| e.event_type == "whatsapp.send_failure")
        .expect("whatsapp.send_failure");
    assert_eq!(
        failure.payload.as_ref().unwrap()["outbound_message_id"],
        id.0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_opted_out_contact_is_sent_nothing() {
    let mut h = Harness::start().await;
    let client = NewContact::client().opted_out().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;

    let pool = h.start_pool(settings());
    h.settle(false).await;
    pool.shutdown().await;

    assert!(h.fake.requests().is_empty());
    assert_eq!(message(&mut h.conn, id).await.state, "blocked_optout");
    assert_eq!(stored_job(&mut h.conn, job).await.state, "cancelled");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_question_is_skipped_when_the_window_has_closed() {
    let mut h = Harness::start().await;
    let two_days_ago = Utc::now() - TimeDelta::days(2);
    let client = NewContact::client()
        .last_wrote(Some(two_days_ago))
        .insert(&mut h.conn)
        .await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;

    let pool = h.start_pool(settings());
    h.settle(false).await;
    pool.shutdown().await;

    assert!(h.fake.requests().is_empty());
    assert_eq!(
        message(&mut h.conn, id).await.state,
        "skipped_window_closed"
    );
    assert_eq!(messages(&mut h.conn, client).await.len(), 1, "no template");
    assert_eq!(stored_job(&mut h.conn, job).await.state, "cancelled");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_records_the_send_and_calls_nobody() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;

    let mut dry = settings();
    dry.dry_run = true;
    let pool = h.start_pool(dry);
    h.settle(false).await;
    pool.shutdown().await;

    assert!(h.fake.requests().is_empty());
    let row = message(&mut h.conn, id).await;
    assert_eq!(row.state, "sent");
    assert_eq!(row.provider_message_id, Some(format!("dryrun.{}", id.0)));
    assert_eq!(stored_job(&mut h.conn, job).await.state, "succeeded");
}
