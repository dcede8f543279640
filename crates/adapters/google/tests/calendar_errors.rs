#![allow(clippy::unwrap_used, clippy::expect_used)]
//! How Calendar failures are classified (integrations.md §4.4), and the one retry after a 401.

mod support;

use std::time::Duration;

use inkdesk_domain::model::LeadId;
use inkdesk_domain::provider::{Completion, ProviderError};
use inkdesk_google::EventId;
use inkdesk_test_support::fake_google::{FAKE_CALENDAR_ID, FakeApi, FakeFailure};
use support::{calendar, calendar_with_timeout, start, utc};

async fn delete(client: &inkdesk_google::CalendarClient) -> Result<Completion, ProviderError> {
    client
        .delete_event(
            FAKE_CALENDAR_ID,
            &EventId::for_hold("ink", LeadId(1), 2).unwrap(),
        )
        .await
}

#[tokio::test]
async fn statuses_and_reasons_map_to_the_spec_classes() {
    let fake = start().await;
    let client = calendar(&fake).await;
    let cases = [
        (
            FakeFailure::http(500),
            ProviderError::retryable("http_500", None),
        ),
        (
            FakeFailure::google(503, "backendError"),
            ProviderError::retryable("503_backendError", None),
        ),
        (
            FakeFailure::google(429, "rateLimitExceeded").with_retry_after(30),
            ProviderError::retryable("429_rateLimitExceeded", Some(Duration::from_secs(30))),
        ),
        (
            FakeFailure::rate_limited(),
            ProviderError::retryable("403_rateLimitExceeded", None),
        ),
        (
            FakeFailure::Google {
                status: 403,
                reason: "userRateLimitExceeded".into(),
                domain: "global".into(),
                retry_after: None,
            },
            ProviderError::retryable("403_userRateLimitExceeded", None),
        ),
        (
            FakeFailure::google(403, "forbidden"),
            ProviderError::permanent("403_forbidden"),
        ),
        (
            FakeFailure::google(400, "badRequest"),
            ProviderError::permanent("400_badRequest"),
        ),
    ];
    for (failure, expected) in cases {
        fake.fail_next(FakeApi::Calendar, 1, failure.clone());
        assert_eq!(delete(&client).await.unwrap_err(), expected, "{failure:?}");
    }
    // A freeBusy 404 (calendar id wrong or not shared) is permanent, unlike a delete's.
    fake.fail_next(FakeApi::Calendar, 1, FakeFailure::google(404, "notFound"));
    assert_eq!(
        client
            .free_busy(
                FAKE_CALENDAR_ID,
                utc("2027-03-26T15:00:00Z"),
                utc("2027-03-27T15:00:00Z")
            )
            .await
            .unwrap_err(),
        ProviderError::permanent("404_notFound")
    );
}

#[tokio::test]
async fn a_revoked_token_is_replaced_once_then_auth_is_broken() {
    let fake = start().await;
    let client = calendar(&fake).await;
    assert_eq!(delete(&client).await.unwrap(), Completion::AlreadyDone);
    fake.revoke_tokens();
    assert_eq!(delete(&client).await.unwrap(), Completion::AlreadyDone);
    assert_eq!(fake.tokens_issued(), 2);

    fake.fail_next(FakeApi::Calendar, 2, FakeFailure::google(401, "authError"));
    assert_eq!(
        delete(&client).await.unwrap_err(),
        ProviderError::auth_broken("401_authError")
    );
    assert_eq!(fake.tokens_issued(), 3);
}

#[tokio::test]
async fn token_failures_surface_with_their_own_class() {
    let fake = start().await;
    let client = calendar(&fake).await;
    fake.fail_next(FakeApi::Token, 1, FakeFailure::invalid_grant());
    assert_eq!(
        delete(&client).await.unwrap_err(),
        ProviderError::auth_broken("invalid_grant")
    );
    assert!(fake.requests_to(FakeApi::Calendar).is_empty());
}

#[tokio::test]
async fn timeouts_and_dropped_connections_are_retryable() {
    let fake = start().await;
    let client = calendar_with_timeout(&fake, Duration::from_millis(300)).await;
    client
        .free_busy(
            FAKE_CALENDAR_ID,
            utc("2027-03-26T15:00:00Z"),
            utc("2027-03-27T15:00:00Z"),
        )
        .await
        .unwrap();
    fake.fail_next(
        FakeApi::Calendar,
        1,
        FakeFailure::Delay(Duration::from_secs(2)),
    );
    assert_eq!(
        delete(&client).await.unwrap_err(),
        ProviderError::retryable("timeout", None)
    );
    fake.fail_next(FakeApi::Calendar, 1, FakeFailure::Reset);
    assert!(matches!(
        delete(&client).await.unwrap_err(),
        ProviderError::Retryable { .. }
    ));
}
