#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fake Stripe validates what Stripe validates for a deposit session (integrations.md §3.6),
//! spoken to with raw HTTP so that requests the real client would never build can be tried too.

use std::time::Duration;

use inkdesk_test_support::fake_stripe::{
    FAKE_SECRET_KEY, FakeFailure, FakeStripe, SIGNATURE_HEADER, Signing, sign_stripe,
};
use serde_json::{Value, json};

struct Api {
    fake: FakeStripe,
    http: reqwest::Client,
}

/// A valid deposit session body on the fake's clock; tests change one thing at a time.
fn valid(now: i64) -> Vec<(String, String)> {
    [
        ("mode", "payment".to_owned()),
        ("line_items[0][price_data][currency]", "gbp".into()),
        ("line_items[0][price_data][unit_amount]", "15000".into()),
        (
            "line_items[0][price_data][product_data][name]",
            "Tattoo deposit".into(),
        ),
        ("line_items[0][quantity]", "1".into()),
        (
            "success_url",
            "https://ink.example.com/payment/success".into(),
        ),
        (
            "cancel_url",
            "https://ink.example.com/payment/cancel".into(),
        ),
        ("client_reference_id", "42".into()),
        ("metadata[lead_id]", "42".into()),
        ("expires_at", (now + 3600).to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn with(mut form: Vec<(String, String)>, key: &str, value: Option<&str>) -> Vec<(String, String)> {
    form.retain(|(k, _)| k != key);
    if let Some(value) = value {
        form.push((key.to_owned(), value.to_owned()));
    }
    form
}

fn encode(form: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish()
}

impl Api {
    async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        let fake = FakeStripe::start().await;
        fake.set_now(1_806_056_504);
        Self {
            fake,
            http: reqwest::Client::new(),
        }
    }

    async fn post(
        &self,
        path: &str,
        form: &[(String, String)],
        key: Option<&str>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.fake.base_url()))
            .bearer_auth(FAKE_SECRET_KEY)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(form));
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (
            status,
            headers,
            response.json().await.unwrap_or(Value::Null),
        )
    }

    async fn create(&self, form: &[(String, String)]) -> (u16, Value) {
        let (status, _, body) = self.post("/v1/checkout/sessions", form, None).await;
        (status, body)
    }
}

fn param(reply: &(u16, Value)) -> (u16, &str) {
    (reply.0, reply.1["error"]["param"].as_str().unwrap_or(""))
}

#[tokio::test]
async fn a_valid_session_has_the_spec_shape() {
    let api = Api::start().await;
    let (status, body) = api.create(&valid(api.fake.now())).await;
    assert_eq!(status, 200);
    let url = format!("{}/c/pay/cs_test_fake_1", api.fake.base_url());
    assert_eq!(body["id"], "cs_test_fake_1");
    assert_eq!(body["object"], "checkout.session");
    assert_eq!(body["url"], json!(url));
    assert_eq!(body["amount_total"], 15000);
    assert_eq!(body["currency"], "gbp");
    assert_eq!(body["metadata"], json!({"lead_id": "42"}));
    assert_eq!(body["expires_at"], api.fake.now() + 3600);
    assert_eq!(
        (
            &body["status"],
            &body["payment_status"],
            &body["payment_intent"]
        ),
        (&json!("open"), &json!("unpaid"), &Value::Null)
    );
    assert_eq!(reqwest::get(&url).await.unwrap().status().as_u16(), 200);
    let (second, body) = api.create(&valid(api.fake.now())).await;
    assert_eq!((second, &body["id"]), (200, &json!("cs_test_fake_2")));
}

#[tokio::test]
async fn authentication_accepts_bearer_and_basic_only_with_the_key() {
    let api = Api::start().await;
    let url = format!("{}/v1/checkout/sessions", api.fake.base_url());
    let body = encode(&valid(api.fake.now()));
    let send = |request: reqwest::RequestBuilder| {
        let body = body.clone();
        async move {
            let response = request.body(body).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let basic = send(
        api.http
            .post(&url)
            .basic_auth(FAKE_SECRET_KEY, None::<&str>),
    )
    .await;
    assert_eq!(basic.0, 200);
    for request in [
        api.http.post(&url),
        api.http.post(&url).bearer_auth("sk_test_other"),
        api.http
            .post(&url)
            .basic_auth("sk_test_other", None::<&str>),
        api.http.post(&url).header("authorization", "Basic !!!"),
    ] {
        let (status, body) = send(request).await;
        assert_eq!(
            (status, &body["error"]["type"]),
            (401, &json!("authentication_error"))
        );
        assert!(!body.to_string().contains(FAKE_SECRET_KEY));
    }
    let recorded = api.fake.requests();
    assert!(recorded[0].authorized && !recorded[1].authorized);
    assert!(!format!("{recorded:?}").contains(FAKE_SECRET_KEY));
}

#[tokio::test]
async fn each_validation_names_its_parameter() {
    let api = Api::start().await;
    let now = api.fake.now();
    let unit = "line_items[0][price_data][unit_amount]";
    let long_key = "k".repeat(41);
    let cases: Vec<(Vec<(String, String)>, &str)> = vec![
        (with(valid(now), "mode", Some("subscription")), "mode"),
        (with(valid(now), "mode", None), "mode"),
        (
            with(valid(now), "line_items[1][quantity]", Some("1")),
            "line_items",
        ),
        (
            with(
                valid(now),
                "line_items[0][price_data][currency]",
                Some("GBPX"),
            ),
            "line_items[0][price_data][currency]",
        ),
        (with(valid(now), unit, Some("29")), unit),
        (with(valid(now), unit, Some("1.5")), unit),
        (
            with(valid(now), "line_items[0][quantity]", Some("0")),
            "line_items[0][quantity]",
        ),
        (with(valid(now), "success_url", None), "success_url"),
        (
            with(valid(now), "expires_at", Some(&(now + 1799).to_string())),
            "expires_at",
        ),
        (
            with(valid(now), "expires_at", Some(&(now + 86_401).to_string())),
            "expires_at",
        ),
        (with(valid(now), "expires_at", Some("soon")), "expires_at"),
        (
            with(valid(now), &format!("metadata[{long_key}]"), Some("x")),
            "",
        ),
        (
            with(valid(now), "metadata[note]", Some(&"x".repeat(501))),
            "metadata[note]",
        ),
        (with(valid(now), "unexpected", Some("1")), "unexpected"),
        (with(valid(now), "mode[0]", Some("payment")), "mode[0]"),
    ];
    for (form, expected) in cases {
        let reply = api.create(&form).await;
        assert_eq!(reply.0, 400, "{expected}: {:?}", reply.1);
        assert_eq!(reply.1["error"]["type"], "invalid_request_error");
        if !expected.is_empty() {
            assert_eq!(param(&reply), (400, expected));
        }
    }
    let mut many = valid(now);
    many.extend((0..50).map(|i| (format!("metadata[k{i}]"), "v".to_owned())));
    assert_eq!(param(&api.create(&many).await), (400, "metadata"));
    // Exactly on the window's edges is accepted.
    for edge in [now + 1800, now + 86_400] {
        let edge = with(valid(now), "expires_at", Some(&edge.to_string()));
        assert_eq!(api.create(&edge).await.0, 200);
    }
    assert_eq!(api.fake.sessions().len(), 2);
}

#[tokio::test]
async fn idempotency_replays_the_same_body_and_refuses_another() {
    let api = Api::start().await;
    let form = valid(api.fake.now());
    let path = "/v1/checkout/sessions";
    let (s1, h1, first) = api.post(path, &form, Some("k1")).await;
    let (s2, h2, again) = api.post(path, &form, Some("k1")).await;
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(first, again);
    assert!(h1.get("idempotent-replayed").is_none());
    assert_eq!(h2.get("idempotent-replayed").unwrap(), "true");
    assert!(
        h2.get("request-id")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("req_fake_")
    );
    let other = with(form.clone(), "client_reference_id", Some("43"));
    let (s3, _, conflict) = api.post(path, &other, Some("k1")).await;
    assert_eq!(
        (s3, &conflict["error"]["type"]),
        (400, &json!("idempotency_error"))
    );
    // A refused request stores nothing: the key stays free.
    let invalid = with(form.clone(), "mode", None);
    assert_eq!(api.post(path, &invalid, Some("k2")).await.0, 400);
    assert_eq!(api.post(path, &form, Some("k2")).await.0, 200);
    assert_eq!(api.fake.sessions().len(), 2);
}

#[tokio::test]
async fn expire_moves_open_to_expired_and_refuses_anything_else() {
    let api = Api::start().await;
    api.create(&valid(api.fake.now())).await;
    let path = "/v1/checkout/sessions/cs_test_fake_1/expire";
    let (status, _, body) = api.post(path, &[], None).await;
    assert_eq!(
        (status, &body["status"], &body["url"]),
        (200, &json!("expired"), &Value::Null)
    );
    let (status, _, body) = api.post(path, &[], None).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`expired`")
    );
    assert!(body["error"].get("param").is_none());
    let (status, _, body) = api
        .post("/v1/checkout/sessions/cs_nope/expire", &[], None)
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (404, &json!("resource_missing"))
    );
    let page = format!("{}/c/pay/cs_test_fake_1", api.fake.base_url());
    assert_eq!(reqwest::get(page).await.unwrap().status().as_u16(), 404);
}

#[tokio::test]
async fn scripted_failures_come_first_and_then_normal_service() {
    let api = Api::start().await;
    let form = valid(api.fake.now());
    api.fake
        .fail_next(2, FakeFailure::server_error(500).with_should_retry(true));
    api.fake.fail_next(1, FakeFailure::rate_limited(30));
    api.fake.fail_next(1, FakeFailure::Reset);
    api.fake
        .fail_next(1, FakeFailure::Delay(Duration::from_millis(50)));
    let path = "/v1/checkout/sessions";
    for _ in 0..2 {
        let (status, headers, body) = api.post(path, &form, Some("k")).await;
        assert_eq!((status, &body["error"]["type"]), (500, &json!("api_error")));
        assert_eq!(headers.get("stripe-should-retry").unwrap(), "true");
    }
    let (status, headers, _) = api.post(path, &form, Some("k")).await;
    assert_eq!(
        (
            status,
            headers.get("retry-after").unwrap().to_str().unwrap()
        ),
        (429, "30")
    );
    let reset = api
        .http
        .post(format!("{}{path}", api.fake.base_url()))
        .bearer_auth(FAKE_SECRET_KEY)
        .body(encode(&form))
        .send()
        .await;
    assert!(reset.is_err());
    let (status, headers, _) = api.post(path, &form, Some("k")).await;
    assert_eq!(status, 200);
    assert!(
        headers.get("idempotent-replayed").is_none(),
        "failures are not stored"
    );
    let statuses: Vec<_> = api.fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(429), None, Some(200)]);
}

#[tokio::test]
async fn overdue_sessions_expire_on_the_fake_clock() {
    let api = Api::start().await;
    api.create(&valid(api.fake.now())).await;
    api.fake.advance(Duration::from_secs(3600));
    assert_eq!(
        api.fake.session("cs_test_fake_1").unwrap().status,
        "expired"
    );
}

#[tokio::test]
async fn delivery_sends_the_exact_bytes_with_the_chosen_signature() {
    // The fake records any request, so it can stand in for the server under test here.
    let api = Api::start().await;
    let url = format!("{}/webhooks/stripe", api.fake.base_url());
    let event = api
        .fake
        .custom_event("customer.created", json!({"id": "cus_1"}));
    for signing in [Signing::Valid, Signing::Stale, Signing::Missing] {
        api.fake.deliver(&url, &event, signing).await;
    }
    let recorded = api.fake.requests();
    let valid = sign_stripe(b"whsec_test_inkdesk", api.fake.now(), &event.body);
    assert_eq!(recorded[0].header(SIGNATURE_HEADER), Some(valid.as_str()));
    assert_eq!(recorded[0].body, event.body);
    assert_eq!(
        recorded[0].header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let stale = recorded[1].header(SIGNATURE_HEADER).unwrap();
    assert!(stale.starts_with(&format!("t={},", api.fake.now() - 600)));
    assert_eq!(recorded[2].header(SIGNATURE_HEADER), None);
    assert_eq!(event.json()["type"], "customer.created");
    assert_eq!(event.created, api.fake.now());
}
