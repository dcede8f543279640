#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Webhook event parsing: the spec fixtures, every handled type, and bodies that must be refused.

use inkdesk_domain::model::{LeadId, Money};
use inkdesk_stripe::events::{
    EventError, PaymentStatus, SessionMode, SessionStatus, StripeEvent, parse_webhook_event,
    positive_id,
};
use serde_json::{Value, json};

const COMPLETED: &[u8] = include_bytes!("fixtures/stripe-checkout-completed.json");
const EXPIRED: &[u8] = include_bytes!("fixtures/stripe-checkout-expired.json");

fn event(event_type: &str, object: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": "evt_test_1", "object": "event", "api_version": "2026-09-30.endive",
        "created": 1_806_056_504, "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": event_type, "data": {"object": object}
    }))
    .unwrap()
}

fn session(payment_status: &str, status: &str) -> Value {
    json!({"id": "cs_test_1", "object": "checkout.session", "amount_total": 15000, "currency": "gbp",
           "mode": "payment", "payment_intent": "pi_1", "client_reference_id": "42",
           "metadata": {"lead_id": "42", "payment_id": "117"}, "livemode": false,
           "payment_status": payment_status, "status": status})
}

#[test]
fn completed_fixture() {
    let parsed = parse_webhook_event(COMPLETED).unwrap();
    assert_eq!(parsed.id, "evt_1QyInkDsk42PaidA7bC9dE1f");
    assert_eq!(parsed.event_type(), "checkout.session.completed");
    assert_eq!(parsed.created, Some(1_806_056_504));
    assert!(!parsed.livemode);
    let StripeEvent::CheckoutCompleted(s) = &parsed.event else {
        panic!("{parsed:?}");
    };
    assert_eq!(
        s.id,
        "cs_test_a1Kx9Pq2Lm3Nb4Vc5Xz6Wy7Ut8Sr9Qp0On1Mk2Jl3Ih4Gf5Ed6"
    );
    assert_eq!(s.status, Some(SessionStatus::Complete));
    assert_eq!(s.payment_status, Some(PaymentStatus::Paid));
    assert_eq!(s.mode, Some(SessionMode::Payment));
    assert_eq!(s.amount(), Some(Money::gbp(15000)));
    assert_eq!(
        s.payment_intent.as_deref(),
        Some("pi_3QyInkDsk42PaidB8cD0eF2")
    );
    assert_eq!(s.metadata_lead_id(), Some(LeadId(42)));
    assert_eq!(s.reference_lead_id(), Some(LeadId(42)));
    assert_eq!(s.payment_id(), Some(117));
    assert_eq!(s.hold_id(), Some(55));
    assert!(!s.livemode);
    assert_eq!(parsed.event.checkout_session(), Some(s));
}

#[test]
fn expired_fixture() {
    let parsed = parse_webhook_event(EXPIRED).unwrap();
    assert_eq!(parsed.id, "evt_1QyInkDsk57ExpdC3dE5fG7");
    let StripeEvent::CheckoutExpired(s) = parsed.event else {
        panic!("wrong variant");
    };
    assert_eq!(s.status, Some(SessionStatus::Expired));
    assert_eq!(s.payment_status, Some(PaymentStatus::Unpaid));
    assert_eq!(s.payment_intent, None);
    assert_eq!(s.payment_id(), Some(121));
    assert_eq!(s.amount(), Some(Money::gbp(20000)));
}

#[test]
fn async_results_are_told_apart() {
    let ok = parse_webhook_event(&event(
        "checkout.session.async_payment_succeeded",
        session("paid", "complete"),
    ))
    .unwrap();
    assert!(
        matches!(ok.event, StripeEvent::AsyncPaymentSucceeded(ref s) if s.payment_status == Some(PaymentStatus::Paid))
    );
    let failed = parse_webhook_event(&event(
        "checkout.session.async_payment_failed",
        session("unpaid", "complete"),
    ))
    .unwrap();
    assert!(
        matches!(failed.event, StripeEvent::AsyncPaymentFailed(ref s) if s.payment_intent.as_deref() == Some("pi_1"))
    );
    let pending = parse_webhook_event(&event(
        "checkout.session.completed",
        session("no_payment_required", "complete"),
    ))
    .unwrap();
    let s = pending.event.checkout_session().unwrap();
    assert_eq!(s.payment_status, Some(PaymentStatus::NoPaymentRequired));
}

#[test]
fn charge_refunded() {
    let body = event(
        "charge.refunded",
        json!({"id": "ch_1", "object": "charge", "amount": 15000, "amount_refunded": 5000,
               "currency": "gbp", "payment_intent": "pi_1", "refunded": false, "status": "succeeded"}),
    );
    let StripeEvent::ChargeRefunded(charge) = parse_webhook_event(&body).unwrap().event else {
        panic!("wrong variant");
    };
    assert_eq!(charge.amount, 15000);
    assert_eq!(charge.amount_refunded, 5000);
    assert_eq!(charge.payment_intent.as_deref(), Some("pi_1"));
    assert!(!charge.refunded);
}

#[test]
fn dispute_created_with_an_expanded_payment_intent() {
    let body = event(
        "charge.dispute.created",
        json!({"id": "dp_1", "object": "dispute", "amount": 15000, "charge": "ch_1",
               "payment_intent": {"id": "pi_1", "object": "payment_intent"},
               "reason": "fraudulent", "status": "needs_response"}),
    );
    let StripeEvent::DisputeCreated(dispute) = parse_webhook_event(&body).unwrap().event else {
        panic!("wrong variant");
    };
    assert_eq!(dispute.payment_intent.as_deref(), Some("pi_1"));
    assert_eq!(dispute.charge.as_deref(), Some("ch_1"));
    assert_eq!(dispute.reason.as_deref(), Some("fraudulent"));
}

#[test]
fn unhandled_types_keep_their_type_and_need_no_typed_object() {
    let body = event(
        "customer.created",
        json!({"id": "cus_1", "object": "customer"}),
    );
    let parsed = parse_webhook_event(&body).unwrap();
    assert_eq!(
        parsed.event,
        StripeEvent::Other {
            event_type: "customer.created".into()
        }
    );
    assert_eq!(parsed.event_type(), "customer.created");
}

#[test]
fn unknown_enum_values_and_new_fields_are_tolerated() {
    let mut object = session("paid_later", "archived");
    object["mode"] = json!("teleport");
    object["brand_new_field"] = json!({"nested": [1, 2, 3]});
    object["metadata"] = Value::Null;
    let parsed = parse_webhook_event(&event("checkout.session.completed", object)).unwrap();
    let s = parsed.event.checkout_session().unwrap();
    assert_eq!(s.status, Some(SessionStatus::Unknown));
    assert_eq!(s.payment_status, Some(PaymentStatus::Unknown));
    assert_eq!(s.mode, Some(SessionMode::Unknown));
    assert!(s.metadata.is_empty());
    assert_eq!(s.metadata_lead_id(), None);
}

#[test]
fn not_json_and_missing_envelope_fields() {
    assert_eq!(parse_webhook_event(b"not json"), Err(EventError::NotJson));
    assert_eq!(parse_webhook_event(b""), Err(EventError::NotJson));
    assert!(!EventError::NotJson.is_json());
    assert_eq!(parse_webhook_event(b"[]"), Err(EventError::MissingId));
    assert_eq!(parse_webhook_event(b"{}"), Err(EventError::MissingId));
    let mut body: Value = serde_json::from_slice(COMPLETED).unwrap();
    body["id"] = json!(42);
    assert_eq!(
        parse_webhook_event(&serde_json::to_vec(&body).unwrap()),
        Err(EventError::MissingId)
    );
    body["id"] = json!("evt_1");
    body.as_object_mut().unwrap().remove("type");
    assert_eq!(
        parse_webhook_event(&serde_json::to_vec(&body).unwrap()),
        Err(EventError::MissingType)
    );
    body["type"] = json!("checkout.session.completed");
    for data in [json!(null), json!({}), json!({"object": "cs_1"}), json!([])] {
        body["data"] = data;
        let err = parse_webhook_event(&serde_json::to_vec(&body).unwrap()).unwrap_err();
        assert_eq!(err, EventError::MissingObject);
        assert!(err.is_json());
    }
}

#[test]
fn handled_types_with_unusable_objects_are_malformed() {
    let invalid = |event_type: &str, object: Value| {
        let err = parse_webhook_event(&event(event_type, object)).unwrap_err();
        assert!(matches!(err, EventError::InvalidObject { .. }), "{err:?}");
        err
    };
    invalid(
        "checkout.session.completed",
        json!({"object": "checkout.session"}),
    );
    invalid(
        "checkout.session.completed",
        json!({"id": "", "object": "checkout.session"}),
    );
    let err = invalid(
        "checkout.session.completed",
        json!({"id": "ch_1", "object": "charge", "amount": 1, "amount_refunded": 1}),
    );
    assert_eq!(
        err.to_string(),
        "`data.object` of a checkout.session.completed event is not a valid checkout.session"
    );
    let mut wrong_amount = session("paid", "complete");
    wrong_amount["amount_total"] = json!("15000 secret-ish");
    let err = invalid("checkout.session.completed", wrong_amount);
    // The offending value never reaches the error text (it is logged).
    assert!(!err.to_string().contains("secret-ish"));
    invalid(
        "charge.refunded",
        json!({"id": "ch_1", "object": "charge", "amount": 100}),
    );
    invalid(
        "charge.dispute.created",
        json!({"id": "dp_1", "object": "dispute"}),
    );
    let mut bad_metadata = session("paid", "complete");
    bad_metadata["metadata"] = json!({"lead_id": 42});
    invalid("checkout.session.expired", bad_metadata);
}

#[test]
fn deeply_nested_hostile_bodies_fail_cleanly() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        parse_webhook_event(deep.as_bytes()),
        Err(EventError::NotJson)
    );
}

#[test]
fn ids_are_canonical_positive_integers_only() {
    assert_eq!(positive_id("42"), Some(42));
    assert_eq!(positive_id("9223372036854775807"), Some(i64::MAX));
    for junk in [
        "",
        "0",
        "042",
        "-1",
        "+1",
        "4.2e1",
        " 42",
        "42 ",
        "9223372036854775808",
        "447700900123x",
    ] {
        assert_eq!(positive_id(junk), None, "{junk}");
    }
}
