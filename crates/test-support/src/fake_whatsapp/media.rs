//! Media on the fake: `GET /<version>/<media_id>` answers metadata whose `url` points back at the fake
//! (`/fake-media/<media_id>`), and both need the bearer token, as on Meta.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::server::{Reply, graph_error, json_reply};
use super::{Shared, lock};

pub(super) const DOWNLOAD_PREFIX: &str = "fake-media";

/// One past the client's 16 MiB cap.
const OVERSIZE_BYTES: usize = 16 * 1024 * 1024 + 1;

/// How a media object misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaScenario {
    Normal,
    /// The media id is older than Meta keeps it: metadata answers 404 with error 131052.
    Expired,
    /// Announces and serves more than 16 MiB.
    Oversize,
    /// Announces its real (small) size, then serves more than 16 MiB.
    OversizeUnannounced,
    /// Announces the SHA-256 of other bytes.
    WrongSha256,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeMedia {
    pub id: String,
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub scenario: MediaScenario,
}

impl FakeMedia {
    pub fn new(
        id: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
        mime_type: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            bytes: bytes.into(),
            mime_type: mime_type.into(),
            scenario: MediaScenario::Normal,
        }
    }

    pub fn with_scenario(mut self, scenario: MediaScenario) -> Self {
        self.scenario = scenario;
        self
    }

    /// Lower-case hex SHA-256 of the bytes, as Meta announces it.
    pub fn sha256_hex(&self) -> String {
        hex(&Sha256::digest(&self.bytes))
    }
}

pub(super) fn metadata(state: &Shared, media_id: &str) -> Reply {
    let (media, base_url) = {
        let state = lock(state);
        (state.media.get(media_id).cloned(), state.base_url.clone())
    };
    let Some(media) = media else {
        // What Meta answers for an id it never issued.
        return graph_error(state, 400, 100, None);
    };
    let sha256 = match media.scenario {
        MediaScenario::WrongSha256 => hex(&Sha256::digest(b"some other bytes")),
        _ => media.sha256_hex(),
    };
    let file_size = match media.scenario {
        MediaScenario::Expired => return graph_error(state, 404, 131_052, None),
        MediaScenario::Oversize => OVERSIZE_BYTES,
        _ => media.bytes.len(),
    };
    json_reply(
        200,
        &json!({"messaging_product": "whatsapp", "url": format!("{base_url}/{DOWNLOAD_PREFIX}/{media_id}"),
                "mime_type": media.mime_type, "sha256": sha256, "file_size": file_size, "id": media.id}),
    )
}

pub(super) fn download(state: &Shared, media_id: &str) -> Reply {
    let media = lock(state).media.get(media_id).cloned();
    let Some(media) = media.filter(|m| m.scenario != MediaScenario::Expired) else {
        return graph_error(state, 404, 131_052, None);
    };
    let bytes = match media.scenario {
        MediaScenario::Oversize | MediaScenario::OversizeUnannounced => vec![0; OVERSIZE_BYTES],
        _ => media.bytes,
    };
    let mut reply = Response::new(Full::new(Bytes::from(bytes)));
    if let Ok(mime) = HeaderValue::from_str(&media.mime_type) {
        reply.headers_mut().insert(CONTENT_TYPE, mime);
    }
    reply
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
