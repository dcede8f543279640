//! Leads waiting for their deposit, written straight into a fresh database (a held slot a week
//! ahead and an open Checkout session), and the Checkout Session objects Stripe would send for
//! them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod stripe_app;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use inkdesk_test_support::TestDb;
use serde_json::{Value, json};

pub const DEPOSIT_MINOR: i64 = 15_000;

/// One lead's deposit: its hold, its payment and the session id.
#[derive(Debug, Clone)]
pub struct Deposit {
    pub lead_id: i64,
    pub hold_id: i64,
    pub payment_id: i64,
    pub session_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Runs test-written SQL ending in `RETURNING id`.
pub async fn insert(db: &TestDb, sql: &str) -> i64 {
    let mut conn = db.connect().await;
    diesel::sql_query(sql)
        .get_result::<Id>(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .id
}

/// Runs test-written statements (several may be separated by `;`).
pub async fn execute(db: &TestDb, sql: &str) {
    use diesel_async::SimpleAsyncConnection;
    let mut conn = db.connect().await;
    conn.batch_execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Ten o'clock UTC, `days` from now.
pub fn slot_start(days: i64) -> DateTime<Utc> {
    (Utc::now() + TimeDelta::days(days))
        .duration_trunc(TimeDelta::days(1))
        .unwrap()
        + TimeDelta::hours(10)
}

/// A calendar-mode lead of `phone` in `AWAITING_DEPOSIT` (approved, deposit locked), holding
/// `[start, start + 3 h)` with the open session `session_id`.
pub async fn awaiting_deposit(
    db: &TestDb,
    phone: &str,
    session_id: &str,
    start: DateTime<Utc>,
) -> Deposit {
    execute(
        db,
        "INSERT INTO artists (id) VALUES ('default') ON CONFLICT DO NOTHING",
    )
    .await;
    let contact = insert(
        db,
        &format!(
            "INSERT INTO contacts (artist_id, phone, profile_name, last_inbound_at)
             VALUES ('default', '{phone}', 'Alex Morgan', now()) RETURNING id"
        ),
    )
    .await;
    let lead_id = insert(
        db,
        &format!(
            "INSERT INTO leads (artist_id, contact_id, status, booking_mode, current_step,
                                qualifying_started_at, qualifying_completed_at, pending_approval_at,
                                approved_at, deposit_amount_minor, deposit_currency,
                                deposit_locked_at, deposit_rule_version, summary_text,
                                booking_city)
             VALUES ('default', {contact}, 'AWAITING_DEPOSIT', 'calendar', 12, now(), now(),
                     now(), now(), {DEPOSIT_MINOR}, 'GBP', now(), 'v1',
                     'Enquiry — fine line swallow', 'London')
             RETURNING id"
        ),
    )
    .await;
    let end = start + TimeDelta::hours(3);
    let hold_id = add_hold(db, lead_id, start, end, "held").await;
    let payment_id = add_payment(db, lead_id, Some(hold_id), "open", session_id, 0).await;
    Deposit {
        lead_id,
        hold_id,
        payment_id,
        session_id: session_id.to_owned(),
        start,
        end,
    }
}

/// A hold of the lead over `[start, end)` with the studio's 30-minute buffer.
pub async fn add_hold(
    db: &TestDb,
    lead_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    state: &str,
) -> i64 {
    let (start, end) = (start.to_rfc3339(), end.to_rfc3339());
    let expires = if state == "held" {
        "now() + interval '23 hours'"
    } else {
        "NULL"
    };
    insert(
        db,
        &format!(
            "INSERT INTO slot_holds (artist_id, lead_id, session_range, blocked_range, state,
                                     expires_at, released_at, release_reason)
             VALUES ('default', {lead_id}, tstzrange('{start}', '{end}'),
                     tstzrange(timestamptz '{start}' - interval '15 minutes',
                               timestamptz '{end}' + interval '15 minutes'),
                     '{state}', {expires},
                     CASE WHEN '{state}' = 'released' THEN now() END,
                     CASE WHEN '{state}' = 'released' THEN 'swapped' END)
             RETURNING id"
        ),
    )
    .await
}

/// A payment of the lead, created `minutes_later` after now.
pub async fn add_payment(
    db: &TestDb,
    lead_id: i64,
    hold_id: Option<i64>,
    status: &str,
    session_id: &str,
    minutes_later: i64,
) -> i64 {
    let hold = hold_id.map_or("NULL".to_owned(), |id| id.to_string());
    insert(
        db,
        &format!(
            "INSERT INTO payments (artist_id, lead_id, amount_minor, currency, status,
                                   idempotency_key, stripe_checkout_session_id, checkout_url,
                                   expires_at, hold_id, created_at)
             VALUES ('default', {lead_id}, {DEPOSIT_MINOR}, 'GBP', '{status}',
                     'test-{session_id}', '{session_id}',
                     'https://checkout.stripe.com/c/pay/{session_id}',
                     now() + interval '23 hours', {hold},
                     now() + interval '{minutes_later} minutes')
             RETURNING id"
        ),
    )
    .await
}

/// The Checkout Session of `deposit` as a `checkout.session.*` event carries it.
pub fn session_object(deposit: &Deposit, payment_status: &str, status: &str) -> Value {
    json!({
        "id": deposit.session_id,
        "object": "checkout.session",
        "amount_total": DEPOSIT_MINOR,
        "currency": "gbp",
        "mode": "payment",
        "payment_status": payment_status,
        "status": status,
        "payment_intent": format!("pi_test_{}", deposit.payment_id),
        "client_reference_id": deposit.lead_id.to_string(),
        "livemode": false,
        "metadata": {
            "lead_id": deposit.lead_id.to_string(),
            "payment_id": deposit.payment_id.to_string(),
            "hold_id": deposit.hold_id.to_string(),
        },
    })
}
