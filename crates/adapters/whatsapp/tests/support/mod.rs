//! Shared setup for the client tests: a fake Graph API and a client pointed at it.

#![allow(dead_code)]

use inkdesk_domain::model::Phone;
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use inkdesk_whatsapp::{CloudApiClient, CloudApiConfig};

pub const SAM: &str = "447700900123";

pub async fn start() -> FakeWhatsApp {
    inkdesk_test_support::init_crypto();
    FakeWhatsApp::start().await
}

pub fn config(fake: &FakeWhatsApp) -> CloudApiConfig {
    let mut config = CloudApiConfig::new(fake.phone_number_id(), fake.access_token());
    config.base_url = fake.base_url();
    config.api_version = fake.api_version();
    config
}

pub fn client(fake: &FakeWhatsApp) -> CloudApiClient {
    CloudApiClient::new(config(fake)).unwrap()
}

pub fn client_with(
    fake: &FakeWhatsApp,
    adjust: impl FnOnce(&mut CloudApiConfig),
) -> CloudApiClient {
    let mut config = config(fake);
    adjust(&mut config);
    CloudApiClient::new(config).unwrap()
}

pub fn client_at(base_url: &str, token: &str) -> CloudApiClient {
    let mut config = CloudApiConfig::new("109876543210987", token);
    config.base_url = base_url.to_owned();
    CloudApiClient::new(config).unwrap()
}

pub fn phone(digits: &str) -> Phone {
    Phone::parse(digits).unwrap()
}
