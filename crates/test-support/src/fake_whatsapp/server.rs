//! The fake's HTTP side: accept loop, routing, scripted failures and request recording.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use hyper::{Method, Request, Response};
use serde_json::{Value, json};

use super::{FakeFailure, RecordedRequest, Shared, lock, media, validate};

pub(super) type Reply = Response<Full<Bytes>>;

pub(super) use crate::http_fake::DropConnection;

pub(super) async fn serve(listener: tokio::net::TcpListener, state: Shared) {
    crate::http_fake::serve(listener, state, handle).await;
}

enum Route {
    Messages { phone_number_id: String },
    MediaMetadata { media_id: String },
    MediaDownload { media_id: String },
    Unknown,
}

fn route(method: &Method, path: &str, version: &str) -> Route {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, [v, id, "messages"]) if *v == version => Route::Messages {
            phone_number_id: (*id).to_owned(),
        },
        (&Method::GET, [v, id]) if *v == version => Route::MediaMetadata {
            media_id: (*id).to_owned(),
        },
        (&Method::GET, [media::DOWNLOAD_PREFIX, id]) => Route::MediaDownload {
            media_id: (*id).to_owned(),
        },
        _ => Route::Unknown,
    }
}

async fn handle(state: Shared, request: Request<Incoming>) -> Result<Reply, DropConnection> {
    let (parts, body) = request.into_parts();
    let raw = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let json: Option<Value> = serde_json::from_slice(&raw).ok();
    let path = parts.uri.path().to_owned();

    let (index, failure, route, authorized) = {
        let mut state = lock(&state);
        let authorized = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == format!("Bearer {}", state.token));
        let route = route(&parts.method, &path, &state.api_version);
        let recipient = json
            .as_ref()
            .and_then(|b| b.get("to"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let message_type = json
            .as_ref()
            .filter(|b| b.get("status").is_none())
            .and_then(|b| b.get("type"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name == AUTHORIZATION {
                    "Bearer [redacted]".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        let for_recipient = match (&route, &recipient) {
            (Route::Messages { .. }, Some(to)) => state
                .recipient_scripts
                .get_mut(to)
                .and_then(|script| script.pop_front()),
            _ => None,
        };
        let failure = for_recipient.or_else(|| state.script.pop_front());
        state.requests.push(RecordedRequest {
            method: parts.method.as_str().to_owned(),
            path: path.clone(),
            headers,
            authorized,
            body: json.clone(),
            recipient,
            message_type,
            status: None,
        });
        (state.requests.len() - 1, failure, route, authorized)
    };

    let reply = match failure {
        Some(FakeFailure::Reset) => return Err(DropConnection),
        Some(FakeFailure::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(FakeFailure::Graph {
            status,
            code,
            retry_after,
        }) => Some(graph_error(&state, status, code, retry_after)),
        Some(FakeFailure::Http {
            status,
            retry_after,
        }) => Some(plain(status, "upstream failure", retry_after)),
        None => None,
    };
    let reply = match reply {
        Some(reply) => reply,
        None => match route {
            _ if !authorized => graph_error(&state, 401, 190, None),
            Route::Messages { phone_number_id } => {
                validate::messages(&state, &phone_number_id, json.as_ref())
            }
            Route::MediaMetadata { media_id } => media::metadata(&state, &media_id),
            Route::MediaDownload { media_id } => media::download(&state, &media_id),
            Route::Unknown => graph_error(&state, 400, 100, None),
        },
    };
    let mut state = lock(&state);
    if let Some(recorded) = state.requests.get_mut(index) {
        recorded.status = Some(reply.status().as_u16());
    }
    let accepted = state
        .requests
        .get(index)
        .filter(|r| r.status == Some(200) && r.message_type.is_some())
        .and_then(|r| r.recipient.as_deref())
        .and_then(|to| state.inboxes.get(to));
    if let Some(inbox) = accepted {
        inbox.delivered();
    }
    drop(state);
    Ok(reply)
}

/// A Graph error as Meta sends it, with a fresh `fbtrace_id`.
pub(super) fn graph_error(
    state: &Shared,
    status: u16,
    code: i64,
    retry_after: Option<u64>,
) -> Reply {
    let trace = {
        let mut state = lock(state);
        state.traces += 1;
        format!("FAKEtrace{}", state.traces)
    };
    let title = title(code);
    let body = json!({"error": {
        "message": format!("(#{code}) {title}"),
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": title},
        "fbtrace_id": trace,
    }});
    let mut reply = json_reply(status, &body);
    if let Some(seconds) = retry_after {
        reply.headers_mut().insert(
            RETRY_AFTER,
            seconds
                .to_string()
                .parse()
                .expect("a number is a header value"),
        );
    }
    reply
}

pub(super) fn json_reply(status: u16, body: &Value) -> Reply {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("valid fake response")
}

pub(super) fn plain(status: u16, text: &'static str, retry_after: Option<u64>) -> Reply {
    let mut builder = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "text/html");
    if let Some(seconds) = retry_after {
        builder = builder.header(RETRY_AFTER, seconds);
    }
    builder
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .expect("valid fake response")
}

fn title(code: i64) -> &'static str {
    match code {
        190 => "Invalid OAuth access token",
        100 => "Invalid parameter",
        131_047 => "Re-engagement message",
        131_009 => "Parameter value is not valid",
        131_052 => "Media download error",
        132_000 => "Number of parameters does not match the expected number of params",
        132_001 => "Template name does not exist in the translation",
        130_429 => "Rate limit hit",
        131_000 => "Something went wrong",
        _ => "Scripted error",
    }
}
