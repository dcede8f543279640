//! Counts every answered request and its latency per route template (data-and-ops.md §8.3).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::metrics::method_label;
use crate::state::AppState;

/// Requests no route matched share one label, so unknown paths (and tokens in them) never become
/// series.
const UNMATCHED: &str = "unmatched";

pub async fn record_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let metrics = request
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let method = method_label(request.method());
    let response = next.call(request).await?;
    if let Some(metrics) = metrics {
        let route = response.request().match_pattern();
        metrics.http_request(
            route.as_deref().unwrap_or(UNMATCHED),
            method,
            response.status().as_u16(),
            started.elapsed(),
        );
    }
    Ok(response)
}
