#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Media metadata and download against the fake: verified bytes, and every scenario of §2.5.

mod support;

use std::time::Duration;

use inkdesk_domain::provider::ProviderError;
use inkdesk_test_support::fake_whatsapp::{FakeFailure, FakeMedia, MediaScenario};
use support::{client, start};

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 not really a jpeg";

fn media_floor(code: &str) -> ProviderError {
    ProviderError::retryable(code, Some(Duration::from_secs(120)))
}

#[tokio::test]
async fn metadata_then_download_gives_verified_bytes() {
    let fake = start().await;
    let media = FakeMedia::new("1187453902215531", PHOTO, "image/jpeg");
    let expected_sha = media.sha256_hex();
    fake.add_media(media);
    let client = client(&fake);

    let metadata = client.media_metadata("1187453902215531").await.unwrap();
    assert_eq!(metadata.id, "1187453902215531");
    assert_eq!(metadata.mime_type, "image/jpeg");
    assert_eq!(metadata.file_size, PHOTO.len() as u64);
    assert_eq!(metadata.sha256, expected_sha);
    assert!(metadata.within_size_cap());

    let downloaded = client.download_media(&metadata).await.unwrap();
    assert_eq!(downloaded.bytes, PHOTO);
    assert_eq!(downloaded.mime_type, "image/jpeg");
    assert_eq!(downloaded.sha256, expected_sha);

    // Both steps carry the same bearer token (integrations.md §2.5 step 3).
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path, "/v24.0/1187453902215531");
    assert!(requests.iter().all(|r| r.authorized && r.method == "GET"));
}

#[tokio::test]
async fn a_wrong_sha256_is_permanent() {
    let fake = start().await;
    fake.add_media(
        FakeMedia::new("m1", PHOTO, "image/jpeg").with_scenario(MediaScenario::WrongSha256),
    );
    let client = client(&fake);
    let metadata = client.media_metadata("m1").await.unwrap();
    assert_eq!(
        client.download_media(&metadata).await,
        Err(ProviderError::permanent("media_sha256_mismatch"))
    );
}

#[tokio::test]
async fn expired_media_is_permanent() {
    let fake = start().await;
    fake.add_media(FakeMedia::new("m1", PHOTO, "image/jpeg").with_scenario(MediaScenario::Expired));
    assert_eq!(
        client(&fake).media_metadata("m1").await,
        Err(ProviderError::permanent("131052"))
    );
}

#[tokio::test]
async fn oversize_media_is_never_downloaded_whole() {
    let fake = start().await;
    fake.add_media(
        FakeMedia::new("big", PHOTO, "video/mp4").with_scenario(MediaScenario::Oversize),
    );
    fake.add_media(
        FakeMedia::new("liar", PHOTO, "video/mp4")
            .with_scenario(MediaScenario::OversizeUnannounced),
    );
    let client = client(&fake);

    let big = client.media_metadata("big").await.unwrap();
    assert!(!big.within_size_cap());
    assert_eq!(
        client.download_media(&big).await,
        Err(ProviderError::permanent("media_too_large"))
    );
    assert_eq!(
        fake.requests().len(),
        1,
        "no download request for announced oversize"
    );

    let liar = client.media_metadata("liar").await.unwrap();
    assert!(liar.within_size_cap());
    assert_eq!(
        client.download_media(&liar).await,
        Err(ProviderError::permanent("media_too_large"))
    );
}

#[tokio::test]
async fn other_media_failures_retry_no_sooner_than_two_minutes() {
    let fake = start().await;
    fake.add_media(FakeMedia::new("m1", PHOTO, "image/jpeg"));
    let client = client(&fake);

    fake.fail_next(1, FakeFailure::http(503).with_retry_after(5));
    assert_eq!(
        client.media_metadata("m1").await,
        Err(media_floor("http_503"))
    );
    // An id Meta never issued: 400 / 100, which §2.5 retries (at most 5 attempts, by the queue).
    assert_eq!(
        client.media_metadata("unknown").await,
        Err(media_floor("100"))
    );

    let metadata = client.media_metadata("m1").await.unwrap();
    fake.fail_next(1, FakeFailure::http(500));
    assert_eq!(
        client.download_media(&metadata).await,
        Err(media_floor("http_500"))
    );
    fake.fail_next(1, FakeFailure::graph(190).with_status(401));
    assert_eq!(
        client.download_media(&metadata).await,
        Err(ProviderError::auth_broken("190"))
    );
}

#[tokio::test]
async fn hostile_media_ids_and_urls_are_refused_locally() {
    let fake = start().await;
    let client = client(&fake);
    for id in ["", "../messages", "a/b", "1?x=1", "%2e%2e"] {
        assert_eq!(
            client.media_metadata(id).await,
            Err(ProviderError::permanent("invalid_media_id")),
            "{id}"
        );
    }
    fake.add_media(FakeMedia::new("m1", PHOTO, "image/jpeg"));
    let mut metadata = client.media_metadata("m1").await.unwrap();
    // The bearer token would go with the download: plain HTTP elsewhere is not trusted.
    metadata.url = "http://198.51.100.7/steal".into();
    assert_eq!(
        client.download_media(&metadata).await,
        Err(ProviderError::permanent("untrusted_media_url"))
    );
    assert_eq!(fake.requests().len(), 1);
}
