//! A server on port 0 over its own database, and helpers to talk to it as Meta would.

#![allow(dead_code)]

use std::net::TcpListener;

use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use inkdesk_server::Server;
use inkdesk_server::config::{RawSettings, Settings};
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::FAKE_PHONE_NUMBER_ID;
use inkdesk_test_support::fake_whatsapp::webhook::{
    WebhookSignature, post_webhook, text_message_payload,
};

pub const APP_SECRET: &str = "inkdesk-test-app-secret";
pub const ARTIST: &str = "447700900999";
/// A fixed base for WhatsApp timestamps (2027-03-20T10:00:00Z), so message order is explicit.
pub const T0: i64 = 1_805_536_800;

pub struct TestApp {
    pub base: String,
    pub db: TestDb,
}

pub fn settings(database_url: &str, graph_base_url: Option<&str>) -> Settings {
    Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some(database_url.into()),
        public_base_url: Some("https://ink.example.com".into()),
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some("verify".into()),
        whatsapp_access_token: Some("fake-whatsapp-token".into()),
        whatsapp_phone_number_id: Some(FAKE_PHONE_NUMBER_ID.into()),
        whatsapp_api_base_url: graph_base_url.map(Into::into),
        artist_whatsapp_number: Some(ARTIST.into()),
        ..RawSettings::default()
    })
    .expect("test settings are valid")
}

impl TestApp {
    pub async fn spawn() -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let base = spawn_with(settings(db.url(), None));
        Self { base, db }
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
            text_message_payload(from, id, text, T0 + seconds),
            WebhookSignature::Valid,
        )
        .await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        count(&self.db, sql).await
    }
}

pub fn spawn_with(settings: Settings) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = Server::bind(settings, listener).unwrap();
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
