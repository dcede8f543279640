//! `/health` and `/ready` against a server bound to port 0 and a real Postgres.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;

use inkdesk_server::Server;
use inkdesk_server::config::{RawSettings, Settings};
use inkdesk_test_support::TestDb;
use serde_json::Value;

fn settings(database_url: &str) -> Settings {
    Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some(database_url.into()),
        ..RawSettings::default()
    })
    .unwrap()
}

async fn spawn(database_url: &str) -> String {
    inkdesk_test_support::init_crypto();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = Server::bind(settings(database_url), listener).unwrap();
    let base = format!("http://{}", server.address);
    tokio::spawn(server.run_until_stopped());
    base
}

async fn get(url: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn ready_is_200_with_a_migrated_database() {
    let db = TestDb::fresh().await;
    let base = spawn(db.url()).await;
    let (status, headers, body) = get(&format!("{base}/ready")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["database"], "connected");
    assert_eq!(body["migrations"], "current");
    assert!(headers.contains_key("x-correlation-id"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
}

#[tokio::test(flavor = "multi_thread")]
async fn ready_is_503_without_a_database_and_says_only_states() {
    // Nothing listens on port 1: the database is down.
    let base = spawn("postgres://postgres@127.0.0.1:1/inkdesk").await;
    let (status, _, body) = get(&format!("{base}/ready")).await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        serde_json::json!({"ok": false, "database": "disconnected", "migrations": "pending",
                           "workers": "running", "shutting_down": false})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ready_is_503_while_migrations_are_pending() {
    let db = TestDb::empty().await;
    let base = spawn(db.url()).await;
    let (status, _, body) = get(&format!("{base}/ready")).await;
    assert_eq!(status, 503);
    assert_eq!(body["database"], "connected");
    assert_eq!(body["migrations"], "pending");
}

#[tokio::test(flavor = "multi_thread")]
async fn health_needs_no_database() {
    let base = spawn("postgres://postgres@127.0.0.1:1/inkdesk").await;
    let (status, _, body) = get(&format!("{base}/health")).await;
    assert_eq!(status, 200);
    assert_eq!(body["ok"], true);
    assert_eq!(body["booking_mode"], "manual");
    assert_eq!(body["features"]["demo_mode"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_routes_get_the_error_envelope_and_echo_a_valid_correlation_id() {
    let base = spawn("postgres://postgres@127.0.0.1:1/inkdesk").await;
    let response = reqwest::Client::new()
        .get(format!("{base}/docs"))
        .header("X-Correlation-ID", "req-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(response.headers()["x-correlation-id"], "req-123");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["detail"], "Not found");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_method_is_405_with_allow() {
    let base = spawn("postgres://postgres@127.0.0.1:1/inkdesk").await;
    let response = reqwest::Client::new()
        .delete(format!("{base}/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET");
}
