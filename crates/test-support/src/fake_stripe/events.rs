//! Webhook events as Stripe would send them (integrations.md §3.4), built from the fake's own
//! sessions and moving them along: paid, async result, expired, refunded, disputed. Each helper
//! returns the event; [`FakeStripe::deliver`] posts it signed.

use serde_json::{Value, json};

use super::checkout::session_json;
use super::{FakeStripe, State, lock};

/// The outcome of a delayed payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsyncOutcome {
    Succeeded,
    Failed,
}

/// One event, serialised once so the signature covers exactly the bytes delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeEvent {
    pub id: String,
    pub event_type: String,
    /// Unix seconds on the fake's clock; also the signature's `t` for a valid delivery.
    pub created: i64,
    pub body: Vec<u8>,
}

impl FakeEvent {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a fake event is JSON")
    }

    /// `data.object`.
    pub fn object(&self) -> Value {
        self.json()["data"]["object"].clone()
    }
}

/// The §3.4 envelope around `object`.
pub fn event_json(id: &str, event_type: &str, created: i64, object: Value) -> Value {
    json!({
        "id": id, "object": "event", "api_version": "2026-09-30.endive", "created": created,
        "data": {"object": object}, "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null}, "type": event_type,
    })
}

impl FakeStripe {
    /// An event of any type around any object (unknown sessions, unhandled types, odd shapes).
    pub fn custom_event(&self, event_type: &str, object: Value) -> FakeEvent {
        let mut state = lock(&self.state);
        build(&mut state, event_type, object)
    }

    /// The client finished Checkout: `checkout.session.completed` with `payment_status` `paid`,
    /// `unpaid` (a delayed method) or `no_payment_required`. Gives the session a payment intent.
    pub fn complete(&self, session_id: &str, payment_status: &str) -> FakeEvent {
        let mut state = lock(&self.state);
        let intent = format!("pi_test_fake_{}", state.next());
        let session = session(&mut state, session_id);
        session.status = "complete".to_owned();
        session.payment_status = payment_status.to_owned();
        if payment_status != "no_payment_required" {
            session.payment_intent.get_or_insert(intent);
        }
        session_event(&mut state, session_id, "checkout.session.completed")
    }

    /// A delayed payment settled or failed: `checkout.session.async_payment_succeeded|failed`.
    pub fn async_result(&self, session_id: &str, outcome: AsyncOutcome) -> FakeEvent {
        let mut state = lock(&self.state);
        let session = session(&mut state, session_id);
        let event_type = match outcome {
            AsyncOutcome::Succeeded => {
                session.payment_status = "paid".to_owned();
                "checkout.session.async_payment_succeeded"
            }
            AsyncOutcome::Failed => {
                session.payment_status = "unpaid".to_owned();
                "checkout.session.async_payment_failed"
            }
        };
        session_event(&mut state, session_id, event_type)
    }

    /// Stripe expired the session (its `expires_at` passed): `checkout.session.expired`.
    pub fn expire(&self, session_id: &str) -> FakeEvent {
        let mut state = lock(&self.state);
        session(&mut state, session_id).status = "expired".to_owned();
        session_event(&mut state, session_id, "checkout.session.expired")
    }

    /// The artist refunded `amount` more in the dashboard: `charge.refunded` with the cumulative
    /// `amount_refunded`. The charge amount is the paid session's, when one has this intent.
    pub fn refund(&self, payment_intent: &str, amount: i64) -> FakeEvent {
        let mut state = lock(&self.state);
        let (charged, currency) = charged(&state, payment_intent).unwrap_or((amount, "gbp".into()));
        let (charge_id, refunded) = charge(&mut state, payment_intent);
        let total = refunded.saturating_add(amount).min(charged);
        if let Some(entry) = state.charges.get_mut(payment_intent) {
            entry.1 = total;
        }
        let object = json!({
            "id": charge_id, "object": "charge", "amount": charged, "amount_refunded": total,
            "currency": currency, "payment_intent": payment_intent, "refunded": total >= charged,
            "status": "succeeded", "livemode": false,
        });
        build(&mut state, "charge.refunded", object)
    }

    /// The client disputed the charge: `charge.dispute.created`, reason `fraudulent`.
    pub fn dispute(&self, payment_intent: &str) -> FakeEvent {
        let mut state = lock(&self.state);
        let (amount, currency) = charged(&state, payment_intent).unwrap_or((0, "gbp".into()));
        let (charge_id, _) = charge(&mut state, payment_intent);
        let dispute_id = format!("dp_test_fake_{}", state.next());
        let object = json!({
            "id": dispute_id, "object": "dispute", "amount": amount, "charge": charge_id,
            "currency": currency, "payment_intent": payment_intent, "reason": "fraudulent",
            "status": "needs_response", "livemode": false,
        });
        build(&mut state, "charge.dispute.created", object)
    }
}

fn session<'a>(state: &'a mut State, id: &str) -> &'a mut super::FakeSession {
    state
        .session_mut(id)
        .unwrap_or_else(|| panic!("the fake Stripe has no session {id}"))
}

fn session_event(state: &mut State, session_id: &str, event_type: &str) -> FakeEvent {
    let base_url = state.base_url.clone();
    let object = session_json(&base_url, session(state, session_id));
    build(state, event_type, object)
}

/// The amount and currency of the session paid with `payment_intent`.
fn charged(state: &State, payment_intent: &str) -> Option<(i64, String)> {
    state
        .sessions
        .iter()
        .find(|s| s.payment_intent.as_deref() == Some(payment_intent))
        .map(|s| (s.amount_total, s.currency.clone()))
}

/// The charge of `payment_intent` (one per intent) and what it has had refunded so far.
fn charge(state: &mut State, payment_intent: &str) -> (String, i64) {
    if let Some((id, refunded)) = state.charges.get(payment_intent) {
        return (id.clone(), *refunded);
    }
    let id = format!("ch_test_fake_{}", state.next());
    state
        .charges
        .insert(payment_intent.to_owned(), (id.clone(), 0));
    (id, 0)
}

fn build(state: &mut State, event_type: &str, object: Value) -> FakeEvent {
    let id = format!("evt_test_fake_{}", state.next());
    let created = state.now();
    let body = serde_json::to_vec(&event_json(&id, event_type, created, object))
        .expect("serialise a fake event");
    FakeEvent {
        id,
        event_type: event_type.to_owned(),
        created,
        body,
    }
}
