#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fake Graph API validates what Meta validates (integrations.md §2.8), spoken to with raw HTTP so
//! that requests the real client would never build can be tried too.

use inkdesk_test_support::fake_whatsapp::webhook::{
    SIGNATURE_HEADER, WebhookSignature, post_webhook, sign_webhook, status_payload,
};
use inkdesk_test_support::fake_whatsapp::{FakeFailure, FakeWhatsApp};
use serde_json::{Value, json};

struct Graph {
    fake: FakeWhatsApp,
    http: reqwest::Client,
}

impl Graph {
    async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        Self {
            fake: FakeWhatsApp::start().await,
            http: reqwest::Client::new(),
        }
    }

    async fn post(&self, phone_number_id: &str, token: &str, body: Value) -> (u16, Value) {
        let url = format!("{}/v24.0/{phone_number_id}/messages", self.fake.base_url());
        let response = self
            .http
            .post(url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    async fn send(&self, body: Value) -> (u16, Value) {
        self.post("109876543210987", "fake-whatsapp-token", body)
            .await
    }
}

fn text(to: &str, body: &str) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text",
           "text": {"preview_url": false, "body": body}})
}

fn code(reply: &(u16, Value)) -> (u16, i64) {
    (reply.0, reply.1["error"]["code"].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn success_has_the_graph_shape_and_counts_ids() {
    let graph = Graph::start().await;
    let (status, body) = graph.send(text("447700900123", "hi")).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "contacts": [{"input": "447700900123", "wa_id": "447700900123"}],
               "messages": [{"id": "wamid.FAKE.1"}]})
    );
    assert_eq!(
        graph.send(text("447700900123", "again")).await.1["messages"][0]["id"],
        "wamid.FAKE.2"
    );
}

#[tokio::test]
async fn bearer_token_number_id_and_envelope_are_checked() {
    let graph = Graph::start().await;
    let wrong_token = graph
        .post("109876543210987", "nope", text("447700900123", "hi"))
        .await;
    assert_eq!(code(&wrong_token), (401, 190));
    assert!(
        wrong_token.1["error"]["fbtrace_id"]
            .as_str()
            .unwrap()
            .starts_with("FAKEtrace")
    );
    let wrong_number = graph
        .post("1", "fake-whatsapp-token", text("447700900123", "hi"))
        .await;
    assert_eq!(code(&wrong_number), (400, 100));

    let mut body = text("447700900123", "hi");
    body["messaging_product"] = json!("sms");
    assert_eq!(code(&graph.send(body).await), (400, 100));
    for to in ["1234567", "4477009001234567", "+447700900123", ""] {
        assert_eq!(code(&graph.send(text(to, "hi")).await), (400, 100), "{to}");
    }
    let mut body = text("447700900123", "hi");
    body["type"] = json!("carrier_pigeon");
    assert_eq!(code(&graph.send(body).await), (400, 100));
    assert_eq!(
        code(&graph.send(text("447700900123", "")).await),
        (400, 100)
    );
    assert_eq!(
        code(&graph.send(text("447700900123", &"é".repeat(4097))).await),
        (400, 100)
    );
    assert_eq!(
        graph.send(text("447700900123", &"é".repeat(4096))).await.0,
        200
    );
}

#[tokio::test]
async fn interactive_limits_are_enforced() {
    let graph = Graph::start().await;
    let buttons = |n: usize, title: &str| {
        let list: Vec<Value> = (0..n)
            .map(|i| json!({"type": "reply", "reply": {"id": format!("b{i}"), "title": title}}))
            .collect();
        json!({"messaging_product": "whatsapp", "to": "447700900123", "type": "interactive",
               "interactive": {"type": "button", "body": {"text": "Pick"}, "action": {"buttons": list}}})
    };
    assert_eq!(graph.send(buttons(3, "Yes")).await.0, 200);
    assert_eq!(code(&graph.send(buttons(4, "Yes")).await), (400, 131_009));
    assert_eq!(code(&graph.send(buttons(0, "Yes")).await), (400, 131_009));
    assert_eq!(
        code(&graph.send(buttons(1, &"a".repeat(21))).await),
        (400, 131_009)
    );

    let list = |rows: usize, title: &str| {
        let rows: Vec<Value> = (0..rows)
            .map(|i| json!({"id": format!("r{i}"), "title": title}))
            .collect();
        json!({"messaging_product": "whatsapp", "to": "447700900123", "type": "interactive",
               "interactive": {"type": "list", "body": {"text": "Pick"},
                               "action": {"button": "Choose", "sections": [{"title": "All", "rows": rows}]}}})
    };
    assert_eq!(graph.send(list(10, "Slot")).await.0, 200);
    assert_eq!(code(&graph.send(list(11, "Slot")).await), (400, 131_009));
    assert_eq!(
        code(&graph.send(list(1, &"a".repeat(25))).await),
        (400, 131_009)
    );
}

#[tokio::test]
async fn templates_must_be_approved_with_the_registered_parameter_count() {
    let graph = Graph::start().await;
    let template = |name: &str, params: &[&str]| {
        let parameters: Vec<Value> = params
            .iter()
            .map(|p| json!({"type": "text", "text": p}))
            .collect();
        json!({"messaging_product": "whatsapp", "to": "447700900123", "type": "template",
               "template": {"name": name, "language": {"code": "en_GB"},
                            "components": [{"type": "body", "parameters": parameters}]}})
    };
    assert_eq!(
        graph
            .send(template("artist_update", &["#42", "Paid"]))
            .await
            .0,
        200
    );
    assert_eq!(
        code(&graph.send(template("artist_update", &["#42"])).await),
        (400, 132_000)
    );
    assert_eq!(
        code(&graph.send(template("mystery", &[])).await),
        (400, 132_001)
    );
    graph.fake.approve_template("mystery", 0);
    assert_eq!(graph.send(template("mystery", &[])).await.0, 200);
}

#[tokio::test]
async fn window_closed_mode_and_scripts() {
    let graph = Graph::start().await;
    graph.fake.close_window_for("447700900123");
    assert_eq!(
        code(&graph.send(text("447700900123", "hi")).await),
        (400, 131_047)
    );
    graph.fake.open_window_for("447700900123");
    assert_eq!(graph.send(text("447700900123", "hi")).await.0, 200);

    graph.fake.fail_next(
        2,
        FakeFailure::graph(131_000)
            .with_status(500)
            .with_retry_after(9),
    );
    let url = format!("{}/v24.0/109876543210987/messages", graph.fake.base_url());
    for _ in 0..2 {
        let response = graph
            .http
            .post(&url)
            .bearer_auth("fake-whatsapp-token")
            .json(&text("447700900123", "hi"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        assert_eq!(response.headers()["retry-after"], "9");
    }
    assert_eq!(graph.send(text("447700900123", "hi")).await.0, 200);

    graph.fake.fail_next(1, FakeFailure::Reset);
    let dropped = graph
        .http
        .post(&url)
        .json(&text("447700900123", "hi"))
        .send()
        .await;
    assert!(dropped.is_err());
    let recorded = graph.fake.requests();
    assert_eq!(recorded.last().unwrap().status, None);
    assert_eq!(recorded.iter().filter(|r| r.status == Some(200)).count(), 2);
}

#[tokio::test]
async fn requests_are_recorded_with_the_token_redacted() {
    let graph = Graph::start().await;
    graph.send(text("447700900123", "hi")).await;
    let request = &graph.fake.requests()[0];
    assert_eq!(request.header("Authorization"), Some("Bearer [redacted]"));
    assert!(!format!("{request:?}").contains("fake-whatsapp-token"));
    assert_eq!(request.recipient.as_deref(), Some("447700900123"));
    assert_eq!(request.message_type.as_deref(), Some("text"));
    assert_eq!(request.body.as_ref().unwrap()["text"]["body"], "hi");
}

#[tokio::test]
async fn webhook_helper_delivers_the_exact_bytes_with_the_chosen_signature() {
    // The fake records any request, so it can stand in for the server under test here.
    let graph = Graph::start().await;
    let url = format!("{}/webhooks/whatsapp", graph.fake.base_url());
    let body = status_payload("wamid.FAKE.1", "delivered", "447700900123", 1_805_983_962);

    for signature in [
        WebhookSignature::Valid,
        WebhookSignature::Wrong,
        WebhookSignature::Missing,
        WebhookSignature::Malformed,
    ] {
        post_webhook(&url, "app-secret", body.clone(), signature).await;
    }
    let recorded = graph.fake.requests();
    let headers: Vec<_> = recorded
        .iter()
        .map(|r| r.header(SIGNATURE_HEADER).map(str::to_owned))
        .collect();
    let valid = sign_webhook(b"app-secret", &body);
    assert_eq!(headers[0].as_deref(), Some(valid.as_str()));
    assert!(
        headers[1]
            .as_deref()
            .is_some_and(|h| h.starts_with("sha256=") && h != valid)
    );
    assert_eq!(headers[2], None);
    assert_eq!(headers[3].as_deref(), Some("sha1=not-a-signature"));
    let sent: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(recorded[0].body.as_ref(), Some(&sent));
}
