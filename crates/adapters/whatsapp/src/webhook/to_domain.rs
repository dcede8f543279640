//! The domain's view of an inbound WhatsApp message (consultation.md §22.1): what the engine reads,
//! without wire details. Captions come from inside the media object; no text is invented for media.

use inkdesk_domain::consultation::{InboundContent, InboundMessage as DomainMessage, MediaKind};

use super::content::{MediaRef, MessageContent};
use super::events::InboundMessage;

impl InboundMessage {
    pub fn to_domain(&self) -> DomainMessage {
        DomainMessage {
            provider_message_id: self.id.clone(),
            from: self.from.clone(),
            profile_name: self.profile_name.clone(),
            wa_timestamp: self.timestamp,
            content: domain_content(&self.content),
        }
    }
}

fn media(kind: MediaKind, media: &MediaRef, caption: Option<&String>) -> InboundContent {
    InboundContent::Media {
        kind,
        media_id: media.id.clone(),
        caption: caption.cloned(),
        mime_type: media.mime_type.clone(),
        filename: media.filename.clone(),
    }
}

fn domain_content(content: &MessageContent) -> InboundContent {
    match content {
        MessageContent::Text { body } => InboundContent::Text { body: body.clone() },
        MessageContent::Image { media: m, caption } => media(MediaKind::Image, m, caption.as_ref()),
        MessageContent::Document { media: m, caption } => {
            media(MediaKind::Document, m, caption.as_ref())
        }
        MessageContent::Video { media: m, caption } => media(MediaKind::Video, m, caption.as_ref()),
        MessageContent::Audio { media: m, .. } => media(MediaKind::Audio, m, None),
        MessageContent::Sticker { .. } => InboundContent::Sticker,
        MessageContent::Location(location) => InboundContent::Location {
            latitude: location.latitude,
            longitude: location.longitude,
            name: location.name.clone(),
            address: location.address.clone(),
        },
        MessageContent::ListReply { id, title, .. } | MessageContent::ButtonReply { id, title } => {
            InboundContent::Interactive {
                reply_id: id.clone(),
                title: title.clone(),
            }
        }
        MessageContent::QuickReply { payload, text } => InboundContent::Button {
            payload: payload.clone(),
            text: text.clone(),
        },
        MessageContent::Reaction { .. } => InboundContent::Reaction,
        MessageContent::RequestWelcome => InboundContent::RequestWelcome,
        MessageContent::System { .. } => unsupported("system", None),
        MessageContent::Order => unsupported("order", None),
        MessageContent::Contacts => unsupported("contacts", None),
        MessageContent::Unsupported { errors } => {
            unsupported("unsupported", errors.first().and_then(|e| e.code))
        }
        MessageContent::Unknown { message_type } => unsupported(message_type, None),
    }
}

fn unsupported(message_type: &str, error_code: Option<i64>) -> InboundContent {
    InboundContent::Unsupported {
        message_type: message_type.to_owned(),
        error_code,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::webhook::{InboundEvent, events, parse_payload};

    fn first_message(fixture: &str) -> DomainMessage {
        let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let payload = parse_payload(&std::fs::read(path).unwrap()).unwrap();
        events(&payload)
            .into_iter()
            .find_map(|e| match e {
                InboundEvent::Message(m) => Some(m.to_domain()),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn text_and_captioned_images_keep_their_words() {
        let text = first_message("whatsapp-text.json");
        assert!(matches!(text.content, InboundContent::Text { .. }));
        assert!(!text.text().is_empty());
        let image = first_message("whatsapp-image-caption.json");
        match &image.content {
            InboundContent::Media { kind, caption, .. } => {
                assert_eq!(*kind, MediaKind::Image);
                assert!(caption.is_some());
            }
            other => panic!("expected media, got {other:?}"),
        }
    }

    #[test]
    fn list_replies_become_interactive_replies() {
        let reply = first_message("whatsapp-interactive-list-reply.json");
        assert!(reply.reply_id().is_some_and(|id| id.starts_with("slot:")));
    }
}
