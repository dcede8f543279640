//! # inkdesk-whatsapp
//!
//! The WhatsApp Cloud API adapter: the Graph API client (text, interactive and template messages,
//! mark-read, media), the inbound webhook payload types, and `X-Hub-Signature-256` verification. Every
//! call returns the domain's error classes ([`inkdesk_domain::provider::ProviderError`]).
//!
//! Depends on `inkdesk-domain` and reqwest (rustls + ring). It must not depend on any other adapter or
//! on the server.

pub mod client;
mod encoding;
pub mod outbound;
pub mod signature;
pub mod webhook;

pub use client::{
    ClientError, CloudApiClient, CloudApiConfig, DownloadedMedia, MAX_MEDIA_BYTES, MediaMetadata,
    ProviderMessageId, Timeouts,
};
pub use outbound::{
    ListMessage, ListRow, ListSection, MessageError, ReplyButton, ReplyButtons, TemplateMessage,
};
pub use signature::{SignatureError, sign, verify_signature};
