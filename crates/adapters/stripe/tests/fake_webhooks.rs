#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fake's webhook helpers against the adapter: every event they build parses into the expected
//! `StripeEvent`, and every signing variant verifies (or fails) as §3.5 says. The fake signs with its
//! own HMAC code, so this also cross-checks `verify_stripe_signature` against an independent signer.

mod support;

use inkdesk_domain::model::{LeadId, Money};
use inkdesk_stripe::events::{PaymentStatus, SessionStatus};
use inkdesk_stripe::{
    DEFAULT_TOLERANCE_SECS, StripeEvent, StripeSignatureError, parse_webhook_event, sign,
    verify_stripe_signature,
};
use inkdesk_test_support::fake_stripe::{AsyncOutcome, FakeEvent, FakeStripe, Signing};
use serde_json::json;
use support::{client, params, start};

async fn paid_session(fake: &FakeStripe) -> String {
    client(fake)
        .create_checkout_session(&params(fake))
        .await
        .unwrap()
        .session_id
}

fn verify(
    fake: &FakeStripe,
    event: &FakeEvent,
    signing: Signing,
) -> Result<(), StripeSignatureError> {
    let header = fake.signature_for(event, signing);
    verify_stripe_signature(
        fake.webhook_secret().as_bytes(),
        &event.body,
        header.as_deref(),
        fake.now(),
        DEFAULT_TOLERANCE_SECS,
    )
}

#[tokio::test]
async fn completed_event_carries_the_session_as_created() {
    let fake = start().await;
    let id = paid_session(&fake).await;
    let event = fake.complete(&id, "paid");
    assert_eq!(verify(&fake, &event, Signing::Valid), Ok(()));
    let parsed = parse_webhook_event(&event.body).unwrap();
    assert_eq!(parsed.id, event.id);
    assert_eq!(parsed.created, Some(fake.now()));
    let StripeEvent::CheckoutCompleted(s) = parsed.event else {
        panic!("wrong variant");
    };
    assert_eq!(s.id, id);
    assert_eq!(s.status, Some(SessionStatus::Complete));
    assert_eq!(s.payment_status, Some(PaymentStatus::Paid));
    assert_eq!(s.amount(), Some(Money::gbp(15000)));
    assert_eq!(s.metadata_lead_id(), Some(LeadId(42)));
    assert_eq!(s.reference_lead_id(), Some(LeadId(42)));
    assert_eq!((s.payment_id(), s.hold_id()), (Some(117), Some(55)));
    assert!(
        s.payment_intent
            .as_deref()
            .unwrap()
            .starts_with("pi_test_fake_")
    );
    assert_eq!(fake.session(&id).unwrap().payment_intent, s.payment_intent);
}

#[tokio::test]
async fn async_results_expiry_refunds_and_disputes() {
    let fake = start().await;
    let id = paid_session(&fake).await;
    let pending = parse_webhook_event(&fake.complete(&id, "unpaid").body).unwrap();
    let intent = pending
        .event
        .checkout_session()
        .unwrap()
        .payment_intent
        .clone()
        .unwrap();
    let ok = parse_webhook_event(&fake.async_result(&id, AsyncOutcome::Succeeded).body).unwrap();
    assert!(
        matches!(ok.event, StripeEvent::AsyncPaymentSucceeded(ref s) if s.payment_status == Some(PaymentStatus::Paid))
    );
    let failed = parse_webhook_event(&fake.async_result(&id, AsyncOutcome::Failed).body).unwrap();
    assert!(
        matches!(failed.event, StripeEvent::AsyncPaymentFailed(ref s) if s.payment_intent.as_deref() == Some(intent.as_str()))
    );

    let partial = parse_webhook_event(&fake.refund(&intent, 5000).body).unwrap();
    let StripeEvent::ChargeRefunded(charge) = partial.event else {
        panic!("wrong variant");
    };
    assert_eq!(
        (charge.amount, charge.amount_refunded, charge.refunded),
        (15000, 5000, false)
    );
    let full = parse_webhook_event(&fake.refund(&intent, 10000).body).unwrap();
    let StripeEvent::ChargeRefunded(again) = full.event else {
        panic!("wrong variant");
    };
    assert_eq!((again.amount_refunded, again.refunded), (15000, true));
    assert_eq!(again.id, charge.id);

    let dispute = parse_webhook_event(&fake.dispute(&intent).body).unwrap();
    let StripeEvent::DisputeCreated(d) = dispute.event else {
        panic!("wrong variant");
    };
    assert_eq!(d.payment_intent.as_deref(), Some(intent.as_str()));
    assert_eq!((d.amount, d.reason.as_deref()), (15000, Some("fraudulent")));

    let expired = parse_webhook_event(&fake.expire(&id).body).unwrap();
    assert!(
        matches!(expired.event, StripeEvent::CheckoutExpired(ref s) if s.status == Some(SessionStatus::Expired))
    );
}

#[tokio::test]
async fn custom_events_cover_unknown_sessions_and_unhandled_types() {
    let fake = start().await;
    let unknown = fake.custom_event(
        "checkout.session.completed",
        json!({"id": "cs_test_elsewhere", "object": "checkout.session", "payment_status": "paid",
               "metadata": {"lead_id": "7"}, "client_reference_id": "7"}),
    );
    let parsed = parse_webhook_event(&unknown.body).unwrap();
    assert_eq!(
        parsed.event.checkout_session().unwrap().metadata_lead_id(),
        Some(LeadId(7))
    );
    let ignored = fake.custom_event("customer.created", json!({"id": "cus_1"}));
    assert_eq!(
        parse_webhook_event(&ignored.body).unwrap().event_type(),
        "customer.created"
    );
}

#[tokio::test]
async fn every_signing_variant_verifies_as_the_spec_says() {
    let fake = start().await;
    fake.set_now(1_806_056_504);
    let event = fake.custom_event("customer.created", json!({"id": "cus_1"}));
    assert_eq!(verify(&fake, &event, Signing::Valid), Ok(()));
    assert_eq!(verify(&fake, &event, Signing::ExtraWrongV1), Ok(()));
    assert_eq!(
        verify(&fake, &event, Signing::Stale),
        Err(StripeSignatureError::Stale)
    );
    assert_eq!(
        verify(&fake, &event, Signing::BadSignature),
        Err(StripeSignatureError::NoMatch)
    );
    assert_eq!(
        verify(&fake, &event, Signing::Malformed),
        Err(StripeSignatureError::Malformed)
    );
    assert_eq!(
        verify(&fake, &event, Signing::Missing),
        Err(StripeSignatureError::Missing)
    );
    // The adapter's signer and the fake's agree byte for byte.
    assert_eq!(
        fake.signature_for(&event, Signing::Valid).unwrap(),
        sign(fake.webhook_secret().as_bytes(), fake.now(), &event.body)
    );
}
