use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

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

/// Attaches a correlation id to the request and echoes it (and `nosniff`) on every response.
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
    let mut response = next.call(req).await?;
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
    #[test]
    fn correlation_ids_are_validated() {
        assert!(super::is_valid("sweep:retention:1234-abcd"));
        assert!(!super::is_valid("has space"));
        assert!(!super::is_valid(""));
        assert!(!super::is_valid(&"a".repeat(129)));
    }
}
