//! `GET /metrics` (http-api.md §7): Prometheus text format, behind a bearer token when
//! `METRICS_BEARER_TOKEN` is set.

use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::secrets::constant_time_eq;
use crate::state::AppState;

const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn scrape(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    if let Some(expected) = &state.settings.metrics_bearer_token {
        let presented = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !constant_time_eq(presented.as_bytes(), expected.expose().as_bytes()) {
            return HttpResponse::Unauthorized()
                .content_type("text/plain; charset=utf-8")
                .body("Unauthorized");
        }
    }
    let body = state.metrics.render(&state.database).await;
    HttpResponse::Ok().content_type(CONTENT_TYPE).body(body)
}
