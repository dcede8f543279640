//! Every line the server logs during a whole conversation, with delivery and the artist's links,
//! is scanned for the client's full phone number (data-and-ops.md §7, §8.1). One test per binary:
//! the capture is process-wide.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use inkdesk_test_support::logs::LogCapture;
use support::{CONSULTATION, TestApp};

const CLIENT: &str = "447700900456";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_log_line_of_a_full_conversation_carries_the_clients_number() {
    let capture = LogCapture::install_global();
    inkdesk_test_support::init_crypto();
    let graph = FakeWhatsApp::start().await;
    let db = TestDb::fresh().await;
    let mut settings = support::settings(db.url(), Some(&graph.base_url()));
    settings.rate_limit.enabled = false;
    let base = support::spawn_with(settings, true);
    let app = TestApp {
        base,
        db,
        t0: support::t0(),
    };
    for (n, text) in CONSULTATION.iter().enumerate() {
        let response = app
            .say(CLIENT, &format!("wamid.log{n}"), text, n as i64 * 60)
            .await;
        assert_eq!(response.status().as_u16(), 200);
        app.wait_for_outbox().await;
    }
    // A duplicate, a bad signature and a message after the lead is closed take the other paths.
    app.say(CLIENT, "wamid.log0", CONSULTATION[0], 0).await;
    let bad = app
        .post(
            inkdesk_test_support::fake_whatsapp::webhook::text_message_payload(
                CLIENT,
                "wamid.bad",
                "hello",
                app.t0,
            ),
            inkdesk_test_support::fake_whatsapp::webhook::WebhookSignature::Wrong,
        )
        .await;
    assert_eq!(bad.status().as_u16(), 403);
    assert_eq!(
        app.count("SELECT count(*) FROM leads WHERE status = 'PENDING_APPROVAL'")
            .await,
        1
    );
    app.say(CLIENT, "wamid.logstop", "STOP", 3_000).await;
    app.wait_for_outbox().await;

    let lines = capture.lines();
    assert!(
        lines.len() > 50,
        "the capture saw the server: {}",
        lines.len()
    );
    let leaks: Vec<&String> = lines.iter().filter(|line| line.contains(CLIENT)).collect();
    assert!(
        leaks.is_empty(),
        "{} log lines carry the client's number, e.g. {:?}",
        leaks.len(),
        leaks.first()
    );
    // The masked form is what the logs may use.
    assert!(!lines.iter().any(|line| line.contains("7700900456")));
}
