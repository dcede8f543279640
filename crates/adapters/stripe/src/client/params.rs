//! The form body of `POST /v1/checkout/sessions` (integrations.md §3.1), parameter by parameter.
//!
//! Encoded here rather than with async-stripe-checkout's `CreateCheckoutSession`: the pinned rc.10
//! builder has no `payment_method_types` (only `allowed_payment_method_types`, a filter over
//! dynamically eligible methods with different semantics), and the spec requires the former.

use chrono::{DateTime, Utc};
use inkdesk_domain::model::{LeadId, Money};
use inkdesk_domain::provider::ProviderError;

/// Everything that varies per deposit. URLs, locale and payment method types are configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutParams {
    pub lead_id: LeadId,
    /// Also the idempotency key's suffix: `inkdesk-checkout-<payment_id>`.
    pub payment_id: i64,
    /// Calendar mode only; omitted from `metadata` in manual mode.
    pub hold_id: Option<i64>,
    /// The locked deposit.
    pub deposit: Money,
    /// The held slot as the client reads it (`Mon 29 Mar 2027, 10:00 BST`); `None` in manual mode.
    pub slot_label: Option<String>,
    /// `payments.expires_at` (= the hold's expiry); Stripe wants 30 min – 24 h ahead.
    pub expires_at: DateTime<Utc>,
}

/// The session settings that come from configuration rather than the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionSettings {
    pub success_url: String,
    pub cancel_url: String,
    /// Empty: the parameter is omitted and the dashboard's settings apply.
    pub payment_method_types: Vec<String>,
    pub locale: String,
}

pub const PRODUCT_NAME: &str = "Tattoo deposit";

/// `inkdesk-checkout-<payment_id>`: stable across every retry of one payment's creation.
pub fn checkout_idempotency_key(payment_id: i64) -> String {
    format!("inkdesk-checkout-{payment_id}")
}

/// `inkdesk-expire-<payment_id>`.
pub fn expire_idempotency_key(payment_id: i64) -> String {
    format!("inkdesk-expire-{payment_id}")
}

/// The product description the client sees on the Checkout page.
pub fn product_description(lead_id: LeadId, slot_label: Option<&str>) -> String {
    match slot_label {
        Some(slot) => format!("Deposit for enquiry {lead_id} — {slot}"),
        None => format!("Deposit for enquiry {lead_id}"),
    }
}

/// The form pairs in §3.1's order; refuses parameters Stripe would refuse anyway, before any call.
pub(crate) fn checkout_form(
    settings: &SessionSettings,
    params: &CheckoutParams,
) -> Result<Vec<(String, String)>, ProviderError> {
    if params.deposit.amount_minor <= 0 {
        return Err(ProviderError::permanent("invalid_deposit_amount"));
    }
    if params.payment_id <= 0 || params.lead_id.0 <= 0 || params.hold_id.is_some_and(|h| h <= 0) {
        return Err(ProviderError::permanent("invalid_id"));
    }
    let lead = params.lead_id.0.to_string();
    let payment = params.payment_id.to_string();
    let slot = params
        .slot_label
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut form: Vec<(String, String)> = vec![
        pair("mode", "payment"),
        pair(
            "line_items[0][price_data][currency]",
            params.deposit.currency.as_str().to_ascii_lowercase(),
        ),
        pair(
            "line_items[0][price_data][unit_amount]",
            params.deposit.amount_minor.to_string(),
        ),
        pair(
            "line_items[0][price_data][product_data][name]",
            PRODUCT_NAME,
        ),
        pair(
            "line_items[0][price_data][product_data][description]",
            product_description(params.lead_id, slot),
        ),
        pair("line_items[0][quantity]", "1"),
    ];
    for (index, method) in settings.payment_method_types.iter().enumerate() {
        form.push(pair(format!("payment_method_types[{index}]"), method));
    }
    form.extend([
        pair("success_url", &settings.success_url),
        pair("cancel_url", &settings.cancel_url),
        pair("client_reference_id", &lead),
        pair("metadata[lead_id]", &lead),
        pair("metadata[payment_id]", &payment),
    ]);
    if let Some(hold) = params.hold_id {
        form.push(pair("metadata[hold_id]", hold.to_string()));
    }
    form.extend([
        pair("payment_intent_data[metadata][lead_id]", &lead),
        pair("payment_intent_data[metadata][payment_id]", &payment),
        pair(
            "payment_intent_data[description]",
            format!("{PRODUCT_NAME} {}", params.lead_id),
        ),
        pair("expires_at", params.expires_at.timestamp().to_string()),
        pair("locale", &settings.locale),
    ]);
    Ok(form)
}

/// `application/x-www-form-urlencoded`, brackets and all percent-encoded (Stripe decodes them).
pub(crate) fn encode(form: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish()
}

fn pair(key: impl Into<String>, value: impl Into<String>) -> (String, String) {
    (key.into(), value.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SessionSettings {
        SessionSettings {
            success_url: "https://ink.example.com/payment/success?session_id={CHECKOUT_SESSION_ID}"
                .into(),
            cancel_url: "https://ink.example.com/payment/cancel".into(),
            payment_method_types: vec!["card".into()],
            locale: "en-GB".into(),
        }
    }

    fn params() -> CheckoutParams {
        CheckoutParams {
            lead_id: LeadId(42),
            payment_id: 117,
            hold_id: Some(55),
            deposit: Money::gbp(15000),
            slot_label: Some("Mon 29 Mar 2027, 10:00 BST".into()),
            expires_at: DateTime::from_timestamp(1_806_141_892, 0).unwrap(),
        }
    }

    fn get<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
        form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    #[test]
    fn calendar_mode_form_matches_the_spec_table() {
        let form = checkout_form(&settings(), &params()).unwrap();
        let expected = [
            ("mode", "payment"),
            ("line_items[0][price_data][currency]", "gbp"),
            ("line_items[0][price_data][unit_amount]", "15000"),
            (
                "line_items[0][price_data][product_data][name]",
                "Tattoo deposit",
            ),
            (
                "line_items[0][price_data][product_data][description]",
                "Deposit for enquiry #42 — Mon 29 Mar 2027, 10:00 BST",
            ),
            ("line_items[0][quantity]", "1"),
            ("payment_method_types[0]", "card"),
            (
                "success_url",
                "https://ink.example.com/payment/success?session_id={CHECKOUT_SESSION_ID}",
            ),
            ("cancel_url", "https://ink.example.com/payment/cancel"),
            ("client_reference_id", "42"),
            ("metadata[lead_id]", "42"),
            ("metadata[payment_id]", "117"),
            ("metadata[hold_id]", "55"),
            ("payment_intent_data[metadata][lead_id]", "42"),
            ("payment_intent_data[metadata][payment_id]", "117"),
            ("payment_intent_data[description]", "Tattoo deposit #42"),
            ("expires_at", "1806141892"),
            ("locale", "en-GB"),
        ];
        let as_strs: Vec<(&str, &str)> =
            form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(as_strs, expected);
    }

    #[test]
    fn manual_mode_omits_the_hold_and_the_slot() {
        let mut manual = params();
        manual.hold_id = None;
        manual.slot_label = None;
        let form = checkout_form(&settings(), &manual).unwrap();
        assert_eq!(get(&form, "metadata[hold_id]"), None);
        assert_eq!(
            get(
                &form,
                "line_items[0][price_data][product_data][description]"
            ),
            Some("Deposit for enquiry #42")
        );
    }

    #[test]
    fn payment_method_types_are_listed_or_omitted() {
        let mut several = settings();
        several.payment_method_types = vec!["card".into(), "bacs_debit".into()];
        let form = checkout_form(&several, &params()).unwrap();
        assert_eq!(get(&form, "payment_method_types[1]"), Some("bacs_debit"));
        let mut none = settings();
        none.payment_method_types.clear();
        let form = checkout_form(&none, &params()).unwrap();
        assert!(
            form.iter()
                .all(|(k, _)| !k.starts_with("payment_method_types"))
        );
    }

    #[test]
    fn impossible_amounts_and_ids_are_refused_before_any_call() {
        let mut zero = params();
        zero.deposit = Money::gbp(0);
        assert_eq!(
            checkout_form(&settings(), &zero),
            Err(ProviderError::permanent("invalid_deposit_amount"))
        );
        let mut negative = params();
        negative.payment_id = -1;
        assert_eq!(
            checkout_form(&settings(), &negative),
            Err(ProviderError::permanent("invalid_id"))
        );
    }

    #[test]
    fn encoding_escapes_brackets_and_reserved_characters() {
        let encoded = encode(&[
            pair("metadata[lead_id]", "42"),
            pair("success_url", "https://x/?a=1&b={ID}"),
            pair("d", "Deposit — 10:00 BST"),
        ]);
        assert_eq!(
            encoded,
            "metadata%5Blead_id%5D=42&success_url=https%3A%2F%2Fx%2F%3Fa%3D1%26b%3D%7BID%7D\
             &d=Deposit+%E2%80%94+10%3A00+BST"
        );
    }

    #[test]
    fn idempotency_keys() {
        assert_eq!(checkout_idempotency_key(117), "inkdesk-checkout-117");
        assert_eq!(expire_idempotency_key(117), "inkdesk-expire-117");
    }
}
