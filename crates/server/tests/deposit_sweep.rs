//! `expire_payment` as the hold-expiry sweep calls it (booking.md §6): the lapsed session is
//! expired at Stripe too, and a second run changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod booking_fixtures;
mod support;

use booking_fixtures::{awaiting_deposit, slot_start};
use chrono::Utc;
use inkdesk_domain::booking::{EventOutcome, ExpiryTrigger};
use inkdesk_postgres::Database;
use inkdesk_test_support::TestDb;

#[tokio::test(flavor = "multi_thread")]
async fn the_sweep_expires_a_lapsed_deposit_once() {
    inkdesk_test_support::init_crypto();
    let db = TestDb::fresh().await;
    let settings = support::settings(db.url(), None);
    let database = Database::connect_lazy(db.url(), 4).unwrap();
    let booking = inkdesk_server::booking::build(&settings, &database).unwrap();
    let deposit = awaiting_deposit(&db, "447700900123", "cs_test_sweep", slot_start(7)).await;

    let first = booking
        .expire_payment(deposit.payment_id, ExpiryTrigger::Sweep, Utc::now())
        .await
        .unwrap();
    assert_eq!(first, Some(EventOutcome::Processed));
    let again = booking
        .expire_payment(deposit.payment_id, ExpiryTrigger::Sweep, Utc::now())
        .await
        .unwrap();
    assert_eq!(again, Some(EventOutcome::Duplicate));
    assert_eq!(
        booking
            .expire_payment(999_999, ExpiryTrigger::Sweep, Utc::now())
            .await
            .unwrap(),
        None
    );

    let lead = deposit.lead_id;
    for (sql, expected) in [
        (
            format!("SELECT count(*) FROM leads WHERE id = {lead} AND status = 'AWAITING_SLOT'"),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM status_history WHERE lead_id = {lead} AND to_status = 'DEPOSIT_EXPIRED' AND actor = 'scheduler'"
            ),
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
            format!(
                "SELECT count(*) FROM slot_holds WHERE lead_id = {lead} AND state = 'released'"
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM system_events WHERE lead_id = {lead} AND event_type = 'deposit_expired_sweep'"
            ),
            1,
        ),
    ] {
        assert_eq!(support::count(&db, &sql).await, expected, "{sql}");
    }
}
