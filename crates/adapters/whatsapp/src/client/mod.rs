//! The WhatsApp Cloud API client (integrations.md §2.1–§2.5): one shared `reqwest::Client`, no retries
//! (the job queue retries), every failure classified into a [`ProviderError`].

mod call;
mod classify;
mod media;

use std::fmt;
use std::time::{Duration, Instant};

use inkdesk_domain::model::Phone;
use inkdesk_domain::provider::ProviderError;
use reqwest::Url;
use serde_json::Value;

use crate::outbound::{
    ListMessage, Outbound, ReplyButtons, TemplateMessage, mark_read_body, message_body,
};
use call::Call;
use classify::CallKind;

pub use media::{DownloadedMedia, MAX_MEDIA_BYTES, MediaMetadata};

pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";
pub const DEFAULT_API_VERSION: &str = "v24.0";

/// How long each kind of call may take (integrations.md §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// Send, media metadata, mark-read: the whole call.
    pub api: Duration,
    /// Media download: the whole call.
    pub download: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            api: Duration::from_secs(10),
            download: Duration::from_secs(30),
        }
    }
}

/// Where and as whom the client talks to the Graph API.
#[derive(Clone)]
pub struct CloudApiConfig {
    /// `WHATSAPP_API_BASE_URL`; tests point it at the fake.
    pub base_url: String,
    /// `WHATSAPP_API_VERSION`.
    pub api_version: String,
    /// `WHATSAPP_PHONE_NUMBER_ID`.
    pub phone_number_id: String,
    /// `WHATSAPP_ACCESS_TOKEN`.
    pub access_token: String,
    /// The spec's values by default; tests shorten them.
    pub timeouts: Timeouts,
}

impl CloudApiConfig {
    /// Production base URL and API version.
    pub fn new(phone_number_id: impl Into<String>, access_token: impl Into<String>) -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            phone_number_id: phone_number_id.into(),
            access_token: access_token.into(),
            timeouts: Timeouts::default(),
        }
    }
}

impl fmt::Debug for CloudApiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloudApiConfig")
            .field("base_url", &self.base_url)
            .field("api_version", &self.api_version)
            .field("phone_number_id", &self.phone_number_id)
            .field("access_token", &"[redacted]")
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

/// The client could not be built from its configuration.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("WHATSAPP_API_BASE_URL is not an http(s) URL")]
    BaseUrl,
    #[error("{0} must be a single non-empty path segment")]
    PathSegment(&'static str),
    #[error("WHATSAPP_ACCESS_TOKEN is empty or not a valid header value")]
    AccessToken,
    #[error("the HTTP client could not be built: {0}")]
    Http(#[from] reqwest::Error),
}

/// The id WhatsApp gave an accepted message (`wamid…`), stored as `provider_message_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProviderMessageId(String);

impl ProviderMessageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for ProviderMessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Graph API client. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct CloudApiClient {
    http: reqwest::Client,
    /// `<base>/<version>/`
    versioned: Url,
    phone_number_id: String,
    bearer: String,
    download_timeout: Duration,
}

impl fmt::Debug for CloudApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloudApiClient")
            .field("versioned", &self.versioned.as_str())
            .finish_non_exhaustive()
    }
}

impl CloudApiClient {
    /// Needs the process-wide rustls provider (ring) installed first, as `main` does.
    pub fn new(config: CloudApiConfig) -> Result<Self, ClientError> {
        let mut versioned = Url::parse(&config.base_url).map_err(|_| ClientError::BaseUrl)?;
        if !matches!(versioned.scheme(), "http" | "https") || versioned.cannot_be_a_base() {
            return Err(ClientError::BaseUrl);
        }
        let version = segment(&config.api_version, "WHATSAPP_API_VERSION")?;
        let phone_number_id = segment(&config.phone_number_id, "WHATSAPP_PHONE_NUMBER_ID")?;
        versioned
            .path_segments_mut()
            .map_err(|()| ClientError::BaseUrl)?
            .pop_if_empty()
            .push(version)
            .push("");
        let bearer = format!("Bearer {}", config.access_token);
        if config.access_token.is_empty()
            || reqwest::header::HeaderValue::from_str(&bearer).is_err()
        {
            return Err(ClientError::AccessToken);
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("inkdesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(config.timeouts.connect)
            .timeout(config.timeouts.api)
            .build()?;
        Ok(Self {
            http,
            versioned,
            phone_number_id: phone_number_id.to_owned(),
            bearer,
            download_timeout: config.timeouts.download,
        })
    }

    pub async fn send_text(
        &self,
        to: &Phone,
        body: &str,
    ) -> Result<ProviderMessageId, ProviderError> {
        self.send(to, Outbound::Text(body)).await
    }

    pub async fn send_interactive_buttons(
        &self,
        to: &Phone,
        message: &ReplyButtons,
    ) -> Result<ProviderMessageId, ProviderError> {
        self.send(to, Outbound::Buttons(message)).await
    }

    pub async fn send_interactive_list(
        &self,
        to: &Phone,
        message: &ListMessage,
    ) -> Result<ProviderMessageId, ProviderError> {
        self.send(to, Outbound::List(message)).await
    }

    pub async fn send_template(
        &self,
        to: &Phone,
        message: &TemplateMessage,
    ) -> Result<ProviderMessageId, ProviderError> {
        self.send(to, Outbound::Template(message)).await
    }

    /// Marks an inbound message as read (blue ticks). Callers ignore failures (integrations.md §2.4).
    pub async fn mark_read(&self, inbound_message_id: &str) -> Result<(), ProviderError> {
        if inbound_message_id.is_empty() {
            return Err(ProviderError::permanent("invalid_message.message_id"));
        }
        let call = Call {
            operation: "mark_read",
            kind: CallKind::Messaging,
            recipient: None,
        };
        let request = self
            .post_messages()
            .json(&mark_read_body(inbound_message_id));
        // A 2xx is all that matters; the `{"success": true}` body carries nothing more.
        call.send_expecting(request, |_| Some(()), unreadable())
            .await
    }

    async fn send(
        &self,
        to: &Phone,
        message: Outbound<'_>,
    ) -> Result<ProviderMessageId, ProviderError> {
        let call = Call {
            operation: message.operation(),
            kind: CallKind::Messaging,
            recipient: Some(to.masked()),
        };
        if let Err(invalid) = message.validate() {
            let error = ProviderError::from(invalid);
            call.log_failure(None, &error, None, Instant::now());
            return Err(error);
        }
        let request = self
            .post_messages()
            .json(&message_body(to.digits(), message));
        // Accepted but without an id: the message may well have gone out, and a retry could send it
        // twice, so this dead-letters rather than retries.
        call.send_expecting(request, message_id, unreadable()).await
    }

    fn post_messages(&self) -> reqwest::RequestBuilder {
        let mut url = self.versioned.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .push(&self.phone_number_id)
                .push("messages");
        }
        self.http
            .post(url)
            .header(reqwest::header::AUTHORIZATION, &self.bearer)
    }
}

fn unreadable() -> ProviderError {
    ProviderError::permanent("unreadable_response")
}

/// `messages[0].id` of a send response.
fn message_id(json: &Value) -> Option<ProviderMessageId> {
    let id = json.get("messages")?.get(0)?.get("id")?.as_str()?;
    (!id.is_empty()).then(|| ProviderMessageId(id.to_owned()))
}

/// A configuration value used as one URL path segment.
fn segment<'a>(value: &'a str, name: &'static str) -> Result<&'a str, ClientError> {
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && value != "."
        && value != "..";
    valid.then_some(value).ok_or(ClientError::PathSegment(name))
}
