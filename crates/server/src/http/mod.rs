//! HTTP routes. Handlers are thin: they parse, call a use case and map the result.

mod action_links;
pub(crate) mod admin;
mod body;
mod error;
mod health;
mod lead_cancel;
mod middleware;
mod pages;
mod prometheus;
mod rate_limit;
mod request_metrics;
mod stripe_webhook;
mod whatsapp_handshake;
mod whatsapp_webhook;

use actix_web::web;

pub use error::ApiError;

use crate::state::AppState;

/// Registers every route; used by `serve` and by the tests (which bind port 0).
pub fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(state)
            .service(resource("/health", "GET").route(web::get().to(health::health)))
            .service(resource("/ready", "GET").route(web::get().to(health::ready)))
            .service(resource("/metrics", "GET").route(web::get().to(prometheus::scrape)))
            .service(
                resource("/webhooks/whatsapp", "GET, POST")
                    .route(web::get().to(whatsapp_handshake::handshake))
                    .route(web::post().to(whatsapp_webhook::receive)),
            )
            .service(
                resource("/a/{token}", "GET, HEAD, POST")
                    .route(web::get().to(action_links::show))
                    .route(web::head().to(action_links::show))
                    .route(web::post().to(action_links::execute)),
            )
            .service(
                web::scope("/admin")
                    .wrap(actix_web::middleware::from_fn(admin::require_admin_key))
                    .configure(admin::routes),
            )
            .service(
                resource("/webhooks/stripe", "POST").route(web::post().to(stripe_webhook::receive)),
            )
            .default_service(web::to(not_found));
    }
}

pub use middleware::{CorrelationId, correlation};
pub use rate_limit::{RateLimiter, TrustedProxies, rate_limit};
pub use request_metrics::record_request;

/// A resource whose other methods answer 405 with `Allow` (http-api.md §1).
fn resource(path: &str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move || async move {
        actix_web::HttpResponse::MethodNotAllowed()
            .insert_header((actix_web::http::header::ALLOW, allow))
            .json(serde_json::json!({"detail": "Method not allowed", "code": "method_not_allowed"}))
    }))
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
