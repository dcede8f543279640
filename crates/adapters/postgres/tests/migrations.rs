//! The migrations apply, revert and re-apply cleanly on a real database, and the constraints that
//! arbitrate races behave as the specification says.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use inkdesk_postgres::schema::{artists, contacts, leads, slot_holds};
use inkdesk_postgres::{
    Database, applied_migration_versions, embedded_migration_versions, revert_all_migrations,
    run_pending_migrations,
};
use inkdesk_test_support::TestDb;
use std::collections::Bound;

#[tokio::test(flavor = "multi_thread")]
async fn migrations_go_up_down_and_up_again() {
    let db = TestDb::empty().await;
    let embedded = embedded_migration_versions();
    assert!(embedded.len() >= 3);

    assert_eq!(run_pending_migrations(db.url()).await.unwrap(), embedded);
    let reverted = revert_all_migrations(db.url()).await.unwrap();
    assert_eq!(reverted.len(), embedded.len());
    let mut conn = db.connect().await;
    assert!(
        applied_migration_versions(&mut conn)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        table_count(&mut conn).await,
        0,
        "down migrations leave no tables"
    );

    assert_eq!(run_pending_migrations(db.url()).await.unwrap(), embedded);
    assert_eq!(
        applied_migration_versions(&mut conn).await.unwrap(),
        embedded
    );
    assert!(run_pending_migrations(db.url()).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_reports_pending_migrations_then_current() {
    let db = TestDb::empty().await;
    let database = Database::connect_lazy(db.url(), 2).unwrap();
    let before = database.readiness().await;
    assert!(before.connected);
    assert!(!before.migrations_current);
    run_pending_migrations(db.url()).await.unwrap();
    let after = database.readiness().await;
    assert!(after.connected && after.migrations_current);
}

#[tokio::test(flavor = "multi_thread")]
async fn pooled_sessions_carry_the_lock_and_idle_transaction_limits() {
    #[derive(QueryableByName)]
    struct Limits {
        #[diesel(sql_type = diesel::sql_types::Text)]
        lock_timeout: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        idle: String,
    }
    let db = TestDb::empty().await;
    let database = Database::connect_lazy(db.url(), 2).unwrap();
    let mut conn = database.connection().await.unwrap();
    let limits: Limits = diesel::sql_query(
        "SELECT current_setting('lock_timeout') AS lock_timeout,
                current_setting('idle_in_transaction_session_timeout') AS idle",
    )
    .get_result(&mut *conn)
    .await
    .unwrap();
    assert_eq!(limits.lock_timeout, "10s");
    assert_eq!(limits.idle, "30s");
}

async fn table_count(conn: &mut AsyncPgConnection) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(
        "SELECT count(*) AS n FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .get_result::<Count>(conn)
    .await
    .unwrap()
    .n
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 29, hour, 0, 0).unwrap()
}

/// Creates an artist, a contact and a lead for it; returns the lead id.
async fn lead_for(conn: &mut AsyncPgConnection, artist: &str, phone: &str) -> i64 {
    diesel::insert_into(artists::table)
        .values(artists::id.eq(artist))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .unwrap();
    let contact_id: i64 = diesel::insert_into(contacts::table)
        .values((contacts::artist_id.eq(artist), contacts::phone.eq(phone)))
        .returning(contacts::id)
        .get_result(conn)
        .await
        .unwrap();
    diesel::insert_into(leads::table)
        .values((
            leads::artist_id.eq(artist),
            leads::contact_id.eq(contact_id),
            leads::status.eq("AWAITING_SLOT"),
        ))
        .returning(leads::id)
        .get_result(conn)
        .await
        .unwrap()
}

async fn hold(
    conn: &mut AsyncPgConnection,
    artist: &str,
    lead_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> QueryResult<i64> {
    let range = (Bound::Included(start), Bound::Excluded(end));
    let blocked = (
        Bound::Included(start),
        Bound::Excluded(end + Duration::minutes(30)),
    );
    diesel::insert_into(slot_holds::table)
        .values((
            slot_holds::artist_id.eq(artist),
            slot_holds::lead_id.eq(lead_id),
            slot_holds::session_range.eq(range),
            slot_holds::blocked_range.eq(blocked),
            slot_holds::expires_at.eq(start - Duration::days(1)),
        ))
        .returning(slot_holds::id)
        .get_result(conn)
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn exclusion_constraint_rejects_overlapping_live_holds_of_one_artist() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let first = lead_for(&mut conn, "default", "447700900001").await;
    let second = lead_for(&mut conn, "default", "447700900002").await;

    hold(&mut conn, "default", first, at(10), at(13))
        .await
        .unwrap();
    let clash = hold(&mut conn, "default", second, at(12), at(15)).await;
    match clash {
        Err(diesel::result::Error::DatabaseError(_, info)) => {
            assert_eq!(info.constraint_name(), Some("slot_holds_no_overlap"));
        }
        other => panic!("overlapping hold was not rejected: {other:?}"),
    }
    // The 30-minute buffer is part of the blocked range: a session starting in it also clashes.
    assert!(
        hold(&mut conn, "default", second, at(13), at(14))
            .await
            .is_err()
    );
    // A released hold no longer blocks the range.
    conn.batch_execute("UPDATE slot_holds SET state = 'released'")
        .await
        .unwrap();
    hold(&mut conn, "default", second, at(12), at(15))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn exclusion_constraint_accepts_the_same_range_for_two_artists() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let first = lead_for(&mut conn, "default", "447700900001").await;
    let other = lead_for(&mut conn, "guest", "447700900002").await;

    hold(&mut conn, "default", first, at(10), at(13))
        .await
        .unwrap();
    hold(&mut conn, "guest", other, at(10), at(13))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn one_active_lead_per_contact() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let lead = lead_for(&mut conn, "default", "447700900001").await;
    let contact: i64 = leads::table
        .find(lead)
        .select(leads::contact_id)
        .get_result(&mut conn)
        .await
        .unwrap();
    let second = diesel::insert_into(leads::table)
        .values((
            leads::artist_id.eq("default"),
            leads::contact_id.eq(contact),
            leads::status.eq("QUALIFYING"),
        ))
        .execute(&mut conn)
        .await;
    assert!(second.is_err(), "a second active lead must be rejected");
    let bogus = diesel::update(leads::table.find(lead))
        .set(leads::status.eq("BOOKING_LINK_SENT"))
        .execute(&mut conn)
        .await;
    assert!(bogus.is_err(), "legacy statuses are rejected by the CHECK");
}
