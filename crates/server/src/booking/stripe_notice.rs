//! Stripe's verified webhook events in the domain's words (`ProviderEvent`): the adapters never
//! meet, so the composition root translates between them.

use inkdesk_domain::booking::{
    CheckoutReport, DisputeReport, PaymentNotice, ProviderEvent, RefundReport, SessionPayment,
};
use inkdesk_stripe::WebhookEvent;
use inkdesk_stripe::events::{CheckoutSessionObject, PaymentStatus, SessionMode, StripeEvent};

/// The event inkdesk acts on, or `None` for a type it does not handle.
pub fn provider_event(event: &WebhookEvent) -> Option<ProviderEvent> {
    let notice = match &event.event {
        StripeEvent::CheckoutCompleted(session) => {
            PaymentNotice::CheckoutCompleted(checkout(session))
        }
        StripeEvent::AsyncPaymentSucceeded(session) => {
            PaymentNotice::AsyncPaymentSucceeded(checkout(session))
        }
        StripeEvent::AsyncPaymentFailed(session) => {
            PaymentNotice::AsyncPaymentFailed(checkout(session))
        }
        StripeEvent::CheckoutExpired(session) => PaymentNotice::CheckoutExpired(checkout(session)),
        StripeEvent::ChargeRefunded(charge) => PaymentNotice::ChargeRefunded(RefundReport {
            // Without an intent nothing can be matched; the empty id finds no payment.
            payment_intent: charge.payment_intent.clone().unwrap_or_default(),
            amount: charge.amount,
            amount_refunded: charge.amount_refunded,
        }),
        StripeEvent::DisputeCreated(dispute) => PaymentNotice::DisputeCreated(DisputeReport {
            payment_intent: dispute.payment_intent.clone().unwrap_or_default(),
            amount: dispute.amount,
            reason: dispute.reason.clone(),
        }),
        StripeEvent::Other { .. } => return None,
    };
    Some(ProviderEvent {
        event_id: event.id.clone(),
        livemode: event.livemode,
        notice,
    })
}

fn checkout(session: &CheckoutSessionObject) -> CheckoutReport {
    let mut lead_hints = Vec::new();
    for hint in [session.metadata_lead_id(), session.reference_lead_id()]
        .into_iter()
        .flatten()
    {
        if !lead_hints.contains(&hint) {
            lead_hints.push(hint);
        }
    }
    CheckoutReport {
        session_id: session.id.clone(),
        payment: match session.payment_status {
            Some(PaymentStatus::Paid) => SessionPayment::Paid,
            Some(PaymentStatus::Unpaid) => SessionPayment::Unpaid,
            Some(PaymentStatus::NoPaymentRequired) => SessionPayment::NoPaymentRequired,
            Some(PaymentStatus::Unknown) | None => SessionPayment::Unknown,
        },
        payment_mode: session.mode == Some(SessionMode::Payment),
        amount_total: session.amount_total,
        currency: session
            .currency
            .as_deref()
            .and_then(|code| code.parse().ok()),
        payment_intent: session.payment_intent.clone(),
        lead_hints,
    }
}

/// `sk_live_…` and `rk_live_…` keys take live payments; everything else is test mode.
pub fn is_live_key(secret_key: Option<&str>) -> bool {
    secret_key.is_some_and(|key| key.starts_with("sk_live_") || key.starts_with("rk_live_"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use inkdesk_domain::model::{Currency, LeadId};

    #[test]
    fn a_paid_session_becomes_a_paid_report_with_its_lead() {
        let body = serde_json::json!({
            "id": "evt_1", "object": "event", "type": "checkout.session.completed",
            "livemode": false,
            "data": {"object": {
                "id": "cs_test_1", "object": "checkout.session", "amount_total": 15000,
                "currency": "gbp", "mode": "payment", "payment_status": "paid",
                "payment_intent": "pi_1", "client_reference_id": "42",
                "metadata": {"lead_id": "42", "payment_id": "117", "hold_id": "55"}
            }}
        });
        let event = inkdesk_stripe::parse_webhook_event(body.to_string().as_bytes()).unwrap();
        let provider = provider_event(&event).unwrap();
        assert_eq!(provider.event_id, "evt_1");
        let report = provider.notice.checkout().unwrap();
        assert_eq!(report.payment, SessionPayment::Paid);
        assert!(report.payment_mode);
        assert_eq!(report.currency, Some(Currency::GBP));
        assert_eq!(report.lead_hints, [LeadId(42)]);
    }

    #[test]
    fn only_live_keys_are_live() {
        assert!(is_live_key(Some("sk_live_x")));
        assert!(is_live_key(Some("rk_live_x")));
        assert!(!is_live_key(Some("sk_test_x")));
        assert!(!is_live_key(None));
    }
}
