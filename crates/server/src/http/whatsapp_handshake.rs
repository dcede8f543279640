//! `GET /webhooks/whatsapp`: Meta's subscription handshake (http-api.md §3.1).

use std::collections::HashMap;

use actix_web::{HttpResponse, web};

use super::ApiError;
use crate::secrets::constant_time_eq;
use crate::state::AppState;

const MAX_CHALLENGE_CHARS: usize = 1024;

/// Meta sends dotted names; the underscore forms are accepted for compatibility.
fn param<'a>(query: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    query
        .get(&format!("hub.{name}"))
        .or_else(|| query.get(&format!("hub_{name}")))
        .map(String::as_str)
}

pub async fn handshake(
    state: web::Data<AppState>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let challenge = param(&query, "challenge").unwrap_or_default();
    if challenge.chars().count() > MAX_CHALLENGE_CHARS {
        return Err(ApiError::BadRequest("Invalid challenge"));
    }
    let Some(expected) = &state.settings.whatsapp.verify_token else {
        return Err(ApiError::Forbidden("Verification failed"));
    };
    let token_matches = param(&query, "verify_token")
        .is_some_and(|token| constant_time_eq(token.as_bytes(), expected.expose().as_bytes()));
    if param(&query, "mode") == Some("subscribe") && token_matches {
        Ok(HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(challenge.to_owned()))
    } else {
        Err(ApiError::Forbidden("Verification failed"))
    }
}
