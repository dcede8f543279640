//! Deferred content when the contact writes (data-and-ops.md §4.6), on a real Postgres.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod outbound_fixtures;

use chrono::{TimeDelta, Utc};
use inkdesk_postgres::outbound::{FlushReport, flush_deferred};
use inkdesk_test_support::TestDb;
use outbound_fixtures::{NewRow, contact, jobs, lead, payment, stored};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn deferred_content_of_the_last_seven_days_goes_out_oldest_first() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900150", None).await;
    let lead_id = lead(&mut conn, client).await;
    let now = Utc::now();
    let ago = |minutes: i64| now - TimeDelta::minutes(minutes);

    let newer = NewRow::new(client, Some(lead_id), "resumed")
        .state("deferred")
        .created(ago(10))
        .insert(&mut conn)
        .await;
    let older = NewRow::new(client, Some(lead_id), "approved")
        .state("deferred")
        .created(ago(90))
        .insert(&mut conn)
        .await;
    let too_old = NewRow::new(client, Some(lead_id), "rejected")
        .state("deferred")
        .created(now - TimeDelta::days(8))
        .insert(&mut conn)
        .await;
    let queued = NewRow::new(client, Some(lead_id), "q.idea")
        .created(ago(5))
        .insert(&mut conn)
        .await;
    let someone_else = contact(&mut conn, "447700900151", None).await;
    let theirs = NewRow::new(someone_else, None, "approved")
        .state("deferred")
        .insert(&mut conn)
        .await;

    let report = flush_deferred(&mut conn, client, now).await.unwrap();
    assert_eq!(
        report,
        FlushReport {
            requeued: vec![older, newer],
            ..FlushReport::default()
        }
    );
    assert_eq!(stored(&mut conn, older).await.state, "queued");
    assert_eq!(stored(&mut conn, newer).await.state, "queued");
    assert_eq!(
        stored(&mut conn, too_old).await.state,
        "deferred",
        "left to the expiry sweep"
    );
    assert_eq!(stored(&mut conn, queued).await.state, "queued");
    assert_eq!(stored(&mut conn, theirs).await.state, "deferred");

    let sends = jobs(&mut conn).await;
    let payloads: Vec<_> = sends.iter().map(|job| job.payload.clone()).collect();
    assert_eq!(
        payloads,
        vec![
            json!({ "outbound_message_id": older.0 }),
            json!({ "outbound_message_id": newer.0 })
        ],
        "job ids follow the rows' age, so the contact's ordering key sends them in that order"
    );
    assert!(sends.iter().all(|job| job.kind == "whatsapp.send"));
    assert_eq!(stored(&mut conn, older).await.job_id, Some(sends[0].id));

    assert!(
        flush_deferred(&mut conn, client, now)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn stale_offers_are_refreshed_and_dead_payment_links_cancelled() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900152", None).await;
    let lead_id = lead(&mut conn, client).await;
    let now = Utc::now();

    let mut stale_offer = NewRow::new(client, Some(lead_id), "slot_offer")
        .state("deferred")
        .created(now - TimeDelta::minutes(61));
    stale_offer.refresh_on_flush = true;
    let stale_offer = stale_offer.insert(&mut conn).await;
    let mut fresh_offer = NewRow::new(client, Some(lead_id), "slot_offer_refresh")
        .state("deferred")
        .created(now - TimeDelta::minutes(59));
    fresh_offer.refresh_on_flush = true;
    let fresh_offer = fresh_offer.insert(&mut conn).await;

    let paid = payment(&mut conn, lead_id, "paid").await;
    let open = payment(&mut conn, lead_id, "open").await;
    let mut dead_link = NewRow::new(client, Some(lead_id), "deposit_link")
        .state("deferred")
        .created(now - TimeDelta::minutes(30));
    dead_link.payment_id = Some(paid);
    let dead_link = dead_link.insert(&mut conn).await;
    let mut live_link = NewRow::new(client, Some(lead_id), "slot_held")
        .state("deferred")
        .created(now - TimeDelta::minutes(20));
    live_link.payment_id = Some(open);
    let live_link = live_link.insert(&mut conn).await;

    let report = flush_deferred(&mut conn, client, now).await.unwrap();
    assert_eq!(
        report,
        FlushReport {
            requeued: vec![fresh_offer, live_link],
            refreshed: vec![stale_offer],
            cancelled: vec![dead_link]
        }
    );
    assert_eq!(stored(&mut conn, stale_offer).await.state, "cancelled");
    assert_eq!(stored(&mut conn, dead_link).await.state, "cancelled");
    let queued = jobs(&mut conn).await;
    let kinds: Vec<_> = queued.iter().map(|job| job.kind.as_str()).collect();
    assert_eq!(kinds, ["slots.offer", "whatsapp.send", "whatsapp.send"]);
    assert_eq!(
        queued[0].payload,
        json!({ "lead_id": lead_id.0, "cause": "deferred_refresh" })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn artist_content_goes_through_artist_notify_and_unsent_stand_ins_are_dropped() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let artist = contact(&mut conn, "447700900153", None).await;
    let lead_id = lead(&mut conn, artist).await;
    let now = Utc::now();
    let content = NewRow::new(artist, Some(lead_id), "artist.new_lead")
        .state("deferred")
        .insert(&mut conn)
        .await;
    let mut waiting = NewRow::new(artist, Some(lead_id), "artist.new_lead");
    waiting.mode = "template";
    waiting.stands_in_for = Some(content);
    let waiting = waiting.insert(&mut conn).await;
    let earlier = NewRow::new(artist, Some(lead_id), "artist.stale")
        .state("deferred")
        .insert(&mut conn)
        .await;
    let mut sent = NewRow::new(artist, Some(lead_id), "artist.stale").sent_as("wamid.s");
    sent.mode = "template";
    sent.stands_in_for = Some(earlier);
    let sent = sent.insert(&mut conn).await;

    let report = flush_deferred(&mut conn, artist, now).await.unwrap();
    assert_eq!(report.requeued, vec![content, earlier]);
    assert_eq!(stored(&mut conn, waiting).await.state, "cancelled");
    assert_eq!(stored(&mut conn, sent).await.state, "sent");
    let queued = jobs(&mut conn).await;
    assert!(queued.iter().all(|job| job.kind == "artist.notify"));
    assert_eq!(
        queued[0].ordering_key,
        Some(format!("contact:{}", artist.0))
    );
    assert_eq!(queued[0].lead_id, Some(lead_id.0));
}
