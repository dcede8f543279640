//! `POST /webhooks/stripe` before and around the business rules: signatures on the raw body,
//! sessions inkdesk never created, event types it does not handle (http-api.md §3.3).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod booking_fixtures;
mod support;

use booking_fixtures::stripe_app::StripeApp;
use booking_fixtures::{awaiting_deposit, session_object, slot_start};
use inkdesk_test_support::fake_stripe::Signing;
use serde_json::json;

const CLIENT: &str = "447700900123";

#[tokio::test(flavor = "multi_thread")]
async fn signatures_are_checked_on_the_raw_body() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_sig", slot_start(7)).await;
    let event = app.event(
        "checkout.session.completed",
        session_object(&deposit, "paid", "complete"),
    );
    for (signing, message) in [
        (Signing::BadSignature, "Invalid webhook signature"),
        (Signing::Stale, "Invalid webhook signature"),
        (Signing::Malformed, "Invalid webhook signature"),
        (Signing::Missing, "Missing stripe-signature header"),
    ] {
        let (status, body) = app.deliver(&event, signing).await;
        assert_eq!(
            (status, body),
            (400, json!({ "error": message })),
            "{signing:?}"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM processed_events").await,
        0,
        "refused deliveries change nothing"
    );
    assert_eq!(app.lead_status(&deposit).await, "AWAITING_DEPOSIT");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM system_events WHERE event_type = 'stripe.signature_verification_failure'"
        )
        .await,
        3
    );
    // Secret rotation: one right v1 among several is enough.
    let (status, body) = app.deliver(&event, Signing::ExtraWrongV1).await;
    assert_eq!((status, body["outcome"].clone()), (200, json!("processed")));
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_sessions_and_unhandled_types_are_acknowledged() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_known", slot_start(7)).await;

    let mut stray = session_object(&deposit, "paid", "complete");
    stray["id"] = json!("cs_test_made_by_hand");
    stray["payment_intent"] = json!("pi_test_by_hand");
    let (status, body) = app
        .deliver(
            &app.event("checkout.session.completed", stray),
            Signing::Valid,
        )
        .await;
    assert_eq!(
        (status, body["outcome"].clone()),
        (200, json!("review")),
        "{body}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM payments WHERE lead_id = {} AND status = 'paid'
             AND requires_review AND review_reason = 'unknown_session'",
            deposit.lead_id
        ))
        .await,
        1
    );

    let mut nobody = session_object(&deposit, "paid", "complete");
    nobody["id"] = json!("cs_test_nobody");
    nobody["metadata"] = json!({});
    nobody["client_reference_id"] = json!("999999");
    let (status, body) = app
        .deliver(
            &app.event("checkout.session.completed", nobody),
            Signing::Valid,
        )
        .await;
    assert_eq!((status, body["outcome"].clone()), (200, json!("ignored")));
    assert_eq!(
        app.count("SELECT count(*) FROM system_events WHERE event_type = 'stripe.session_unknown'")
            .await,
        1
    );

    let other = app.event(
        "customer.created",
        json!({"id": "cus_1", "object": "customer"}),
    );
    let (status, body) = app.deliver(&other, Signing::Valid).await;
    assert_eq!(
        (status, body),
        (
            200,
            json!({"received": true, "type": "customer.created", "outcome": "ignored"})
        )
    );
    assert_eq!(
        app.count("SELECT count(*) FROM processed_events WHERE kind = 'customer.created'")
            .await,
        0
    );
    assert_eq!(app.lead_status(&deposit).await, "AWAITING_DEPOSIT");
}
