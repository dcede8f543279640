#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Expiring Checkout Sessions against the fake Stripe: open → `Done`, anything no longer open or
//! unknown → `AlreadyDone`, and the error classes that still apply.

mod support;

use std::time::Duration;

use inkdesk_domain::provider::{Completion, ProviderError};
use inkdesk_test_support::fake_stripe::FakeFailure;
use support::{client, client_with, params, start};

#[tokio::test]
async fn expiring_an_open_session_is_done_and_again_is_already_done() {
    let fake = start().await;
    let client = client(&fake);
    let session = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap();

    let done = client
        .expire_checkout_session(&session.session_id, 117)
        .await
        .unwrap();
    assert_eq!(done, Completion::Done);
    assert_eq!(fake.session(&session.session_id).unwrap().status, "expired");
    let r = fake.requests().pop().unwrap();
    assert_eq!(r.path, "/v1/checkout/sessions/cs_test_fake_1/expire");
    assert_eq!(r.idempotency_key(), Some("inkdesk-expire-117"));
    assert!(r.authorized);

    // The job retried after a lost answer: Stripe replays the stored success.
    let replay = client
        .expire_checkout_session(&session.session_id, 117)
        .await
        .unwrap();
    assert_eq!(replay, Completion::Done);
    assert!(fake.requests().pop().unwrap().replayed);

    // A day later the key is gone and Stripe says the session is not open.
    fake.advance(Duration::from_secs(25 * 60 * 60));
    let again = client
        .expire_checkout_session(&session.session_id, 117)
        .await
        .unwrap();
    assert_eq!(again, Completion::AlreadyDone);
    assert_eq!(fake.requests().pop().unwrap().status, Some(400));
}

#[tokio::test]
async fn a_session_the_client_already_paid_is_already_done() {
    let fake = start().await;
    let client = client(&fake);
    let session = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap();
    fake.complete(&session.session_id, "paid");
    let outcome = client
        .expire_checkout_session(&session.session_id, 117)
        .await
        .unwrap();
    assert_eq!(outcome, Completion::AlreadyDone);
    assert_eq!(
        fake.session(&session.session_id).unwrap().status,
        "complete"
    );
}

#[tokio::test]
async fn a_session_stripe_expired_on_its_own_is_already_done() {
    let fake = start().await;
    let client = client(&fake);
    let session = client
        .create_checkout_session(&params(&fake))
        .await
        .unwrap();
    fake.advance(Duration::from_secs(1431 * 60));
    let outcome = client
        .expire_checkout_session(&session.session_id, 117)
        .await
        .unwrap();
    assert_eq!(outcome, Completion::AlreadyDone);
}

#[tokio::test]
async fn an_unknown_session_is_already_done() {
    let fake = start().await;
    let outcome = client(&fake)
        .expire_checkout_session("cs_test_never_created", 5)
        .await
        .unwrap();
    assert_eq!(outcome, Completion::AlreadyDone);
    assert_eq!(fake.requests()[0].status, Some(404));
}

#[tokio::test]
async fn expire_failures_keep_their_classes() {
    let fake = start().await;
    let client = client(&fake);
    fake.fail_next(1, FakeFailure::server_error(500));
    assert_eq!(
        client.expire_checkout_session("cs_test_x", 1).await,
        Err(ProviderError::retryable("api_error", None))
    );
    fake.fail_next(1, FakeFailure::rate_limited(9));
    assert_eq!(
        client.expire_checkout_session("cs_test_x", 1).await,
        Err(ProviderError::retryable(
            "rate_limit",
            Some(Duration::from_secs(9))
        ))
    );
    fake.fail_next(1, FakeFailure::stripe(400, "idempotency_error", None));
    assert_eq!(
        client.expire_checkout_session("cs_test_x", 1).await,
        Err(ProviderError::permanent("idempotency_error"))
    );
    fake.fail_next(1, FakeFailure::stripe(404, "invalid_request_error", None));
    assert_eq!(
        client.expire_checkout_session("cs_test_x", 1).await,
        Err(ProviderError::permanent("invalid_request_error")),
        "a 404 that is not resource_missing is not proof the session is gone"
    );
    let revoked = client_with(&fake, |c| c.secret_key = "sk_test_revoked".into());
    assert_eq!(
        revoked.expire_checkout_session("cs_test_x", 1).await,
        Err(ProviderError::auth_broken("authentication_error"))
    );
}

#[tokio::test]
async fn a_session_id_that_is_not_one_never_reaches_stripe() {
    let fake = start().await;
    let client = client(&fake);
    for bad in ["", "pi_123", "cs_1/../../refunds", "cs_1?expand=x", "cs_ 1"] {
        assert_eq!(
            client.expire_checkout_session(bad, 1).await,
            Err(ProviderError::permanent("invalid_session_id")),
            "{bad}"
        );
    }
    assert!(fake.requests().is_empty());
}
