//! A server with an admin key over its own database, leads made by signed consultations, and the
//! admin requests of the tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use inkdesk_server::config::{RawSettings, Settings};
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::FAKE_PHONE_NUMBER_ID;
use serde_json::Value;

use crate::support::{self, APP_SECRET, ARTIST, CONSULTATION, TestApp};

pub const ADMIN_KEY: &str = "admin-key-for-tests-0123456789abcdef";
pub const CLIENT: &str = "447700900123";

/// The support settings plus an admin key, so the key is enforced (development with a key).
pub fn admin_settings(database_url: &str) -> Settings {
    Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some(database_url.into()),
        public_base_url: Some("https://ink.example.com".into()),
        admin_api_key: Some(ADMIN_KEY.into()),
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some("verify".into()),
        whatsapp_access_token: Some(inkdesk_test_support::fake_whatsapp::FAKE_ACCESS_TOKEN.into()),
        whatsapp_phone_number_id: Some(FAKE_PHONE_NUMBER_ID.into()),
        artist_whatsapp_number: Some(ARTIST.into()),
        ..RawSettings::default()
    })
    .expect("admin test settings are valid")
}

/// A server requiring the admin key; no workers, so the outbox stays as written.
pub async fn spawn_admin() -> TestApp {
    inkdesk_test_support::init_crypto();
    let db = TestDb::fresh().await;
    let base = support::spawn_with(admin_settings(db.url()), false);
    TestApp {
        base,
        db,
        t0: support::t0(),
    }
}

/// The whole consultation from `client`: the lead ends in `PENDING_APPROVAL`.
pub async fn consult(app: &TestApp, client: &str, tag: &str, start: i64) {
    for (n, text) in CONSULTATION.iter().enumerate() {
        let response = app
            .say(
                client,
                &format!("wamid.{tag}{n}"),
                text,
                start + n as i64 * 60,
            )
            .await;
        assert_eq!(response.status().as_u16(), 200, "message {n} accepted");
    }
}

pub async fn lead_of(app: &TestApp, client: &str) -> i64 {
    app.count(&format!(
        "SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone = '{client}'"
    ))
    .await
}

/// A request with `key` as `X-Admin-API-Key` (`None`: no header).
pub async fn get(app: &TestApp, path: &str, key: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(key) = key {
        request = request.header("X-Admin-API-Key", key);
    }
    request.send().await.unwrap()
}

pub async fn post_json(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("X-Admin-API-Key", ADMIN_KEY)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// `GET` with the key; asserts 200 and returns the body.
pub async fn get_ok(app: &TestApp, path: &str) -> Value {
    let response = get(app, path, Some(ADMIN_KEY)).await;
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// The status code and JSON body of a response.
pub async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[derive(diesel::QueryableByName)]
struct TextColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(diesel::QueryableByName)]
struct Hits {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every `table.column` of the schema whose text (text, varchar, char, json, jsonb) contains
/// `needle`, whatever the table.
pub async fn columns_containing(db: &TestDb, needle: &str) -> Vec<String> {
    let mut conn = db.connect().await;
    let columns = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name
         FROM information_schema.columns
         WHERE table_schema = 'public'
           AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
         ORDER BY table_name, column_name",
    )
    .load::<TextColumn>(&mut conn)
    .await
    .unwrap();
    assert!(columns.len() > 20, "the scan sees the schema");
    let mut found = Vec::new();
    for column in columns {
        let hits = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM \"{}\" WHERE strpos(\"{}\"::text, $1) > 0",
            column.table_name, column.column_name
        ))
        .bind::<Text, _>(needle)
        .get_result::<Hits>(&mut conn)
        .await
        .unwrap();
        if hits.n > 0 {
            found.push(format!("{}.{}", column.table_name, column.column_name));
        }
    }
    found
}
