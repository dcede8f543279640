//! Media download (integrations.md §2.5): metadata from `GET /<media_id>`, then the bytes from the
//! short-lived URL it names, streamed under a 16 MiB cap and checked against the announced SHA-256.

use std::fmt;
use std::time::Instant;

use inkdesk_domain::provider::ProviderError;
use reqwest::Url;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::CloudApiClient;
use super::call::Call;
use super::classify::CallKind;
use crate::encoding::{to_base64, to_hex};

/// Larger media are recorded as `skipped`, never downloaded.
pub const MAX_MEDIA_BYTES: u64 = 16 * 1024 * 1024;

/// What `GET /<media_id>` says about one media object. The URL is valid for about five minutes, so
/// each download attempt fetches fresh metadata.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaMetadata {
    pub id: String,
    /// Signed and short-lived: kept out of `Debug` and logs.
    pub url: String,
    pub mime_type: String,
    /// Lower-case hex, or 44-character base64 on some accounts.
    pub sha256: String,
    pub file_size: u64,
}

impl MediaMetadata {
    /// Whether the announced size allows a download at all.
    pub fn within_size_cap(&self) -> bool {
        self.file_size <= MAX_MEDIA_BYTES
    }
}

impl fmt::Debug for MediaMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaMetadata")
            .field("id", &self.id)
            .field("mime_type", &self.mime_type)
            .field("sha256", &self.sha256)
            .field("file_size", &self.file_size)
            .finish_non_exhaustive()
    }
}

/// Verified media bytes, ready to store as an attachment.
#[derive(Clone, PartialEq, Eq)]
pub struct DownloadedMedia {
    pub bytes: Vec<u8>,
    pub mime_type: String,
    /// Lower-case hex SHA-256 of `bytes`.
    pub sha256: String,
}

impl fmt::Debug for DownloadedMedia {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownloadedMedia")
            .field("size", &self.bytes.len())
            .field("mime_type", &self.mime_type)
            .field("sha256", &self.sha256)
            .finish()
    }
}

impl CloudApiClient {
    pub async fn media_metadata(&self, media_id: &str) -> Result<MediaMetadata, ProviderError> {
        let call = Call {
            operation: "media_metadata",
            kind: CallKind::Media,
            recipient: None,
        };
        let valid_id = !media_id.is_empty()
            && media_id.len() <= 128
            && media_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if !valid_id {
            let error = ProviderError::permanent("invalid_media_id");
            call.log_failure(None, &error, None, Instant::now());
            return Err(error);
        }
        let mut url = self.versioned.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().push(media_id);
        }
        let request = self
            .http
            .get(url)
            .header(reqwest::header::AUTHORIZATION, &self.bearer);
        let unreadable = ProviderError::retryable("unreadable_response", Some(media_floor()));
        call.send_expecting(request, metadata, unreadable).await
    }

    /// Downloads and verifies the bytes `metadata` points at. Oversize (announced or actual) and a
    /// digest mismatch are `Permanent`.
    pub async fn download_media(
        &self,
        metadata: &MediaMetadata,
    ) -> Result<DownloadedMedia, ProviderError> {
        let call = Call {
            operation: "media_download",
            kind: CallKind::Media,
            recipient: None,
        };
        let refuse = |code: &str| {
            let error = ProviderError::permanent(code);
            call.log_failure(None, &error, None, Instant::now());
            error
        };
        if !metadata.within_size_cap() {
            return Err(refuse("media_too_large"));
        }
        let url = self
            .trusted_media_url(&metadata.url)
            .ok_or_else(|| refuse("untrusted_media_url"))?;
        let request = self
            .http
            .get(url)
            .header(reqwest::header::AUTHORIZATION, &self.bearer)
            .timeout(self.download_timeout);
        let mut success = call.send(request).await?;

        let fail = |success: &super::call::Success, error: ProviderError| {
            call.finish_err(success, &error);
            error
        };
        if success
            .response
            .content_length()
            .is_some_and(|len| len > MAX_MEDIA_BYTES)
        {
            return Err(fail(&success, ProviderError::permanent("media_too_large")));
        }
        let mut bytes = Vec::new();
        let mut hasher = Sha256::new();
        loop {
            let chunk = match success.response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => return Err(call.transport_failed(&error, success.started())),
            };
            if (bytes.len() + chunk.len()) as u64 > MAX_MEDIA_BYTES {
                return Err(fail(&success, ProviderError::permanent("media_too_large")));
            }
            hasher.update(&chunk);
            bytes.extend_from_slice(&chunk);
        }
        let digest = hasher.finalize();
        match digest_matches(&digest, &metadata.sha256) {
            Some(true) => {}
            Some(false) => {
                return Err(fail(
                    &success,
                    ProviderError::permanent("media_sha256_mismatch"),
                ));
            }
            None => {
                return Err(fail(
                    &success,
                    ProviderError::permanent("media_sha256_unreadable"),
                ));
            }
        }
        call.finish_ok(&success);
        Ok(DownloadedMedia {
            bytes,
            mime_type: metadata.mime_type.clone(),
            sha256: to_hex(&digest),
        })
    }

    /// The bearer token goes with the download, so the URL must be HTTPS (Meta's CDN) or on the
    /// configured Graph API origin (the fake in tests).
    fn trusted_media_url(&self, raw: &str) -> Option<Url> {
        let url = Url::parse(raw).ok()?;
        let same_origin = url.origin() == self.versioned.origin();
        (url.scheme() == "https" || same_origin).then_some(url)
    }
}

fn media_floor() -> std::time::Duration {
    std::time::Duration::from_secs(120)
}

fn metadata(json: &Value) -> Option<MediaMetadata> {
    let text = |key: &str| json.get(key)?.as_str().map(str::to_owned);
    let file_size = match json.get("file_size")? {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    Some(MediaMetadata {
        id: text("id")?,
        url: text("url")?,
        mime_type: text("mime_type")?,
        sha256: text("sha256")?,
        file_size,
    })
}

/// `None` when `expected` is neither 64 hex digits nor 44 characters of base64.
fn digest_matches(digest: &[u8], expected: &str) -> Option<bool> {
    let expected = expected.trim();
    match expected.len() {
        64 if expected.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(expected.eq_ignore_ascii_case(&to_hex(digest)))
        }
        44 => Some(expected == to_base64(digest)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_compare_as_hex_of_either_case_or_base64() {
        let digest = Sha256::digest(b"abc");
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(digest_matches(&digest, hex), Some(true));
        assert_eq!(digest_matches(&digest, &hex.to_uppercase()), Some(true));
        assert_eq!(
            digest_matches(&digest, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
            Some(true)
        );
        assert_eq!(digest_matches(&digest, &"0".repeat(64)), Some(false));
        assert_eq!(digest_matches(&digest, &"A".repeat(44)), Some(false));
        assert_eq!(digest_matches(&digest, "abc"), None);
        assert_eq!(digest_matches(&digest, &"z".repeat(64)), None);
    }

    #[test]
    fn metadata_needs_every_field_and_accepts_string_sizes() {
        let json = serde_json::json!({"messaging_product": "whatsapp", "url": "https://x/y", "mime_type": "image/jpeg",
            "sha256": "ab", "file_size": "184233", "id": "1"});
        assert_eq!(metadata(&json).map(|m| m.file_size), Some(184_233));
        let missing = serde_json::json!({"url": "https://x/y", "mime_type": "image/jpeg", "id": "1", "file_size": 1});
        assert_eq!(metadata(&missing), None);
    }

    #[test]
    fn debug_hides_the_signed_url() {
        let meta = MediaMetadata {
            id: "1".into(),
            url: "https://lookaside.fbsbx.com/?mid=secret".into(),
            mime_type: "image/jpeg".into(),
            sha256: "ab".into(),
            file_size: 3,
        };
        assert!(!format!("{meta:?}").contains("secret"));
    }
}
