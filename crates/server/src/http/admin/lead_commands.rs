//! The admin's lead actions (http-api.md §5.4–§5.10): thin handlers over the booking use cases
//! that the one-tap links run too, answering with the common success envelope (§5.1).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use inkdesk_domain::booking::{BookingLinkRequest, MarkBookedRequest, RejectRequest};
use inkdesk_domain::model::{Actor, BookingMode, BookingTool, LeadId, LeadStatus};
use inkdesk_postgres::booking::{BookingError, PgBooking};
use serde::Deserialize;
use serde_json::json;

use super::params;
use crate::http::ApiError;
use crate::state::AppState;

fn booking(state: &AppState) -> Result<&PgBooking, ApiError> {
    state.booking.as_ref().ok_or(ApiError::Unavailable)
}

fn done(message: &str, lead: LeadId, status: LeadStatus) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "success": true,
        "message": message,
        "lead_id": lead.0,
        "status": status.as_str(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RejectBody {
    reason: Option<String>,
    notify_client: Option<bool>,
}

pub async fn reject(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let lead = LeadId(params::path_id(&id)?);
    let body: RejectBody = params::optional_json(&body)?;
    let request = RejectRequest {
        reason: body.reason,
        notify_client: body.notify_client.unwrap_or(true),
    };
    let status = booking(&state)?
        .reject(lead, request, Actor::Admin, Utc::now())
        .await?;
    Ok(done("Lead rejected.", lead, status))
}

pub async fn resume(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let lead = LeadId(params::path_id(&id)?);
    let status = booking(&state)?
        .resume(lead, Actor::Admin, Utc::now())
        .await?;
    Ok(done("Automation resumed.", lead, status))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MarkBookedBody {
    appointment_start: Option<DateTime<Utc>>,
    appointment_end: Option<DateTime<Utc>>,
    notify_client: Option<bool>,
}

pub async fn mark_booked(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let lead = LeadId(params::path_id(&id)?);
    let body: MarkBookedBody = params::optional_json(&body)?;
    let request = MarkBookedRequest::new(
        body.appointment_start,
        body.appointment_end,
        body.notify_client.unwrap_or(true),
    )
    .map_err(BookingError::from)?;
    let calendar = state.settings.lead_booking_mode() == BookingMode::Calendar;
    let status = booking(&state)?
        .mark_booked(lead, request, Actor::Admin, calendar, Utc::now())
        .await?;
    Ok(done("Lead marked as booked.", lead, status))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BookingLinkBody {
    booking_url: Option<String>,
    booking_tool: Option<String>,
}

pub async fn send_booking_link(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let lead = LeadId(params::path_id(&id)?);
    let body: BookingLinkBody = params::optional_json(&body)?;
    let tool = match body.booking_tool.as_deref() {
        None => BookingTool::Fresha,
        Some(raw) => raw.parse().map_err(|_| {
            params::invalid("booking_tool", "must be FRESHA, CALENDLY, GCAL or OTHER")
        })?,
    };
    let request = BookingLinkRequest::new(
        body.booking_url,
        state.settings.fresha_booking_url.as_deref(),
        tool,
    )
    .map_err(BookingError::from)?;
    let link = request.url.clone();
    let status = booking(&state)?
        .send_booking_link(lead, request, Actor::Admin, Utc::now())
        .await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "message": "Booking link sent to the client.",
        "lead_id": lead.0,
        "status": status.as_str(),
        "booking_link": link,
    })))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SendDepositBody {
    #[serde(alias = "amount_pence")]
    deposit_amount_minor: Option<i64>,
}

/// 202: the link is created by the Checkout job right after this commit and sent over WhatsApp
/// (the spec's 10-second inline fast path is not built; the answer never waits on Stripe).
pub async fn send_deposit(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let lead = LeadId(params::path_id(&id)?);
    let body: SendDepositBody = params::optional_json(&body)?;
    let sent = booking(&state)?
        .send_deposit(lead, body.deposit_amount_minor, Utc::now())
        .await?;
    Ok(HttpResponse::Accepted().json(json!({
        "success": true,
        "message": "Deposit link is being created and will be sent via WhatsApp.",
        "lead_id": lead.0,
        "status": sent.status.as_str(),
        "deposit_amount_pence": sent.amount.amount_minor,
        "deposit_amount_minor": sent.amount.amount_minor,
        "currency": sent.amount.currency.as_str(),
        "payment_id": sent.payment_id,
        "checkout_url": null,
        "checkout_session_id": null,
        "expires_at": sent.expires_at,
    })))
}
