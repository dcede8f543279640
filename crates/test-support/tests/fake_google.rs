#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fake Google validates what Google validates (integrations.md §4.5), spoken to with raw HTTP so
//! that requests the real client would never build can be tried too.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use inkdesk_test_support::fake_google::{
    FAKE_CALENDAR_ID, FAKE_CLIENT_EMAIL, FAKE_SHEET_TAB, FAKE_SPREADSHEET_ID, FakeApi, FakeFailure,
    FakeGoogle, TEST_PRIVATE_KEY_PEM,
};
use rustls::SignatureScheme;
use rustls::crypto::ring::sign::RsaSigningKey;
use rustls::pki_types::PrivateKeyDer;
use rustls::pki_types::pem::PemObject;
use rustls::sign::SigningKey;
use serde_json::{Value, json};

const SHEETS: &str = "https://www.googleapis.com/auth/spreadsheets";
const CALENDAR: &str = "https://www.googleapis.com/auth/calendar.events";

struct Google {
    fake: FakeGoogle,
    http: reqwest::Client,
}

fn now() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

fn sign(header: &Value, claims: &Value) -> String {
    let encode = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let input = format!("{}.{}", encode(header), encode(claims));
    let der = PrivateKeyDer::from_pem_slice(TEST_PRIVATE_KEY_PEM.as_bytes()).unwrap();
    let signer = RsaSigningKey::new(&der)
        .unwrap()
        .choose_scheme(&[SignatureScheme::RSA_PKCS1_SHA256])
        .unwrap();
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(signer.sign(input.as_bytes()).unwrap())
    )
}

fn header() -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": inkdesk_test_support::fake_google::FAKE_PRIVATE_KEY_ID})
}

fn claims(scope: &str) -> Value {
    let iat = now();
    json!({"iss": FAKE_CLIENT_EMAIL, "scope": scope, "aud": "https://oauth2.googleapis.com/token",
        "iat": iat, "exp": iat + 3600})
}

impl Google {
    async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        Self {
            fake: FakeGoogle::start().await,
            http: reqwest::Client::new(),
        }
    }

    async fn token_with(&self, grant_type: &str, assertion: &str) -> (u16, Value) {
        let response = self
            .http
            .post(self.fake.token_url())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("grant_type={grant_type}&assertion={assertion}"))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    async fn token(&self, claims: Value) -> (u16, Value) {
        let grant = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";
        self.token_with(grant, &sign(&header(), &claims)).await
    }

    async fn access_token(&self, scope: &str) -> String {
        let (status, body) = self.token(claims(scope)).await;
        assert_eq!(status, 200, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.fake.base_url());
        let mut request = self
            .http
            .request(method.parse().unwrap(), url)
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }
}

#[tokio::test]
async fn a_signed_assertion_gets_an_expiring_token() {
    let google = Google::start().await;
    let (status, body) = google.token(claims(&format!("{SHEETS} {CALENDAR}"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"access_token": "fake-1", "expires_in": 3599, "token_type": "Bearer"})
    );
    let recorded = &google.fake.requests_to(FakeApi::Token)[0];
    assert_eq!(
        recorded.body.as_ref().unwrap()["claims"]["iss"],
        FAKE_CLIENT_EMAIL
    );
}

#[tokio::test]
async fn bad_assertions_are_invalid_grant() {
    let google = Google::start().await;
    let mut cases = Vec::new();
    for (field, value) in [
        ("iss", json!("someone@else.iam.gserviceaccount.com")),
        ("aud", json!("https://evil.example.com/token")),
        ("exp", json!(now() + 7200)),
        ("iat", json!(now() - 4000)),
        ("scope", json!("https://www.googleapis.com/auth/drive")),
        ("scope", json!("")),
        ("sub", json!("artist@example.com")),
    ] {
        let mut c = claims(SHEETS);
        c[field] = value;
        cases.push(sign(&header(), &c));
    }
    // Claims changed after signing.
    let signed = sign(&header(), &claims(SHEETS));
    let mut parts: Vec<String> = signed.split('.').map(str::to_owned).collect();
    let mut forged = claims(SHEETS);
    forged["scope"] = json!(format!("{SHEETS} {CALENDAR}"));
    parts[1] = URL_SAFE_NO_PAD.encode(forged.to_string());
    cases.push(parts.join("."));
    cases.push(sign(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &claims(SHEETS),
    ));
    cases.push("not-a-jwt".to_owned());

    let grant = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";
    for assertion in cases {
        let (status, body) = google.token_with(grant, &assertion).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{assertion}"
        );
    }
    let (status, body) = google
        .token_with("password", &sign(&header(), &claims(SHEETS)))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    assert_eq!(google.fake.tokens_issued(), 0);
}

#[tokio::test]
async fn apis_require_an_issued_token_with_their_scope() {
    let google = Google::start().await;
    let path = format!("/v4/spreadsheets/{FAKE_SPREADSHEET_ID}/values/Leads%21A%3AA");
    let (status, body) = google.call("GET", &path, "made-up", None).await;
    assert_eq!(
        (status, body["error"]["status"].as_str()),
        (401, Some("UNAUTHENTICATED"))
    );

    let calendar_only = google.access_token(CALENDAR).await;
    let (status, _) = google.call("GET", &path, &calendar_only, None).await;
    assert_eq!(status, 403);

    let sheets = google.access_token(SHEETS).await;
    assert_eq!(google.call("GET", &path, &sheets, None).await.0, 200);
    google.fake.revoke_tokens();
    assert_eq!(google.call("GET", &path, &sheets, None).await.0, 401);
    let recorded = google.fake.requests_to(FakeApi::Sheets);
    assert!(
        recorded
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer [redacted]"))
    );
    assert_eq!(
        recorded.iter().map(|r| r.authorized).collect::<Vec<_>>(),
        [false, false, true, false]
    );
}

#[tokio::test]
async fn sheets_writes_are_raw_only_and_null_leaves_a_cell_unchanged() {
    let google = Google::start().await;
    let token = google.access_token(SHEETS).await;
    let base = format!("/v4/spreadsheets/{FAKE_SPREADSHEET_ID}/values");
    let put = |query: &'static str| format!("{base}/Leads%21A2%3AC2?{query}");
    let body = json!({"range": "Leads!A2:C2", "values": [[42, "Sam", "=1+1"]]});
    let (status, _) = google
        .call(
            "PUT",
            &put("valueInputOption=USER_ENTERED"),
            &token,
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        google
            .call("PUT", &put("valueInputOption=RAW"), &token, Some(body))
            .await
            .0,
        200
    );
    let partial = json!({"range": "Leads!A2:C2", "values": [[null, "", null]]});
    assert_eq!(
        google
            .call("PUT", &put("valueInputOption=RAW"), &token, Some(partial))
            .await
            .0,
        200
    );
    assert_eq!(
        google.fake.sheet_rows(FAKE_SPREADSHEET_ID, FAKE_SHEET_TAB),
        vec![vec![], vec![json!(42), json!(""), json!("=1+1")]]
    );
    let wide = json!({"values": [[1, 2, 3, 4]]});
    assert_eq!(
        google
            .call("PUT", &put("valueInputOption=RAW"), &token, Some(wide))
            .await
            .0,
        400
    );

    let append =
        format!("{base}/Leads%21A%3AA:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS");
    let (status, body) = google
        .call("POST", &append, &token, Some(json!({"values": [[43]]})))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["updates"]["updatedRange"], "Leads!A3:A3");
    let (_, column) = google
        .call(
            "GET",
            &format!("{base}/Leads%21A%3AA?valueRenderOption=UNFORMATTED_VALUE"),
            &token,
            None,
        )
        .await;
    assert_eq!(column["values"], json!([[], [42], [43]]));
    let (_, formatted) = google
        .call("GET", &format!("{base}/Leads%21A2"), &token, None)
        .await;
    assert_eq!(formatted["values"], json!([["42"]]));
    assert_eq!(
        google
            .call("GET", &format!("{base}/Nope%21A1"), &token, None)
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn calendar_insert_checks_ids_and_deleted_events_are_gone() {
    let google = Google::start().await;
    let token = google.access_token(CALENDAR).await;
    let events = "/calendar/v3/calendars/rowan.studio%40example.com/events";
    let event = |id: &str| json!({"id": id, "start": {"dateTime": "2027-03-29T10:00:00Z"}, "end": {"dateTime": "2027-03-29T11:00:00Z"}});
    for bad in ["inkw1h1", "ink1", "INK42H55"] {
        assert_eq!(
            google
                .call("POST", events, &token, Some(event(bad)))
                .await
                .0,
            400,
            "{bad}"
        );
    }
    assert_eq!(
        google
            .call("POST", events, &token, Some(event("ink42h55")))
            .await
            .0,
        200
    );
    let (status, body) = google
        .call("POST", events, &token, Some(event("ink42h55")))
        .await;
    assert_eq!(
        (status, body["error"]["errors"][0]["reason"].as_str()),
        (409, Some("duplicate"))
    );
    let one = format!("{events}/ink42h55");
    assert_eq!(google.call("DELETE", &one, &token, None).await.0, 204);
    assert_eq!(google.call("GET", &one, &token, None).await.0, 410);
    assert_eq!(google.call("DELETE", &one, &token, None).await.0, 410);
    assert_eq!(
        google
            .call("GET", &format!("{events}/ink9h9x"), &token, None)
            .await
            .0,
        404
    );
    assert_eq!(
        google.fake.event(FAKE_CALENDAR_ID, "ink42h55").unwrap()["status"],
        "cancelled"
    );
}

#[tokio::test]
async fn scripted_failures_are_per_api_and_recorded() {
    let google = Google::start().await;
    let token = google.access_token(CALENDAR).await;
    google.fake.fail_next(
        FakeApi::Calendar,
        1,
        FakeFailure::google(429, "rateLimitExceeded").with_retry_after(9),
    );
    let response = google
        .http
        .post(format!("{}/calendar/v3/freeBusy", google.fake.base_url()))
        .bearer_auth(&token)
        .json(&json!({"timeMin": "2027-03-26T00:00:00Z", "timeMax": "2027-03-27T00:00:00Z", "items": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "9");
    let recorded = google.fake.requests_to(FakeApi::Calendar);
    assert_eq!(recorded[0].status, Some(429));
    // The token endpoint's script was untouched.
    google.access_token(CALENDAR).await;
}
