//! Shared setup for the client tests: a fake Stripe and a client pointed at it.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use inkdesk_domain::model::{LeadId, Money};
use inkdesk_stripe::{CheckoutParams, StripeClient, StripeConfig};
use inkdesk_test_support::fake_stripe::FakeStripe;

pub const SUCCESS_URL: &str =
    "https://ink.example.com/payment/success?session_id={CHECKOUT_SESSION_ID}";
pub const CANCEL_URL: &str = "https://ink.example.com/payment/cancel";

pub async fn start() -> FakeStripe {
    inkdesk_test_support::init_crypto();
    FakeStripe::start().await
}

pub fn config(fake: &FakeStripe) -> StripeConfig {
    let mut config = StripeConfig::new(fake.secret_key(), SUCCESS_URL, CANCEL_URL);
    config.base_url = fake.base_url();
    config
}

pub fn client(fake: &FakeStripe) -> StripeClient {
    StripeClient::new(config(fake)).unwrap()
}

pub fn client_with(fake: &FakeStripe, adjust: impl FnOnce(&mut StripeConfig)) -> StripeClient {
    let mut config = config(fake);
    adjust(&mut config);
    StripeClient::new(config).unwrap()
}

/// Lead #42, payment 117, hold 55, £150, expiring 23 h 50 min after the fake's clock.
pub fn params(fake: &FakeStripe) -> CheckoutParams {
    CheckoutParams {
        lead_id: LeadId(42),
        payment_id: 117,
        hold_id: Some(55),
        deposit: Money::gbp(15000),
        slot_label: Some("Mon 29 Mar 2027, 10:00 BST".into()),
        expires_at: at(fake.now() + 1430 * 60),
    }
}

pub fn at(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap()
}
