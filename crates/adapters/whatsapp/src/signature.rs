//! `X-Hub-Signature-256` (integrations.md §2.7): HMAC-SHA256 of the raw body, keyed with the app secret,
//! sent as `sha256=<hex>`. Verified on the bytes exactly as received, before any JSON parsing.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::encoding::{from_hex, to_hex};

type HmacSha256 = Hmac<Sha256>;

const PREFIX: &str = "sha256=";

/// Why a webhook delivery was not accepted as coming from Meta. The variants exist for the
/// `has_signature_header` warning; none of them carries the header value, which is never logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// An empty secret would make every forged delivery verifiable by anyone who guesses it.
    #[error("the webhook app secret is not configured")]
    NoSecret,
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    #[error("the X-Hub-Signature-256 header is not `sha256=` followed by 64 hex digits")]
    Malformed,
    #[error("the X-Hub-Signature-256 header does not match the body")]
    Mismatch,
}

impl SignatureError {
    /// Whether the delivery carried a signature header at all (the WARN event's only field).
    pub fn had_header(self) -> bool {
        matches!(self, Self::Malformed | Self::Mismatch)
    }
}

/// Checks `header` against the HMAC of `raw_body`; the digest comparison is constant time.
pub fn verify_signature(
    app_secret: &[u8],
    raw_body: &[u8],
    header: Option<&str>,
) -> Result<(), SignatureError> {
    if app_secret.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let header = header.ok_or(SignatureError::Missing)?;
    let claimed = header
        .strip_prefix(PREFIX)
        .filter(|hex| hex.len() == 64)
        .and_then(from_hex)
        .ok_or(SignatureError::Malformed)?;
    keyed(app_secret)
        .chain_update(raw_body)
        .verify_slice(&claimed)
        .map_err(|_| SignatureError::Mismatch)
}

/// The header value Meta would send for `body`: `sha256=` + lower-case hex.
pub fn sign(app_secret: &[u8], body: &[u8]) -> String {
    let digest = keyed(app_secret).chain_update(body).finalize().into_bytes();
    format!("{PREFIX}{}", to_hex(&digest))
}

fn keyed(app_secret: &[u8]) -> HmacSha256 {
    match HmacSha256::new_from_slice(app_secret) {
        Ok(mac) => mac,
        // HMAC pads or hashes keys of any length, so this constructor cannot fail for SHA-256.
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of every length"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"inkdesk-test-app-secret";
    const BODY: &[u8] = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    const VECTOR: &str = "sha256=c35969e1a762e801f21768526a51c196797adb24d5c3f4f8b38f460e6113170d";

    #[test]
    fn spec_test_vector() {
        assert_eq!(BODY.len(), 49);
        assert_eq!(sign(SECRET, BODY), VECTOR);
        assert_eq!(verify_signature(SECRET, BODY, Some(VECTOR)), Ok(()));
    }

    #[test]
    fn upper_case_hex_is_the_same_digest() {
        let upper = format!("sha256={}", VECTOR[7..].to_uppercase());
        assert_eq!(verify_signature(SECRET, BODY, Some(&upper)), Ok(()));
    }

    #[test]
    fn missing_malformed_and_mismatch_are_distinguished() {
        let check = |header| verify_signature(SECRET, BODY, header);
        assert_eq!(check(None), Err(SignatureError::Missing));
        assert_eq!(check(Some("")), Err(SignatureError::Malformed));
        assert_eq!(check(Some(&VECTOR[7..])), Err(SignatureError::Malformed));
        assert_eq!(check(Some("sha1=abcd")), Err(SignatureError::Malformed));
        assert_eq!(check(Some(&VECTOR[..70])), Err(SignatureError::Malformed));
        let non_hex = format!("sha256={}", "g".repeat(64));
        assert_eq!(check(Some(&non_hex)), Err(SignatureError::Malformed));
        let multibyte = format!("sha256={}", "é".repeat(32));
        assert_eq!(check(Some(&multibyte)), Err(SignatureError::Malformed));
        let wrong = format!("sha256={}", "0".repeat(64));
        assert_eq!(check(Some(&wrong)), Err(SignatureError::Mismatch));
    }

    #[test]
    fn one_byte_of_difference_in_body_or_secret_fails() {
        let reserialised = br#"{"object": "whatsapp_business_account", "entry": []}"#;
        assert_eq!(
            verify_signature(SECRET, reserialised, Some(VECTOR)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(b"inkdesk-test-app-secreT", BODY, Some(VECTOR)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn an_empty_secret_verifies_nothing() {
        let forged = sign(b"", BODY);
        assert_eq!(
            verify_signature(b"", BODY, Some(&forged)),
            Err(SignatureError::NoSecret)
        );
    }

    #[test]
    fn had_header_reports_only_presence() {
        assert!(!SignatureError::Missing.had_header());
        assert!(SignatureError::Mismatch.had_header());
    }
}
