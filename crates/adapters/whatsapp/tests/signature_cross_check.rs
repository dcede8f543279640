#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The adapter's signature code agrees with the independent one the test helpers use to deliver
//! webhooks, on every fixture.

use inkdesk_test_support::fake_whatsapp::webhook::sign_webhook;
use inkdesk_whatsapp::{SignatureError, sign, verify_signature};

const FIXTURES: [&[u8]; 5] = [
    include_bytes!("fixtures/whatsapp-text.json"),
    include_bytes!("fixtures/whatsapp-image-caption.json"),
    include_bytes!("fixtures/whatsapp-interactive-list-reply.json"),
    include_bytes!("fixtures/whatsapp-status-failed.json"),
    include_bytes!("fixtures/whatsapp-batch.json"),
];

#[test]
fn helper_signatures_verify_and_match() {
    let secret = b"inkdesk-test-app-secret";
    for body in FIXTURES {
        let header = sign_webhook(secret, body);
        assert_eq!(header, sign(secret, body));
        assert_eq!(verify_signature(secret, body, Some(&header)), Ok(()));
        assert_eq!(
            verify_signature(b"another-secret", body, Some(&header)),
            Err(SignatureError::Mismatch)
        );
    }
}
