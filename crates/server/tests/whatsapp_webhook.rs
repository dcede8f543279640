//! `POST /webhooks/whatsapp` end to end: signed deliveries, one transaction per message, exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use inkdesk_test_support::fake_whatsapp::webhook::WebhookSignature;
use serde_json::Value;
use support::{CONSULTATION, TestApp};

const CLIENT: &str = "447700900123";

#[tokio::test(flavor = "multi_thread")]
async fn a_full_consultation_over_signed_webhooks_reaches_pending_approval() {
    let app = TestApp::spawn().await;
    for (n, text) in CONSULTATION.iter().enumerate() {
        let response = app
            .say(CLIENT, &format!("wamid.c{n}"), text, n as i64 * 60)
            .await;
        assert_eq!(response.status().as_u16(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["messages"], 1, "message {n}: {body}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM leads WHERE status = 'PENDING_APPROVAL'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT count(*) FROM answers").await, 13);
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'artist.new_lead'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM jobs WHERE kind = 'artist.notify'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_message_delivered_20_times_concurrently_is_processed_once() {
    let app = TestApp::spawn().await;
    let deliveries = (0..20).map(|_| app.say(CLIENT, "wamid.dup", CONSULTATION[0], 0));
    let responses = futures_util::future::join_all(deliveries).await;
    assert!(responses.iter().all(|r| r.status().as_u16() == 200));
    assert_eq!(app.count("SELECT count(*) FROM inbound_messages").await, 1);
    assert_eq!(app.count("SELECT count(*) FROM answers").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE recipient_role = 'client'")
            .await,
        1,
        "one reply"
    );
    assert_eq!(app.count("SELECT count(*) FROM leads").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_of_three_messages_from_two_contacts_is_processed_in_timestamp_order() {
    let app = TestApp::spawn().await;
    let t0 = app.t0;
    let message = |from: &str, id: &str, text: &str, ts: i64| {
        serde_json::json!({"from": from, "id": id, "timestamp": (t0 + ts).to_string(),
                           "type": "text", "text": {"body": text}})
    };
    // Out of order in the payload: the placement answer comes before the opening it follows.
    let payload = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
    {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "442079460321",
                     "phone_number_id": inkdesk_test_support::fake_whatsapp::FAKE_PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Sam"}, "wa_id": CLIENT},
                     {"profile": {"name": "Kim"}, "wa_id": "447700900456"}],
        "messages": [
            message(CLIENT, "wamid.b2", "Inner forearm", 60),
            message("447700900456", "wamid.k1", CONSULTATION[0], 30),
            message(CLIENT, "wamid.b1", CONSULTATION[0], 0),
        ]}}]}]});
    let response = app
        .post(
            serde_json::to_vec(&payload).unwrap(),
            WebhookSignature::Valid,
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["messages"], 3, "{body}");
    assert_eq!(app.count("SELECT count(*) FROM leads").await, 2);
    // Sam's placement was taken as the answer to the placement question: processed after the opening.
    assert_eq!(
        app.count("SELECT count(*) FROM answers WHERE question_key = 'placement'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT count(*) FROM answers").await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_or_missing_signature_is_rejected_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let body = inkdesk_test_support::fake_whatsapp::webhook::text_message_payload(
        CLIENT, "wamid.x", "hello", app.t0,
    );
    for signature in [
        WebhookSignature::Wrong,
        WebhookSignature::Missing,
        WebhookSignature::Malformed,
    ] {
        let response = app.post(body.clone(), signature).await;
        assert_eq!(response.status().as_u16(), 403, "{signature:?}");
        let json: Value = response.json().await.unwrap();
        assert_eq!(json["error"], "Invalid webhook signature");
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_and_wrong_shapes_are_400_and_store_nothing() {
    let app = TestApp::spawn().await;
    for body in [
        &b"{not json"[..],
        b"[1, 2, 3]",
        b"\"a string\"",
        br#"{"object": "whatsapp_business_account", "entry": 7}"#,
    ] {
        let response = app.post(body.to_vec(), WebhookSignature::Valid).await;
        assert_eq!(
            response.status().as_u16(),
            400,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    // Well-formed JSON whose messages are broken is acknowledged and ignored, never a 4xx.
    let odd =
        br#"{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
        "value": {"metadata": {"phone_number_id": "109876543210987"},
                  "messages": [{"id": 5, "from": "abc", "timestamp": "soon"}]}}]}]}"#;
    let response = app.post(odd.to_vec(), WebhookSignature::Valid).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_nothing_stored(&app).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn after_stop_a_later_message_gets_nothing_but_the_opt_out_confirmation() {
    let app = TestApp::spawn().await;
    app.say(CLIENT, "wamid.s0", CONSULTATION[0], 0).await;
    app.say(CLIENT, "wamid.s1", "STOP", 60).await;
    app.say(CLIENT, "wamid.s2", "Inner forearm", 60 + 600).await;
    let kinds = app
        .count(
            "SELECT count(*) FROM outbound_messages o WHERE o.recipient_role = 'client'
             AND o.created_at >= (SELECT received_at FROM inbound_messages WHERE provider_message_id = 'wamid.s1')
             AND o.state NOT IN ('blocked_optout', 'cancelled')",
        )
        .await;
    assert_eq!(
        kinds, 1,
        "only the opt-out confirmation goes out after STOP"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'opt_out_confirmation'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM contacts WHERE opted_out")
            .await,
        1
    );
}

async fn assert_nothing_stored(app: &TestApp) {
    for table in [
        "artists",
        "contacts",
        "leads",
        "inbound_messages",
        "answers",
        "outbound_messages",
        "jobs",
        "processed_events",
        "system_events",
    ] {
        assert_eq!(
            app.count(&format!("SELECT count(*) FROM {table}")).await,
            0,
            "{table} must stay empty"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_outage_answers_5xx_and_the_retry_is_processed_exactly_once() {
    inkdesk_test_support::init_crypto();
    let db = inkdesk_test_support::TestDb::fresh().await;
    // The server reaches Postgres through a proxy the test can switch off.
    let (before, rest) = db.url().split_once('@').unwrap();
    let (host_port, path) = rest.split_once('/').unwrap();
    let proxy = inkdesk_test_support::proxy::TcpProxy::start(host_port.parse().unwrap()).await;
    let proxied = format!("{before}@{}/{path}", proxy.address());
    let base = support::spawn_with(support::settings(&proxied, None), false);
    let app = TestApp {
        base,
        db,
        t0: support::t0(),
    };

    assert_eq!(
        app.say(CLIENT, "wamid.o1", CONSULTATION[0], 0)
            .await
            .status()
            .as_u16(),
        200
    );
    proxy.down();
    let during = app.say(CLIENT, "wamid.o2", CONSULTATION[1], 60).await;
    assert!(during.status().is_server_error(), "{}", during.status());
    proxy.up();

    // Meta retries the same delivery.
    let retry = app.say(CLIENT, "wamid.o2", CONSULTATION[1], 60).await;
    assert_eq!(retry.status().as_u16(), 200);
    let body: Value = retry.json().await.unwrap();
    assert_eq!(body["messages"], 1, "{body}");
    let again = app.say(CLIENT, "wamid.o2", CONSULTATION[1], 60).await;
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["duplicates"], 1, "{body}");

    assert_eq!(
        app.count("SELECT count(*) FROM inbound_messages WHERE provider_message_id = 'wamid.o2'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM answers WHERE question_key = 'placement'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_message_arriving_late_is_stored_but_not_taken_as_an_answer() {
    let app = TestApp::spawn().await;
    app.say(CLIENT, "wamid.l0", CONSULTATION[0], 0).await;
    app.say(CLIENT, "wamid.l2", CONSULTATION[1], 120).await;
    // Sent between the two, delivered after the second.
    let late = app.say(CLIENT, "wamid.l1", "10x15cm", 60).await;
    let body: Value = late.json().await.unwrap();
    assert_eq!(body["late"], 1, "{body}");
    assert_eq!(
        app.count("SELECT count(*) FROM inbound_messages WHERE provider_message_id = 'wamid.l1' AND disposition = 'late'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM answers WHERE question_key = 'dimensions'")
            .await,
        0,
        "the late message is not the answer to the current question"
    );
}
