//! The `stripe.create_checkout` job end to end (booking.md §3.7): a client picks a slot over a
//! signed webhook, the server's workers create the Checkout session at the fake Stripe and send
//! `slot_held` + `deposit_policy` through the fake Graph API; retries reuse the idempotency key;
//! a permanent refusal hands the lead to the artist.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use inkdesk_domain::booking::checkout_slot_label;
use inkdesk_domain::model::LeadId;
use inkdesk_domain::rules::StudioRules;
use inkdesk_postgres::NewJob;
use inkdesk_server::config::Secret;
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_stripe::{FakeFailure, FakeStripe};
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use support::{TestApp, count, settings, spawn_with};

const CLIENT: &str = "447700900123";
const OPENING: &str = "Hi! I'd love a fine line swallow with a little banner, something delicate";

struct Booking {
    app: TestApp,
    graph: FakeWhatsApp,
    stripe: FakeStripe,
}

impl Booking {
    async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let graph = FakeWhatsApp::start().await;
        let stripe = FakeStripe::start().await;
        let mut settings = settings(db.url(), Some(&graph.base_url()));
        settings.stripe.secret_key = Some(Secret::new(stripe.secret_key()));
        settings.stripe.api_base_url = Some(stripe.base_url());
        let base = spawn_with(settings, true);
        let app = TestApp {
            base,
            db,
            t0: support::t0(),
        };
        Self { app, graph, stripe }
    }

    /// A lead approved in calendar mode with a £150 deposit and an open offer of one slot three
    /// days ahead; returns the lead id and the slot.
    async fn awaiting_slot(&self) -> (i64, DateTime<Utc>, DateTime<Utc>) {
        let response = self.app.say(CLIENT, "wamid.opening", OPENING, 0).await;
        assert_eq!(response.status(), 200);
        let lead = self.app.count("SELECT max(id) FROM leads").await;
        let start = (Utc::now() + TimeDelta::days(3))
            .date_naive()
            .and_hms_opt(10, 0, 0)
            .unwrap()
            .and_utc();
        let end = start + TimeDelta::hours(3);
        let slots = serde_json::json!([{ "index": 1, "start": start, "end": end, "taken": false }]);
        let mut conn = self.app.db.connect().await;
        diesel::sql_query(
            "UPDATE leads SET status = 'AWAITING_SLOT', booking_mode = 'calendar',
                              status_entered_at = now(), approved_at = now(),
                              qualifying_completed_at = now(), deposit_amount_minor = 15000,
                              deposit_currency = 'GBP', deposit_locked_at = now(),
                              deposit_rule_version = 'v1'
             WHERE id = $1",
        )
        .bind::<BigInt, _>(lead)
        .execute(&mut conn)
        .await
        .unwrap();
        diesel::sql_query(
            "INSERT INTO slot_offers (artist_id, lead_id, slots, duration_minutes, state)
             VALUES ('default', $1, $2::text::jsonb, 180, 'open')",
        )
        .bind::<BigInt, _>(lead)
        .bind::<Text, _>(slots.to_string())
        .execute(&mut conn)
        .await
        .unwrap();
        (lead, start, end)
    }

    async fn pick_first_slot(&self) {
        let response = self.app.say(CLIENT, "wamid.pick", "1", 60).await;
        assert_eq!(response.status(), 200);
    }

    /// Waits for the Checkout job to finish; a retry waiting out its backoff is run at once.
    async fn checkout_settled(&self) -> String {
        for _ in 0..400 {
            let mut conn = self.app.db.connect().await;
            diesel::sql_query(
                "UPDATE jobs SET run_at = now()
                 WHERE kind = 'stripe.create_checkout' AND state = 'queued' AND attempts > 0",
            )
            .execute(&mut conn)
            .await
            .unwrap();
            let finished = state_of(&self.app.db, "stripe.create_checkout").await;
            if matches!(
                finished.as_deref(),
                Some("succeeded" | "dead" | "cancelled")
            ) {
                self.app.wait_for_outbox().await;
                return finished.unwrap_or_default();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the Checkout job did not finish");
    }

    /// Texts the fake Graph API delivered to the client, in order.
    fn client_texts(&self) -> Vec<String> {
        self.graph
            .sent_messages()
            .into_iter()
            .filter(|sent| sent.recipient.as_deref() == Some(CLIENT))
            .filter_map(|sent| {
                let body = sent.body?;
                body.pointer("/text/body")
                    .and_then(|text| text.as_str())
                    .map(str::to_owned)
            })
            .collect()
    }
}

#[derive(diesel::QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    value: String,
}

async fn text(db: &TestDb, sql: &str) -> String {
    let mut conn = db.connect().await;
    diesel::sql_query(sql)
        .get_result::<Value>(&mut conn)
        .await
        .unwrap()
        .value
}

async fn state_of(db: &TestDb, kind: &str) -> Option<String> {
    let mut conn = db.connect().await;
    diesel::sql_query("SELECT state AS value FROM jobs WHERE kind = $1 ORDER BY id DESC LIMIT 1")
        .bind::<Text, _>(kind)
        .get_result::<Value>(&mut conn)
        .await
        .ok()
        .map(|row| row.value)
}

async fn payment_expiry(db: &TestDb) -> DateTime<Utc> {
    #[derive(diesel::QueryableByName)]
    struct Expiry {
        #[diesel(sql_type = Timestamptz)]
        expires_at: DateTime<Utc>,
    }
    let mut conn = db.connect().await;
    diesel::sql_query("SELECT expires_at FROM payments")
        .get_result::<Expiry>(&mut conn)
        .await
        .unwrap()
        .expires_at
}

#[tokio::test(flavor = "multi_thread")]
async fn the_checkout_job_creates_the_session_and_sends_slot_held_with_the_policy_once() {
    let booking = Booking::start().await;
    let (lead, start, _) = booking.awaiting_slot().await;

    booking.pick_first_slot().await;
    assert_eq!(booking.checkout_settled().await, "succeeded");

    let db = &booking.app.db;
    let payment = booking.app.count("SELECT id FROM payments").await;
    let hold = booking.app.count("SELECT id FROM slot_holds").await;
    let expires_at = payment_expiry(db).await;
    let sessions = booking.stripe.sessions();
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(
        (session.amount_total, session.currency.as_str()),
        (15_000, "gbp")
    );
    assert_eq!(session.expires_at, expires_at.timestamp());
    assert_eq!(session.client_reference_id, Some(lead.to_string()));
    let metadata: Vec<_> = session
        .metadata
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        metadata,
        [
            format!("hold_id={hold}"),
            format!("lead_id={lead}"),
            format!("payment_id={payment}"),
        ]
    );
    let created: Vec<_> = booking
        .stripe
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/checkout/sessions")
        .collect();
    assert_eq!(created.len(), 1);
    let expected_key = format!("inkdesk-checkout-{payment}");
    assert_eq!(created[0].idempotency_key(), Some(expected_key.as_str()));
    let zone = StudioRules::default().studio.time_zone;
    assert_eq!(
        created[0].param("line_items[0][price_data][product_data][description]"),
        Some(
            format!(
                "Deposit for enquiry #{lead} — {}",
                checkout_slot_label(start, zone)
            )
            .as_str()
        )
    );
    assert_eq!(
        text(
            db,
            "SELECT status || ' ' || stripe_checkout_session_id || ' ' || checkout_url AS value
             FROM payments"
        )
        .await,
        format!(
            "open {} {}",
            session.id,
            booking.stripe.base_url() + "/c/pay/" + &session.id
        )
    );
    assert_eq!(
        booking
            .app
            .count(&format!(
                "SELECT count(*) FROM leads WHERE id = {lead} AND status = 'AWAITING_DEPOSIT'
                   AND deposit_sent_at IS NOT NULL"
            ))
            .await,
        1
    );
    assert_eq!(
        text(
            db,
            "SELECT string_agg(kind || ' ' || state, ', ') AS value FROM outbound_messages
             WHERE kind IN ('slot_held', 'deposit_link')"
        )
        .await,
        "slot_held sent"
    );
    let with_link: Vec<_> = booking
        .client_texts()
        .into_iter()
        .filter(|body| body.contains(&session.id))
        .collect();
    assert_eq!(with_link.len(), 1, "the link goes out once");
    assert!(with_link[0].contains("£150"), "{}", with_link[0]);
    assert!(
        with_link[0].contains("About your deposit"),
        "the policy follows in the same message: {}",
        with_link[0]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stripe_500_is_retried_with_the_same_key_and_makes_one_session() {
    let booking = Booking::start().await;
    booking.awaiting_slot().await;
    booking.stripe.fail_next(1, FakeFailure::server_error(500));

    booking.pick_first_slot().await;
    assert_eq!(booking.checkout_settled().await, "succeeded");

    let attempts: Vec<_> = booking
        .stripe
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/checkout/sessions")
        .map(|r| (r.status, r.idempotency_key().map(str::to_owned)))
        .collect();
    let payment = booking.app.count("SELECT id FROM payments").await;
    let key = Some(format!("inkdesk-checkout-{payment}"));
    assert_eq!(attempts, [(Some(500), key.clone()), (Some(200), key)]);
    assert_eq!(booking.stripe.sessions().len(), 1);
    assert_eq!(
        booking
            .app
            .count("SELECT attempts FROM jobs WHERE kind = 'stripe.create_checkout'")
            .await,
        2
    );
    let session = &booking.stripe.sessions()[0].id;
    let with_link = booking
        .client_texts()
        .into_iter()
        .filter(|body| body.contains(session.as_str()))
        .count();
    assert_eq!(with_link, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permanent_refusal_fails_the_payment_releases_the_hold_and_hands_over() {
    let booking = Booking::start().await;
    let (lead, _, _) = booking.awaiting_slot().await;
    booking.stripe.fail_next(
        1,
        FakeFailure::stripe(
            400,
            "invalid_request_error",
            Some("parameter_invalid_integer"),
        ),
    );

    booking.pick_first_slot().await;
    assert_eq!(booking.checkout_settled().await, "dead");

    let db = &booking.app.db;
    assert!(booking.stripe.sessions().is_empty());
    assert_eq!(
        text(db, "SELECT status AS value FROM payments").await,
        "failed"
    );
    assert_eq!(
        text(
            db,
            "SELECT state || ' ' || release_reason AS value FROM slot_holds"
        )
        .await,
        "released link_failed"
    );
    assert_eq!(
        text(
            db,
            &format!(
                "SELECT status || ' ' || return_status || ' ' || handover_reason_code AS value
                 FROM leads WHERE id = {lead}"
            )
        )
        .await,
        "NEEDS_ARTIST_REPLY AWAITING_DEPOSIT PAYMENT_LINK_FAILED"
    );
    assert_eq!(
        text(
            db,
            "SELECT string_agg(kind, ', ' ORDER BY id) AS value FROM outbound_messages
             WHERE kind IN ('handover.generic', 'artist.job_failed', 'slot_held')
               AND stands_in_for IS NULL"
        )
        .await,
        "handover.generic, artist.job_failed"
    );
    assert_eq!(
        text(
            db,
            "SELECT level || ' ' || (payload ->> 'error_code') AS value FROM system_events
             WHERE event_type = 'stripe.checkout_create_failure'"
        )
        .await,
        "ERROR parameter_invalid_integer"
    );
    assert_eq!(
        count(db, "SELECT count(*) FROM jobs WHERE kind = 'slots.offer'").await,
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_expire_job_expires_the_session_and_counts_an_already_expired_one_as_done() {
    let booking = Booking::start().await;
    let (lead, _, _) = booking.awaiting_slot().await;
    booking.pick_first_slot().await;
    assert_eq!(booking.checkout_settled().await, "succeeded");
    let payment = booking.app.count("SELECT id FROM payments").await;
    let session = booking.stripe.sessions()[0].id.clone();

    for round in 1..=2 {
        let conn = booking.app.db.connect().await;
        let job = NewJob::stripe_expire_session(LeadId(lead), payment);
        inkdesk_postgres::enqueue(&conn, &job).await.unwrap();
        let mut state = None;
        for _ in 0..200 {
            state = state_of(&booking.app.db, "stripe.expire_session").await;
            if state.as_deref() != Some("queued") && state.as_deref() != Some("running") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(state.as_deref(), Some("succeeded"), "round {round}");
        assert_eq!(booking.stripe.session(&session).unwrap().status, "expired");
    }
    let expires: Vec<_> = booking
        .stripe
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/expire"))
        .map(|r| (r.status, r.idempotency_key().map(str::to_owned)))
        .collect();
    let key = Some(format!("inkdesk-expire-{payment}"));
    assert_eq!(expires.len(), 2);
    assert!(expires.iter().all(|(_, k)| *k == key), "{expires:?}");
}
