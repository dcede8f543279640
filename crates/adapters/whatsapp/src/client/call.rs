//! One Graph API round trip: send, read a bounded body, classify a failure, and log the outcome with
//! provider, operation, status, duration, error code and `fbtrace_id` — never bodies, tokens or numbers.

use std::time::{Instant, SystemTime};

use inkdesk_domain::provider::ProviderError;
use reqwest::{RequestBuilder, Response, StatusCode};

use super::classify::{CallKind, GraphError, classify, retry_after, transport_failure};

/// Graph API answers are small; anything larger is not an answer we can use.
const MAX_API_RESPONSE_BYTES: usize = 1024 * 1024;

/// A logged, classified call. `operation` is a fixed name (`send_text`, `media_metadata`, …).
pub(crate) struct Call {
    pub operation: &'static str,
    pub kind: CallKind,
    /// `***0123`, for sends only.
    pub recipient: Option<String>,
}

/// A successful response whose body is still to be read (downloads stream it).
pub(crate) struct Success {
    pub response: Response,
    started: Instant,
}

impl Call {
    /// Sends `request`; a non-2xx answer comes back as the classified error, already logged.
    pub(crate) async fn send(&self, request: RequestBuilder) -> Result<Success, ProviderError> {
        let started = Instant::now();
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return Err(self.transport_failed(&error, started)),
        };
        let status = response.status();
        if status.is_success() {
            return Ok(Success { response, started });
        }
        let header_trace = header(&response, "x-fb-trace-id");
        let after = retry_after(
            response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            SystemTime::now(),
        );
        // A failure body that cannot be read is classified by status alone.
        let body = read_capped(response, MAX_API_RESPONSE_BYTES)
            .await
            .unwrap_or_default();
        let graph = GraphError::parse(&body).unwrap_or_default();
        let error = classify(self.kind, status.as_u16(), graph.code, after);
        let trace = graph
            .fbtrace_id
            .as_deref()
            .and_then(trace_id)
            .or(header_trace);
        self.log_failure(Some(status), &error, trace.as_deref(), started);
        Err(error)
    }

    /// [`Call::send`], then reads the (small) JSON body and takes what the caller needs from it. A
    /// 2xx whose body does not have it is `unreadable`.
    pub(crate) async fn send_expecting<T>(
        &self,
        request: RequestBuilder,
        extract: impl FnOnce(&serde_json::Value) -> Option<T>,
        unreadable: ProviderError,
    ) -> Result<T, ProviderError> {
        let success = self.send(request).await?;
        let status = success.response.status();
        let trace = header(&success.response, "x-fb-trace-id");
        let started = success.started;
        let extracted = read_capped(success.response, MAX_API_RESPONSE_BYTES)
            .await
            .and_then(|body| serde_json::from_slice(&body).ok())
            .as_ref()
            .and_then(extract);
        match extracted {
            Some(value) => {
                self.log_success(status, trace.as_deref(), started);
                Ok(value)
            }
            None => {
                self.log_failure(Some(status), &unreadable, trace.as_deref(), started);
                Err(unreadable)
            }
        }
    }

    pub(crate) fn finish_ok(&self, success: &Success) {
        self.log_success(
            success.response.status(),
            header(&success.response, "x-fb-trace-id").as_deref(),
            success.started,
        );
    }

    pub(crate) fn finish_err(&self, success: &Success, error: &ProviderError) {
        self.log_failure(
            Some(success.response.status()),
            error,
            None,
            success.started,
        );
    }

    pub(crate) fn transport_failed(
        &self,
        error: &reqwest::Error,
        started: Instant,
    ) -> ProviderError {
        let code = if error.is_timeout() {
            "timeout"
        } else if error.is_connect() {
            "connection"
        } else {
            "transport"
        };
        let error = transport_failure(self.kind, code);
        self.log_failure(None, &error, None, started);
        error
    }

    fn log_success(&self, status: StatusCode, fbtrace_id: Option<&str>, started: Instant) {
        tracing::info!(
            provider = "whatsapp",
            operation = self.operation,
            recipient = self.recipient.as_deref(),
            status = status.as_u16(),
            duration_ms = elapsed_ms(started),
            fbtrace_id,
            "whatsapp call succeeded"
        );
    }

    pub(crate) fn log_failure(
        &self,
        status: Option<StatusCode>,
        error: &ProviderError,
        fbtrace_id: Option<&str>,
        started: Instant,
    ) {
        tracing::warn!(
            provider = "whatsapp",
            operation = self.operation,
            recipient = self.recipient.as_deref(),
            status = status.map(|s| s.as_u16()),
            duration_ms = elapsed_ms(started),
            error_class = error.class(),
            error_code = error.code(),
            fbtrace_id,
            "whatsapp call failed"
        );
    }
}

impl Success {
    pub(crate) fn started(&self) -> Instant {
        self.started
    }
}

/// The whole body, or `None` when it is larger than `cap` or could not be read.
async fn read_capped(mut response: Response, cap: usize) -> Option<Vec<u8>> {
    if response
        .content_length()
        .is_some_and(|len| len > cap as u64)
    {
        return None;
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        if body.len() + chunk.len() > cap {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body)
}

fn header(response: &Response, name: &str) -> Option<String> {
    trace_id(response.headers().get(name)?.to_str().ok()?)
}

/// A trace id is a short token; anything else is not worth (or safe for) a log field.
fn trace_id(value: &str) -> Option<String> {
    let token = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/' | b'+' | b'='));
    token.then(|| value.to_owned())
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
