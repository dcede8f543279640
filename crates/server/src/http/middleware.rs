use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;
use tracing::field::Empty;

use crate::metrics::method_label;

pub const CORRELATION_HEADER: &str = "x-correlation-id";

/// The request's correlation id: the caller's when it is well-formed, otherwise a fresh UUIDv4.
#[derive(Debug, Clone)]
pub struct CorrelationId(pub String);

fn is_valid(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// Probes and scrapes arrive every few seconds; their access lines are DEBUG so INFO stays readable.
fn is_probe(route: &str) -> bool {
    matches!(route, "/health" | "/ready" | "/metrics")
}

/// Attaches a correlation id to the request and echoes it (and `nosniff`) on every response. The
/// request runs inside a `request` span carrying the id, so every log line it writes has it
/// (data-and-ops.md §8.1, §8.4); the span gets the route template, status and latency at the end.
pub async fn correlation(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(CORRELATION_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_valid(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(CorrelationId(id.clone()));
    let span = tracing::info_span!(
        "request",
        correlation_id = id.as_str(),
        method = method_label(req.method()),
        route = Empty,
        status = Empty,
        latency_ms = Empty,
    );
    let started = std::time::Instant::now();
    let mut response = next.call(req).instrument(span.clone()).await?;
    // Unmatched paths may carry anything (a mistyped token); only templates are logged.
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    span.record("route", route.as_str());
    span.record("status", response.status().as_u16());
    span.record("latency_ms", started.elapsed().as_millis() as u64);
    span.in_scope(|| {
        if is_probe(&route) {
            tracing::debug!("request answered");
        } else {
            tracing::info!("request answered");
        }
    });
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static(CORRELATION_HEADER), value);
    }
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::{Arc, Mutex};

    use actix_web::middleware::from_fn;
    use actix_web::test as actix_test;
    use actix_web::{App, HttpResponse, web};

    /// Collects what the JSON formatter writes.
    #[derive(Clone, Default)]
    struct Written(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn every_line_logged_while_answering_carries_the_correlation_id() {
        let written = Written::default();
        let writer = written.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = actix_test::init_service(App::new().wrap(from_fn(super::correlation)).route(
            "/leads/{id}",
            web::get().to(|| async {
                tracing::warn!("inside the handler");
                HttpResponse::Ok().finish()
            }),
        ))
        .await;
        let request = actix_test::TestRequest::get()
            .uri("/leads/42")
            .insert_header((super::CORRELATION_HEADER, "trace-me-1"))
            .to_request();
        let response = actix_test::call_service(&app, request).await;
        assert_eq!(
            response.headers().get(super::CORRELATION_HEADER).unwrap(),
            "trace-me-1"
        );

        let text = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let inside = lines
            .iter()
            .find(|l| l["fields"]["message"] == "inside the handler")
            .unwrap();
        assert_eq!(inside["span"]["correlation_id"], "trace-me-1", "{text}");
        let answered = lines
            .iter()
            .find(|l| l["fields"]["message"] == "request answered")
            .unwrap();
        let span = &answered["span"];
        assert_eq!(span["correlation_id"], "trace-me-1");
        assert_eq!(span["method"], "GET");
        assert_eq!(span["route"], "/leads/{id}", "the template, never the path");
        assert_eq!(span["status"], 200);
        assert!(span["latency_ms"].is_u64());
    }

    #[test]
    fn correlation_ids_are_validated() {
        assert!(super::is_valid("sweep:retention:1234-abcd"));
        assert!(!super::is_valid("has space"));
        assert!(!super::is_valid(""));
        assert!(!super::is_valid(&"a".repeat(129)));
    }
}
