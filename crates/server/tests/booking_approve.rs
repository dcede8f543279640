//! Approval through the admin API in calendar mode (booking.md §2, §3.1–§3.4; http-api.md §5.4): a
//! consultation by signed webhooks, `POST /admin/leads/{id}/approve`, then the workers send
//! `approved`, read the fake Google Calendar and send the offer through the fake Graph API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_google::{FAKE_CALENDAR_ID, FakeApi, FakeGoogle};
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use serde_json::{Value, json};
use support::{CONSULTATION, TestApp, spawn_with, t0};

const CLIENT: &str = "447700900123";

async fn spawn(graph: &FakeWhatsApp, google: &FakeGoogle) -> TestApp {
    inkdesk_test_support::init_crypto();
    let db = TestDb::fresh().await;
    let base = spawn_with(support::calendar_settings(&db, graph, google), true);
    TestApp { base, db, t0: t0() }
}

/// The whole consultation, each answer after the previous question went out.
async fn consult(app: &TestApp) -> i64 {
    for (n, text) in CONSULTATION.iter().enumerate() {
        let response = app
            .say(CLIENT, &format!("wamid.b{n}"), text, n as i64 * 60)
            .await;
        assert_eq!(response.status().as_u16(), 200);
        app.wait_for_outbox().await;
    }
    assert_eq!(
        app.count("SELECT count(*) FROM leads WHERE status = 'PENDING_APPROVAL'")
            .await,
        1
    );
    app.count("SELECT id FROM leads").await
}

async fn approve(app: &TestApp, lead: i64, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/admin/leads/{lead}/approve", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Waits until the offer job and the sends it caused are done.
async fn wait_for_offer(app: &TestApp) {
    for _ in 0..300 {
        let pending = app
            .count(
                "SELECT count(*) FROM jobs WHERE kind = 'slots.offer' AND state IN ('queued', 'running')",
            )
            .await;
        if pending == 0 {
            app.wait_for_outbox().await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the slots.offer job did not finish");
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
        .unwrap()
        .value
}

fn client_sends(graph: &FakeWhatsApp) -> Vec<Value> {
    graph
        .sent_messages()
        .into_iter()
        .filter(|r| r.recipient.as_deref() == Some(CLIENT))
        .map(|r| r.body.unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_sends_approved_then_free_times_around_the_busy_calendar() {
    let graph = FakeWhatsApp::start().await;
    let google = FakeGoogle::start().await;
    let now = Utc::now();
    // Two busy days from the earliest possible slot, and a day off (all-day event) after them.
    let (busy_start, busy_end) = (now + TimeDelta::days(1), now + TimeDelta::days(3));
    google.add_busy(FAKE_CALENDAR_ID, busy_start, busy_end);
    let day_off = (now + TimeDelta::days(5)).date_naive();
    google.add_event(
        FAKE_CALENDAR_ID,
        json!({"id": "dayoff1", "status": "confirmed", "summary": "Holiday",
               "start": {"date": day_off.to_string()},
               "end": {"date": day_off.succ_opt().unwrap().to_string()}}),
    );
    let app = spawn(&graph, &google).await;
    let lead = consult(&app).await;
    let sent_before = client_sends(&graph).len();

    let (status, body) = approve(&app, lead, json!({"note": "lovely idea"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"success": true,
               "message": "Lead approved. Available times will be sent to the client.",
               "lead_id": lead, "status": "AWAITING_SLOT", "booking_mode": "calendar"})
    );
    wait_for_offer(&app).await;

    // The stored offer avoids the busy range (and its buffer) and the day off.
    let slots: Vec<Value> = serde_json::from_str(
        &text(
            &app,
            "SELECT slots::text AS value FROM slot_offers WHERE state = 'open'",
        )
        .await,
    )
    .unwrap();
    assert_eq!(slots.len(), 8, "{slots:?}");
    let buffer = TimeDelta::minutes(30);
    for slot in &slots {
        let at = |key: &str| {
            slot[key]
                .as_str()
                .unwrap()
                .parse::<DateTime<Utc>>()
                .unwrap()
        };
        let (start, end) = (at("start"), at("end"));
        assert!(
            end <= busy_start - buffer || start >= busy_end + buffer,
            "{slot} overlaps the busy range"
        );
        assert_ne!(start.date_naive(), day_off, "{slot} is on the day off");
        assert!(
            start >= now + TimeDelta::hours(24),
            "{slot} is inside the notice"
        );
    }
    let calendar_calls = google.requests_to(FakeApi::Calendar);
    assert!(calendar_calls.iter().all(|r| r.authorized));
    assert!(calendar_calls.iter().any(|r| r.path.ends_with("/freeBusy")));
    assert!(calendar_calls.iter().any(|r| r.path.ends_with("/events")));

    // The client got `approved`, then the offer as a list whose body alone is enough.
    let sends = client_sends(&graph);
    let after: Vec<&Value> = sends[sent_before..].iter().collect();
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(after[0]["type"], "text");
    assert!(
        after[0]["text"]["body"]
            .as_str()
            .unwrap()
            .contains("approved your idea")
    );
    assert_eq!(after[1]["type"], "interactive");
    let list = &after[1]["interactive"];
    assert_eq!(list["type"], "list");
    let list_body = list["body"]["text"].as_str().unwrap();
    assert!(
        list_body.contains("\n1. ") && list_body.contains("\n8. "),
        "{list_body}"
    );
    let rows = list["action"]["sections"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert!(rows[0]["id"].as_str().unwrap().starts_with("slot:"));
    assert_eq!(
        text(
            &app,
            "SELECT string_agg(kind || ' ' || state, ', ' ORDER BY id) AS value
             FROM outbound_messages WHERE kind IN ('approved', 'slot_offer')"
        )
        .await,
        "approved sent, slot_offer sent"
    );
    assert_eq!(
        text(&app, "SELECT admin_notes AS value FROM leads").await,
        "lovely idea"
    );

    // A double tap fails the status check and changes nothing.
    let (status, body) = approve(&app, lead, json!({})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "invalid_status");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("Cannot approve lead in status 'AWAITING_SLOT'"),
        "{body}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM jobs WHERE kind = 'slots.offer'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_calendar_falls_back_to_time_windows_and_bad_requests_are_refused() {
    let graph = FakeWhatsApp::start().await;
    let google = FakeGoogle::start().await;
    google.set_calendar_error(FAKE_CALENDAR_ID, Some("notFound"));
    let app = spawn(&graph, &google).await;
    let lead = consult(&app).await;

    let (status, _) = approve(&app, lead, json!({"deposit_amount_minor": 99})).await;
    assert_eq!(status, 422);
    let (status, _) = approve(&app, lead, json!({"colour": "red"})).await;
    assert_eq!(status, 422);
    let (status, _) = approve(&app, 9999, json!({})).await;
    assert_eq!(status, 404);
    let (status, body) = approve(&app, lead, json!({})).await;
    assert_eq!(status, 200, "{body}");
    wait_for_offer(&app).await;

    assert_eq!(
        text(&app, "SELECT status AS value FROM leads").await,
        "COLLECTING_TIME_WINDOWS"
    );
    assert_eq!(
        text(
            &app,
            "SELECT state || ' ' || coalesce(last_error_class, '') AS value FROM jobs
             WHERE kind = 'slots.offer'"
        )
        .await,
        "dead permanent"
    );
    assert_eq!(
        text(
            &app,
            "SELECT string_agg(event_type, ', ' ORDER BY id) AS value FROM system_events
             WHERE event_type LIKE 'calendar.%'"
        )
        .await,
        "calendar.freebusy_failure, calendar.no_slots_fallback"
    );
    let last = client_sends(&graph).pop().unwrap();
    assert!(
        last["text"]["body"]
            .as_str()
            .unwrap()
            .contains("2 or 3 days or times"),
        "{last}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_summary_approve_link_runs_the_same_approval_for_the_artist() {
    let graph = FakeWhatsApp::start().await;
    let google = FakeGoogle::start().await;
    let app = spawn(&graph, &google).await;
    consult(&app).await;
    let summary = text(
        &app,
        "SELECT string_agg(body, E'\\n' ORDER BY id) AS value FROM outbound_messages WHERE kind = 'artist.new_lead'",
    )
    .await;
    let tokens: Vec<String> = summary
        .split("/a/")
        .skip(1)
        .map(|piece| {
            piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect();
    // The summary lists approve first, then reject.
    let approve_token = &tokens[0];
    let response = reqwest::Client::new()
        .post(format!("{}/a/{approve_token}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("confirm=yes")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    wait_for_offer(&app).await;

    assert_eq!(
        text(
            &app,
            "SELECT l.status || ' ' || h.actor || ' ' || h.reason_code AS value
             FROM leads l JOIN status_history h ON h.lead_id = l.id AND h.to_status = 'AWAITING_SLOT'"
        )
        .await,
        "AWAITING_SLOT artist approve"
    );
    assert_eq!(
        text(
            &app,
            "SELECT string_agg(kind || ' ' || state, ', ' ORDER BY id) AS value
             FROM outbound_messages WHERE kind IN ('approved', 'slot_offer')"
        )
        .await,
        "approved sent, slot_offer sent"
    );
}
