#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Service-account tokens against the fake token endpoint: the assertion Google expects, caching per
//! scope set, refresh before expiry, and every failure class.

mod support;

use std::time::Duration;

use inkdesk_domain::provider::ProviderError;
use inkdesk_google::{CALENDAR_SCOPES, GoogleAuth, SHEETS_SCOPES, ServiceAccountCredentials};
use inkdesk_test_support::fake_google::{
    FAKE_CLIENT_EMAIL, FakeApi, FakeFailure, GOOGLE_TOKEN_URL, service_account_json,
};
use support::{auth, auth_with_timeout, start};

#[tokio::test]
async fn a_token_is_issued_for_a_valid_assertion_and_cached() {
    let fake = start().await;
    let auth = auth(&fake).await;

    let first = auth.token(CALENDAR_SCOPES).await.unwrap();
    let second = auth.token(CALENDAR_SCOPES).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.header_value(), "Bearer fake-1");
    assert_eq!(fake.tokens_issued(), 1);
    assert!(!format!("{first:?}").contains("fake-1"));

    let requests = fake.requests_to(FakeApi::Token);
    assert_eq!(requests.len(), 1);
    let body = requests[0].body.as_ref().unwrap();
    assert_eq!(
        body["grant_type"],
        "urn:ietf:params:oauth:grant-type:jwt-bearer"
    );
    assert!(
        body.get("assertion").is_none(),
        "the signed assertion is never recorded"
    );
    assert_eq!(body["header"]["alg"], "RS256");
    let claims = &body["claims"];
    assert_eq!(claims["iss"], FAKE_CLIENT_EMAIL);
    assert_eq!(claims["aud"], fake.token_url());
    assert_eq!(claims["scope"], CALENDAR_SCOPES.join(" "));
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert!((1..=3600).contains(&lifetime));
    assert!(claims.get("sub").is_none_or(serde_json::Value::is_null));
}

#[tokio::test]
async fn each_scope_set_has_its_own_token() {
    let fake = start().await;
    let auth = auth(&fake).await;
    let calendar = auth.token(CALENDAR_SCOPES).await.unwrap();
    let sheets = auth.token(SHEETS_SCOPES).await.unwrap();
    assert_ne!(calendar, sheets);
    auth.token(SHEETS_SCOPES).await.unwrap();
    assert_eq!(fake.tokens_issued(), 2);
}

#[tokio::test]
async fn a_token_about_to_expire_is_replaced_and_a_forced_refresh_fetches_a_new_one() {
    let fake = start().await;
    // yup-oauth2 refreshes a minute before expiry: a 30 s token is never reused.
    fake.set_token_lifetime(30);
    let auth = auth(&fake).await;
    auth.token(SHEETS_SCOPES).await.unwrap();
    auth.token(SHEETS_SCOPES).await.unwrap();
    assert_eq!(fake.tokens_issued(), 2);

    fake.set_token_lifetime(3599);
    let cached = auth.token(SHEETS_SCOPES).await.unwrap();
    let fresh = auth.refreshed_token(SHEETS_SCOPES).await.unwrap();
    assert_ne!(cached, fresh);
    assert_eq!(auth.token(SHEETS_SCOPES).await.unwrap(), fresh);
}

#[tokio::test]
async fn the_token_url_override_replaces_the_keys_token_uri() {
    let fake = start().await;
    let creds =
        ServiceAccountCredentials::from_json(&service_account_json(GOOGLE_TOKEN_URL)).unwrap();
    let auth = GoogleAuth::new(creds, Some(&fake.token_url()))
        .await
        .unwrap();
    auth.token(SHEETS_SCOPES).await.unwrap();
    assert_eq!(fake.tokens_issued(), 1);
    assert_eq!(auth.client_email(), FAKE_CLIENT_EMAIL);
}

#[tokio::test]
async fn credentials_load_from_a_file_path() {
    let fake = start().await;
    let dir = std::env::temp_dir();
    let path = fake.write_service_account_file(&dir);
    let creds = ServiceAccountCredentials::from_env_value(path.to_str().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    let auth = GoogleAuth::new(creds, None).await.unwrap();
    auth.token(CALENDAR_SCOPES).await.unwrap();
}

#[tokio::test]
async fn a_key_that_is_not_pem_fails_at_startup() {
    let fake = start().await;
    let json = fake.service_account_json().replace("MII", "XXX");
    let creds = ServiceAccountCredentials::from_json(&json).unwrap();
    let error = GoogleAuth::new(creds, None).await.unwrap_err();
    assert!(!error.to_string().contains("XXX"), "{error}");
}

#[tokio::test]
async fn invalid_grant_and_invalid_client_break_auth() {
    let fake = start().await;
    let auth = auth(&fake).await;
    fake.fail_next(FakeApi::Token, 1, FakeFailure::invalid_grant());
    assert_eq!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::auth_broken("invalid_grant")
    );
    fake.fail_next(
        FakeApi::Token,
        1,
        FakeFailure::OAuth {
            status: 401,
            error: "invalid_client".into(),
        },
    );
    assert_eq!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::auth_broken("invalid_client")
    );
    // Nothing was cached by the failures; the next attempt succeeds.
    auth.token(SHEETS_SCOPES).await.unwrap();
}

#[tokio::test]
async fn server_errors_and_timeouts_are_retryable() {
    let fake = start().await;
    let auth = auth_with_timeout(&fake, Duration::from_millis(300)).await;
    fake.fail_next(FakeApi::Token, 1, FakeFailure::http(500));
    assert_eq!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::retryable("token_unreadable", None)
    );
    fake.fail_next(
        FakeApi::Token,
        1,
        FakeFailure::OAuth {
            status: 503,
            error: "internal_failure".into(),
        },
    );
    assert_eq!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::retryable("internal_failure", None)
    );
    fake.fail_next(
        FakeApi::Token,
        1,
        FakeFailure::Delay(Duration::from_secs(2)),
    );
    assert_eq!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::retryable("token_timeout", None)
    );
    fake.fail_next(FakeApi::Token, 1, FakeFailure::Reset);
    assert!(matches!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::Retryable { .. }
    ));
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_retryable() {
    let fake = start().await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let creds = support::credentials(&fake);
    let auth = GoogleAuth::new(creds, Some(&format!("http://{closed}/token")))
        .await
        .unwrap();
    assert_eq!(
        auth.token(SHEETS_SCOPES).await.unwrap_err(),
        ProviderError::retryable("token_connection", None)
    );
}
