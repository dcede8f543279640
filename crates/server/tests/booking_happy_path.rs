//! The whole booking over HTTP (issue 5's first acceptance point): a consultation by signed
//! webhooks, the artist approves, slots come from the fake calendar's free/busy, the client picks
//! "2", the slot is held and the Checkout link sent, Stripe's signed `checkout.session.completed`
//! books the lead, and exactly one calendar event is created at the held slot's UTC instants; no
//! log line of the whole flow carries the client's number (one test per binary: the log capture is
//! process-wide).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use inkdesk_server::config::{Secret, Settings};
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_google::{FAKE_CALENDAR_ID, FakeGoogle};
use inkdesk_test_support::fake_stripe::{FakeStripe, Signing};
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use inkdesk_test_support::logs::LogCapture;
use serde_json::Value;
use support::{CONSULTATION, TestApp, spawn_with, t0};

const CLIENT: &str = "447700900321";

fn settings(
    db: &TestDb,
    graph: &FakeWhatsApp,
    google: &FakeGoogle,
    stripe: &FakeStripe,
) -> Settings {
    let mut settings = support::calendar_settings(db, graph, google);
    settings.stripe.secret_key = Some(Secret::new(stripe.secret_key()));
    settings.stripe.api_base_url = Some(stripe.base_url());
    settings.stripe.webhook_secret = Some(Secret::new(stripe.webhook_secret()));
    settings
}

async fn text(app: &TestApp, sql: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        value: String,
    }
    let mut conn = app.db.connect().await;
    diesel::sql_query(sql)
        .get_result::<Row>(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .value
}

/// Waits until no job is queued or running, so the flow's next step sees its effects (Sheets is off
/// here, so its jobs wait for a process that has the lead log).
async fn settle(app: &TestApp) {
    for _ in 0..400 {
        let busy = app
            .count(
                "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND run_at <= now()
             AND kind <> 'sheets.upsert'",
            )
            .await;
        if busy == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the jobs did not settle");
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consultation_to_booked_with_one_calendar_event_and_one_confirmation_each() {
    // Everything the server logs along the whole flow is scanned for the client's number at the end.
    let logs = LogCapture::install_global();
    inkdesk_test_support::init_crypto();
    let graph = FakeWhatsApp::start().await;
    let google = FakeGoogle::start().await;
    let stripe = FakeStripe::start().await;
    google.add_calendar(FAKE_CALENDAR_ID);
    // A busy afternoon two days out: no offered slot may touch it (with its buffer).
    let busy_start = (Utc::now() + TimeDelta::days(2))
        .date_naive()
        .and_hms_opt(13, 0, 0)
        .unwrap()
        .and_utc();
    google.add_busy(
        FAKE_CALENDAR_ID,
        busy_start,
        busy_start + TimeDelta::hours(3),
    );
    let db = TestDb::fresh().await;
    let app = TestApp {
        base: spawn_with(settings(&db, &graph, &google, &stripe), true),
        db,
        t0: t0(),
    };

    for (n, answer) in CONSULTATION.iter().enumerate() {
        let response = app
            .say(CLIENT, &format!("wamid.h{n}"), answer, n as i64 * 60)
            .await;
        assert_eq!(response.status().as_u16(), 200);
        app.wait_for_outbox().await;
    }
    let lead = app.count("SELECT id FROM leads").await;

    let approved = reqwest::Client::new()
        .post(format!("{}/admin/leads/{lead}/approve", app.base))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status().as_u16(), 200);
    settle(&app).await;
    assert_eq!(
        text(&app, "SELECT status AS value FROM leads").await,
        "AWAITING_SLOT"
    );
    let slots: Value = serde_json::from_str(
        &text(
            &app,
            "SELECT slots::text AS value FROM slot_offers WHERE state = 'open'",
        )
        .await,
    )
    .unwrap();
    let slots = slots.as_array().unwrap();
    assert!(slots.len() >= 2, "{slots:?}");
    for slot in slots {
        let (start, end) = (instant(&slot["start"]), instant(&slot["end"]));
        let clear = end + TimeDelta::minutes(30) <= busy_start
            || start >= busy_start + TimeDelta::hours(3) + TimeDelta::minutes(30);
        assert!(
            clear,
            "slot {start}–{end} touches the busy range or its buffer"
        );
    }
    let second = slots
        .iter()
        .find(|slot| slot["index"] == 2)
        .unwrap_or(&slots[1]);
    let (start, end) = (instant(&second["start"]), instant(&second["end"]));

    let picked = app.say(CLIENT, "wamid.hpick", "2", 3_600).await;
    assert_eq!(picked.status().as_u16(), 200);
    settle(&app).await;
    assert_eq!(
        text(&app, "SELECT status AS value FROM leads").await,
        "AWAITING_DEPOSIT"
    );
    let session = text(
        &app,
        "SELECT stripe_checkout_session_id AS value FROM payments WHERE status = 'open'",
    )
    .await;
    assert_eq!(stripe.sessions().len(), 1);

    let completed = stripe.complete(&session, "paid");
    let url = format!("{}/webhooks/stripe", app.base);
    let response = stripe.deliver(&url, &completed, Signing::Valid).await;
    assert_eq!(response.status().as_u16(), 200);
    settle(&app).await;

    assert_eq!(
        text(&app, "SELECT status AS value FROM leads").await,
        "BOOKED"
    );
    let events = google.events(FAKE_CALENDAR_ID);
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    let event_start: DateTime<Utc> = event["start"]["dateTime"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let event_end: DateTime<Utc> = event["end"]["dateTime"].as_str().unwrap().parse().unwrap();
    assert_eq!((event_start, event_end), (start, end));
    for (kind, recipient) in [
        ("payment_received_booked", "client"),
        ("artist.booking_confirmed", "artist"),
        ("slot_held", "client"),
    ] {
        // A template standing in for a message outside the window is not a second message.
        assert_eq!(
            app.count(&format!(
                "SELECT count(*) FROM outbound_messages
                 WHERE kind = '{kind}' AND recipient_role = '{recipient}' AND stands_in_for IS NULL"
            ))
            .await,
            1,
            "{kind}"
        );
    }
    let to_client: Vec<_> = graph
        .sent_messages()
        .into_iter()
        .filter(|r| r.recipient.as_deref() == Some(CLIENT))
        .collect();
    let link_sent = to_client.iter().any(|r| {
        r.body
            .as_ref()
            .is_some_and(|body| body.to_string().contains("/c/pay/"))
    });
    assert!(link_sent, "the Checkout link reached the client");

    let lines = logs.lines();
    assert!(
        lines.len() > 100,
        "the capture saw the server: {}",
        lines.len()
    );
    let leaks: Vec<&String> = lines
        .iter()
        .filter(|line| line.contains(&CLIENT[2..]))
        .collect();
    assert!(
        leaks.is_empty(),
        "{} of {} log lines carry the client's number, e.g. {:?}",
        leaks.len(),
        lines.len(),
        <[_]>::first(&leaks)
    );
}
