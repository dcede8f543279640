//! `POST /admin/leads/{id}/approve` (http-api.md §5.4, booking.md §2): the approval use case the
//! one-tap link runs too, with the admin-only deposit override and note.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use inkdesk_domain::booking::{ApprovalRequest, BookingRefusal};
use inkdesk_domain::model::{Actor, BookingMode, LeadId, LeadStatus};
use inkdesk_domain::status::TransitionError;
use inkdesk_postgres::booking::BookingError;
use serde::Deserialize;
use serde_json::json;

use super::params;
use crate::http::ApiError;
use crate::state::AppState;

/// The statuses approval starts from, named in a refusal.
const APPROVABLE: &str = "'PENDING_APPROVAL', 'STALE', 'NEEDS_ARTIST_REPLY' or 'NEEDS_FOLLOW_UP'";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    /// booking.md §5: 100–500000, replaces the locked amount (alias of the earlier service).
    #[serde(alias = "amount_pence")]
    deposit_amount_minor: Option<i64>,
    /// Appended to `admin_notes`.
    note: Option<String>,
}

pub async fn approve(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let lead = LeadId(params::path_id(&id)?);
    let body: ApproveBody = params::optional_json(&body)?;
    let booking = state.booking.as_ref().ok_or(ApiError::Unavailable)?;
    // The deployment's mode now; the lead keeps it whatever the configuration does later.
    let mode = state.settings.lead_booking_mode();
    let request = ApprovalRequest {
        actor: Actor::Admin,
        deposit_override_minor: body.deposit_amount_minor,
        note: body.note,
    };
    let approved = booking
        .approve(lead, request, mode, Utc::now())
        .await
        .map_err(refused)?;
    let message = match approved.booking_mode {
        BookingMode::Calendar => "Lead approved. Available times will be sent to the client.",
        BookingMode::Manual => "Lead approved. Deposit link will be sent to the client.",
    };
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "message": message,
        "lead_id": approved.lead_id.0,
        "status": approved.status.as_str(),
        "booking_mode": approved.booking_mode.as_str(),
    })))
}

/// A status refusal in the earlier service's words ("Cannot approve lead in status 'X'. Lead
/// must be in …"); a failed guard names what is wrong. Other failures map as usual.
fn refused(error: BookingError) -> ApiError {
    let BookingError::Refused(BookingRefusal::Status(refusal)) = &error else {
        return error.into();
    };
    ApiError::InvalidStatus(match refusal {
        TransitionError::GuardFailed { from, detail, .. } => {
            format!("Cannot approve lead in status '{from}': {detail}.")
        }
        other => format!(
            "Cannot approve lead in status '{}'. Lead must be in {APPROVABLE}.",
            refused_status(other)
        ),
    })
}

fn refused_status(error: &TransitionError) -> LeadStatus {
    match error {
        TransitionError::SelfTransition { status, .. } => *status,
        TransitionError::NotAllowed { from, .. }
        | TransitionError::WrongTrigger { from, .. }
        | TransitionError::WrongActor { from, .. }
        | TransitionError::GuardFailed { from, .. } => *from,
    }
}

#[cfg(test)]
mod tests {
    use super::params::optional_json;
    use super::*;

    #[test]
    fn the_body_is_optional_strict_and_takes_the_pence_alias() {
        let empty: ApproveBody = optional_json(b" ").unwrap();
        assert_eq!(empty.deposit_amount_minor, None);
        let alias: ApproveBody = optional_json(br#"{"amount_pence": 20000}"#).unwrap();
        assert_eq!(alias.deposit_amount_minor, Some(20_000));
        assert!(matches!(
            optional_json::<ApproveBody>(b"{nope"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            optional_json::<ApproveBody>(br#"{"colour": "red"}"#),
            Err(ApiError::Validation(_))
        ));
        assert!(matches!(
            optional_json::<ApproveBody>(br#"{"note": 5}"#),
            Err(ApiError::Validation(_))
        ));
    }
}
