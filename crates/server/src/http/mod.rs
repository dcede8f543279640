//! HTTP routes. Handlers are thin: they parse, call a use case and map the result.

mod error;
mod health;
mod middleware;
mod whatsapp_handshake;

use actix_web::web;

pub use error::ApiError;

use crate::state::AppState;

/// Registers every route; used by `serve` and by the tests (which bind port 0).
pub fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(state)
            .route("/health", web::get().to(health::health))
            .route("/ready", web::get().to(health::ready))
            .route(
                "/webhooks/whatsapp",
                web::get().to(whatsapp_handshake::handshake),
            )
            .default_service(web::to(not_found));
    }
}

pub use middleware::{CorrelationId, correlation};

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
