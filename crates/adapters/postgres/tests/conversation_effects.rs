//! The decision's effects as `PgStore` applies them on a real Postgres: STOP (§19), media
//! attachments (§22), the deferred flush (data-and-ops.md §4.6) and the artist's own number (P3).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod conversation_support;

use chrono::TimeDelta;
use conversation_support::{Chat, OPENING, artist_phone, count, text, texts};
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{Disposition, InboundContent, MediaKind, Silence};
use inkdesk_domain::model::LeadStatus;

async fn execute(
    conn: &mut AsyncPgConnection,
    sql: &str,
    lead: i64,
    at: chrono::DateTime<chrono::Utc>,
) {
    diesel::sql_query(sql)
        .bind::<BigInt, _>(lead)
        .bind::<Timestamptz, _>(at)
        .execute(conn)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn stop_blocks_what_is_pending_releases_holds_and_expires_checkout_sessions() {
    let chat = Chat::new().await;
    let lead = chat.send(OPENING).await.lead_id.unwrap().0;
    let mut conn = chat.conn().await;
    let now = chat.clock.at();
    execute(
        &mut conn,
        "INSERT INTO slot_holds (artist_id, lead_id, session_range, blocked_range, state, expires_at)
         VALUES ('default', $1, tstzrange($2 + interval '3 days', $2 + interval '3 days 2 hours'),
                 tstzrange($2 + interval '3 days', $2 + interval '3 days 3 hours'), 'held',
                 $2 + interval '1 day')",
        lead,
        now,
    )
    .await;
    execute(
        &mut conn,
        "INSERT INTO payments (artist_id, lead_id, amount_minor, currency, status, idempotency_key,
                               checkout_url, expires_at)
         VALUES ('default', $1, 5000, 'GBP', 'open', 'deposit-1', 'https://checkout.example/c/1',
                 $2 + interval '1 day')",
        lead,
        now,
    )
    .await;

    let outcome = chat.send("STOP").await;

    assert_eq!(outcome.disposition, Some(Disposition::OptOut));
    assert_eq!(outcome.lead_status, Some(LeadStatus::OptOut));
    assert_eq!(
        text(&mut conn, "SELECT opted_out::text AS value FROM contacts").await,
        "true"
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT kind || ' ' || state AS value FROM outbound_messages ORDER BY id"
        )
        .await,
        [
            "welcome_with_idea blocked_optout",
            "opt_out_confirmation queued"
        ]
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT state || ' ' || release_reason AS value FROM slot_holds"
        )
        .await,
        "released opt_out"
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT (payload ->> 'payment_id') AS value FROM jobs WHERE kind = 'stripe.expire_session'"
        )
        .await,
        text(&mut conn, "SELECT id::text AS value FROM payments").await
    );
    assert_eq!(
        count(
            &mut conn,
            "system_events WHERE event_type = 'contact.opted_out'"
        )
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn media_is_attached_to_the_lead_and_fetched_by_a_job() {
    let chat = Chat::new().await;
    let lead = chat.send(OPENING).await.lead_id.unwrap().0;
    let photo = chat.message(InboundContent::Media {
        kind: MediaKind::Image,
        media_id: "media-77".to_owned(),
        caption: Some("Inner forearm".to_owned()),
        mime_type: Some("image/jpeg".to_owned()),
        filename: None,
    });

    let outcome = chat.deliver(photo).await.unwrap();

    assert_eq!(outcome.disposition, Some(Disposition::Answer));
    let mut conn = chat.conn().await;
    let attachment = text(
        &mut conn,
        &format!(
            "SELECT id::text AS value FROM attachments
             WHERE lead_id = {lead} AND kind = 'image' AND whatsapp_media_id = 'media-77'
               AND state = 'pending' AND caption = 'Inner forearm'"
        ),
    )
    .await;
    assert_eq!(
        text(
            &mut conn,
            "SELECT (payload ->> 'attachment_id') || ' ' || dedupe_key AS value
             FROM jobs WHERE kind = 'media.fetch'"
        )
        .await,
        format!("{attachment} media.fetch:{attachment}")
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT message_type || ' ' || (media ->> 'id') || ' ' || text AS value
             FROM inbound_messages WHERE media IS NOT NULL"
        )
        .await,
        "image media-77 Inner forearm"
    );
    assert_eq!(
        count(&mut conn, "answers WHERE question_key = 'placement'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_continue_acknowledgement_flushes_deferred_content_and_stays_silent() {
    let chat = Chat::new().await;
    let lead = chat.send(OPENING).await.lead_id.unwrap().0;
    let mut conn = chat.conn().await;
    let now = chat.clock.at();
    for (kind, refresh, age) in [
        ("approved", false, TimeDelta::hours(30)),
        ("slot_offer", true, TimeDelta::hours(2)),
        ("approved", false, TimeDelta::days(8)),
    ] {
        diesel::sql_query(
            "INSERT INTO outbound_messages (artist_id, contact_id, lead_id, kind, recipient_role, mode,
                                            body, refresh_on_flush, state, created_at)
             SELECT 'default', contact_id, id, $2, 'client', 'text', 'held back', $3, 'deferred', $4
             FROM leads WHERE id = $1",
        )
        .bind::<BigInt, _>(lead)
        .bind::<diesel::sql_types::Text, _>(kind)
        .bind::<diesel::sql_types::Bool, _>(refresh)
        .bind::<Timestamptz, _>(now - age)
        .execute(&mut conn)
        .await
        .unwrap();
    }

    let outcome = chat.send("OK").await;

    assert_eq!(outcome.silence, Some(Silence::ContinueAfterFlush));
    assert_eq!(
        texts(
            &mut conn,
            "SELECT o.kind || ' ' || o.state || ' ' || coalesce(j.kind, '-') AS value
             FROM outbound_messages o LEFT JOIN jobs j ON j.id = o.job_id
             WHERE o.body = 'held back' ORDER BY o.id"
        )
        .await,
        [
            "approved queued whatsapp.send",
            "slot_offer cancelled -",
            "approved deferred -"
        ]
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT (payload ->> 'cause') AS value FROM jobs WHERE kind = 'slots.offer'"
        )
        .await,
        "refresh"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_artist_writing_to_their_own_number_gets_the_inbox_counts() {
    let chat = Chat::new().await;
    chat.send(OPENING).await;
    let mut from_artist = chat.text("hi");
    from_artist.from = artist_phone();
    from_artist.profile_name = Some("Sam".to_owned());

    let outcome = chat.deliver(from_artist).await.unwrap();

    assert_eq!(outcome.disposition, Some(Disposition::Artist));
    assert_eq!(outcome.lead_id, None);
    let mut conn = chat.conn().await;
    assert_eq!(
        text(
            &mut conn,
            "SELECT c.is_artist || ' ' || o.kind || ' ' || j.kind || ' ' || j.ordering_key AS value
             FROM outbound_messages o
             JOIN contacts c ON c.id = o.contact_id
             JOIN jobs j ON j.id = o.job_id
             WHERE o.recipient_role = 'artist'"
        )
        .await,
        format!(
            "true artist.inbox_status artist.notify contact:{}",
            text(
                &mut conn,
                "SELECT id::text AS value FROM contacts WHERE is_artist"
            )
            .await
        )
    );
    assert!(
        text(
            &mut conn,
            "SELECT body AS value FROM outbound_messages WHERE kind = 'artist.inbox_status'"
        )
        .await
        .contains("Awaiting your review: 0")
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT disposition || ' ' || (lead_id IS NULL) AS value FROM inbound_messages
             WHERE provider_message_id = 'wamid.2'"
        )
        .await,
        "artist true"
    );
}
