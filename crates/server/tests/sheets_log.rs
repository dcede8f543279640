//! The Google Sheets lead log end to end (integrations.md §4.2): leads driven by signed webhooks,
//! `sheets.upsert` jobs run by the server's workers against the fake Sheets API, which fails a fixed
//! share of requests. The sheet ends with one row per lead at its latest status.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use diesel::sql_types::{BigInt, Int4, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use inkdesk_postgres::jobs::NewJob;
use inkdesk_server::config::{RawSettings, Settings};
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_google::{
    FAKE_SHEET_TAB, FAKE_SPREADSHEET_ID, FakeApi, FakeFailure, FakeGoogle,
};
use inkdesk_test_support::fake_whatsapp::{FAKE_ACCESS_TOKEN, FAKE_PHONE_NUMBER_ID, FakeWhatsApp};
use serde_json::{Value, json};
use support::{APP_SECRET, ARTIST, CONSULTATION, TestApp};

/// Not the default `Leads`, so the test shows `GOOGLE_SHEETS_TAB` is what the client writes to.
const TAB: &str = "Lead log";
const STATUS: usize = 32; // column AG
const ADMIN_NOTES: usize = 44; // column AS

fn settings(db: &TestDb, graph: &FakeWhatsApp, google: &FakeGoogle) -> Settings {
    Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some(db.url().into()),
        public_base_url: Some("https://ink.example.com".into()),
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some("verify".into()),
        whatsapp_access_token: Some(FAKE_ACCESS_TOKEN.into()),
        whatsapp_phone_number_id: Some(FAKE_PHONE_NUMBER_ID.into()),
        whatsapp_api_base_url: Some(graph.base_url()),
        artist_whatsapp_number: Some(ARTIST.into()),
        job_poll_interval_ms: Some("20".into()),
        google_sheets_enabled: Some("true".into()),
        google_sheets_spreadsheet_id: Some(FAKE_SPREADSHEET_ID.into()),
        google_sheets_tab: Some(TAB.into()),
        google_service_account_json: Some(google.service_account_json()),
        google_oauth_token_url: Some(google.token_url()),
        google_sheets_base_url: Some(google.base_url()),
        ..RawSettings::default()
    })
    .expect("test settings are valid")
}

struct Harness {
    app: TestApp,
    graph: FakeWhatsApp,
    google: FakeGoogle,
}

impl Harness {
    async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        let graph = FakeWhatsApp::start().await;
        let google = FakeGoogle::start().await;
        google.set_sheet_rows(FAKE_SPREADSHEET_ID, TAB, vec![]);
        let db = TestDb::fresh().await;
        let base = support::spawn_with(settings(&db, &graph, &google), true);
        let app = TestApp {
            base,
            db,
            t0: support::t0(),
        };
        Self { app, graph, google }
    }

    fn rows(&self) -> Vec<Vec<Value>> {
        self.google.sheet_rows(FAKE_SPREADSHEET_ID, TAB)
    }

    /// The lead's row, asserting there is exactly one.
    fn row_of(&self, lead: i64) -> Vec<Value> {
        let rows: Vec<_> = self
            .rows()
            .into_iter()
            .filter(|row| row.iter().next() == Some(&json!(lead)))
            .collect();
        assert_eq!(rows.len(), 1, "one row for lead {lead}");
        rows.into_iter().next().unwrap()
    }

    /// Waits until no `sheets.upsert` job is queued or running. A job waiting for its retry is
    /// made due at once: production backoff starts at 30 s.
    async fn settle_sheets(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
        let mut conn = self.app.db.connect().await;
        loop {
            let open = self
                .app
                .count(
                    "SELECT count(*) FROM jobs WHERE kind = 'sheets.upsert'
                     AND state IN ('queued', 'running')",
                )
                .await;
            if open == 0 {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{open} sheets jobs did not finish"
            );
            execute(
                &mut conn,
                "UPDATE jobs SET run_at = now()
                 WHERE kind = 'sheets.upsert' AND state = 'queued' AND attempts > 0",
            )
            .await;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn enqueue_upsert(&self, lead: i64) {
        let conn = self.app.db.connect().await;
        inkdesk_postgres::enqueue(
            &conn,
            &NewJob::sheets_upsert(LeadId(lead), FAKE_SPREADSHEET_ID),
        )
        .await
        .unwrap();
    }

    async fn leads(&self) -> BTreeMap<i64, (String, Option<String>)> {
        #[derive(diesel::QueryableByName)]
        struct Lead {
            #[diesel(sql_type = BigInt)]
            id: i64,
            #[diesel(sql_type = Text)]
            status: String,
            #[diesel(sql_type = Nullable<Text>)]
            phone: Option<String>,
        }
        let mut conn = self.app.db.connect().await;
        let leads: Vec<Lead> = diesel::sql_query(
            "SELECT l.id, l.status, c.phone FROM leads l JOIN contacts c ON c.id = l.contact_id
             WHERE NOT c.is_artist",
        )
        .load(&mut conn)
        .await
        .unwrap();
        leads
            .into_iter()
            .map(|l| (l.id, (l.status, l.phone)))
            .collect()
    }

    async fn remembered_rows(&self) -> BTreeMap<i64, i32> {
        #[derive(diesel::QueryableByName)]
        struct Remembered {
            #[diesel(sql_type = BigInt)]
            lead_id: i64,
            #[diesel(sql_type = Int4)]
            row_number: i32,
        }
        let mut conn = self.app.db.connect().await;
        let rows: Vec<Remembered> = diesel::sql_query(
            "SELECT lead_id, row_number FROM sheet_rows WHERE spreadsheet_id = $1",
        )
        .bind::<Text, _>(FAKE_SPREADSHEET_ID)
        .load(&mut conn)
        .await
        .unwrap();
        rows.into_iter()
            .map(|r| (r.lead_id, r.row_number))
            .collect()
    }

    fn sheets_paths(&self) -> Vec<String> {
        self.google
            .requests_to(FakeApi::Sheets)
            .into_iter()
            .map(|r| r.path.rsplit('/').next().unwrap().to_owned())
            .collect()
    }
}

async fn execute(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).await.unwrap();
}

fn client(n: usize) -> String {
    format!("4477009001{n:02}")
}

/// Three requests in every ten fail — a 503, a throttling 429 and a dropped connection — and the
/// rest are answered normally (`Delay(0)` is the fake's "no failure" entry).
fn fail_three_in_ten(google: &FakeGoogle, requests: usize) {
    for n in 0..requests {
        let outcome = match n % 10 {
            2 => FakeFailure::http(503),
            5 => FakeFailure::google(429, "rateLimitExceeded").with_retry_after(30),
            8 => FakeFailure::Reset,
            _ => FakeFailure::Delay(Duration::ZERO),
        };
        google.fail_next(FakeApi::Sheets, 1, outcome);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_leads_end_with_one_row_each_at_their_latest_status_despite_failures() {
    let h = Harness::start().await;
    fail_three_in_ten(&h.google, 1_000);

    // Five clients finish the consultation (NEW → QUALIFYING → PENDING_APPROVAL); fifteen stop
    // after one to three answers.
    for n in 0..20 {
        let answers = if n < 5 { CONSULTATION.len() } else { 1 + n % 3 };
        for (step, text) in CONSULTATION.iter().take(answers).enumerate() {
            let at = (n * 20 + step) as i64 * 60;
            let response = h
                .app
                .say(&client(n), &format!("wamid.s{n}.{step}"), text, at)
                .await;
            assert_eq!(response.status().as_u16(), 200);
            h.app.wait_for_outbox().await;
        }
    }
    h.settle_sheets().await;

    let leads = h.leads().await;
    assert_eq!(leads.len(), 20);
    assert_eq!(
        leads
            .values()
            .filter(|(status, _)| status == "PENDING_APPROVAL")
            .count(),
        5
    );
    let rows = h.rows();
    assert_eq!(rows.len(), 21, "the header and one row per lead");
    assert_eq!(rows[0][0], json!("lead_id"));
    let remembered = h.remembered_rows().await;
    for (id, (status, phone)) in &leads {
        let row = h.row_of(*id);
        assert_eq!(row.len(), 55);
        assert_eq!(
            row[STATUS],
            json!(status),
            "lead {id} shows its latest status"
        );
        assert_eq!(row[1], json!(phone.as_deref().unwrap()));
        assert_eq!(row[2], json!("Sam"));
        let position = rows.iter().position(|r| r[0] == json!(id)).unwrap() + 1;
        assert_eq!(remembered.get(id), Some(&(position as i32)), "lead {id}");
    }

    // The failures were real, retried by the queue, and never dead-lettered a job.
    let requests = h.google.requests_to(FakeApi::Sheets);
    let failed = requests.iter().filter(|r| r.status != Some(200)).count() as i64;
    let expected = requests.len() as i64 * 3;
    assert!(
        (failed * 10 - expected).abs() <= 10,
        "{failed} of {} requests failed",
        requests.len()
    );
    assert!(
        h.app
            .count("SELECT count(*) FROM jobs WHERE kind = 'sheets.upsert' AND attempts > 1")
            .await
            > 0
    );
    assert_eq!(
        h.app
            .count(
                "SELECT count(*) FROM jobs WHERE kind = 'sheets.upsert' AND state <> 'succeeded'"
            )
            .await,
        0
    );
    // Every request went to the configured tab; the default one was never touched.
    assert!(
        h.sheets_paths()
            .iter()
            .all(|path| path.starts_with("%27Lead%20log%27%21")),
        "{:?}",
        h.sheets_paths()
    );
    assert!(
        h.google
            .sheet_rows(FAKE_SPREADSHEET_ID, FAKE_SHEET_TAB)
            .is_empty()
    );
    assert!(!h.graph.sent_messages().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn empty_values_clear_cells_and_a_rerun_rewrites_the_same_row() {
    let h = Harness::start().await;
    h.app.say(&client(1), "wamid.c0", CONSULTATION[0], 0).await;
    h.settle_sheets().await;
    let lead = *h.leads().await.keys().next().unwrap();
    let mut conn = h.app.db.connect().await;

    execute(
        &mut conn,
        &format!("UPDATE leads SET admin_notes = '=call back' WHERE id = {lead}"),
    )
    .await;
    h.enqueue_upsert(lead).await;
    h.settle_sheets().await;
    assert_eq!(
        h.row_of(lead)[ADMIN_NOTES],
        json!("=call back"),
        "RAW, never a formula"
    );

    execute(
        &mut conn,
        &format!("UPDATE leads SET admin_notes = NULL WHERE id = {lead}"),
    )
    .await;
    h.enqueue_upsert(lead).await;
    h.settle_sheets().await;
    assert_eq!(h.row_of(lead)[ADMIN_NOTES], json!(""));
    let update = h.google.requests_to(FakeApi::Sheets).pop().unwrap();
    let values = update.body.unwrap()["values"][0].clone();
    assert!(values.as_array().unwrap().iter().all(|v| !v.is_null()));

    // Erasure blanks the row except the lead id and its status.
    execute(
        &mut conn,
        &format!(
            "UPDATE contacts SET phone = NULL, profile_name = NULL, erased_at = now()
             WHERE id = (SELECT contact_id FROM leads WHERE id = {lead})"
        ),
    )
    .await;
    execute(
        &mut conn,
        &format!("DELETE FROM answers WHERE lead_id = {lead}"),
    )
    .await;
    h.enqueue_upsert(lead).await;
    h.settle_sheets().await;
    let row = h.row_of(lead);
    assert_eq!(row[0], json!(lead));
    assert_eq!(row[STATUS], json!("QUALIFYING"));
    let others: Vec<_> = row
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 0 && *i != STATUS)
        .map(|(_, v)| v.clone())
        .collect();
    assert!(others.iter().all(|v| *v == json!("")), "{others:?}");

    // Running the finished job again checks the remembered row and rewrites it.
    let before = h.sheets_paths().len();
    execute(
        &mut conn,
        &format!(
            "UPDATE jobs SET state = 'queued', run_at = now()
             WHERE id = (SELECT max(id) FROM jobs WHERE kind = 'sheets.upsert' AND lead_id = {lead})"
        ),
    )
    .await;
    h.settle_sheets().await;
    assert_eq!(
        h.sheets_paths()[before..],
        ["%27Lead%20log%27%21A2", "%27Lead%20log%27%21A2%3ABC2"]
    );
    assert_eq!(h.rows().len(), 2, "still one row");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_sheet_dead_letters_the_job_at_once_with_a_sync_failure() {
    let h = Harness::start().await;
    h.google
        .fail_next(FakeApi::Sheets, 1, FakeFailure::google(403, "forbidden"));
    h.app.say(&client(2), "wamid.r0", CONSULTATION[0], 0).await;
    h.settle_sheets().await;

    assert_eq!(
        h.app
            .count(
                "SELECT count(*) FROM jobs WHERE kind = 'sheets.upsert' AND state = 'dead'
                 AND attempts = 1 AND last_error_class = 'permanent'"
            )
            .await,
        1
    );
    assert_eq!(
        h.app
            .count(
                "SELECT count(*) FROM system_events WHERE event_type = 'sheets.sync_failure'
                 AND level = 'ERROR' AND lead_id IS NOT NULL
                 AND payload ->> 'code' = '403_forbidden'
                 AND (payload ->> 'lead_id')::bigint = lead_id"
            )
            .await,
        1
    );
    assert_eq!(h.rows().len(), 0, "nothing was written");
}
