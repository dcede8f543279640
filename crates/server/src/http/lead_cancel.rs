//! `POST /admin/leads/{id}/cancel` (http-api.md §5.9, booking.md §8). Authentication is the
//! admin guard's, registered around the admin routes.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use inkdesk_domain::booking::{CANCEL_REASON_MAX_CHARS, CancelRequest};
use inkdesk_domain::model::{CancelledBy, LeadId};
use serde::Deserialize;
use serde_json::json;

use super::ApiError;
use super::body::{BodyError, read_capped};
use crate::state::AppState;

const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CancelBody {
    reason: String,
    #[serde(default = "notify_by_default")]
    notify_client: bool,
    #[serde(default)]
    requested_by: Option<String>,
}

fn notify_by_default() -> bool {
    true
}

pub async fn cancel(
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let lead_id = lead_id(&path)?;
    let body = read_capped(payload, MAX_BODY_BYTES)
        .await
        .map_err(|problem| match problem {
            BodyError::TooLarge => ApiError::PayloadTooLarge,
            BodyError::Unreadable => ApiError::BadRequest("Invalid request body"),
        })?;
    let request = cancel_request(&body)?;
    let booking = state.booking.as_ref().ok_or(ApiError::Unavailable)?;
    let receipt = booking.cancel(lead_id, &request, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "message": "Lead cancelled.",
        "lead_id": receipt.lead_id.0,
        "status": receipt.status.as_str(),
        "deposit_paid": receipt.deposit_paid,
        "refund_recorded": receipt.refund_recorded,
    })))
}

/// Positive integers only; anything else is an unknown lead (404).
fn lead_id(raw: &str) -> Result<LeadId, ApiError> {
    let canonical =
        !raw.is_empty() && !raw.starts_with('0') && raw.bytes().all(|b| b.is_ascii_digit());
    raw.parse::<i64>()
        .ok()
        .filter(|_| canonical)
        .map(LeadId)
        .ok_or(ApiError::NotFound)
}

fn cancel_request(body: &[u8]) -> Result<CancelRequest, ApiError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| ApiError::BadRequest("Invalid JSON body"))?;
    let body: CancelBody = serde_json::from_value(value)
        .map_err(|e| ApiError::Unprocessable(format!("Invalid request: {e}")))?;
    let length = body.reason.trim().chars().count();
    if length == 0 || length > CANCEL_REASON_MAX_CHARS {
        return Err(ApiError::Unprocessable(format!(
            "reason must be 1 to {CANCEL_REASON_MAX_CHARS} characters"
        )));
    }
    let requested_by = match body.requested_by.as_deref() {
        None => CancelledBy::Artist,
        Some(who) => who.parse().map_err(|_| {
            ApiError::Unprocessable("requested_by must be \"artist\" or \"client\"".to_owned())
        })?,
    };
    Ok(CancelRequest {
        reason: body.reason,
        notify_client: body.notify_client,
        requested_by,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn lead_ids_are_positive_integers() {
        assert_eq!(lead_id("42").unwrap(), LeadId(42));
        for bad in ["0", "-1", "042", "4x", ""] {
            assert!(matches!(lead_id(bad), Err(ApiError::NotFound)), "{bad}");
        }
    }

    #[test]
    fn the_body_is_validated_field_by_field() {
        let ok =
            cancel_request(br#"{"reason": "moving abroad", "requested_by": "client"}"#).unwrap();
        assert!(ok.notify_client);
        assert_eq!(ok.requested_by, CancelledBy::Client);
        assert!(matches!(cancel_request(b"{"), Err(ApiError::BadRequest(_))));
        for bad in [
            r#"{"reason": ""}"#,
            r#"{"reason": "x", "extra": 1}"#,
            r#"{"reason": "x", "requested_by": "studio"}"#,
            r#"{"notify_client": false}"#,
        ] {
            assert!(
                matches!(
                    cancel_request(bad.as_bytes()),
                    Err(ApiError::Unprocessable(_))
                ),
                "{bad}"
            );
        }
    }
}
