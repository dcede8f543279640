//! The admin's reject and resume over HTTP: the same use cases as the one-tap links, behind the key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_support;
mod support;

use admin_support::{CLIENT, answer, consult, lead_of, post_json, spawn_admin};
use serde_json::json;

#[tokio::test]
async fn reject_keeps_the_reason_for_the_artist_and_a_second_reject_is_refused() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "r", 0).await;
    let lead = lead_of(&app, CLIENT).await;
    let path = format!("/admin/leads/{lead}/reject");

    let (status, body) =
        answer(post_json(&app, &path, &json!({"reason": "not my style"})).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "REJECTED");
    assert_eq!(body["message"], "Lead rejected.");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM leads WHERE admin_notes LIKE '%Rejection reason: not my style%'"
        )
        .await,
        1
    );
    let rejected_body_mentions_reason = app
        .count("SELECT count(*) FROM outbound_messages WHERE kind = 'rejected' AND body LIKE '%style%'")
        .await;
    assert_eq!(rejected_body_mentions_reason, 0, "the reason is never sent");

    let (status, body) = answer(post_json(&app, &path, &json!({})).await).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "invalid_status");
    assert_eq!(body["detail"], "Lead is already rejected");
}

#[tokio::test]
async fn resume_outside_a_handover_is_refused_and_unknown_leads_are_404() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "s", 0).await;
    let lead = lead_of(&app, CLIENT).await;
    let (status, body) =
        answer(post_json(&app, &format!("/admin/leads/{lead}/resume"), &json!({})).await).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "invalid_status");
    let (status, _) = answer(post_json(&app, "/admin/leads/999999/resume", &json!({})).await).await;
    assert_eq!(status, 404);
    let (status, body) = answer(
        post_json(
            &app,
            &format!("/admin/leads/{lead}/reject"),
            &json!({"reason": "x".repeat(501)}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
}

/// Manual mode: approved, paid (set directly; the Stripe path has its own tests), waiting to be
/// marked booked.
async fn paid_and_pending(app: &support::TestApp, client: &str, tag: &str) -> i64 {
    consult(app, client, tag, 0).await;
    let lead = lead_of(app, client).await;
    let (status, body) =
        answer(post_json(app, &format!("/admin/leads/{lead}/approve"), &json!({})).await).await;
    assert_eq!(status, 200, "{body}");
    let mut conn = app.db.connect().await;
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut conn,
        &format!(
            "UPDATE payments SET status = 'paid', paid_at = now() WHERE lead_id = {lead};
             UPDATE leads SET status = 'BOOKING_PENDING' WHERE id = {lead};"
        ),
    )
    .await
    .unwrap();
    lead
}

#[tokio::test]
async fn mark_booked_holds_the_given_time_and_refuses_an_overlapping_one() {
    let app = spawn_admin().await;
    let first = paid_and_pending(&app, "447700900201", "m1").await;
    let second = paid_and_pending(&app, "447700900202", "m2").await;
    let times = json!({
        "appointment_start": "2030-04-06T09:00:00Z",
        "appointment_end": "2030-04-06T12:00:00Z",
    });
    let (status, body) =
        answer(post_json(&app, &format!("/admin/leads/{first}/mark-booked"), &times).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "BOOKED");
    assert_eq!(
        app.count("SELECT count(*) FROM slot_holds WHERE state = 'confirmed'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'booked_confirmation'")
            .await,
        1
    );

    let overlapping = json!({
        "appointment_start": "2030-04-06T11:00:00Z",
        "appointment_end": "2030-04-06T14:00:00Z",
    });
    let (status, body) = answer(
        post_json(
            &app,
            &format!("/admin/leads/{second}/mark-booked"),
            &overlapping,
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "slot_conflict");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM leads WHERE id = {second} AND status = 'BOOKING_PENDING'"
        ))
        .await,
        1,
        "the refused booking changed nothing"
    );
    let (status, _) = answer(
        post_json(
            &app,
            &format!("/admin/leads/{second}/mark-booked"),
            &json!({"appointment_start": "2030-04-06T11:00:00Z"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    let (status, body) = answer(
        post_json(
            &app,
            &format!("/admin/leads/{second}/mark-booked"),
            &json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_booking_link_moves_a_paid_lead_to_booking_pending_and_is_https_only() {
    let app = spawn_admin().await;
    let lead = paid_and_pending(&app, "447700900203", "b1").await;
    // Back to DEPOSIT_PAID: the link is the step that leads to BOOKING_PENDING.
    let mut conn = app.db.connect().await;
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut conn,
        &format!("UPDATE leads SET status = 'DEPOSIT_PAID' WHERE id = {lead}"),
    )
    .await
    .unwrap();
    let path = format!("/admin/leads/{lead}/send-booking-link");
    let (status, body) = answer(
        post_json(
            &app,
            &path,
            &json!({"booking_url": "http://plain.example/book"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = answer(post_json(&app, &path, &json!({})).await).await;
    assert_eq!(status, 422, "no default link configured: {body}");
    let (status, body) = answer(
        post_json(
            &app,
            &path,
            &json!({"booking_url": "https://fresha.example/book/alex", "booking_tool": "FRESHA"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "BOOKING_PENDING");
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'booking_link' AND body LIKE '%https://fresha.example/book/alex%'")
            .await,
        1
    );
}

#[tokio::test]
async fn send_deposit_replaces_the_unpaid_link_and_reopens_an_expired_deposit() {
    let app = spawn_admin().await;
    consult(&app, "447700900204", "d1", 0).await;
    let lead = lead_of(&app, "447700900204").await;
    let path = format!("/admin/leads/{lead}/send-deposit");
    let (status, body) = answer(post_json(&app, &path, &json!({})).await).await;
    assert_eq!(status, 409, "not approved yet: {body}");
    assert_eq!(body["code"], "invalid_status");

    let approve = format!("/admin/leads/{lead}/approve");
    assert_eq!(
        answer(post_json(&app, &approve, &json!({})).await).await.0,
        200
    );
    let (status, body) =
        answer(post_json(&app, &path, &json!({"deposit_amount_minor": 20000})).await).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["deposit_amount_minor"], 20000);
    assert_eq!(
        app.count("SELECT count(*) FROM payments WHERE status = 'cancelled'")
            .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM payments WHERE status = 'created' AND amount_minor = 20000"
        )
        .await,
        1
    );

    let mut conn = app.db.connect().await;
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut conn,
        &format!(
            "UPDATE payments SET status = 'expired' WHERE lead_id = {lead} AND status = 'created';
             UPDATE leads SET status = 'DEPOSIT_EXPIRED' WHERE id = {lead};"
        ),
    )
    .await
    .unwrap();
    let (status, body) = answer(post_json(&app, &path, &json!({})).await).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "AWAITING_DEPOSIT");
    assert_eq!(
        body["deposit_amount_minor"], 20000,
        "the locked amount is reused"
    );
}
