#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What the client logs: provider, operation, status, duration, class, code and trace id — never the
//! phone number, the token, or any message content.

mod support;

use inkdesk_test_support::fake_whatsapp::FakeFailure;
use inkdesk_test_support::logs::LogCapture;
use support::{SAM, client, phone, start};

#[tokio::test]
async fn logs_carry_call_facts_and_no_secrets() {
    let (capture, _guard) = LogCapture::install();

    let fake = start().await;
    let client = client(&fake);
    client
        .send_text(&phone(SAM), "my secret design")
        .await
        .unwrap();
    fake.fail_next(1, FakeFailure::graph(131_026));
    client
        .send_text(&phone(SAM), "my secret design")
        .await
        .unwrap_err();

    let lines = capture.lines();
    let ours: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("provider=\"whatsapp\""))
        .collect();
    assert_eq!(ours.len(), 2, "{lines:#?}");
    assert!(ours[0].contains("operation=\"send_text\"") && ours[0].contains("status=200"));
    assert!(ours[0].contains("duration_ms="));
    assert!(ours[0].contains("recipient=\"***0123\""));
    assert!(
        ours[1].contains("error_code=\"131026\"") && ours[1].contains("error_class=\"permanent\"")
    );
    assert!(ours[1].contains("fbtrace_id=\"FAKEtrace1\""), "{}", ours[1]);
    for line in &lines {
        assert!(!line.contains("447700900123"), "{line}");
        assert!(!line.contains(&fake.access_token()), "{line}");
        assert!(!line.contains("secret design"), "{line}");
    }
}
