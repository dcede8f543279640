#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What the client logs: provider, operation, payment id, status, duration, class, code and
//! `Request-Id` — never the secret key, the Checkout URL, request parameters or Stripe's messages.

mod support;

use inkdesk_test_support::fake_stripe::FakeFailure;
use inkdesk_test_support::logs::LogCapture;
use support::{at, client, params, start};

#[tokio::test]
async fn logs_carry_call_facts_and_no_secrets() {
    let (capture, _guard) = LogCapture::install();

    let fake = start().await;
    let client = client(&fake);
    let session = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap();
    let mut bad = params(&fake);
    bad.payment_id = 118;
    bad.expires_at = at(fake.now() + 60);
    client.create_checkout_session(&bad).await.unwrap_err();
    client
        .expire_checkout_session(&session.session_id, 117)
        .await
        .unwrap();
    client
        .expire_checkout_session(&session.session_id, 119)
        .await
        .unwrap();
    fake.fail_next(1, FakeFailure::rate_limited(5));
    client
        .expire_checkout_session(&session.session_id, 120)
        .await
        .unwrap_err();

    let lines = capture.lines();
    let ours: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("provider=\"stripe\""))
        .collect();
    assert_eq!(ours.len(), 5, "{lines:#?}");
    let created = ours[0];
    assert!(created.contains("operation=\"create_checkout\"") && created.contains("status=200"));
    assert!(created.contains("payment_id=117") && created.contains("duration_ms="));
    assert!(created.contains("session_id=\"cs_test_fake_1\""));
    assert!(created.contains("request_id=\"req_fake_"), "{created}");
    let refused = ours[1];
    assert!(refused.contains("error_class=\"permanent\"") && refused.contains("status=400"));
    assert!(refused.contains("error_param=\"expires_at\""), "{refused}");
    assert!(ours[2].contains("operation=\"expire_checkout\"") && ours[2].contains("status=200"));
    assert!(ours[3].contains("already done"), "{}", ours[3]);
    assert!(ours[4].contains("error_class=\"retryable\"") && ours[4].contains("status=429"));
    for line in &lines {
        assert!(!line.contains(&fake.secret_key()), "{line}");
        assert!(!line.contains("/c/pay/"), "{line}");
        assert!(!line.contains("Tattoo deposit"), "{line}");
        assert!(!line.contains("must be between"), "{line}");
    }
}
