#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What the client logs: provider, operation, status, duration, class, code and trace id — never the
//! phone number, the token, or any message content.

mod support;

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use inkdesk_test_support::fake_whatsapp::FakeFailure;
use support::{SAM, client, phone, start};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Collects every event's fields as `name=value` text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = String::new();
        event.record(&mut Line(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn logs_carry_call_facts_and_no_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

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

    let lines = capture.0.lock().unwrap().clone();
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
