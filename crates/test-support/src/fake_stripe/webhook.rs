//! Delivering events to the server under test as Stripe would: `Stripe-Signature` computed on the
//! fake's clock over the exact body bytes, or deliberately wrong in one of the ways §3.5 refuses.
//!
//! The signature is computed here rather than with `inkdesk_stripe::sign`, so that the adapter's own
//! implementation is checked against an independent one.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{FakeEvent, FakeStripe, lock};

pub const SIGNATURE_HEADER: &str = "Stripe-Signature";

/// Older than the 300-second tolerance by a clear margin.
const STALE_BY_SECS: i64 = 600;

/// Which `Stripe-Signature` a delivery carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// `t=<now>,v1=<hmac>`.
    Valid,
    /// A wrong `v1` first, then the right one (secret rotation): still valid.
    ExtraWrongV1,
    /// Correctly signed, but `t` is 10 minutes before the fake's clock.
    Stale,
    /// Well-formed, signed with another secret.
    BadSignature,
    /// `v1` without `t`.
    Malformed,
    /// No header at all.
    Missing,
}

/// `t=<t>,v1=<lower-case hex of HMAC-SHA256(secret, "<t>.<body>")>`.
pub fn sign_stripe(secret: &[u8], t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", v1(secret, t, body))
}

/// The header a delivery carries at `now`; `None` for [`Signing::Missing`].
pub fn signature_header(secret: &[u8], now: i64, body: &[u8], signing: Signing) -> Option<String> {
    let wrong = v1(b"whsec_not_the_endpoint_secret", now, body);
    match signing {
        Signing::Valid => Some(sign_stripe(secret, now, body)),
        Signing::ExtraWrongV1 => Some(format!("t={now},v1={wrong},v1={}", v1(secret, now, body))),
        Signing::Stale => Some(sign_stripe(secret, now.saturating_sub(STALE_BY_SECS), body)),
        Signing::BadSignature => Some(format!("t={now},v1={wrong}")),
        Signing::Malformed => Some(format!("v1={}", v1(secret, now, body))),
        Signing::Missing => None,
    }
}

/// POSTs `body` byte for byte to `url` (the server's `/webhooks/stripe`) with `header`.
pub async fn post_webhook(url: &str, header: Option<String>, body: Vec<u8>) -> reqwest::Response {
    crate::init_crypto();
    let mut request = reqwest::Client::new()
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )
        .header(
            reqwest::header::USER_AGENT,
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        )
        .body(body);
    if let Some(header) = header {
        request = request.header(SIGNATURE_HEADER, header);
    }
    request.send().await.expect("deliver the webhook")
}

impl FakeStripe {
    /// The `Stripe-Signature` [`FakeStripe::deliver`] would send for `event`.
    pub fn signature_for(&self, event: &FakeEvent, signing: Signing) -> Option<String> {
        let (secret, now) = {
            let state = lock(&self.state);
            (state.webhook_secret.clone(), state.now())
        };
        signature_header(secret.as_bytes(), now, &event.body, signing)
    }

    /// Delivers `event` to `url`, signed with the webhook secret on the fake's clock.
    pub async fn deliver(
        &self,
        url: &str,
        event: &FakeEvent,
        signing: Signing,
    ) -> reqwest::Response {
        let header = self.signature_for(event, signing);
        post_webhook(url, header, event.body.clone()).await
    }
}

fn v1(secret: &[u8], t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_spec_test_vector() {
        assert_eq!(
            sign_stripe(
                b"whsec_test_inkdesk",
                1_806_056_504,
                br#"{"id":"evt_test_inkdesk","object":"event"}"#
            ),
            "t=1806056504,v1=4c8d4d08cef5d16fb21f437e6a470d305e7e999f4c963a696d410f3daf62dd32"
        );
    }

    #[test]
    fn variants_differ_where_they_should() {
        let (secret, now, body) = (b"whsec_x".as_slice(), 1_000_000, b"{}".as_slice());
        let valid = signature_header(secret, now, body, Signing::Valid).unwrap();
        let extra = signature_header(secret, now, body, Signing::ExtraWrongV1).unwrap();
        assert!(extra.ends_with(&valid[valid.find(",v1=").unwrap()..]));
        assert_eq!(extra.matches("v1=").count(), 2);
        let stale = signature_header(secret, now, body, Signing::Stale).unwrap();
        assert!(stale.starts_with("t=999400,"));
        assert!(
            !signature_header(secret, now, body, Signing::Malformed)
                .unwrap()
                .contains("t=")
        );
        assert_ne!(
            signature_header(secret, now, body, Signing::BadSignature),
            Some(valid)
        );
        assert_eq!(signature_header(secret, now, body, Signing::Missing), None);
    }
}
