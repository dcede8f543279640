//! Meta's webhook subscription handshake.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;

use inkdesk_server::Server;
use inkdesk_server::config::{RawSettings, Settings};

async fn spawn(verify_token: Option<&str>) -> String {
    inkdesk_test_support::init_crypto();
    let settings = Settings::from_raw(RawSettings {
        app_env: Some("development".into()),
        database_url: Some("postgres://postgres@127.0.0.1:1/unused".into()),
        whatsapp_verify_token: verify_token.map(Into::into),
        ..RawSettings::default()
    })
    .unwrap();
    let server = Server::bind(settings, TcpListener::bind("127.0.0.1:0").unwrap()).unwrap();
    let base = format!("http://{}", server.address);
    tokio::spawn(server.run_until_stopped());
    base
}

async fn get(base: &str, query: &str) -> (u16, String, String) {
    let response = reqwest::get(format!("{base}/webhooks/whatsapp?{query}"))
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_right_token_echoes_the_challenge_as_plain_text() {
    let base = spawn(Some("s3cret-verify")).await;
    let (status, content_type, body) = get(
        &base,
        "hub.mode=subscribe&hub.verify_token=s3cret-verify&hub.challenge=1158201444",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert_eq!(body, "1158201444");
    let (status, _, body) = get(
        &base,
        "hub_mode=subscribe&hub_verify_token=s3cret-verify&hub_challenge=42",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "42"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_or_mode_is_forbidden() {
    let base = spawn(Some("s3cret-verify")).await;
    for query in [
        "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1",
        "hub.mode=unsubscribe&hub.verify_token=s3cret-verify&hub.challenge=1",
        "hub.challenge=1",
    ] {
        let (status, _, body) = get(&base, query).await;
        assert_eq!(status, 403, "{query}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["code"], "forbidden");
        assert_eq!(body["detail"], "Verification failed");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_configured_token_never_verifies_and_long_challenges_are_rejected() {
    let base = spawn(None).await;
    let (status, _, _) = get(
        &base,
        "hub.mode=subscribe&hub.verify_token=&hub.challenge=1",
    )
    .await;
    assert_eq!(status, 403);
    let base = spawn(Some("t")).await;
    let long = "x".repeat(1025);
    let (status, _, body) = get(
        &base,
        &format!("hub.mode=subscribe&hub.verify_token=t&hub.challenge={long}"),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("Invalid challenge"));
}
