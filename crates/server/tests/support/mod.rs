//! A server on port 0 over its own database, and helpers to talk to it as Meta would.

#![allow(dead_code)]

use std::net::TcpListener;

use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use inkdesk_server::Server;
use inkdesk_server::config::{RawSettings, Settings};
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::webhook::{
    WebhookSignature, post_webhook, text_message_payload,
};
use inkdesk_test_support::fake_whatsapp::{FAKE_PHONE_NUMBER_ID, FakeWhatsApp};

pub const APP_SECRET: &str = "inkdesk-test-app-secret";
pub const ARTIST: &str = "447700900999";
/// WhatsApp timestamps of a test conversation start an hour ago, so the 24-hour window is open and
/// message order is explicit.
pub fn t0() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(now).unwrap() - 3600
}

pub struct TestApp {
    pub base: String,
    pub db: TestDb,
    pub t0: i64,
}

pub fn settings(database_url: &str, graph_base_url: Option<&str>) -> Settings {
    Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some(database_url.into()),
        public_base_url: Some("https://ink.example.com".into()),
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some("verify".into()),
        whatsapp_access_token: Some(inkdesk_test_support::fake_whatsapp::FAKE_ACCESS_TOKEN.into()),
        job_poll_interval_ms: Some("20".into()),
        whatsapp_phone_number_id: Some(FAKE_PHONE_NUMBER_ID.into()),
        whatsapp_api_base_url: graph_base_url.map(Into::into),
        artist_whatsapp_number: Some(ARTIST.into()),
        ..RawSettings::default()
    })
    .expect("test settings are valid")
}

/// The test settings in calendar mode, against the fake Graph API and the fake Google.
pub fn calendar_settings(
    db: &TestDb,
    graph: &FakeWhatsApp,
    google: &inkdesk_test_support::fake_google::FakeGoogle,
) -> Settings {
    Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some(db.url().into()),
        public_base_url: Some("https://ink.example.com".into()),
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some("verify".into()),
        whatsapp_access_token: Some(graph.access_token()),
        whatsapp_phone_number_id: Some(FAKE_PHONE_NUMBER_ID.into()),
        whatsapp_api_base_url: Some(graph.base_url()),
        job_poll_interval_ms: Some("20".into()),
        artist_whatsapp_number: Some(ARTIST.into()),
        feature_calendar_enabled: Some("true".into()),
        google_calendar_enabled: Some("true".into()),
        google_calendar_id: Some(inkdesk_test_support::fake_google::FAKE_CALENDAR_ID.into()),
        google_service_account_json: Some(google.service_account_json()),
        google_oauth_token_url: Some(google.token_url()),
        google_calendar_base_url: Some(google.base_url()),
        ..RawSettings::default()
    })
    .expect("calendar test settings are valid")
}

impl TestApp {
    pub async fn spawn() -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let base = spawn_with(settings(db.url(), None), false);
        Self { base, db, t0: t0() }
    }

    /// A server whose workers deliver to `graph` (the fake Graph API).
    pub async fn spawn_delivering_to(graph: &FakeWhatsApp) -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let base = spawn_with(settings(db.url(), Some(&graph.base_url())), true);
        Self { base, db, t0: t0() }
    }

    /// Waits until no send job is queued or running (delivered, dead or cancelled).
    pub async fn wait_for_outbox(&self) {
        for _ in 0..200 {
            let pending = self
                .count(
                    "SELECT count(*) FROM jobs WHERE kind IN ('whatsapp.send', 'artist.notify')
                     AND state IN ('queued', 'running')",
                )
                .await;
            if pending == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the outbox did not drain");
    }

    pub fn webhook_url(&self) -> String {
        format!("{}/webhooks/whatsapp", self.base)
    }

    pub async fn post(&self, body: Vec<u8>, signature: WebhookSignature) -> reqwest::Response {
        post_webhook(&self.webhook_url(), APP_SECRET, body, signature).await
    }

    /// One signed text message from `from`, `seconds` after [`T0`].
    pub async fn say(&self, from: &str, id: &str, text: &str, seconds: i64) -> reqwest::Response {
        self.post(
            text_message_payload(from, id, text, self.t0 + seconds),
            WebhookSignature::Valid,
        )
        .await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        count(&self.db, sql).await
    }
}

pub fn spawn_with(settings: Settings, workers: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut server = Server::bind(settings, listener).unwrap();
    if !workers {
        server = server.without_workers();
    }
    let base = format!("http://{}", server.address);
    tokio::spawn(server.run_until_stopped());
    base
}

pub async fn count(db: &TestDb, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = db.connect().await;
    diesel::sql_query(format!("SELECT ({sql})::bigint AS n"))
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n
}

/// The opening message and one typed answer per remaining question (consultation.md §7).
pub const CONSULTATION: [&str; 13] = [
    "Hi! I'd love a fine line swallow with a little banner, something delicate",
    "Inner forearm",
    "about 10 by 15cm",
    "Fine line",
    "2",
    "No",
    "no",
    "£400-500",
    "Leeds, UK",
    "UK",
    "@alex.ink",
    "Studio",
    "Next 2-4 weeks",
];
