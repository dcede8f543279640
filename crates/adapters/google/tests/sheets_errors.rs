#![allow(clippy::unwrap_used, clippy::expect_used)]
//! How Sheets failures are classified: throttling and server errors retry, sharing problems and a
//! missing spreadsheet dead-letter.

mod support;

use std::time::Duration;

use inkdesk_domain::provider::ProviderError;
use inkdesk_google::{LeadRow, SheetsConfig};
use inkdesk_test_support::fake_google::{FakeApi, FakeFailure};
use support::{auth, sheets, start};

fn row() -> LeadRow {
    LeadRow {
        lead_id: 42,
        ..LeadRow::default()
    }
}

#[tokio::test]
async fn throttling_and_server_errors_are_retryable() {
    let fake = start().await;
    let client = sheets(&fake).await;
    let cases = [
        (
            FakeFailure::google(429, "rateLimitExceeded").with_retry_after(20),
            ProviderError::retryable("429_rateLimitExceeded", Some(Duration::from_secs(20))),
        ),
        (
            FakeFailure::http(502),
            ProviderError::retryable("http_502", None),
        ),
        (
            FakeFailure::google(500, "backendError"),
            ProviderError::retryable("500_backendError", None),
        ),
    ];
    for (failure, expected) in cases {
        fake.fail_next(FakeApi::Sheets, 1, failure);
        assert_eq!(client.upsert(&row(), None).await.unwrap_err(), expected);
    }
    // After the failures the upsert goes through.
    assert_eq!(client.upsert(&row(), None).await.unwrap(), 2);
}

#[tokio::test]
async fn a_sheet_not_shared_or_missing_is_permanent() {
    let fake = start().await;
    let client = sheets(&fake).await;
    fake.fail_next(FakeApi::Sheets, 1, FakeFailure::google(403, "forbidden"));
    assert_eq!(
        client.upsert(&row(), None).await.unwrap_err(),
        ProviderError::permanent("403_forbidden")
    );
    assert_eq!(
        client.client_email(),
        inkdesk_test_support::fake_google::FAKE_CLIENT_EMAIL
    );

    let mut config = SheetsConfig::new("no-such-spreadsheet");
    config.base_url = fake.base_url();
    config.min_request_interval = Duration::ZERO;
    let missing = inkdesk_google::SheetsClient::new(auth(&fake).await, config).unwrap();
    assert_eq!(
        missing.upsert(&row(), None).await.unwrap_err(),
        ProviderError::permanent("404_notFound")
    );
}

#[tokio::test]
async fn a_revoked_token_is_replaced_once() {
    let fake = start().await;
    let client = sheets(&fake).await;
    client.upsert(&row(), None).await.unwrap();
    fake.revoke_tokens();
    client.upsert(&row(), None).await.unwrap();
    assert_eq!(fake.tokens_issued(), 2);
}

#[tokio::test]
async fn configuration_is_checked_when_the_client_is_built() {
    let fake = start().await;
    let mut config = SheetsConfig::new(" ");
    config.base_url = fake.base_url();
    assert!(inkdesk_google::SheetsClient::new(auth(&fake).await, config).is_err());
    let mut config = SheetsConfig::new("x");
    config.base_url = "ftp://example.com".into();
    assert!(inkdesk_google::SheetsClient::new(auth(&fake).await, config).is_err());
}
