//! What the Sheets lead log reads about a lead, on a real Postgres: the latest answers, payment, hold
//! and dead job, the offered tour city, and the row remembered per spreadsheet.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use diesel_async::SimpleAsyncConnection;
use inkdesk_domain::model::LeadId;
use inkdesk_postgres::sheet_log::{self, HoldFacts, PaymentFacts};
use inkdesk_test_support::TestDb;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_facts_pick_the_latest_of_everything() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let lead = common::lead(&mut conn).await;
    let id = lead.0;
    conn.batch_execute(&format!(
        "UPDATE contacts SET profile_name = 'Sam', opted_out = true
           WHERE id = (SELECT contact_id FROM leads WHERE id = {id});
         UPDATE leads SET dimensions_width_cm = 7.62, dimensions_height_cm = 12,
                complexity_level = 2, coverup = 'no', budget_amount_minor = 45000,
                budget_currency = 'GBP', tour_stop_key = 'leeds-1', booking_city = 'Leeds',
                tour_offer_options = '[{{\"kind\": \"studio\", \"city\": \"London\"}},
                                       {{\"kind\": \"stop\", \"key\": \"leeds-1\", \"city\": \"Leeds\",
                                         \"start\": \"2027-04-12\", \"end\": \"2027-04-14\"}}]'
           WHERE id = {id};
         INSERT INTO answers (lead_id, question_key, value_text, created_at) VALUES
           ({id}, 'idea', 'a swallow', now() - interval '2 minutes'),
           ({id}, 'idea', 'a swallow with a banner', now() - interval '1 minute'),
           ({id}, 'reference_images', 'https://example.com/a', now()),
           ({id}, 'reference_images', 'www.example.com/b', now());
         INSERT INTO inbound_messages (artist_id, contact_id, lead_id, provider, provider_message_id,
                                       wa_timestamp)
           SELECT 'default', contact_id, id, 'whatsapp', 'wamid.media', now() FROM leads WHERE id = {id};
         INSERT INTO attachments (lead_id, inbound_message_id, kind, state)
           SELECT {id}, id, 'image', s FROM inbound_messages, unnest(ARRAY['stored', 'stored', 'failed']) s;
         INSERT INTO payments (artist_id, lead_id, amount_minor, currency, idempotency_key,
                               stripe_checkout_session_id, checkout_url, expires_at, created_at) VALUES
           ('default', {id}, 15000, 'GBP', 'k1', 'cs_old', 'https://pay/old', now(), now() - interval '1 hour'),
           ('default', {id}, 15000, 'GBP', 'k2', 'cs_new', 'https://pay/new', now(), now());
         INSERT INTO slot_holds (artist_id, lead_id, session_range, blocked_range, state, expires_at,
                                 calendar_event_id) VALUES
           ('default', {id}, '[2027-03-29 09:00Z, 2027-03-29 12:00Z)', '[2027-03-29 09:00Z, 2027-03-29 12:30Z)',
            'held', now() + interval '1 hour', 'ink1h1');
         INSERT INTO jobs (kind, payload, state, max_attempts, lead_id, last_error, finished_at) VALUES
           ('stripe.create_checkout', '{{}}', 'dead', 6, {id}, 'old failure', now() - interval '1 hour'),
           ('media.fetch', '{{}}', 'dead', 5, {id}, 'permanent provider failure (404)', now());
         INSERT INTO sheet_rows (lead_id, spreadsheet_id, row_number) VALUES ({id}, 'other-sheet', 9);"
    ))
    .await
    .unwrap();
    let database = common::database(&db);

    let facts = sheet_log::load(&database, lead, "lead-log")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(facts.contact.profile_name.as_deref(), Some("Sam"));
    assert!(facts.contact.opted_out);
    assert!(!facts.erased);
    assert_eq!(
        facts.answers.idea.as_deref(),
        Some("a swallow with a banner")
    );
    assert_eq!(facts.answers.reference_texts.len(), 2);
    let size = facts.dimensions.unwrap();
    assert_eq!((size.width_centi_cm(), size.height_centi_cm()), (762, 1200));
    assert_eq!(facts.complexity_level, Some(2));
    assert_eq!(facts.stored_media, 2);
    assert_eq!(facts.offered_tour_city.as_deref(), Some("Leeds"));
    assert_eq!(facts.budget_currency.as_deref(), Some("GBP"));
    assert_eq!(
        facts.latest_payment,
        Some(PaymentFacts {
            checkout_url: Some("https://pay/new".into()),
            stripe_session_id: Some("cs_new".into()),
        })
    );
    assert_eq!(
        facts.latest_hold,
        Some(HoldFacts {
            state: "held".into(),
            calendar_event_id: Some("ink1h1".into()),
            starts_at: Some(at("2027-03-29T09:00:00Z")),
            ends_at: Some(at("2027-03-29T12:00:00Z")),
        })
    );
    let dead = facts.last_dead_job.unwrap();
    assert_eq!(dead.kind, "media.fetch");
    assert!(facts.funnel.created_at.is_some());
    assert_eq!(
        facts.remembered_row, None,
        "a row in another spreadsheet is not this one's"
    );

    sheet_log::remember_row(&database, lead, "lead-log", 7, Utc::now())
        .await
        .unwrap();
    sheet_log::remember_row(&database, lead, "lead-log", 8, Utc::now())
        .await
        .unwrap();
    let facts = sheet_log::load(&database, lead, "lead-log")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(facts.remembered_row, Some(8));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bare_lead_has_no_optional_facts_and_an_unknown_lead_none() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let lead = common::lead(&mut conn).await;
    let database = common::database(&db);

    let facts = sheet_log::load(&database, lead, "lead-log")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(facts.status, "AWAITING_SLOT");
    assert_eq!(facts.answers.reference_texts, Vec::<String>::new());
    assert_eq!(facts.dimensions, None);
    assert_eq!(facts.offered_tour_city, None);
    assert_eq!(facts.latest_payment, None);
    assert_eq!(facts.latest_hold, None);
    assert_eq!(facts.last_dead_job, None);
    assert_eq!(facts.stored_media, 0);

    assert!(
        sheet_log::load(&database, LeadId(lead.0 + 1000), "lead-log")
            .await
            .unwrap()
            .is_none()
    );
}
