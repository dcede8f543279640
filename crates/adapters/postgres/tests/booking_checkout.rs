//! The transactions around the Stripe call of `stripe.create_checkout` (booking.md §3.7) on a real
//! Postgres, without Stripe: whether the session is still wanted, the link going out once, and a
//! lead that moved on while Stripe was called.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod booking_support;

use booking_support::{Desk, count, day_at, execute, text};
use chrono::TimeDelta;
use inkdesk_domain::model::Money;
use inkdesk_domain::ports::CheckoutSession;
use inkdesk_postgres::booking::CheckoutStep;

/// A calendar lead that picked slot 1; returns the lead and its payment.
async fn picked(desk: &Desk) -> (i64, i64) {
    let lead = desk.lead_in(1, "AWAITING_SLOT", "calendar").await;
    desk.offer(lead, &[(day_at(3, 10, 0), day_at(3, 13, 0))])
        .await;
    desk.send(1, "1").await;
    let mut conn = desk.conn().await;
    let payment = text(&mut conn, "SELECT id::text AS value FROM payments").await;
    (lead, payment.parse().unwrap())
}

fn session(payment: i64) -> CheckoutSession {
    CheckoutSession {
        session_id: format!("cs_test_fake_{payment}"),
        url: format!("http://127.0.0.1:1/c/pay/cs_test_fake_{payment}"),
        expires_at: chrono::DateTime::UNIX_EPOCH,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_session_is_asked_for_with_the_locked_amount_and_the_link_goes_out_once() {
    let desk = Desk::new(4).await;
    let (lead, payment) = picked(&desk).await;
    let booking = desk.booking();
    let now = desk.clock.at();

    let CheckoutStep::Create(wanted) = booking.start_checkout(payment, now).await.unwrap() else {
        panic!("a fresh payment wants a session");
    };
    assert_eq!(wanted.lead_id.0, lead);
    assert_eq!(wanted.amount, Money::gbp(5_000));
    assert_eq!(wanted.expires_at, now + TimeDelta::minutes(1430));
    assert_eq!(
        wanted.slot_label.as_deref(),
        Some("Sun 28 Mar 2027, 10:00 UTC")
    );
    assert!(wanted.hold_id.is_some());

    booking
        .checkout_created(payment, &session(payment), now)
        .await
        .unwrap();
    booking
        .checkout_created(payment, &session(payment), now)
        .await
        .unwrap();

    let mut conn = desk.conn().await;
    assert_eq!(
        text(
            &mut conn,
            "SELECT status || ' ' || stripe_checkout_session_id AS value FROM payments"
        )
        .await,
        format!("open cs_test_fake_{payment}")
    );
    assert_eq!(
        count(&mut conn, "outbound_messages WHERE kind = 'slot_held'").await,
        1
    );
    assert_eq!(
        count(
            &mut conn,
            &format!("leads WHERE id = {lead} AND deposit_sent_at IS NOT NULL")
        )
        .await,
        1
    );
    // A later run of the job finds the payment settled.
    assert_eq!(
        booking.start_checkout(payment, now).await.unwrap(),
        CheckoutStep::Finished
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn too_late_for_stripe_releases_the_hold_and_offers_fresh_times() {
    let desk = Desk::new(4).await;
    let (lead, payment) = picked(&desk).await;
    let now = desk.clock.at();
    let mut conn = desk.conn().await;
    execute(
        &mut conn,
        &format!(
            "UPDATE payments SET expires_at = '{}' WHERE id = {payment}",
            (now + TimeDelta::minutes(30)).to_rfc3339()
        ),
    )
    .await;

    let step = desk.booking().start_checkout(payment, now).await.unwrap();

    assert_eq!(step, CheckoutStep::Finished);
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT l.status || ' ' || p.status || ' ' || h.state || ' ' || h.release_reason
                 AS value FROM leads l JOIN payments p ON p.lead_id = l.id
                 JOIN slot_holds h ON h.id = p.hold_id WHERE l.id = {lead}"
            )
        )
        .await,
        "AWAITING_SLOT cancelled released link_failed"
    );
    assert_eq!(
        count(
            &mut conn,
            "jobs WHERE kind = 'slots.offer' AND payload ->> 'cause' = 'refresh'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &mut conn,
            "status_history WHERE reason_code = 'link_window_too_short'"
        )
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_payment_the_lead_no_longer_awaits_is_cancelled_before_any_call() {
    let desk = Desk::new(4).await;
    let (lead, payment) = picked(&desk).await;
    let mut conn = desk.conn().await;
    execute(
        &mut conn,
        &format!("UPDATE leads SET status = 'CANCELLED' WHERE id = {lead}"),
    )
    .await;

    let step = desk
        .booking()
        .start_checkout(payment, desk.clock.at())
        .await
        .unwrap();

    assert_eq!(step, CheckoutStep::Finished);
    assert_eq!(
        text(&mut conn, "SELECT status AS value FROM payments").await,
        "cancelled"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_created_after_the_lead_moved_on_is_expired_instead_of_sent() {
    let desk = Desk::new(4).await;
    let (lead, payment) = picked(&desk).await;
    let booking = desk.booking();
    let now = desk.clock.at();
    let step = booking.start_checkout(payment, now).await.unwrap();
    assert!(matches!(step, CheckoutStep::Create(_)));
    let mut conn = desk.conn().await;
    execute(
        &mut conn,
        &format!("UPDATE leads SET status = 'OPTOUT' WHERE id = {lead}"),
    )
    .await;

    booking
        .checkout_created(payment, &session(payment), now)
        .await
        .unwrap();

    assert_eq!(
        text(
            &mut conn,
            "SELECT status || ' ' || stripe_checkout_session_id AS value FROM payments"
        )
        .await,
        format!("cancelled cs_test_fake_{payment}")
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT payload ->> 'payment_id' AS value FROM jobs
             WHERE kind = 'stripe.expire_session' AND state = 'queued'"
        )
        .await,
        payment.to_string()
    );
    assert_eq!(
        count(&mut conn, "outbound_messages WHERE kind = 'slot_held'").await,
        0
    );
}
