//! `GET /metrics` (http-api.md §7, data-and-ops.md §8.3) scraped from a server bound to port 0 after
//! real traffic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use inkdesk_test_support::fake_whatsapp::webhook::{WebhookSignature, text_message_payload};
use support::{CONSULTATION, TestApp};

const CLIENT: &str = "447700900123";

async fn scrape(base: &str) -> String {
    let response = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    response.text().await.unwrap()
}

fn assert_has(exposition: &str, line: &str) {
    assert!(
        exposition.lines().any(|l| l == line),
        "missing `{line}` in:\n{exposition}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scrape_after_a_signed_webhook_and_a_404_has_the_expected_series_and_types() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.say(CLIENT, "wamid.m1", CONSULTATION[0], 0)
            .await
            .status()
            .as_u16(),
        200
    );
    let forged = app
        .post(
            text_message_payload(CLIENT, "wamid.m2", "hi", app.t0),
            WebhookSignature::Wrong,
        )
        .await;
    assert_eq!(forged.status().as_u16(), 403);
    let missing = reqwest::get(format!("{}/no/such/page", app.base))
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    let metrics = scrape(&app.base).await;
    for (name, kind) in [
        ("inkdesk_build_info", "gauge"),
        ("inkdesk_http_requests_total", "counter"),
        ("inkdesk_http_request_duration_seconds", "histogram"),
        ("inkdesk_webhook_events_total", "counter"),
        ("inkdesk_jobs_total", "counter"),
        ("inkdesk_job_duration_seconds", "histogram"),
        ("inkdesk_jobs_queued", "gauge"),
        ("inkdesk_job_oldest_queued_age_seconds", "gauge"),
        ("inkdesk_lead_transitions_total", "counter"),
        ("inkdesk_leads", "gauge"),
        ("inkdesk_outbound_messages_total", "counter"),
        ("inkdesk_outbound_messages", "gauge"),
        ("inkdesk_rate_limited_total", "counter"),
    ] {
        assert_has(&metrics, &format!("# TYPE {name} {kind}"));
    }
    assert_has(
        &metrics,
        &format!(
            "inkdesk_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        ),
    );
    assert_has(
        &metrics,
        "inkdesk_http_requests_total{route=\"/webhooks/whatsapp\",method=\"POST\",status=\"200\"} 1",
    );
    assert_has(
        &metrics,
        "inkdesk_http_requests_total{route=\"/webhooks/whatsapp\",method=\"POST\",status=\"403\"} 1",
    );
    assert_has(
        &metrics,
        "inkdesk_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
    );
    assert_has(
        &metrics,
        "inkdesk_http_request_duration_seconds_count{route=\"/webhooks/whatsapp\"} 2",
    );
    assert_has(
        &metrics,
        "inkdesk_http_request_duration_seconds_bucket{route=\"unmatched\",le=\"+Inf\"} 1",
    );
    assert_has(
        &metrics,
        "inkdesk_webhook_events_total{provider=\"whatsapp\",outcome=\"processed\"} 1",
    );
    assert_has(
        &metrics,
        "inkdesk_webhook_events_total{provider=\"whatsapp\",outcome=\"invalid_signature\"} 1",
    );
    // Served without workers: the reply waits in the outbox.
    assert_has(&metrics, "inkdesk_jobs_queued{kind=\"whatsapp.send\"} 1");
    assert_has(
        &metrics,
        "inkdesk_outbound_messages{recipient_role=\"client\",state=\"queued\"} 1",
    );
    let leads: f64 = metrics
        .lines()
        .filter(|l| l.starts_with("inkdesk_leads{"))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(leads, 1.0, "{metrics}");
    assert_has(
        &metrics,
        "inkdesk_lead_transitions_total{from=\"NEW\",to=\"QUALIFYING\"} 1",
    );
    assert!(
        !metrics.contains(CLIENT) && !metrics.contains("no/such/page"),
        "no phone numbers or raw paths in labels"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn jobs_run_by_the_workers_are_counted_by_kind_and_outcome() {
    let graph = FakeWhatsApp::start().await;
    let app = TestApp::spawn_delivering_to(&graph).await;
    app.say(CLIENT, "wamid.j1", CONSULTATION[0], 0).await;
    app.wait_for_outbox().await;

    let metrics = scrape(&app.base).await;
    assert_has(
        &metrics,
        "inkdesk_jobs_total{kind=\"whatsapp.send\",outcome=\"succeeded\"} 1",
    );
    assert_has(
        &metrics,
        "inkdesk_job_duration_seconds_count{kind=\"whatsapp.send\"} 1",
    );
    assert_has(&metrics, "inkdesk_jobs_queued{kind=\"whatsapp.send\"} 0");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_configured_bearer_token_protects_the_scrape() {
    inkdesk_test_support::init_crypto();
    let db = TestDb::fresh().await;
    let mut settings = support::settings(db.url(), None);
    settings.metrics_bearer_token = Some(inkdesk_server::config::Secret::new("scrape-me"));
    let base = support::spawn_with(settings, false);
    let url = format!("{base}/metrics");
    let client = reqwest::Client::new();

    for auth in [None, Some("Bearer wrong"), Some("scrape-me")] {
        let mut request = client.get(&url);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "{auth:?}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        assert_eq!(response.text().await.unwrap(), "Unauthorized");
    }
    let response = client
        .get(&url)
        .header("Authorization", "Bearer scrape-me")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}
