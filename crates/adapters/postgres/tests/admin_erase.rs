//! The GDPR erase against real rows: what blocks it (a live booking, a recent paid deposit), what it
//! enqueues (the Sheets row, inkdesk's calendar events) and what it keeps.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_postgres::Database;
use inkdesk_postgres::admin::{EraseBlocked, EraseOutcome, EraseRequest, erase_contact};
use inkdesk_test_support::TestDb;

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

async fn id(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Id>(conn)
        .await
        .unwrap()
        .id
}

async fn run(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).await.unwrap();
}

async fn count(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    id(conn, &format!("SELECT ({sql})::bigint AS id")).await
}

/// A contact with one lead in `status`, entered `days_ago`; returns (contact, lead).
async fn contact_with_lead(
    conn: &mut AsyncPgConnection,
    status: &str,
    days_ago: i32,
) -> (i64, i64) {
    run(
        conn,
        "INSERT INTO artists (id) VALUES ('default') ON CONFLICT DO NOTHING",
    )
    .await;
    let contact = id(
        conn,
        "INSERT INTO contacts (artist_id, phone, profile_name)
         VALUES ('default', '447700900321', 'Sam') RETURNING id",
    )
    .await;
    let lead = id(
        conn,
        &format!(
            "INSERT INTO leads (artist_id, contact_id, status, status_entered_at, summary_text,
                                instagram_handle, admin_notes)
             VALUES ('default', {contact}, '{status}', now() - interval '{days_ago} days',
                     'New enquiry from Sam', 'sam.ink', 'likes roses') RETURNING id"
        ),
    )
    .await;
    (contact, lead)
}

async fn paid_payment(conn: &mut AsyncPgConnection, lead: i64) {
    run(
        conn,
        &format!(
            "INSERT INTO payments (artist_id, lead_id, amount_minor, currency, status,
                                   idempotency_key, expires_at, paid_at)
             VALUES ('default', {lead}, 15000, 'GBP', 'paid', 'pay-{lead}', now(), now())"
        ),
    )
    .await;
}

fn request(contact_id: i64) -> EraseRequest {
    EraseRequest {
        contact_id,
        spreadsheet_id: Some("sheet-1".to_owned()),
        booked_live_days: 60,
        correlation_id: Some("test-erase".to_owned()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_booking_still_to_come_blocks_the_erase() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let (contact, lead) = contact_with_lead(&mut conn, "BOOKED", 1).await;
    run(
        &mut conn,
        &format!(
            "UPDATE leads SET appointment_start_at = now() + interval '3 days',
                              appointment_end_at = now() + interval '3 days 3 hours'
             WHERE id = {lead}"
        ),
    )
    .await;
    let database = Database::connect_lazy(db.url(), 2).unwrap();
    assert_eq!(
        erase_contact(&database, &request(contact)).await.unwrap(),
        EraseOutcome::Blocked(EraseBlocked::LiveBooking)
    );
    // Once the appointment is over, it no longer does.
    run(
        &mut conn,
        &format!(
            "UPDATE leads SET appointment_start_at = now() - interval '40 days',
                              appointment_end_at = now() - interval '40 days' + interval '3 hours',
                              status_entered_at = now() - interval '41 days'
             WHERE id = {lead}"
        ),
    )
    .await;
    assert_eq!(
        erase_contact(&database, &request(contact)).await.unwrap(),
        EraseOutcome::Erased {
            lead_ids: vec![lead]
        }
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paid_deposit_on_a_recently_closed_lead_blocks_the_erase() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let (contact, lead) = contact_with_lead(&mut conn, "CANCELLED", 5).await;
    paid_payment(&mut conn, lead).await;
    let database = Database::connect_lazy(db.url(), 2).unwrap();
    assert_eq!(
        erase_contact(&database, &request(contact)).await.unwrap(),
        EraseOutcome::Blocked(EraseBlocked::PaidDeposit)
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM contacts WHERE phone IS NOT NULL"
        )
        .await,
        1,
        "a refused erase changes nothing"
    );

    run(
        &mut conn,
        "UPDATE payments SET status = 'refunded', amount_refunded_minor = 15000",
    )
    .await;
    assert!(matches!(
        erase_contact(&database, &request(contact)).await.unwrap(),
        EraseOutcome::Erased { .. }
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn erase_blanks_the_calendar_event_and_the_sheet_row_and_keeps_the_money() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let (contact, lead) = contact_with_lead(&mut conn, "REFUNDED", 90).await;
    paid_payment(&mut conn, lead).await;
    run(
        &mut conn,
        "UPDATE payments SET status = 'refunded', amount_refunded_minor = 15000",
    )
    .await;
    let hold = id(
        &mut conn,
        &format!(
            "INSERT INTO slot_holds (artist_id, lead_id, session_range, blocked_range, state,
                                     calendar_event_id, calendar_event_state)
             VALUES ('default', {lead},
                     tstzrange(now() - interval '80 days', now() - interval '80 days' + interval '3 hours'),
                     tstzrange(now() - interval '80 days', now() - interval '80 days' + interval '4 hours'),
                     'cancelled', 'inkabc123', 'created') RETURNING id"
        ),
    )
    .await;
    let database = Database::connect_lazy(db.url(), 2).unwrap();
    let outcome = erase_contact(&database, &request(contact)).await.unwrap();
    assert_eq!(
        outcome,
        EraseOutcome::Erased {
            lead_ids: vec![lead]
        }
    );

    let calendar = format!(
        "SELECT count(*) FROM jobs WHERE kind = 'calendar.update_event' AND lead_id = {lead}
           AND payload->>'hold_id' = '{hold}' AND payload->>'event_id' = 'inkabc123'
           AND payload->'patch'->>'summary' = 'Erased client'
           AND payload->'patch'->>'description' = ''
           AND correlation_id = 'test-erase'"
    );
    assert_eq!(count(&mut conn, &calendar).await, 1);
    let sheets = format!(
        "SELECT count(*) FROM jobs WHERE kind = 'sheets.upsert' AND lead_id = {lead}
           AND ordering_key = 'sheets:sheet-1'"
    );
    assert_eq!(count(&mut conn, &sheets).await, 1);
    let kept = format!(
        "SELECT count(*) FROM leads l JOIN payments p ON p.lead_id = l.id
         WHERE l.id = {lead} AND l.status = 'REFUNDED' AND p.amount_minor = 15000
           AND l.summary_text IS NULL AND l.instagram_handle IS NULL AND l.admin_notes IS NULL"
    );
    assert_eq!(count(&mut conn, &kept).await, 1);
    let contact_row = format!(
        "SELECT count(*) FROM contacts WHERE id = {contact} AND phone IS NULL
           AND profile_name IS NULL AND erased_at IS NOT NULL"
    );
    assert_eq!(count(&mut conn, &contact_row).await, 1);
    let event = format!(
        "SELECT count(*) FROM system_events WHERE event_type = 'gdpr.erase' AND contact_id = {contact}
           AND payload->'lead_ids' = '[{lead}]'::jsonb AND NOT payload ? 'phone'"
    );
    assert_eq!(count(&mut conn, &event).await, 1);
}
