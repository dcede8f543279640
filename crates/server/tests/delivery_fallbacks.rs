//! The gateway's answers to what WhatsApp refuses (integrations.md §2.3): interactive messages
//! retried once as text, undeliverable numbers, the last attempt, and artist notifications.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod delivery_fixtures;

use chrono::{TimeDelta, Utc};
use delivery_fixtures::{
    ARTIST_PHONE, Harness, NewContact, NewMessage, events, execute, lead, message, messages,
    settings, stored_job, undeliverable_at,
};
use inkdesk_test_support::fake_whatsapp::FakeFailure;
use serde_json::json;

fn coverup_buttons() -> serde_json::Value {
    json!([{"id": "ans:coverup:yes", "title": "Yes"}, {"id": "ans:coverup:no", "title": "No"}])
}

#[tokio::test(flavor = "multi_thread")]
async fn interactive_refused_for_its_parameters_is_sent_once_as_plain_text() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let mut question = NewMessage::text(client, None, "q.coverup").buttons(coverup_buttons());
    question.body = "Is this a cover-up?".to_owned();
    let (id, job) = question.queue(&mut h.conn).await;
    h.fake.fail_next(1, FakeFailure::graph(131_009));

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
        [(Some("interactive"), Some(400)), (Some("text"), Some(200))]
    );
    assert_eq!(
        requests[1].body.as_ref().unwrap()["text"]["body"],
        "Is this a cover-up?\n\nYes / No"
    );
    let row = message(&mut h.conn, id).await;
    assert_eq!(row.state, "sent");
    assert_eq!(row.provider_message_id.as_deref(), Some("wamid.FAKE.1"));
    assert_eq!(stored_job(&mut h.conn, job).await.attempts, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn interactive_breaking_the_limits_goes_out_as_text_without_a_refused_request() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let too_long = json!([{"id": "ans:coverup:yes", "title": "Yes, it covers an old tattoo"}]);
    let (id, _) = NewMessage::text(client, None, "q.coverup")
        .buttons(too_long)
        .queue(&mut h.conn)
        .await;

    let pool = h.start_pool(settings());
    h.settle(false).await;
    pool.shutdown().await;

    let types: Vec<_> = h
        .fake
        .requests()
        .iter()
        .map(|r| r.message_type.clone())
        .collect();
    assert_eq!(types, [Some("text".to_owned())]);
    assert_eq!(message(&mut h.conn, id).await.state, "sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_text_refused_too_is_given_up() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.coverup")
        .buttons(coverup_buttons())
        .queue(&mut h.conn)
        .await;
    h.fake.fail_next(2, FakeFailure::graph(131_009));

    let pool = h.start_pool(settings());
    h.settle(true).await;
    pool.shutdown().await;

    assert_eq!(h.fake.requests().len(), 2, "one text retry, no more");
    assert_eq!(message(&mut h.conn, id).await.state, "failed");
    assert_eq!(stored_job(&mut h.conn, job).await.state, "dead");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undeliverable_number_fails_the_message_and_marks_the_contact() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let (id, job) = NewMessage::text(client, None, "q.idea")
        .queue(&mut h.conn)
        .await;
    h.fake.fail_next(1, FakeFailure::graph(131_026));

    let pool = h.start_pool(settings());
    h.settle(true).await;
    pool.shutdown().await;

    assert_eq!(h.fake.requests().len(), 1);
    let row = message(&mut h.conn, id).await;
    assert_eq!(
        (row.state.as_str(), row.error_code),
        ("failed", Some(131_026))
    );
    assert!(undeliverable_at(&mut h.conn, client).await.is_some());
    assert_eq!(stored_job(&mut h.conn, job).await.state, "dead");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_temporary_failure_on_the_last_attempt_fails_the_message() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let lead_id = lead(&mut h.conn, client).await;
    let (id, job) = NewMessage::text(client, Some(lead_id), "deposit_link")
        .queue(&mut h.conn)
        .await;
    execute(
        &mut h.conn,
        &format!("UPDATE jobs SET attempts = 7 WHERE id = {}", job.0),
    )
    .await;
    h.fake.fail_next(1, FakeFailure::http(503));

    let pool = h.start_pool(settings());
    h.settle(true).await;
    pool.shutdown().await;

    let finished = stored_job(&mut h.conn, job).await;
    assert_eq!((finished.state.as_str(), finished.attempts), ("dead", 8));
    let row = message(&mut h.conn, id).await;
    assert_eq!(row.state, "failed");
    assert_eq!(row.error_code, None, "an HTTP status is not a Graph code");
    let types: Vec<_> = events(&mut h.conn)
        .await
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    assert!(
        types.contains(&"whatsapp.send_failure".to_owned()),
        "{types:?}"
    );
    assert!(types.contains(&"job.dead_lettered".to_owned()), "{types:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_artist_notification_outside_the_window_goes_as_artist_update() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let lead_id = lead(&mut h.conn, client).await;
    // The artist has never written: their window is closed.
    let artist = NewContact::artist()
        .last_wrote(None)
        .insert(&mut h.conn)
        .await;
    let (id, _) = NewMessage::text(artist, Some(lead_id), "artist.new_lead")
        .queue(&mut h.conn)
        .await;

    let pool = h.start_pool(settings());
    h.settle(false).await;
    pool.shutdown().await;

    let sent = h.fake.sent_messages();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient.as_deref(), Some(ARTIST_PHONE));
    let template = &sent[0].body.as_ref().unwrap()["template"];
    assert_eq!(template["name"], "artist_update");
    let params = &template["components"][0]["parameters"];
    assert_eq!(params[0]["text"], format!("#{}", lead_id.0));
    assert_ne!(params[1]["text"], "-", "the event summary is filled");
    let rows = messages(&mut h.conn, artist).await;
    assert_eq!((rows[0].id, rows[0].state.as_str()), (id.0, "deferred"));
    assert_eq!(rows[1].state, "sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn artist_notifications_reach_only_the_configured_artist_number() {
    let mut h = Harness::start().await;
    let client = NewContact::client().insert(&mut h.conn).await;
    let lead_id = lead(&mut h.conn, client).await;
    // The artist's number changed in the configuration after this contact was written.
    let former = NewContact::artist()
        .phone("447700900555")
        .insert(&mut h.conn)
        .await;
    let (to_former, _) = NewMessage::text(former, Some(lead_id), "artist.new_lead")
        .queue(&mut h.conn)
        .await;
    let current = NewContact::artist().insert(&mut h.conn).await;
    let (to_current, _) = NewMessage::text(current, Some(lead_id), "artist.new_lead")
        .queue(&mut h.conn)
        .await;

    let pool = h.start_pool(settings());
    h.settle(false).await;
    pool.shutdown().await;

    assert_eq!(message(&mut h.conn, to_former).await.state, "cancelled");
    assert_eq!(message(&mut h.conn, to_current).await.state, "sent");
    let recipients: Vec<_> = h.fake.requests().into_iter().map(|r| r.recipient).collect();
    assert_eq!(recipients, [Some(ARTIST_PHONE.to_owned())]);
}

#[tokio::test(flavor = "multi_thread")]
async fn artist_notifications_are_cancelled_when_switched_off() {
    let mut h = Harness::start().await;
    let artist = NewContact::artist()
        .last_wrote(Some(Utc::now() - TimeDelta::minutes(5)))
        .insert(&mut h.conn)
        .await;
    let (id, job) = NewMessage::text(artist, None, "artist.new_lead")
        .queue(&mut h.conn)
        .await;

    let mut off = settings();
    off.notifications_enabled = false;
    let pool = h.start_pool(off);
    h.settle(false).await;
    pool.shutdown().await;

    assert!(h.fake.requests().is_empty());
    assert_eq!(message(&mut h.conn, id).await.state, "cancelled");
    assert_eq!(stored_job(&mut h.conn, job).await.state, "cancelled");
}
