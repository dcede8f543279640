//! `POST /webhooks/stripe` against a real database: signed events from the fake Stripe book,
//! review, expire and retry exactly as booking.md §3.8, §6 and §7 say, once however often they
//! arrive.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod booking_fixtures;
mod support;

use booking_fixtures::stripe_app::StripeApp;
use booking_fixtures::{
    Deposit, add_hold, add_payment, awaiting_deposit, session_object, slot_start,
};
use chrono::TimeDelta;
use inkdesk_test_support::fake_stripe::{FakeEvent, Signing};
use serde_json::json;

const CLIENT: &str = "447700900123";

fn completed(app: &StripeApp, deposit: &Deposit) -> FakeEvent {
    app.event(
        "checkout.session.completed",
        session_object(deposit, "paid", "complete"),
    )
}

/// The rows a booking writes, each once.
async fn assert_booked_once(app: &StripeApp, deposit: &Deposit) {
    assert_eq!(app.lead_status(deposit).await, "BOOKED");
    let lead = deposit.lead_id;
    let checks = [
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'confirmed'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM payments WHERE lead_id = {lead} AND status = 'paid' AND paid_at IS NOT NULL AND stripe_payment_intent_id IS NOT NULL"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM jobs WHERE kind = 'calendar.create_event' AND lead_id = {lead}"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE lead_id = {lead} AND kind = 'payment_received_booked' AND recipient_role = 'client'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE lead_id = {lead} AND kind = 'artist.booking_confirmed' AND recipient_role = 'artist'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM status_history WHERE lead_id = {lead} AND to_status = 'BOOKED' AND actor = 'stripe'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM system_events WHERE lead_id = {lead} AND event_type = 'stripe.payment_confirmed'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM leads WHERE id = {lead} AND confirmed_hold_id = {} AND appointment_start_at IS NOT NULL",
                deposit.hold_id
            ),
            1,
        ),
    ];
    for (sql, expected) in checks {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
    let body = app
        .text(&format!(
            "SELECT body AS value FROM outbound_messages WHERE lead_id = {lead} AND kind = 'payment_received_booked'"
        ))
        .await;
    assert!(body.contains("£150"), "{body}");
    assert!(
        body.contains("About your deposit"),
        "deposit_policy in the same message: {body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paid_session_books_the_lead() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_paid", slot_start(7)).await;
    let event = completed(&app, &deposit);
    let (status, body) = app.deliver(&event, Signing::Valid).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["received"], json!(true));
    assert_eq!(body["outcome"], json!("processed"));
    assert_eq!(body["status"], json!("BOOKED"));
    assert_eq!(body["lead_id"], json!(deposit.lead_id));
    assert_eq!(body["checkout_session_id"], json!("cs_test_paid"));
    assert_eq!(body["event_id"], json!(event.id));
    assert_booked_once(&app, &deposit).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_event_ten_times_at_once_books_once() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_race", slot_start(7)).await;
    let event = completed(&app, &deposit);
    let deliveries = (0..10).map(|_| app.deliver(&event, Signing::Valid));
    let answers = futures_util::future::join_all(deliveries).await;
    let outcomes: Vec<String> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200, "{body}");
            body["outcome"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(outcomes.iter().filter(|o| *o == "processed").count(), 1);
    assert_eq!(outcomes.iter().filter(|o| *o == "duplicate").count(), 9);
    assert_booked_once(&app, &deposit).await;
    assert_eq!(
        app.count("SELECT count(*) FROM processed_events WHERE provider = 'stripe'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_amount_or_currency_mismatch_is_reviewed_and_not_booked() {
    let app = StripeApp::spawn().await;
    let short = awaiting_deposit(&app.db, CLIENT, "cs_test_short", slot_start(7)).await;
    let euros = awaiting_deposit(&app.db, "447700900124", "cs_test_eur", slot_start(9)).await;
    let mut short_paid = session_object(&short, "paid", "complete");
    short_paid["amount_total"] = json!(10_000);
    let mut euro_paid = session_object(&euros, "paid", "complete");
    euro_paid["currency"] = json!("eur");
    for (deposit, object, reason) in [
        (&short, short_paid, "amount_mismatch"),
        (&euros, euro_paid, "currency_mismatch"),
    ] {
        let event = app.event("checkout.session.completed", object);
        let (status, body) = app.deliver(&event, Signing::Valid).await;
        assert_eq!(status, 200);
        assert_eq!(body["outcome"], json!("review"), "{body}");
        assert_eq!(app.lead_status(deposit).await, "NEEDS_ARTIST_REPLY");
        let lead = deposit.lead_id;
        for (sql, expected) in [
            (
                format!(
                    "SELECT count(*) FROM payments WHERE lead_id = {lead} AND status = 'mismatch' AND requires_review AND review_reason = '{reason}'"
                ),
                1,
            ),
            (
                format!(
                    "SELECT count(*) FROM leads WHERE id = {lead} AND handover_reason_code = 'PAYMENT_REVIEW'"
                ),
                1,
            ),
            (
                format!(
                    "SELECT count(*) FROM system_events WHERE lead_id = {lead} AND event_type = 'stripe.payment_mismatch' AND level = 'ERROR'"
                ),
                1,
            ),
            (
                format!(
                    "SELECT count(*) FROM outbound_messages WHERE lead_id = {lead} AND kind = 'artist.payment_review'"
                ),
                1,
            ),
            (
                format!(
                    "SELECT count(*) FROM outbound_messages WHERE lead_id = {lead} AND recipient_role = 'client'"
                ),
                0,
            ),
            (
                format!(
                    "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'confirmed'"
                ),
                0,
            ),
            (
                format!(
                    "SELECT count(*) FROM jobs WHERE lead_id = {lead} AND kind = 'calendar.create_event'"
                ),
                0,
            ),
        ] {
            assert_eq!(app.count(&sql).await, expected, "{sql}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unpaid_completion_waits_and_the_async_success_books() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_bacs", slot_start(7)).await;
    let unpaid = app.event(
        "checkout.session.completed",
        session_object(&deposit, "unpaid", "complete"),
    );
    let (status, body) = app.deliver(&unpaid, Signing::Valid).await;
    assert_eq!((status, body["outcome"].clone()), (200, json!("processed")));
    assert_eq!(app.lead_status(&deposit).await, "AWAITING_DEPOSIT");
    let lead = deposit.lead_id;
    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM payments WHERE lead_id = {lead} AND status = 'processing'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'held' AND expires_at > now() + interval '71 hours'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE lead_id = {lead} AND kind = 'payment_processing'"
            ),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }

    let succeeded = app.event(
        "checkout.session.async_payment_succeeded",
        session_object(&deposit, "paid", "complete"),
    );
    let (status, body) = app.deliver(&succeeded, Signing::Valid).await;
    assert_eq!((status, body["status"].clone()), (200, json!("BOOKED")));
    assert_booked_once(&app, &deposit).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_session_releases_the_hold_and_offers_fresh_times() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_lapse", slot_start(7)).await;
    let expired = app.event(
        "checkout.session.expired",
        session_object(&deposit, "unpaid", "expired"),
    );
    let (status, body) = app.deliver(&expired, Signing::Valid).await;
    assert_eq!(
        (status, body["status"].clone()),
        (200, json!("AWAITING_SLOT"))
    );
    let lead = deposit.lead_id;
    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'released' AND release_reason = 'expired'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM payments WHERE lead_id = {lead} AND status = 'expired' AND expired_at IS NOT NULL"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM jobs WHERE lead_id = {lead} AND kind = 'slots.offer' AND payload->>'cause' = 'hold_expired'"
            ),
            1,
        ),
        (
            format!("SELECT count(*) FROM leads WHERE id = {lead} AND expiry_count = 1"),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM system_events WHERE lead_id = {lead} AND event_type = 'stripe.checkout_expired'"
            ),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
    // The late payment of the lapsed session still books the same time, re-inserted.
    let late = completed(&app, &deposit);
    let (status, body) = app.deliver(&late, Signing::Valid).await;
    assert_eq!(
        (status, body["status"].clone()),
        (200, json!("BOOKED")),
        "{body}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'confirmed'"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn paying_an_older_session_books_it_and_expires_the_newer_one() {
    let app = StripeApp::spawn().await;
    let older = awaiting_deposit(&app.db, CLIENT, "cs_test_older", slot_start(7)).await;
    // The client later swapped to another time: the old hold was released, a new session opened.
    booking_fixtures::execute(
        &app.db,
        &format!(
            "UPDATE slot_holds SET state = 'released', release_reason = 'swapped',
                    released_at = now() WHERE id = {}",
            older.hold_id
        ),
    )
    .await;
    let (start, end) = (slot_start(8), slot_start(8) + TimeDelta::hours(3));
    let newer_hold = add_hold(&app.db, older.lead_id, start, end, "held").await;
    let newer = add_payment(
        &app.db,
        older.lead_id,
        Some(newer_hold),
        "open",
        "cs_test_newer",
        5,
    )
    .await;

    let (status, body) = app.deliver(&completed(&app, &older), Signing::Valid).await;
    assert_eq!(
        (status, body["status"].clone()),
        (200, json!("BOOKED")),
        "{body}"
    );
    let lead = older.lead_id;
    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM jobs WHERE kind = 'stripe.expire_session' AND payload->>'payment_id' = '{newer}'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE id = {newer_hold} AND state = 'released' AND release_reason = 'superseded'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'confirmed' AND lower(session_range) = '{}'",
                older.start.to_rfc3339()
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM payments WHERE id = {} AND status = 'paid' AND NOT requires_review",
                older.payment_id
            ),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
}
