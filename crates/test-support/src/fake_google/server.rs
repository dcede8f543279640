//! The fake's HTTP side: accept loop, routing to the three APIs, bearer-token checks, scripted
//! failures and request recording.

use std::time::Instant;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::AUTHORIZATION;
use hyper::{Request, StatusCode};
use serde_json::Value;

use super::wire::{Reply, form_pairs, google_error, not_found, oauth_error, percent_decode, plain};
use super::{FakeApi, FakeFailure, RecordedRequest, Shared, calendar, lock, sheets, token};

pub(super) use crate::http_fake::DropConnection;

pub(super) async fn serve(listener: tokio::net::TcpListener, state: Shared) {
    crate::http_fake::serve(listener, state, handle).await;
}

const CALENDAR_PREFIX: &str = "/calendar/v3/";
const SHEETS_PREFIX: &str = "/v4/spreadsheets/";

fn api_of(path: &str) -> Option<FakeApi> {
    if path == "/token" {
        Some(FakeApi::Token)
    } else if path.starts_with(CALENDAR_PREFIX) {
        Some(FakeApi::Calendar)
    } else if path.starts_with(SHEETS_PREFIX) {
        Some(FakeApi::Sheets)
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Granted,
    /// No token, or one the fake did not issue, revoked or expired.
    Unauthenticated,
    /// A valid token without the API's scope.
    WrongScope,
}

fn access(state: &Shared, api: Option<FakeApi>, authorization: Option<&str>) -> Access {
    let scope_prefix = match api {
        Some(FakeApi::Calendar) => "https://www.googleapis.com/auth/calendar",
        Some(FakeApi::Sheets) => "https://www.googleapis.com/auth/spreadsheets",
        Some(FakeApi::Token) | None => return Access::Granted,
    };
    let state = lock(state);
    let issued = authorization
        .and_then(|value| value.strip_prefix("Bearer "))
        .and_then(|token| state.tokens.get(token))
        .filter(|issued| issued.expires_at > Instant::now());
    match issued {
        None => Access::Unauthenticated,
        Some(issued) if issued.scopes.iter().any(|s| s.starts_with(scope_prefix)) => {
            Access::Granted
        }
        Some(_) => Access::WrongScope,
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
    let query = parts.uri.query().map(str::to_owned);
    let api = api_of(&path);
    let authorization = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let access = access(&state, api, authorization);
    let json: Option<Value> = match api {
        Some(FakeApi::Token) => Some(token::recorded_body(&raw)),
        _ => serde_json::from_slice(&raw).ok(),
    };

    let (index, failure) = {
        let mut state = lock(&state);
        let failure = api.and_then(|api| state.scripts.get_mut(&api)?.pop_front());
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
        state.requests.push(RecordedRequest {
            api,
            method: parts.method.as_str().to_owned(),
            path: path.clone(),
            query: query.clone(),
            headers,
            authorized: access == Access::Granted,
            body: json.clone(),
            status: None,
        });
        (state.requests.len() - 1, failure)
    };

    let scripted = match failure {
        Some(FakeFailure::Reset) => return Err(DropConnection),
        Some(FakeFailure::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(FakeFailure::Google {
            status,
            reason,
            domain,
            retry_after,
        }) => Some(google_error(
            status,
            &reason,
            &domain,
            "Scripted failure",
            retry_after,
        )),
        Some(FakeFailure::OAuth { status, error }) => {
            Some(oauth_error(status, &error, "Scripted failure"))
        }
        Some(FakeFailure::Http {
            status,
            retry_after,
        }) => Some(plain(status, retry_after)),
        None => None,
    };
    let reply = match scripted {
        Some(reply) => reply,
        None => answer(
            &state,
            api,
            access,
            &parts.method,
            &path,
            query.as_deref(),
            &raw,
            json.as_ref(),
        ),
    };
    if let Some(recorded) = lock(&state).requests.get_mut(index) {
        recorded.status = Some(reply.status().as_u16());
    }
    Ok(reply)
}

#[allow(clippy::too_many_arguments)]
fn answer(
    state: &Shared,
    api: Option<FakeApi>,
    access: Access,
    method: &hyper::Method,
    path: &str,
    query: Option<&str>,
    raw: &[u8],
    json: Option<&Value>,
) -> Reply {
    match access {
        Access::Granted => {}
        Access::Unauthenticated => {
            return google_error(
                StatusCode::UNAUTHORIZED.as_u16(),
                "authError",
                "global",
                "Request had invalid authentication credentials.",
                None,
            );
        }
        Access::WrongScope => {
            return google_error(
                403,
                "insufficientPermissions",
                "global",
                "Request had insufficient authentication scopes.",
                None,
            );
        }
    }
    let query = form_pairs(query.unwrap_or_default());
    let segments = |prefix: &str| -> Vec<String> {
        path.strip_prefix(prefix)
            .unwrap_or_default()
            .split('/')
            .map(|segment| percent_decode(segment, false))
            .collect()
    };
    match api {
        Some(FakeApi::Token) if method == hyper::Method::POST => token::handle(state, raw),
        Some(FakeApi::Calendar) => match calendar::route(method, &segments(CALENDAR_PREFIX)) {
            Some(route) => calendar::handle(state, route, &query, json),
            None => not_found(),
        },
        Some(FakeApi::Sheets) => match sheets::route(method, &segments(SHEETS_PREFIX)) {
            Some(route) => sheets::handle(state, route, &query, json),
            None => not_found(),
        },
        _ => not_found(),
    }
}
