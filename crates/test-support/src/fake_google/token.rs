//! The OAuth token endpoint (integrations.md §4.5): accepts the JWT-bearer grant, decodes the
//! assertion, checks header and claims, verifies the RS256 signature against the test key, and
//! issues `fake-<n>` tokens with an expiry.
//!
//! RSASSA-PKCS1-v1_5 is deterministic, so "verify with the public half" is done by signing the same
//! input with the test key and comparing: equivalent for this scheme, and it needs nothing beyond
//! rustls' ring provider, which the tree already has.

use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rustls::SignatureScheme;
use rustls::crypto::ring::sign::RsaSigningKey;
use rustls::pki_types::PrivateKeyDer;
use rustls::pki_types::pem::PemObject;
use rustls::sign::SigningKey;
use serde_json::{Value, json};

use super::key::{FAKE_PRIVATE_KEY_ID, TEST_PRIVATE_KEY_PEM};
use super::wire::{Reply, form_pairs, json_reply, oauth_error};
use super::{IssuedToken, Shared, lock};

pub const GOOGLE_TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// Google's limit on an assertion's lifetime.
const MAX_LIFETIME_SECS: i64 = 3600;
/// How far `iat` may be from the fake's clock (Google tolerates a little skew).
const MAX_SKEW_SECS: i64 = 300;

/// The scopes inkdesk asks for; any other scope is refused like an unknown one.
pub const KNOWN_SCOPES: [&str; 3] = [
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/calendar.events",
    "https://www.googleapis.com/auth/calendar.readonly",
];

pub(crate) fn handle(state: &Shared, body: &[u8]) -> Reply {
    let form = form_pairs(&String::from_utf8_lossy(body));
    let field = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if field("grant_type") != Some(GRANT_TYPE) {
        return oauth_error(400, "unsupported_grant_type", "Invalid grant_type.");
    }
    let Some(assertion) = field("assertion") else {
        return oauth_error(
            400,
            "invalid_request",
            "Missing required parameter: assertion",
        );
    };
    let (client_email, token_url) = {
        let state = lock(state);
        (state.client_email.clone(), state.token_url.clone())
    };
    let scopes = match verify(assertion, &client_email, &token_url) {
        Ok(scopes) => scopes,
        Err(description) => return oauth_error(400, "invalid_grant", description),
    };
    let mut state = lock(state);
    state.issued += 1;
    let token = format!("fake-{}", state.issued);
    let lifetime = state.token_lifetime;
    state.tokens.insert(
        token.clone(),
        IssuedToken {
            scopes,
            expires_at: Instant::now() + Duration::from_secs(lifetime),
        },
    );
    json_reply(
        200,
        &json!({"access_token": token, "expires_in": lifetime, "token_type": "Bearer"}),
    )
}

/// What the request log keeps of a token request: the grant type and the decoded assertion,
/// never the signed assertion (it is a bearer credential for an hour).
pub(crate) fn recorded_body(body: &[u8]) -> Value {
    let form = form_pairs(&String::from_utf8_lossy(body));
    let mut recorded = json!({});
    for (name, value) in form {
        if name == "assertion" {
            let mut parts = value.split('.');
            recorded["header"] = parts.next().and_then(decode_json).unwrap_or(Value::Null);
            recorded["claims"] = parts.next().and_then(decode_json).unwrap_or(Value::Null);
        } else {
            recorded[name] = Value::String(value);
        }
    }
    recorded
}

/// The granted scopes, or the reason Google would give for refusing the assertion.
fn verify(
    assertion: &str,
    client_email: &str,
    token_url: &str,
) -> Result<Vec<String>, &'static str> {
    let parts: Vec<&str> = assertion.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Err(
            "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.",
        );
    };
    let header = decode_json(header).ok_or("Invalid JWT header.")?;
    if header["alg"] != "RS256" || header.get("typ").is_some_and(|t| t != "JWT") {
        return Err("Invalid JWT header: alg must be RS256.");
    }
    if header
        .get("kid")
        .is_some_and(|kid| kid != FAKE_PRIVATE_KEY_ID)
    {
        return Err("Invalid JWT Signature.");
    }
    let claims = decode_json(claims).ok_or("Invalid JWT claims.")?;
    if claims["iss"] != client_email {
        return Err("Invalid issuer: unknown client_email.");
    }
    let aud = claims["aud"].as_str().unwrap_or_default();
    if aud != token_url && aud != GOOGLE_TOKEN_URL {
        return Err("Invalid JWT audience.");
    }
    if claims.get("sub").is_some_and(|sub| !sub.is_null()) {
        return Err("Invalid subject: no domain-wide delegation for this client.");
    }
    let (Some(iat), Some(exp)) = (claims["iat"].as_i64(), claims["exp"].as_i64()) else {
        return Err("Invalid JWT: iat and exp are required.");
    };
    let now = unix_now();
    if exp <= iat
        || exp - iat > MAX_LIFETIME_SECS
        || (iat - now).abs() > MAX_SKEW_SECS
        || exp <= now
    {
        return Err(
            "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.",
        );
    }
    let scopes: Vec<String> = claims["scope"]
        .as_str()
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() || scopes.iter().any(|s| !KNOWN_SCOPES.contains(&s.as_str())) {
        return Err("Invalid scope.");
    }
    let signed_part = &assertion[..header_and_claims_len(assertion)];
    if decode(signature) != Some(expected_signature(signed_part.as_bytes())) {
        return Err("Invalid JWT Signature.");
    }
    Ok(scopes)
}

/// Length of `<header>.<claims>` in the assertion.
fn header_and_claims_len(assertion: &str) -> usize {
    assertion.rfind('.').unwrap_or(assertion.len())
}

fn expected_signature(message: &[u8]) -> Vec<u8> {
    let der = PrivateKeyDer::from_pem_slice(TEST_PRIVATE_KEY_PEM.as_bytes())
        .expect("the test key is valid PEM");
    let key = RsaSigningKey::new(&der).expect("the test key is an RSA key");
    let signer = key
        .choose_scheme(&[SignatureScheme::RSA_PKCS1_SHA256])
        .expect("RSA keys sign PKCS#1 v1.5 SHA-256");
    signer.sign(message).expect("signing with the test key")
}

/// Base64url with or without padding (yup-oauth2 pads; the JWT spec does not).
fn decode(part: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()
}

fn decode_json(part: &str) -> Option<Value> {
    serde_json::from_slice(&decode(part)?).ok()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
