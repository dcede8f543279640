//! Who may call the fake: the secret key as `Bearer <key>` or as the Basic user (`curl -u sk_…:`),
//! as Stripe accepts it. Recorded headers never keep the credentials.

use base64::Engine as _;
use hyper::header::{AUTHORIZATION, HeaderMap};

/// `Bearer <secret>`, or Basic with the secret as the user (`curl -u sk_test_…:`).
pub(super) fn authorized(headers: &HeaderMap, secret: &str) -> bool {
    let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if let Some(token) = value.strip_prefix("Bearer ") {
        return token == secret;
    }
    value
        .strip_prefix("Basic ")
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .and_then(|raw| String::from_utf8(raw).ok())
        .is_some_and(|pair| pair.split_once(':').map_or(pair.as_str(), |(user, _)| user) == secret)
}

pub(super) fn redacted(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = if name == AUTHORIZATION {
                "[redacted]".to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), value)
        })
        .collect()
}
