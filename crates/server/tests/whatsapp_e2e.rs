//! Webhooks in, Graph API out: a whole consultation through the running server, its workers and the
//! fake Graph API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use inkdesk_test_support::fake_whatsapp::{FakeFailure, FakeWhatsApp};
use support::{ARTIST, CONSULTATION, TestApp};

const CLIENT: &str = "447700900123";

#[tokio::test(flavor = "multi_thread")]
async fn every_question_goes_out_exactly_once_in_order_and_the_artist_hears_once() {
    let graph = FakeWhatsApp::start().await;
    let app = TestApp::spawn_delivering_to(&graph).await;
    for (n, text) in CONSULTATION.iter().enumerate() {
        let response = app
            .say(CLIENT, &format!("wamid.e{n}"), text, n as i64 * 60)
            .await;
        assert_eq!(response.status().as_u16(), 200);
        // A client reads the question before answering it.
        app.wait_for_outbox().await;
    }
    assert_eq!(
        app.count("SELECT count(*) FROM leads WHERE status = 'PENDING_APPROVAL'")
            .await,
        1
    );

    let to_client: Vec<_> = graph
        .sent_messages()
        .into_iter()
        .filter(|r| r.recipient.as_deref() == Some(CLIENT))
        .collect();
    let client_rows = app
        .count("SELECT count(*) FROM outbound_messages WHERE recipient_role = 'client'")
        .await;
    assert_eq!(
        to_client.len() as i64,
        client_rows,
        "each reply sent exactly once"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE recipient_role = 'client' AND state = 'sent'")
            .await,
        client_rows
    );
    // In the order they were written: the provider ids were assigned in send order.
    let in_order = app
        .count(
            "SELECT count(*) FROM (
               SELECT id, provider_message_id,
                      lag(substring(provider_message_id FROM '[0-9]+$')::int) OVER (ORDER BY id) AS previous
               FROM outbound_messages WHERE recipient_role = 'client') o
             WHERE previous IS NOT NULL
               AND substring(provider_message_id FROM '[0-9]+$')::int < previous",
        )
        .await;
    assert_eq!(
        in_order, 0,
        "replies were delivered in the order they were written"
    );
    let bodies: Vec<String> = to_client
        .iter()
        .map(|r| r.body.as_ref().unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<_> = bodies.iter().collect();
    assert_eq!(unique.len(), bodies.len(), "no message was sent twice");

    let to_artist: Vec<_> = graph
        .sent_messages()
        .into_iter()
        .filter(|r| r.recipient.as_deref() == Some(ARTIST))
        .collect();
    assert_eq!(to_artist.len(), 1, "the artist is notified once");
    // The artist never wrote: outside their window the summary waits behind the update template.
    assert_eq!(to_artist[0].message_type.as_deref(), Some("template"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_131047_callback_sends_the_template_and_defers_the_content() {
    let graph = FakeWhatsApp::start().await;
    let app = TestApp::spawn_delivering_to(&graph).await;
    // The artist wrote recently, so the new-lead summary goes out as free-form text.
    app.say(ARTIST, "wamid.artist", "hi", 0).await;
    for (n, text) in CONSULTATION.iter().enumerate() {
        app.say(CLIENT, &format!("wamid.f{n}"), text, 60 + n as i64 * 60)
            .await;
        app.wait_for_outbox().await;
    }
    let summary_wamid = graph
        .sent_messages()
        .into_iter()
        .filter(|r| {
            r.recipient.as_deref() == Some(ARTIST) && r.message_type.as_deref() == Some("text")
        })
        .count();
    assert!(summary_wamid >= 1, "the summary went out as text");

    #[derive(diesel::QueryableByName)]
    struct Sent {
        #[diesel(sql_type = diesel::sql_types::Text)]
        provider_message_id: String,
    }
    use diesel_async::RunQueryDsl;
    let mut conn = app.db.connect().await;
    let sent: Sent = diesel::sql_query(
        "SELECT provider_message_id FROM outbound_messages WHERE kind = 'artist.new_lead'",
    )
    .get_result(&mut conn)
    .await
    .unwrap();

    let callback = inkdesk_test_support::fake_whatsapp::webhook::failed_status_payload(
        &sent.provider_message_id,
        ARTIST,
        131047,
        app.t0 + 3600,
    );
    let response = app
        .post(
            callback,
            inkdesk_test_support::fake_whatsapp::webhook::WebhookSignature::Valid,
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    app.wait_for_outbox().await;

    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'artist.new_lead' AND mode <> 'template' AND state = 'deferred'")
            .await,
        1,
        "the summary waits for the artist's next message"
    );
    let templates = graph
        .sent_messages()
        .into_iter()
        .filter(|r| {
            r.recipient.as_deref() == Some(ARTIST) && r.message_type.as_deref() == Some("template")
        })
        .count();
    assert_eq!(templates, 1, "the artist_update template went out instead");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_callbacks_move_messages_forward_only() {
    let graph = FakeWhatsApp::start().await;
    let app = TestApp::spawn_delivering_to(&graph).await;
    app.say(CLIENT, "wamid.g0", CONSULTATION[0], 0).await;
    app.wait_for_outbox().await;
    let wamid = "wamid.FAKE.1";
    for status in ["read", "delivered", "sent"] {
        let body = inkdesk_test_support::fake_whatsapp::webhook::status_payload(
            wamid,
            status,
            CLIENT,
            app.t0 + 100,
        );
        let response = app
            .post(
                body,
                inkdesk_test_support::fake_whatsapp::webhook::WebhookSignature::Valid,
            )
            .await;
        assert_eq!(response.status().as_u16(), 200);
    }
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM outbound_messages WHERE provider_message_id = '{wamid}' AND state = 'read' AND read_at IS NOT NULL"
        ))
        .await,
        1,
        "an older status never overwrites a newer one"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_goes_out_at_once_without_waiting_for_the_next_poll() {
    let graph = FakeWhatsApp::start().await;
    inkdesk_test_support::init_crypto();
    let db = inkdesk_test_support::TestDb::fresh().await;
    let mut settings = support::settings(db.url(), Some(&graph.base_url()));
    // Idle workers would look again only after a minute: the committing unit of work wakes them.
    settings.job_poll_interval_ms = 60_000;
    let app = TestApp {
        base: support::spawn_with(settings, true),
        db,
        t0: support::t0(),
    };
    let inbox = graph.inbox(CLIENT);
    // Let the workers' first look at the empty queue pass, so they are asleep when the message lands.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let response = app.say(CLIENT, "wamid.wake", CONSULTATION[0], 0).await;
    assert_eq!(response.status().as_u16(), 200);
    tokio::time::timeout(std::time::Duration::from_secs(10), inbox.wait_beyond(0))
        .await
        .expect("the welcome reaches the client long before the next poll");
    assert_eq!(inbox.received(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undeliverable_client_number_alerts_the_artist() {
    let graph = FakeWhatsApp::start().await;
    graph.fail_next_for(CLIENT, 1, FakeFailure::graph(131_026));
    let app = TestApp::spawn_delivering_to(&graph).await;

    let response = app.say(CLIENT, "wamid.u0", CONSULTATION[0], 0).await;
    assert_eq!(response.status().as_u16(), 200);
    app.wait_for_outbox().await;

    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM contacts WHERE phone = '{CLIENT}' AND undeliverable_at IS NOT NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM outbound_messages
             WHERE kind = 'artist.undeliverable' AND recipient_role = 'artist'
               AND lead_id IS NOT NULL AND stands_in_for IS NULL"
        )
        .await,
        1,
        "one alert, about the client's lead"
    );
    assert!(
        graph
            .sent_messages()
            .iter()
            .any(|r| r.recipient.as_deref() == Some(ARTIST)),
        "the alert reached the artist's number"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_131026_callback_for_a_client_message_alerts_the_artist() {
    use inkdesk_test_support::fake_whatsapp::webhook::{WebhookSignature, failed_status_payload};
    let graph = FakeWhatsApp::start().await;
    let app = TestApp::spawn_delivering_to(&graph).await;
    let response = app.say(CLIENT, "wamid.c0", CONSULTATION[0], 0).await;
    assert_eq!(response.status().as_u16(), 200);
    app.wait_for_outbox().await;
    let welcome = graph
        .sent_messages()
        .into_iter()
        .find(|r| r.recipient.as_deref() == Some(CLIENT))
        .expect("the welcome went out");
    assert_eq!(welcome.status, Some(200));

    // The fake numbers its accepted sends wamid.FAKE.<n>; the welcome was the first.
    let callback = failed_status_payload("wamid.FAKE.1", CLIENT, 131_026, app.t0 + 120);
    let response = app.post(callback, WebhookSignature::Valid).await;
    assert_eq!(response.status().as_u16(), 200);
    app.wait_for_outbox().await;

    assert_eq!(
        app.count(
            "SELECT count(*) FROM outbound_messages
             WHERE kind = 'artist.undeliverable' AND stands_in_for IS NULL AND lead_id IS NOT NULL"
        )
        .await,
        1
    );
}
