//! The server under test with Stripe's webhook secret, and the fake Stripe that signs its events.

use inkdesk_server::config::Secret;
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_stripe::{
    FAKE_SECRET_KEY, FAKE_WEBHOOK_SECRET, FakeEvent, FakeStripe, Signing,
};
use serde_json::Value;

use super::Deposit;
use crate::support;

pub struct StripeApp {
    pub base: String,
    pub db: TestDb,
    pub stripe: FakeStripe,
}

impl StripeApp {
    pub async fn spawn() -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let stripe = FakeStripe::start().await;
        let mut settings = support::settings(db.url(), None);
        settings.stripe.webhook_secret = Some(Secret::new(FAKE_WEBHOOK_SECRET));
        settings.stripe.secret_key = Some(Secret::new(FAKE_SECRET_KEY));
        let base = support::spawn_with(settings, false);
        Self { base, db, stripe }
    }

    pub fn url(&self) -> String {
        format!("{}/webhooks/stripe", self.base)
    }

    pub async fn deliver(&self, event: &FakeEvent, signing: Signing) -> (u16, Value) {
        let response = self.stripe.deliver(&self.url(), event, signing).await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub fn event(&self, event_type: &str, object: Value) -> FakeEvent {
        self.stripe.custom_event(event_type, object)
    }

    pub async fn count(&self, sql: &str) -> i64 {
        support::count(&self.db, sql).await
    }

    pub async fn lead_status(&self, deposit: &Deposit) -> String {
        self.text(&format!(
            "SELECT status AS value FROM leads WHERE id = {}",
            deposit.lead_id
        ))
        .await
    }

    pub async fn text(&self, sql: &str) -> String {
        #[derive(diesel::QueryableByName)]
        struct Value {
            #[diesel(sql_type = diesel::sql_types::Text)]
            value: String,
        }
        use diesel_async::RunQueryDsl;
        let mut conn = self.db.connect().await;
        diesel::sql_query(sql)
            .get_result::<Value>(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .value
    }
}
