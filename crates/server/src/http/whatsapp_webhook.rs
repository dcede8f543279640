//! `POST /webhooks/whatsapp` (http-api.md §3.2): raw body → signature → JSON → one transaction per
//! message and per status; 200 only when everything is committed, 500 so Meta retries otherwise.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use inkdesk_whatsapp::verify_signature;
use inkdesk_whatsapp::webhook::parse_events;
use serde_json::json;

use super::CorrelationId;
use crate::metrics::WebhookOutcome;
use crate::state::AppState;
use crate::whatsapp_inbound::{DeliveryCounts, InboundContext, process, record_event};

const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

fn rejected(status: actix_web::http::StatusCode, error: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "received": false, "error": error }))
}

pub async fn receive(
    state: web::Data<AppState>,
    request: HttpRequest,
    mut payload: web::Payload,
) -> HttpResponse {
    use actix_web::http::StatusCode;

    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            return rejected(StatusCode::BAD_REQUEST, "Invalid request body");
        };
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return rejected(StatusCode::PAYLOAD_TOO_LARGE, "Payload too large");
        }
        body.extend_from_slice(&chunk);
    }

    let (Some(secret), Some(front_desk)) = (
        &state.settings.whatsapp.app_secret,
        state.front_desk.as_ref(),
    ) else {
        return rejected(StatusCode::SERVICE_UNAVAILABLE, "Webhook not configured");
    };
    let header = request
        .headers()
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    if let Err(error) = verify_signature(secret.expose().as_bytes(), &body, header) {
        // Rejected deliveries write nothing: not even an event row.
        tracing::warn!(
            has_signature_header = error.had_header(),
            "WhatsApp webhook signature verification failed"
        );
        count(&state, WebhookOutcome::InvalidSignature, 1);
        return rejected(StatusCode::FORBIDDEN, "Invalid webhook signature");
    }
    let events = match parse_events(&body) {
        Ok(events) => events,
        Err(_) => {
            count(&state, WebhookOutcome::Failed, 1);
            return HttpResponse::BadRequest().json(json!({
                "received": false,
                "error": "Invalid JSON payload",
                "detail": "Invalid JSON payload",
                "code": "invalid_json",
            }));
        }
    };

    let correlation_id = request
        .extensions()
        .get::<CorrelationId>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let ctx = InboundContext {
        front_desk,
        delivery: state.delivery.as_deref(),
        database: &state.database,
        phone_number_id: state.settings.whatsapp.phone_number_id.as_deref(),
        correlation_id: &correlation_id,
    };
    match process(&ctx, events).await {
        Ok(counts) => {
            count_items(&state, counts);
            HttpResponse::Ok().json(json!({
                "received": true,
                "messages": counts.messages,
                "duplicates": counts.duplicates,
                "late": counts.late,
                "statuses": counts.statuses,
                "ignored": counts.ignored,
            }))
        }
        Err(failure) => {
            count(&state, WebhookOutcome::Failed, 1);
            tracing::error!(error = %failure.reason, "WhatsApp webhook processing failed; Meta will retry");
            record_event(
                &state.database,
                "whatsapp.webhook_failure",
                json!({ "message_id": failure.item, "error": { "type": "processing", "message": "transaction failed" } }),
                &correlation_id,
            )
            .await;
            rejected(StatusCode::INTERNAL_SERVER_ERROR, "Processing failed")
        }
    }
}

fn count(state: &AppState, outcome: WebhookOutcome, n: u32) {
    state
        .metrics
        .webhook_events("whatsapp", outcome, u64::from(n));
}

/// Status callbacks that matched one of our messages count as processed, like messages.
fn count_items(state: &AppState, counts: DeliveryCounts) {
    count(
        state,
        WebhookOutcome::Processed,
        counts.messages + counts.statuses,
    );
    count(state, WebhookOutcome::Duplicate, counts.duplicates);
    count(state, WebhookOutcome::Late, counts.late);
    count(state, WebhookOutcome::Ignored, counts.ignored);
}
