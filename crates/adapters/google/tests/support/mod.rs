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

pub async fn calendar(fake: &FakeGoogle) -> inkdesk_google::CalendarClient {
    calendar_with_timeout(fake, Duration::from_secs(15)).await
}

pub async fn calendar_with_timeout(
    fake: &FakeGoogle,
    total: Duration,
) -> inkdesk_google::CalendarClient {
    let config = inkdesk_google::CalendarConfig {
        base_url: fake.base_url(),
        timeouts: inkdesk_google::Timeouts {
            connect: Duration::from_secs(5),
            total,
        },
    };
    inkdesk_google::CalendarClient::new(auth(fake).await, config).unwrap()
}

pub fn utc(value: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(value)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

pub async fn sheets(fake: &FakeGoogle) -> inkdesk_google::SheetsClient {
    sheets_on_tab(fake, inkdesk_test_support::fake_google::FAKE_SHEET_TAB).await
}

pub async fn sheets_on_tab(fake: &FakeGoogle, tab: &str) -> inkdesk_google::SheetsClient {
    let mut config =
        inkdesk_google::SheetsConfig::new(inkdesk_test_support::fake_google::FAKE_SPREADSHEET_ID);
    config.base_url = fake.base_url();
    config.tab = tab.to_owned();
    config.min_request_interval = Duration::ZERO;
    inkdesk_google::SheetsClient::new(auth(fake).await, config).unwrap()
}
