//! `Stripe-Signature` (integrations.md §3.5): `t=<unix>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`, where each
//! `v1` is HMAC-SHA256(webhook secret, `<t>.<raw body>`). Verified on the bytes exactly as received,
//! before any JSON parsing; any one `v1` may match (several are sent while a secret is rotated).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// The tolerance http-api.md §3.3 prescribes for `|now − t|`.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

/// Why a delivery was not accepted as coming from Stripe. No variant carries the header value or the
/// body: neither is ever logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StripeSignatureError {
    /// An empty secret would make every forged delivery verifiable by anyone.
    #[error("the Stripe webhook secret is not configured")]
    NoSecret,
    #[error("the Stripe-Signature header is missing")]
    Missing,
    #[error("the Stripe-Signature header has no `t=` timestamp or no `v1=` signature")]
    Malformed,
    #[error("no v1 signature in the Stripe-Signature header matches the body")]
    NoMatch,
    #[error("the Stripe-Signature timestamp is outside the tolerance")]
    Stale,
}

impl StripeSignatureError {
    /// The `reason` field of WARN `stripe.signature_verification_failure`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::NoSecret => "no_secret",
            Self::Missing => "missing",
            Self::Malformed => "malformed",
            Self::NoMatch => "no_match",
            Self::Stale => "stale",
        }
    }
}

/// Checks `header` against `raw_body`. Every `v1` is compared in constant time; `v0` and unknown
/// schemes are ignored. The timestamp is checked only once a signature matched, so a stale but forged
/// header reports `NoMatch`.
pub fn verify_stripe_signature(
    secret: &[u8],
    raw_body: &[u8],
    header: Option<&str>,
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<(), StripeSignatureError> {
    if secret.is_empty() {
        return Err(StripeSignatureError::NoSecret);
    }
    let header = header.ok_or(StripeSignatureError::Missing)?;
    let parsed = parse_header(header)?;
    let expected = mac(secret, parsed.timestamp_text, raw_body)
        .finalize()
        .into_bytes();
    // Every candidate is compared in constant time and none short-circuits, so the time taken does
    // not reveal which one matched or how much of it.
    let matched = parsed.v1.iter().fold(false, |found, candidate| {
        let ok = candidate
            .as_deref()
            .is_some_and(|bytes| bool::from(expected.as_slice().ct_eq(bytes)));
        found | ok
    });
    if !matched {
        return Err(StripeSignatureError::NoMatch);
    }
    let tolerance = u64::try_from(tolerance_secs).unwrap_or(0);
    if now_unix.abs_diff(parsed.timestamp) > tolerance {
        return Err(StripeSignatureError::Stale);
    }
    Ok(())
}

/// The header Stripe would send for `body` at `timestamp`: `t=<timestamp>,v1=<lower-case hex>`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let text = timestamp.to_string();
    let digest = mac(secret, &text, body).finalize().into_bytes();
    format!("t={text},v1={}", to_hex(&digest))
}

struct ParsedHeader<'a> {
    timestamp: i64,
    /// Signed exactly as sent (`t=0042` signs `0042.`), so the digits are kept as text.
    timestamp_text: &'a str,
    /// One entry per `v1`; `None` for a value that is not 64 hex digits (it can never match).
    v1: Vec<Option<Vec<u8>>>,
}

fn parse_header(header: &str) -> Result<ParsedHeader<'_>, StripeSignatureError> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for item in header.split(',') {
        let Some((key, value)) = item.trim().split_once('=') else {
            continue;
        };
        match key {
            "t" => {
                // Two timestamps leave it ambiguous which one was signed.
                if timestamp.is_some() {
                    return Err(StripeSignatureError::Malformed);
                }
                let digits = value.trim();
                let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                let parsed = digits.parse::<i64>().ok().filter(|_| valid);
                timestamp = Some(
                    parsed
                        .map(|t| (t, digits))
                        .ok_or(StripeSignatureError::Malformed)?,
                );
            }
            "v1" => v1.push(
                Some(value.trim())
                    .filter(|h| h.len() == 64)
                    .and_then(from_hex),
            ),
            _ => {}
        }
    }
    match (timestamp, v1.is_empty()) {
        (Some((timestamp, timestamp_text)), false) => Ok(ParsedHeader {
            timestamp,
            timestamp_text,
            v1,
        }),
        _ => Err(StripeSignatureError::Malformed),
    }
}

fn mac(secret: &[u8], timestamp: &str, body: &[u8]) -> HmacSha256 {
    let mac = match HmacSha256::new_from_slice(secret) {
        Ok(mac) => mac,
        // HMAC pads or hashes keys of any length, so this constructor cannot fail for SHA-256.
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of every length"),
    };
    mac.chain_update(timestamp.as_bytes())
        .chain_update(b".")
        .chain_update(body)
}

fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

/// Hex of either case; `None` for an odd length or any other character.
fn from_hex(text: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let raw = text.as_bytes();
    if !raw.len().is_multiple_of(2) {
        return None;
    }
    raw.chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
