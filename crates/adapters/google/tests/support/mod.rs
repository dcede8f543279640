//! Shared setup for the adapter tests: a fake Google and clients pointed at it.

#![allow(dead_code)]

use std::time::Duration;

use inkdesk_google::{GoogleAuth, ServiceAccountCredentials};
use inkdesk_test_support::fake_google::FakeGoogle;

pub async fn start() -> FakeGoogle {
    inkdesk_test_support::init_crypto();
    FakeGoogle::start().await
}

pub fn credentials(fake: &FakeGoogle) -> ServiceAccountCredentials {
    ServiceAccountCredentials::from_json(&fake.service_account_json()).unwrap()
}

pub async fn auth(fake: &FakeGoogle) -> GoogleAuth {
    GoogleAuth::new(credentials(fake), None).await.unwrap()
}

pub async fn auth_with_timeout(fake: &FakeGoogle, timeout: Duration) -> GoogleAuth {
    GoogleAuth::with_timeout(credentials(fake), None, timeout)
        .await
        .unwrap()
}
