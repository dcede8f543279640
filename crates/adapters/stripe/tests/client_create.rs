#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Creating Checkout Sessions against the fake Stripe: every §3.1 parameter on the wire, idempotent
//! replays, and every error class of §3.3.

mod support;

use std::time::Duration;

use inkdesk_domain::provider::ProviderError;
use inkdesk_stripe::api_version;
use inkdesk_test_support::fake_stripe::FakeFailure;
use serde_json::json;
use support::{CANCEL_URL, SUCCESS_URL, at, client, client_with, params, start};

#[tokio::test]
async fn create_sends_every_parameter_and_returns_the_session() {
    let fake = start().await;
    let params = params(&fake);
    let session = client(&fake)
        .create_checkout_session(&params)
        .await
        .unwrap();

    assert_eq!(session.session_id, "cs_test_fake_1");
    assert_eq!(
        session.url,
        format!("{}/c/pay/cs_test_fake_1", fake.base_url())
    );
    assert_eq!(session.expires_at, params.expires_at);

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/checkout/sessions")
    );
    assert!(r.authorized);
    assert_eq!(r.header("authorization"), Some("[redacted]"));
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(r.idempotency_key(), Some("inkdesk-checkout-117"));
    assert_eq!(r.header("stripe-version"), Some(api_version()));
    assert!(r.header("user-agent").unwrap().starts_with("inkdesk/"));
    let expires = params.expires_at.timestamp().to_string();
    let expected: Vec<(&str, &str)> = vec![
        ("mode", "payment"),
        ("line_items[0][price_data][currency]", "gbp"),
        ("line_items[0][price_data][unit_amount]", "15000"),
        (
            "line_items[0][price_data][product_data][name]",
            "Tattoo deposit",
        ),
        (
            "line_items[0][price_data][product_data][description]",
            "Deposit for enquiry #42 — Mon 29 Mar 2027, 10:00 BST",
        ),
        ("line_items[0][quantity]", "1"),
        ("payment_method_types[0]", "card"),
        ("success_url", SUCCESS_URL),
        ("cancel_url", CANCEL_URL),
        ("client_reference_id", "42"),
        ("metadata[lead_id]", "42"),
        ("metadata[payment_id]", "117"),
        ("metadata[hold_id]", "55"),
        ("payment_intent_data[metadata][lead_id]", "42"),
        ("payment_intent_data[metadata][payment_id]", "117"),
        ("payment_intent_data[description]", "Tattoo deposit #42"),
        ("expires_at", &expires),
        ("locale", "en-GB"),
    ];
    let received: Vec<(&str, &str)> = r
        .form
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(received, expected);
    assert_eq!(
        r.params["line_items"][0]["price_data"]["product_data"]["name"],
        json!("Tattoo deposit")
    );

    let stored = fake.session("cs_test_fake_1").unwrap();
    assert_eq!(stored.amount_total, 15000);
    assert_eq!(stored.status, "open");
    assert_eq!(stored.metadata.len(), 3);
    assert_eq!(stored.payment_intent_metadata["payment_id"], "117");
}

#[tokio::test]
async fn manual_mode_and_dashboard_payment_methods_omit_parameters() {
    let fake = start().await;
    let client = client_with(&fake, |c| {
        c.payment_method_types.clear();
        c.locale = "auto".into();
    });
    let mut manual = params(&fake);
    manual.hold_id = None;
    manual.slot_label = None;
    client.create_checkout_session(&manual).await.unwrap();
    let r = &fake.requests()[0];
    assert_eq!(r.param("metadata[hold_id]"), None);
    assert!(
        r.form
            .iter()
            .all(|(k, _)| !k.starts_with("payment_method_types"))
    );
    assert_eq!(
        r.param("line_items[0][price_data][product_data][description]"),
        Some("Deposit for enquiry #42")
    );
    assert_eq!(r.param("locale"), Some("auto"));
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_same_session() {
    let fake = start().await;
    let client = client(&fake);
    let params = params(&fake);
    let first = client.create_checkout_session(&params).await.unwrap();
    let again = client.create_checkout_session(&params).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(fake.sessions().len(), 1);
    let requests = fake.requests();
    assert!(!requests[0].replayed);
    assert!(requests[1].replayed);
}

#[tokio::test]
async fn the_same_key_with_other_parameters_is_a_permanent_idempotency_error() {
    let fake = start().await;
    let client = client(&fake);
    let mut params = params(&fake);
    client.create_checkout_session(&params).await.unwrap();
    params.deposit.amount_minor = 20000;
    let err = client.create_checkout_session(&params).await.unwrap_err();
    assert_eq!(err, ProviderError::permanent("idempotency_error"));
}

#[tokio::test]
async fn a_500_is_retryable_and_the_retry_succeeds() {
    let fake = start().await;
    fake.fail_next(1, FakeFailure::server_error(500));
    let client = client(&fake);
    let params = params(&fake);
    let err = client.create_checkout_session(&params).await.unwrap_err();
    assert_eq!(err, ProviderError::retryable("api_error", None));
    let session = client.create_checkout_session(&params).await.unwrap();
    assert_eq!(session.session_id, "cs_test_fake_1");
    let keys: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.idempotency_key().map(str::to_owned))
        .collect();
    assert_eq!(keys, vec![Some("inkdesk-checkout-117".to_owned()); 2]);
}

#[tokio::test]
async fn a_429_carries_retry_after() {
    let fake = start().await;
    fake.fail_next(1, FakeFailure::rate_limited(17));
    let err = client(&fake)
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ProviderError::retryable("rate_limit", Some(Duration::from_secs(17)))
    );
}

#[tokio::test]
async fn a_proxy_error_page_is_classified_by_status() {
    let fake = start().await;
    fake.fail_next(1, FakeFailure::http(502).with_retry_after(3));
    let err = client(&fake)
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ProviderError::retryable("http_502", Some(Duration::from_secs(3)))
    );
}

#[tokio::test]
async fn stripe_should_retry_false_makes_a_5xx_permanent() {
    let fake = start().await;
    fake.fail_next(1, FakeFailure::server_error(503).with_should_retry(false));
    let err = client(&fake)
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::permanent("api_error"));
}

#[tokio::test]
async fn timeouts_and_resets_are_retryable() {
    let fake = start().await;
    let client = client_with(&fake, |c| c.timeouts.total = Duration::from_millis(200));
    fake.fail_next(1, FakeFailure::Delay(Duration::from_secs(2)));
    let err = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::retryable("timeout", None));
    fake.fail_next(1, FakeFailure::Reset);
    let err = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::Retryable { .. }), "{err:?}");
}

#[tokio::test]
async fn an_unreachable_stripe_is_a_retryable_connection_failure() {
    let fake = start().await;
    let closed = {
        let other = start().await;
        other.base_url()
    };
    let client = client_with(&fake, |c| c.base_url = closed);
    let err = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::retryable("connection", None));
}

#[tokio::test]
async fn invalid_parameters_are_permanent() {
    let fake = start().await;
    let client = client(&fake);
    let mut too_soon = params(&fake);
    too_soon.expires_at = at(fake.now() + 10 * 60);
    let err = client.create_checkout_session(&too_soon).await.unwrap_err();
    assert_eq!(err, ProviderError::permanent("invalid_request_error"));
    let mut tiny = params(&fake);
    tiny.payment_id = 118;
    tiny.deposit.amount_minor = 29;
    let err = client.create_checkout_session(&tiny).await.unwrap_err();
    assert_eq!(err, ProviderError::permanent("amount_too_small"));
    let statuses: Vec<_> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![Some(400), Some(400)]);
    assert_eq!(
        fake.requests()[0].param("expires_at"),
        Some(&*too_soon.expires_at.timestamp().to_string())
    );
}

#[tokio::test]
async fn a_402_and_a_404_are_permanent() {
    let fake = start().await;
    let client = client(&fake);
    fake.fail_next(
        1,
        FakeFailure::stripe(402, "card_error", Some("card_declined")),
    );
    let err = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::permanent("card_declined"));
    fake.fail_next(
        1,
        FakeFailure::stripe(404, "invalid_request_error", Some("resource_missing")),
    );
    let err = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::permanent("resource_missing"));
}

#[tokio::test]
async fn a_wrong_key_is_auth_broken() {
    let fake = start().await;
    let revoked = client_with(&fake, |c| c.secret_key = "sk_test_revoked".into());
    let err = revoked
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::auth_broken("authentication_error"));
    assert!(!fake.requests()[0].authorized);
    fake.fail_next(1, FakeFailure::stripe(403, "permission_error", None));
    let err = client(&fake)
        .create_checkout_session(&params(&fake))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::auth_broken("permission_error"));
}

#[tokio::test]
async fn impossible_parameters_never_reach_stripe() {
    let fake = start().await;
    let mut free = params(&fake);
    free.deposit.amount_minor = 0;
    let err = client(&fake)
        .create_checkout_session(&free)
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::permanent("invalid_deposit_amount"));
    assert!(fake.requests().is_empty());
}
