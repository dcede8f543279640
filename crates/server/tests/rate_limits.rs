//! Rate limits per client address (http-api.md §1.3) against a server bound to port 0. The routes
//! behind `/a/*` and `/admin/*` need not exist: the limiter runs before routing, so a passing
//! request may well be a 404.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use inkdesk_server::config::Settings;
use inkdesk_test_support::TestDb;
use serde_json::Value;

/// Every request in these tests comes from 127.0.0.1; with it trusted, `X-Forwarded-For` names
/// the client.
async fn spawn(configure: impl FnOnce(&mut Settings)) -> (String, TestDb) {
    inkdesk_test_support::init_crypto();
    let db = TestDb::fresh().await;
    let mut settings = support::settings(db.url(), None);
    configure(&mut settings);
    (support::spawn_with(settings, false), db)
}

fn behind_proxy(settings: &mut Settings) {
    settings.trusted_proxies = vec!["127.0.0.1/32".into()];
}

async fn get_as(url: &str, client: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .get(url)
        .header("X-Correlation-ID", "rate-limit-test");
    if let Some(client) = client {
        request = request.header("X-Forwarded-For", client);
    }
    request.send().await.unwrap()
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_eleventh_action_link_request_in_a_minute_gets_429_and_other_clients_do_not() {
    let (base, _db) = spawn(behind_proxy).await;
    let url = format!("{base}/a/q7Xg0yqvJx4kT1m2Rz9wVb3nL5cH8aP6dE0fG2hI4jK");
    for n in 0..10 {
        let response = get_as(&url, Some("198.51.100.1")).await;
        assert_ne!(response.status().as_u16(), 429, "request {n}");
    }

    let refused = get_as(&url, Some("198.51.100.1")).await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!((1..=60).contains(&retry_after(&refused)));
    let headers = refused.headers();
    assert_eq!(headers["x-correlation-id"], "rate-limit-test");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    let page = refused.text().await.unwrap();
    assert!(page.contains("Too many requests — try again in a minute"));

    let other = get_as(&url, Some("198.51.100.2")).await;
    assert_ne!(
        other.status().as_u16(),
        429,
        "another client has its own log"
    );
    // Percent-encoding does not route around the limiter.
    let encoded = get_as(&format!("{base}/%61/x"), Some("198.51.100.1")).await;
    assert_eq!(encoded.status().as_u16(), 429);

    let metrics = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("inkdesk_rate_limited_total{bucket=\"action_links\"} 2\n"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_routes_get_the_json_body_with_the_correlation_id() {
    let (base, _db) = spawn(|settings| settings.rate_limit.admin_requests = 2).await;
    let url = format!("{base}/admin/leads");
    for _ in 0..2 {
        assert_ne!(get_as(&url, None).await.status().as_u16(), 429);
    }
    let refused = get_as(&url, None).await;
    assert_eq!(refused.status().as_u16(), 429);
    let seconds = retry_after(&refused);
    assert!((1..=60).contains(&seconds));
    assert_eq!(refused.headers()["x-correlation-id"], "rate-limit-test");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "error": "Rate limit exceeded",
            "message": "Too many requests. Limit: 2 requests per 60 seconds.",
            "retry_after": seconds,
            "code": "rate_limited",
            "correlation_id": "rate-limit-test",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_peers_forwarded_for_header_is_ignored() {
    let (base, _db) = spawn(|_| {}).await;
    let url = format!("{base}/a/x");
    for n in 0..10 {
        let spoofed = format!("203.0.113.{n}");
        let response = get_as(&url, Some(&spoofed)).await;
        assert_ne!(response.status().as_u16(), 429, "request {n}");
    }
    let refused = get_as(&url, Some("203.0.113.99")).await;
    assert_eq!(
        refused.status().as_u16(),
        429,
        "every request counted against the socket peer"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn health_ready_metrics_and_webhooks_are_never_limited() {
    let (base, _db) = spawn(|settings| {
        settings.rate_limit.admin_requests = 1;
        settings.rate_limit.action_requests = 1;
    })
    .await;
    for _ in 0..30 {
        for path in ["/health", "/ready", "/metrics", "/webhooks/whatsapp"] {
            let response = get_as(&format!("{base}{path}"), None).await;
            assert_ne!(response.status().as_u16(), 429, "{path}");
        }
    }
    let health = get_as(&format!("{base}/health"), None).await;
    assert_eq!(health.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limit_enabled_false_turns_every_bucket_off() {
    let (base, _db) = spawn(|settings| settings.rate_limit.enabled = false).await;
    for _ in 0..15 {
        let response = get_as(&format!("{base}/a/x"), None).await;
        assert_ne!(response.status().as_u16(), 429);
    }
}
