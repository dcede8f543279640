//! Approval on real Postgres (booking.md §2): a consultation driven to `PENDING_APPROVAL` through
//! the real `InboundService`, then `PgBooking::approve` in either booking mode.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod approval_support;
mod conversation_support;

use approval_support::{booking, by_admin, pending_lead};
use conversation_support::{Chat, count, text, texts};
use inkdesk_domain::booking::{ApprovalRequest, BookingRefusal};
use inkdesk_domain::model::{BookingMode, LeadId, LeadStatus};
use inkdesk_postgres::booking::BookingError;

#[tokio::test(flavor = "multi_thread")]
async fn approving_in_calendar_mode_tells_the_client_and_queues_one_offer() {
    let chat = Chat::new().await;
    let lead = pending_lead(&chat).await;
    let now = chat.clock.at();
    let approved = booking(&chat)
        .approve(lead, by_admin(), BookingMode::Calendar, now)
        .await
        .unwrap();
    assert_eq!(approved.status, LeadStatus::AwaitingSlot);
    assert_eq!(approved.payment_id, None);

    let id = lead.0;
    let mut conn = chat.conn().await;
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT status || ' ' || booking_mode || ' ' || last_admin_action || ' '
                        || (approved_at IS NOT NULL)::text AS value FROM leads WHERE id = {id}"
            )
        )
        .await,
        "AWAITING_SLOT calendar approve true"
    );
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT from_status || '>' || to_status || ' ' || reason_code || ' ' || actor AS value
                 FROM status_history WHERE lead_id = {id} ORDER BY id DESC LIMIT 1"
            )
        )
        .await,
        "PENDING_APPROVAL>AWAITING_SLOT approve admin"
    );
    assert_eq!(
        texts(
            &mut conn,
            &format!(
                "SELECT o.kind || ' ' || j.kind AS value FROM outbound_messages o
                 JOIN jobs j ON j.id = o.job_id
                 WHERE o.lead_id = {id} AND o.recipient_role = 'client' ORDER BY o.id DESC LIMIT 1"
            )
        )
        .await,
        ["approved whatsapp.send"]
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT dedupe_key || ' ' || (payload->>'cause') AS value FROM jobs
             WHERE kind = 'slots.offer'"
        )
        .await,
        [format!("slots.offer:{id} approved")]
    );
    assert_eq!(
        count(&mut conn, "jobs WHERE kind = 'stripe.create_checkout'").await,
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "action_tokens WHERE used_at IS NULL AND revoked_at IS NULL"
        )
        .await,
        0,
        "the approve and reject links of the summary are revoked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_in_manual_mode_locks_the_deposit_and_creates_the_payment() {
    let chat = Chat::new().await;
    let lead = pending_lead(&chat).await;
    let now = chat.clock.at();
    let approved = booking(&chat)
        .approve(lead, by_admin(), BookingMode::Manual, now)
        .await
        .unwrap();
    assert_eq!(approved.status, LeadStatus::AwaitingDeposit);
    let payment = approved.payment_id.unwrap();

    let mut conn = chat.conn().await;
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT p.status || ' ' || p.idempotency_key || ' ' || p.currency || ' '
                        || (p.amount_minor = l.estimated_deposit_minor)::text || ' '
                        || (p.expires_at = p.created_at + interval '1430 minutes')::text AS value
                 FROM payments p JOIN leads l ON l.id = p.lead_id WHERE p.id = {payment}"
            )
        )
        .await,
        format!("created inkdesk-checkout-{payment} GBP true true"),
        "the estimated deposit, for as long as the session lives"
    );
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT (deposit_amount_minor = estimated_deposit_minor)::text || ' '
                        || deposit_rule_version || ' ' || (deposit_locked_at IS NOT NULL)::text
                        AS value
                 FROM leads WHERE id = {}",
                lead.0
            )
        )
        .await,
        "true v1 true"
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT payload->>'payment_id' AS value FROM jobs WHERE kind = 'stripe.create_checkout'"
        )
        .await,
        [payment.to_string()]
    );
    assert_eq!(count(&mut conn, "jobs WHERE kind = 'slots.offer'").await, 0);
    assert_eq!(
        count(&mut conn, "outbound_messages WHERE kind = 'approved'").await,
        0,
        "the link itself is the client's next message"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_override_is_charged_and_a_second_approve_is_refused() {
    let chat = Chat::new().await;
    let lead = pending_lead(&chat).await;
    let booking = booking(&chat);
    let now = chat.clock.at();
    let out_of_range = ApprovalRequest {
        deposit_override_minor: Some(50),
        ..by_admin()
    };
    let refused = booking
        .approve(lead, out_of_range, BookingMode::Manual, now)
        .await;
    assert!(matches!(
        refused,
        Err(BookingError::Refused(BookingRefusal::Invalid(_)))
    ));

    let with_override = ApprovalRequest {
        deposit_override_minor: Some(20_000),
        note: Some("agreed larger piece".to_owned()),
        ..by_admin()
    };
    let approved = booking
        .approve(lead, with_override, BookingMode::Manual, now)
        .await
        .unwrap();
    let mut conn = chat.conn().await;
    let history = count(&mut conn, "status_history").await;
    let second = booking
        .approve(lead, by_admin(), BookingMode::Manual, now)
        .await;
    assert!(matches!(
        second,
        Err(BookingError::Refused(BookingRefusal::Status(_)))
    ));
    assert_eq!(count(&mut conn, "status_history").await, history);
    assert_eq!(count(&mut conn, "payments").await, 1);
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT p.amount_minor || ' ' || l.deposit_amount_minor || ' ' || l.admin_notes AS value
                 FROM payments p JOIN leads l ON l.id = p.lead_id WHERE p.id = {}",
                approved.payment_id.unwrap()
            )
        )
        .await,
        "20000 20000 agreed larger piece"
    );
    let missing = booking
        .approve(LeadId(9999), by_admin(), BookingMode::Manual, now)
        .await;
    assert!(matches!(missing, Err(BookingError::LeadNotFound(_))));
}
