//! The admin JSON API (http-api.md §5), mounted under `/admin` behind the key check of
//! [`auth::require_admin_key`].
//!
//! Order for every request: authentication (the scope's middleware) → query, path and body
//! validation (422, or 404 for ids) → the read or use case. Handlers stay thin: they validate, call
//! `inkdesk_postgres::admin` (reads) or a domain use case (actions), and shape the JSON.

mod approve;
mod auth;
mod available;
mod contacts;
mod debug;
mod events;
mod funnel;
mod lead_commands;
mod lead_view;
mod leads;
mod params;

use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use inkdesk_postgres::DbError;

pub use auth::{AuthFailureLog, require_admin_key};

use super::{ApiError, resource};

/// Admin bodies are small JSON objects (http-api.md §1).
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Every `/admin` route, relative to the scope.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(
            web::JsonConfig::default()
                .limit(BODY_LIMIT_BYTES)
                .error_handler(json_error),
        )
        .service(resource("/leads", "GET").route(web::get().to(leads::list)))
        .service(resource("/leads/{id}", "GET").route(web::get().to(leads::detail)))
        .configure(lead_actions)
        .service(resource("/funnel", "GET").route(web::get().to(funnel::funnel)))
        .service(resource("/events", "GET").route(web::get().to(events::list)))
        .service(resource("/debug/lead/{id}", "GET").route(web::get().to(debug::lead)))
        .service(resource("/contacts/search", "POST").route(web::post().to(contacts::search)))
        .service(
            resource("/contacts/{contact_id}/export", "GET").route(web::get().to(contacts::export)),
        )
        .service(
            resource("/contacts/{contact_id}/erase", "POST").route(web::post().to(contacts::erase)),
        )
        .default_service(web::to(not_found));
}

/// The lead actions (http-api.md §5.4–§5.14: approve, reject, send-deposit, send-booking-link,
/// mark-booked, cancel, resume, offer-slots, reschedule, messages, attachments) register here, one
/// `resource("/leads/{id}/<action>", "POST")` each, so they sit behind the same key check and
/// validation configs as the reads.
fn lead_actions(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/leads/{id}/approve", "POST").route(web::post().to(approve::approve)))
        .service(
            resource("/leads/{id}/reject", "POST").route(web::post().to(lead_commands::reject)),
        )
        .service(
            resource("/leads/{id}/resume", "POST").route(web::post().to(lead_commands::resume)),
        )
        .service(
            resource("/leads/{id}/send-deposit", "POST")
                .route(web::post().to(lead_commands::send_deposit)),
        )
        .service(
            resource("/leads/{id}/send-booking-link", "POST")
                .route(web::post().to(lead_commands::send_booking_link)),
        )
        .service(
            resource("/leads/{id}/mark-booked", "POST")
                .route(web::post().to(lead_commands::mark_booked)),
        )
        .service(
            resource("/leads/{id}/cancel", "POST")
                .route(web::post().to(super::lead_cancel::cancel)),
        );
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

/// Unknown or malformed query parameters: 422 naming the query.
fn query_error(error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    params::invalid("query", &error.to_string()).into()
}

/// Broken JSON is a 400; well-formed JSON with the wrong fields is a 422; too big is a 413.
fn json_error(error: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    match error {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge.into()
        }
        JsonPayloadError::Deserialize(error) if error.is_syntax() => {
            ApiError::BadRequest("Malformed JSON body").into()
        }
        JsonPayloadError::Deserialize(error) => params::invalid("body", &error.to_string()).into(),
        JsonPayloadError::ContentType => params::invalid(
            "body",
            "must be a JSON object (Content-Type: application/json)",
        )
        .into(),
        _ => ApiError::BadRequest("Unreadable request body").into(),
    }
}

/// A database outage is a 503 (retry later); anything else is a 500 without details.
fn storage_failure(error: DbError) -> ApiError {
    match error {
        DbError::Connect(_) | DbError::Pool(_) | DbError::Timeout => {
            tracing::warn!(error = %error, "admin request: database unavailable");
            ApiError::Unavailable
        }
        DbError::Query(_) | DbError::Migration(_) => {
            tracing::error!(error = %error, "admin request failed");
            ApiError::Internal
        }
    }
}
