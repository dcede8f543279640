//! # inkdesk-whatsapp
//!
//! The WhatsApp Cloud API adapter: the Graph API client (text, interactive and template messages,
//! media), the inbound webhook payload types, and `X-Hub-Signature-256` verification. It implements the
//! domain's messenger port and turns provider errors into the domain's error classes.
//!
//! Depends on `inkdesk-domain` and reqwest (rustls + ring). It must not depend on any other adapter or
//! on the server.
