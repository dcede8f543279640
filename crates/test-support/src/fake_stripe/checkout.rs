//! `POST /v1/checkout/sessions` and `POST /v1/checkout/sessions/{id}/expire` as Stripe answers them
//! for a one-off deposit: the checks of §3.6 (mode, one line item, currency, `unit_amount ≥ 30`,
//! `success_url`, metadata limits, `expires_at` window on the fake's clock), the §3.1 response shape,
//! and "only open sessions can be expired".

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{FakeSession, State};

/// Parameters a deposit session may carry; anything else is `parameter_unknown`, as Stripe answers.
const KNOWN: [&str; 17] = [
    "mode",
    "line_items",
    "payment_method_types",
    "success_url",
    "cancel_url",
    "client_reference_id",
    "metadata",
    "payment_intent_data",
    "expires_at",
    "locale",
    "currency",
    "customer_email",
    "expand",
    "allow_promotion_codes",
    "submit_type",
    "ui_mode",
    "return_url",
];
const MIN_EXPIRY_SECS: i64 = 30 * 60;
const MAX_EXPIRY_SECS: i64 = 24 * 60 * 60;

/// A 400 answer: `(param, code, message)`.
pub(crate) type Invalid = (Option<String>, Option<&'static str>, String);

pub(crate) fn create(state: &mut State, params: &Value) -> Result<Value, Invalid> {
    let session = validate(state.now(), params)?;
    // Numbered per session, so the first one a test creates is always `cs_test_fake_1`.
    let id = format!("cs_test_fake_{}", state.sessions.len() + 1);
    let session = FakeSession { id, ..session };
    let json = session_json(&state.base_url, &session);
    state.sessions.push(session);
    Ok(json)
}

/// `open` → `expired`; any other status is the 400 Stripe sends; `None` for an unknown session.
pub(crate) fn expire(state: &mut State, id: &str) -> Option<Result<Value, Invalid>> {
    state.expire_overdue();
    let base_url = state.base_url.clone();
    let session = state.session_mut(id)?;
    if session.status != "open" {
        let message = format!(
            "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout \
             Session has a status of `{}`.",
            session.status
        );
        return Some(Err((None, None, message)));
    }
    session.status = "expired".to_owned();
    Some(Ok(session_json(&base_url, session)))
}

/// The §3.1 response shape (plus the fields webhook events carry).
pub(crate) fn session_json(base_url: &str, s: &FakeSession) -> Value {
    let url = (s.status == "open").then(|| format!("{base_url}/c/pay/{}", s.id));
    json!({
        "id": s.id, "object": "checkout.session",
        "amount_subtotal": s.amount_total, "amount_total": s.amount_total,
        "cancel_url": s.cancel_url, "client_reference_id": s.client_reference_id,
        "created": s.created, "currency": s.currency, "customer": null, "customer_details": null,
        "expires_at": s.expires_at, "livemode": false, "locale": s.locale,
        "metadata": s.metadata, "mode": "payment", "payment_intent": s.payment_intent,
        "payment_method_types": s.payment_method_types, "payment_status": s.payment_status,
        "status": s.status, "success_url": s.success_url, "url": url,
    })
}

fn validate(now: i64, p: &Value) -> Result<FakeSession, Invalid> {
    if let Some(unknown) = p
        .as_object()
        .and_then(|o| o.keys().find(|k| !KNOWN.contains(&k.as_str())))
    {
        return Err(invalid(
            unknown,
            Some("parameter_unknown"),
            format!("Received unknown parameter: {unknown}"),
        ));
    }
    if text(p, "mode") != Some("payment") {
        return Err(invalid(
            "mode",
            None,
            "Only `payment` mode is supported here".into(),
        ));
    }
    let items = p.get("line_items").and_then(Value::as_array);
    let item = match items.map(Vec::as_slice) {
        Some([item]) => item,
        _ => {
            return Err(invalid(
                "line_items",
                None,
                "Exactly one line item is expected".into(),
            ));
        }
    };
    let price = item.get("price_data").unwrap_or(&Value::Null);
    let currency = text(price, "currency")
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_lowercase()))
        .ok_or_else(|| {
            missing(
                "line_items[0][price_data][currency]",
                "a lower-case ISO currency",
            )
        })?;
    let unit_amount = integer(price, "unit_amount").ok_or_else(|| {
        let param = "line_items[0][price_data][unit_amount]";
        invalid(
            param,
            Some("parameter_invalid_integer"),
            format!("Invalid integer: {param}"),
        )
    })?;
    if unit_amount < 30 {
        return Err(invalid(
            "line_items[0][price_data][unit_amount]",
            Some("amount_too_small"),
            "The Checkout Session's total amount due must add up to at least 30 pence".into(),
        ));
    }
    let product = price.get("product_data").unwrap_or(&Value::Null);
    text(product, "name")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| missing("line_items[0][price_data][product_data][name]", "a name"))?;
    let quantity = integer(item, "quantity")
        .filter(|q| *q >= 1)
        .ok_or_else(|| missing("line_items[0][quantity]", "a positive integer"))?;
    let amount_total = unit_amount
        .checked_mul(quantity)
        .filter(|a| *a <= 99_999_999)
        .ok_or_else(|| invalid("line_items[0][quantity]", None, "Amount too large".into()))?;
    let success_url = text(p, "success_url")
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or_else(|| missing("success_url", "an http(s) URL"))?;
    let session_metadata = metadata(p, "metadata", "metadata")?;
    let intent = p.get("payment_intent_data").unwrap_or(&Value::Null);
    let payment_intent_metadata = metadata(intent, "metadata", "payment_intent_data[metadata]")?;
    let expires_at = integer(p, "expires_at").ok_or_else(|| {
        invalid(
            "expires_at",
            Some("parameter_invalid_integer"),
            "Invalid integer".into(),
        )
    })?;
    if !(now.saturating_add(MIN_EXPIRY_SECS)..=now.saturating_add(MAX_EXPIRY_SECS))
        .contains(&expires_at)
    {
        return Err(invalid(
            "expires_at",
            None,
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout \
             Session creation."
                .into(),
        ));
    }
    let payment_method_types = match p.get("payment_method_types") {
        None => vec!["card".to_owned()],
        Some(Value::Array(list)) => list
            .iter()
            .map(|m| m.as_str().filter(|m| !m.is_empty()).map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| missing("payment_method_types", "payment method names"))?,
        Some(_) => return Err(missing("payment_method_types", "a list")),
    };
    let client_reference_id = text(p, "client_reference_id").map(str::to_owned);
    if client_reference_id.as_ref().is_some_and(|r| r.len() > 200) {
        return Err(missing("client_reference_id", "at most 200 characters"));
    }
    Ok(FakeSession {
        id: String::new(),
        created: now,
        expires_at,
        amount_total,
        currency: currency.to_owned(),
        client_reference_id,
        metadata: session_metadata,
        payment_intent_metadata,
        payment_method_types,
        success_url: success_url.to_owned(),
        cancel_url: text(p, "cancel_url").map(str::to_owned),
        locale: text(p, "locale").map(str::to_owned),
        status: "open".to_owned(),
        payment_status: "unpaid".to_owned(),
        payment_intent: None,
    })
}

/// Stripe's metadata limits: ≤ 50 keys, key ≤ 40 characters, value ≤ 500 characters, strings only.
fn metadata(parent: &Value, key: &str, param: &str) -> Result<BTreeMap<String, String>, Invalid> {
    let Some(value) = parent.get(key) else {
        return Ok(BTreeMap::new());
    };
    let map = value
        .as_object()
        .ok_or_else(|| missing(param, "a hash of strings"))?;
    if map.len() > 50 {
        return Err(missing(param, "at most 50 keys"));
    }
    map.iter()
        .map(|(k, v)| match v.as_str() {
            Some(s) if k.chars().count() <= 40 && s.chars().count() <= 500 => {
                Ok((k.clone(), s.to_owned()))
            }
            _ => Err(missing(
                &format!("{param}[{k}]"),
                "a key of at most 40 and a string value of at most 500 characters",
            )),
        })
        .collect()
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

/// Form values are strings; Stripe parses integers strictly (no sign, no decimals, no spaces).
fn integer(v: &Value, key: &str) -> Option<i64> {
    let s = text(v, key)?;
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| s.parse().ok()).flatten()
}

fn invalid(param: &str, code: Option<&'static str>, message: String) -> Invalid {
    (Some(param.to_owned()), code, message)
}

fn missing(param: &str, what: &str) -> Invalid {
    invalid(param, None, format!("`{param}` must be {what}"))
}
