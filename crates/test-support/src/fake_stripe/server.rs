//! The fake's HTTP side: accept loop, routing, authentication, scripted failures and request
//! recording.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, RETRY_AFTER};
use hyper::{Method, Request, Response};
use serde_json::{Value, json};

use super::auth::{authorized, redacted};
use super::checkout::{self, Invalid};
use super::form::{self, FormError};
use super::idempotency::{self, Fingerprint, Lookup};
use super::{FakeFailure, RecordedRequest, Shared, State, lock};

type Reply = Response<Full<Bytes>>;

pub(super) use crate::http_fake::DropConnection;

pub(super) async fn serve(listener: tokio::net::TcpListener, state: Shared) {
    crate::http_fake::serve(listener, state, handle).await;
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    Create,
    Expire(String),
    /// The hosted payment page a session's `url` points at.
    Page(String),
    Unknown,
}

fn route(method: &Method, path: &str) -> Route {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, ["v1", "checkout", "sessions"]) => Route::Create,
        (&Method::POST, ["v1", "checkout", "sessions", id, "expire"]) => {
            Route::Expire((*id).to_owned())
        }
        (&Method::GET, ["c", "pay", id]) => Route::Page((*id).to_owned()),
        _ => Route::Unknown,
    }
}

/// A status and body, before the common headers are added.
struct Answer {
    status: u16,
    body: Vec<u8>,
    replayed: bool,
    extra: Vec<(&'static str, String)>,
}

impl Answer {
    fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            body: body.to_string().into_bytes(),
            replayed: false,
            extra: Vec::new(),
        }
    }
}

async fn handle(state: Shared, request: Request<Incoming>) -> Result<Reply, DropConnection> {
    let (parts, body) = request.into_parts();
    let raw = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let route = route(&parts.method, &path);
    let pairs = form::pairs(&raw);
    let nested = form::nest(&pairs);

    let (index, failure) = {
        let mut state = lock(&state);
        let authorized = authorized(&parts.headers, &state.secret_key);
        let failure = match route {
            Route::Page(_) => None,
            _ => state.script.pop_front(),
        };
        state.requests.push(RecordedRequest {
            method: parts.method.as_str().to_owned(),
            path: path.clone(),
            headers: redacted(&parts.headers),
            authorized,
            body: raw.to_vec(),
            form: pairs.clone(),
            params: nested.clone().unwrap_or(Value::Null),
            status: None,
            replayed: false,
        });
        (state.requests.len() - 1, failure)
    };

    let scripted = match failure {
        Some(FakeFailure::Reset) => return Err(DropConnection),
        Some(FakeFailure::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(FakeFailure::Stripe {
            status,
            error_type,
            code,
            retry_after,
            should_retry,
        }) => {
            let mut answer = stripe_error(
                status,
                &error_type,
                code.as_deref(),
                None,
                "Scripted failure",
            );
            answer
                .extra
                .extend(retry_after.map(|s| ("retry-after", s.to_string())));
            answer
                .extra
                .extend(should_retry.map(|r| ("stripe-should-retry", r.to_string())));
            Some(answer)
        }
        Some(FakeFailure::Http {
            status,
            retry_after,
        }) => Some(Answer {
            status,
            body: b"<html><body>upstream failure</body></html>".to_vec(),
            replayed: false,
            extra: retry_after
                .map(|s| ("retry-after", s.to_string()))
                .into_iter()
                .chain([("content-type", "text/html".to_owned())])
                .collect(),
        }),
        None => None,
    };

    let mut state = lock(&state);
    let answer = match scripted {
        Some(answer) => answer,
        None => {
            let key = parts
                .headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let authorized = state.requests.get(index).is_some_and(|r| r.authorized);
            let request = ApiRequest {
                route,
                method: parts.method.as_str(),
                path: &path,
                raw: &raw,
                nested,
                key,
                authorized,
            };
            answer(&mut state, request)
        }
    };
    state.counter += 1;
    let request_id = format!("req_fake_{}", state.counter);
    if let Some(recorded) = state.requests.get_mut(index) {
        recorded.status = Some(answer.status);
        recorded.replayed = answer.replayed;
    }
    drop(state);
    Ok(reply(answer, &request_id))
}

/// The parts of a request the normal (unscripted) answer depends on.
struct ApiRequest<'a> {
    route: Route,
    method: &'a str,
    path: &'a str,
    raw: &'a [u8],
    nested: Result<Value, FormError>,
    key: Option<String>,
    authorized: bool,
}

fn answer(state: &mut State, request: ApiRequest<'_>) -> Answer {
    if let Route::Page(id) = &request.route {
        return page(state, id);
    }
    if !request.authorized {
        return stripe_error(
            401,
            "authentication_error",
            None,
            None,
            "Invalid API Key provided.",
        );
    }
    if request.route == Route::Unknown {
        return stripe_error(
            404,
            "invalid_request_error",
            None,
            None,
            "Unrecognized request URL.",
        );
    }
    let params = match request.nested {
        Ok(params) => params,
        Err(e) => {
            return stripe_error(
                400,
                "invalid_request_error",
                None,
                Some(&e.param),
                &e.message,
            );
        }
    };
    let fingerprint = Fingerprint {
        method: request.method,
        path: request.path,
        body: request.raw,
    };
    if let Some(key) = &request.key {
        match idempotency::lookup(state, key, &fingerprint) {
            Lookup::Fresh => {}
            Lookup::Replay { status, body } => {
                return Answer {
                    status,
                    body,
                    replayed: true,
                    extra: vec![("idempotent-replayed", "true".to_owned())],
                };
            }
            Lookup::Conflict => {
                let message = format!(
                    "Keys for idempotent requests can only be used with the same parameters they \
                     were first used with. Try using a key other than '{key}' if you meant to \
                     execute a different request."
                );
                return stripe_error(400, "idempotency_error", None, None, &message);
            }
        }
    }
    let (answer, store) = match &request.route {
        Route::Create => match checkout::create(state, &params) {
            Ok(session) => (Answer::json(200, &session), true),
            Err(invalid) => (invalid_answer(invalid), false),
        },
        Route::Expire(id) => match checkout::expire(state, id) {
            Some(Ok(session)) => (Answer::json(200, &session), true),
            // The endpoint ran and refused: Stripe stores that answer under the key too.
            Some(Err(invalid)) => (invalid_answer(invalid), true),
            None => (
                stripe_error(
                    404,
                    "invalid_request_error",
                    Some("resource_missing"),
                    Some("session"),
                    &format!("No such checkout.session: '{id}'"),
                ),
                false,
            ),
        },
        Route::Page(_) | Route::Unknown => (
            stripe_error(404, "invalid_request_error", None, None, "Not found"),
            false,
        ),
    };
    if let (Some(key), true) = (request.key, store) {
        idempotency::remember(state, key, &fingerprint, answer.status, answer.body.clone());
    }
    answer
}

fn page(state: &mut State, id: &str) -> Answer {
    state.expire_overdue();
    let open = state.session_mut(id).is_some_and(|s| s.status == "open");
    let (status, text) = if open {
        (
            200,
            "<html><body><h1>Fake Stripe Checkout</h1></body></html>",
        )
    } else {
        (
            404,
            "<html><body>This Checkout Session is no longer available.</body></html>",
        )
    };
    Answer {
        status,
        body: text.as_bytes().to_vec(),
        replayed: false,
        extra: vec![("content-type", "text/html".to_owned())],
    }
}

fn invalid_answer((param, code, message): Invalid) -> Answer {
    stripe_error(
        400,
        "invalid_request_error",
        code,
        param.as_deref(),
        &message,
    )
}

fn stripe_error(
    status: u16,
    error_type: &str,
    code: Option<&str>,
    param: Option<&str>,
    message: &str,
) -> Answer {
    let mut error = json!({"type": error_type, "message": message});
    if let Some(code) = code {
        error["code"] = json!(code);
    }
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    Answer::json(status, &json!({ "error": error }))
}

fn reply(answer: Answer, request_id: &str) -> Reply {
    let mut builder = Response::builder()
        .status(answer.status)
        .header("request-id", request_id);
    let has_type = answer.extra.iter().any(|(name, _)| *name == "content-type");
    if !has_type {
        builder = builder.header(CONTENT_TYPE, "application/json");
    }
    for (name, value) in answer.extra {
        builder = if name == "retry-after" {
            builder.header(RETRY_AFTER, value)
        } else {
            builder.header(name, value)
        };
    }
    builder
        .body(Full::new(Bytes::from(answer.body)))
        .expect("valid fake response")
}
