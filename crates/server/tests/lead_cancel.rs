//! `POST /admin/leads/{id}/cancel` (http-api.md §5.9, booking.md §8), and the Stripe refund that
//! may follow it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod booking_fixtures;
mod support;

use booking_fixtures::stripe_app::StripeApp;
use booking_fixtures::{awaiting_deposit, session_object, slot_start};
use inkdesk_test_support::fake_stripe::Signing;
use serde_json::{Value, json};

const CLIENT: &str = "447700900123";

async fn cancel(app: &StripeApp, lead: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/admin/leads/{lead}/cancel", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_a_paid_booking_then_refunding_it_in_stripe() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_cancel", slot_start(7)).await;
    let paid = app.event(
        "checkout.session.completed",
        session_object(&deposit, "paid", "complete"),
    );
    assert_eq!(app.deliver(&paid, Signing::Valid).await.0, 200);
    assert_eq!(app.lead_status(&deposit).await, "BOOKED");

    let lead = deposit.lead_id.to_string();
    let body = json!({"reason": "client moving abroad", "requested_by": "client"});
    let (status, answer) = cancel(&app, &lead, body.clone()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        json!({"success": true, "message": "Lead cancelled.", "lead_id": deposit.lead_id,
               "status": "CANCELLED", "deposit_paid": true, "refund_recorded": false})
    );
    let id = deposit.lead_id;
    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM leads WHERE id = {id} AND cancelled_by = 'client' AND cancellation_reason = 'client moving abroad' AND cancelled_at IS NOT NULL AND last_admin_action = 'cancel'"
            ),
            1,
        ),
        (
            format!("SELECT count(*) FROM slot_holds WHERE lead_id = {id} AND state = 'cancelled'"),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE lead_id = {id} AND kind = 'cancelled_by_artist'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE lead_id = {id} AND kind = 'artist.cancelled_paid'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM status_history WHERE lead_id = {id} AND to_status = 'CANCELLED' AND actor = 'admin'"
            ),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
    // A second cancel is refused by the status machine.
    let (status, answer) = cancel(&app, &lead, body).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["code"], json!("invalid_status"));

    let refund = app
        .stripe
        .refund(&format!("pi_test_{}", deposit.payment_id), 15_000);
    let (status, answer) = app.deliver(&refund, Signing::Valid).await;
    assert_eq!(
        (status, answer["status"].clone()),
        (200, json!("REFUNDED")),
        "{answer}"
    );
    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM payments WHERE lead_id = {id} AND status = 'refunded' AND amount_refunded_minor = 15000"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE lead_id = {id} AND kind = 'refund_confirmation'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM system_events WHERE lead_id = {id} AND event_type = 'stripe.refund_recorded'"
            ),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_an_unpaid_lead_expires_its_session() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_unpaid", slot_start(7)).await;
    let lead = deposit.lead_id.to_string();
    let (status, answer) = cancel(
        &app,
        &lead,
        json!({"reason": "changed their mind", "notify_client": false}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["deposit_paid"], json!(false));
    let id = deposit.lead_id;
    for (sql, expected) in [
        (
            format!("SELECT count(*) FROM payments WHERE lead_id = {id} AND status = 'cancelled'"),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM jobs WHERE kind = 'stripe.expire_session' AND payload->>'payment_id' = '{}'",
                deposit.payment_id
            ),
            1,
        ),
        (
            format!("SELECT count(*) FROM outbound_messages WHERE lead_id = {id}"),
            0,
        ),
        (
            format!("SELECT count(*) FROM leads WHERE id = {id} AND cancelled_by = 'artist'"),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_ids_and_bodies_are_refused_before_anything_changes() {
    let app = StripeApp::spawn().await;
    let deposit = awaiting_deposit(&app.db, CLIENT, "cs_test_bad", slot_start(7)).await;
    let lead = deposit.lead_id.to_string();
    let reason = json!({"reason": "x"});
    for id in ["abc", "0", "-3", "999999"] {
        let (status, answer) = cancel(&app, id, reason.clone()).await;
        assert_eq!(
            (status, answer["code"].clone()),
            (404, json!("not_found")),
            "{id}"
        );
    }
    for body in [
        json!({"reason": ""}),
        json!({"reason": "x".repeat(501)}),
        json!({"reason": "ok", "unknown": true}),
        json!({"reason": "ok", "requested_by": "studio"}),
    ] {
        let (status, answer) = cancel(&app, &lead, body.clone()).await;
        assert_eq!(
            (status, answer["code"].clone()),
            (422, json!("validation_error")),
            "{body}"
        );
    }
    let response = reqwest::Client::new()
        .post(format!("{}/admin/leads/{lead}/cancel", app.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(app.lead_status(&deposit).await, "AWAITING_DEPOSIT");
}
