//! `POST /webhooks/stripe` (http-api.md §3.3): raw body → `Stripe-Signature` → event → one
//! transaction. Signature and shape problems are 400 (Stripe stops retrying a forgery); business
//! conditions are 200 with an `outcome`; only a failed transaction is 500, so Stripe retries it.

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use inkdesk_stripe::{
    DEFAULT_TOLERANCE_SECS, StripeSignatureError, parse_webhook_event, verify_stripe_signature,
};
use serde_json::json;

use super::CorrelationId;
use super::body::{BodyError, read_capped};
use crate::booking::stripe_notice::{is_live_key, provider_event};
use crate::state::AppState;
use crate::whatsapp_inbound::record_event;

const MAX_BODY_BYTES: usize = 1024 * 1024;

fn error(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": message }))
}

pub async fn receive(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let body = match read_capped(payload, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            return error(StatusCode::PAYLOAD_TOO_LARGE, "Payload too large");
        }
        Err(BodyError::Unreadable) => {
            return error(StatusCode::BAD_REQUEST, "Invalid request body");
        }
    };
    let (Some(secret), Some(booking)) = (&state.settings.stripe.webhook_secret, &state.booking)
    else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "Webhook not configured");
    };
    let correlation_id = request
        .extensions()
        .get::<CorrelationId>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let header = request
        .headers()
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let verified = verify_stripe_signature(
        secret.expose().as_bytes(),
        &body,
        header,
        Utc::now().timestamp(),
        DEFAULT_TOLERANCE_SECS,
    );
    match verified {
        Ok(()) => {}
        Err(StripeSignatureError::Missing) => {
            return error(StatusCode::BAD_REQUEST, "Missing stripe-signature header");
        }
        Err(StripeSignatureError::NoSecret) => {
            return error(StatusCode::SERVICE_UNAVAILABLE, "Webhook not configured");
        }
        Err(refused) => {
            tracing::warn!(
                reason = refused.reason(),
                "Stripe webhook signature verification failed"
            );
            record_event(
                &state.database,
                "stripe.signature_verification_failure",
                json!({ "reason": refused.reason() }),
                &correlation_id,
            )
            .await;
            return error(StatusCode::BAD_REQUEST, "Invalid webhook signature");
        }
    }
    let parsed = match parse_webhook_event(&body) {
        Ok(parsed) => parsed,
        Err(problem) if !problem.is_json() => {
            return error(StatusCode::BAD_REQUEST, "Invalid JSON payload");
        }
        Err(_) => return error(StatusCode::BAD_REQUEST, "Malformed event"),
    };
    let event_type = parsed.event_type().to_owned();
    // Unhandled types are acknowledged without a ledger row.
    let Some(event) = provider_event(&parsed) else {
        return HttpResponse::Ok().json(json!({
            "received": true, "type": event_type, "outcome": "ignored",
        }));
    };
    let live_key = is_live_key(
        state
            .settings
            .stripe
            .secret_key
            .as_ref()
            .map(|k| k.expose()),
    );
    match booking
        .handle_stripe_event(&event, live_key, Utc::now())
        .await
    {
        Ok(receipt) => {
            tracing::info!(
                event_type = %event_type,
                stripe_event = %event.event_id,
                outcome = receipt.outcome.as_str(),
                lead_id = receipt.lead_id.map(|id| id.0),
                "Stripe event handled"
            );
            HttpResponse::Ok().json(json!({
                "received": true,
                "type": event_type,
                "outcome": receipt.outcome.as_str(),
                "event_id": event.event_id,
                "lead_id": receipt.lead_id.map(|id| id.0),
                "checkout_session_id": event.notice.checkout().map(|c| c.session_id.clone()),
                "status": receipt.status.map(|s| s.as_str()),
            }))
        }
        Err(failure) => {
            tracing::error!(
                event_type = %event_type,
                stripe_event = %event.event_id,
                error = %failure,
                "Stripe event processing failed; Stripe will retry"
            );
            error(StatusCode::INTERNAL_SERVER_ERROR, "Processing failed")
        }
    }
}
