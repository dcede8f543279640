//! What an inbound message carries, by WhatsApp `type`, and what inkdesk extracts from it
//! (consultation.md §22.1): the text used as an answer, the media to keep, the reply id.

use super::payload::{MediaBody, Message, PlatformError};
use super::reason::{MalformedReason, loggable_token};

/// The typed content of one inbound message.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageContent {
    Text {
        body: String,
    },
    Image {
        media: MediaRef,
        caption: Option<String>,
    },
    Document {
        media: MediaRef,
        caption: Option<String>,
    },
    Video {
        media: MediaRef,
        caption: Option<String>,
    },
    /// Voice notes (`voice: true`) included.
    Audio {
        media: MediaRef,
        voice: bool,
    },
    /// Never stored (§22.1), but recognised so the client gets `unsupported_message`.
    Sticker {
        media: MediaRef,
        animated: bool,
    },
    Location(Location),
    /// A row picked from one of our interactive lists.
    ListReply {
        id: String,
        title: String,
        description: Option<String>,
    },
    /// One of our reply buttons tapped.
    ButtonReply {
        id: String,
        title: String,
    },
    /// A template quick-reply button tapped (`type: "button"`).
    QuickReply {
        payload: String,
        text: String,
    },
    /// `emoji` is `None` when the client removed a reaction.
    Reaction {
        message_id: String,
        emoji: Option<String>,
    },
    /// The client opened the chat for the first time.
    RequestWelcome,
    /// A WhatsApp notice such as `user_changed_number`.
    System {
        system_type: Option<String>,
    },
    Order,
    Contacts,
    /// Meta's own `unsupported` / `unknown` types: it could not deliver the content.
    Unsupported {
        errors: Vec<PlatformError>,
    },
    /// A `type` inkdesk does not know (yet); `message_type` is safe to log.
    Unknown {
        message_type: String,
    },
}

/// A media object as announced in the webhook; the bytes are fetched later (`media.fetch` job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRef {
    pub id: String,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    /// Documents only.
    pub filename: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

impl MessageContent {
    /// The text the consultation reads: body, caption, reply title or quick-reply text. Never a
    /// placeholder such as `[image message]`.
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text { body } => Some(body),
            Self::Image { caption, .. }
            | Self::Document { caption, .. }
            | Self::Video { caption, .. } => caption.as_deref(),
            Self::ListReply { title, .. } | Self::ButtonReply { title, .. } => Some(title),
            Self::QuickReply { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Media to download and keep as an attachment (stickers are not kept).
    pub fn media(&self) -> Option<&MediaRef> {
        match self {
            Self::Image { media, .. }
            | Self::Document { media, .. }
            | Self::Video { media, .. }
            | Self::Audio { media, .. } => Some(media),
            _ => None,
        }
    }

    /// The id of the button, row or quick-reply payload the client chose.
    pub fn reply_id(&self) -> Option<&str> {
        match self {
            Self::ListReply { id, .. } | Self::ButtonReply { id, .. } => Some(id),
            Self::QuickReply { payload, .. } => Some(payload),
            _ => None,
        }
    }

    /// The WhatsApp `type` this content came from, for logs and metrics.
    pub fn message_type(&self) -> &str {
        match self {
            Self::Text { .. } => "text",
            Self::Image { .. } => "image",
            Self::Document { .. } => "document",
            Self::Video { .. } => "video",
            Self::Audio { .. } => "audio",
            Self::Sticker { .. } => "sticker",
            Self::Location(_) => "location",
            Self::ListReply { .. } | Self::ButtonReply { .. } => "interactive",
            Self::QuickReply { .. } => "button",
            Self::Reaction { .. } => "reaction",
            Self::RequestWelcome => "request_welcome",
            Self::System { .. } => "system",
            Self::Order => "order",
            Self::Contacts => "contacts",
            Self::Unsupported { .. } => "unsupported",
            Self::Unknown { message_type } => message_type,
        }
    }
}

/// Reads the body matching `message_type`; a recognised type without its body is malformed.
pub(super) fn content_of(
    message: &Message,
    message_type: &str,
) -> Result<MessageContent, MalformedReason> {
    let missing = || MalformedReason::MissingBody {
        message_type: loggable_token(message_type),
    };
    Ok(match message_type {
        "text" => MessageContent::Text {
            body: message.text.as_ref().ok_or_else(missing)?.body.clone(),
        },
        "image" => {
            let body = message.image.as_ref().ok_or_else(missing)?;
            MessageContent::Image {
                media: media_ref(body),
                caption: body.caption.clone(),
            }
        }
        "document" => {
            let body = message.document.as_ref().ok_or_else(missing)?;
            MessageContent::Document {
                media: media_ref(body),
                caption: body.caption.clone(),
            }
        }
        "video" => {
            let body = message.video.as_ref().ok_or_else(missing)?;
            MessageContent::Video {
                media: media_ref(body),
                caption: body.caption.clone(),
            }
        }
        "audio" => {
            let body = message.audio.as_ref().ok_or_else(missing)?;
            MessageContent::Audio {
                media: media_ref(body),
                voice: body.voice.unwrap_or(false),
            }
        }
        "sticker" => {
            let body = message.sticker.as_ref().ok_or_else(missing)?;
            MessageContent::Sticker {
                media: media_ref(body),
                animated: body.animated.unwrap_or(false),
            }
        }
        "location" => {
            let body = message.location.as_ref().ok_or_else(missing)?;
            MessageContent::Location(Location {
                latitude: body.latitude,
                longitude: body.longitude,
                name: body.name.clone(),
                address: body.address.clone(),
            })
        }
        "interactive" => interactive(message)?,
        "button" => {
            let body = message.button.as_ref().ok_or_else(missing)?;
            let payload = body.payload.clone().ok_or_else(missing)?;
            MessageContent::QuickReply {
                text: body.text.clone().unwrap_or_else(|| payload.clone()),
                payload,
            }
        }
        "reaction" => {
            let body = message.reaction.as_ref().ok_or_else(missing)?;
            MessageContent::Reaction {
                message_id: body.message_id.clone(),
                emoji: body.emoji.clone().filter(|e| !e.is_empty()),
            }
        }
        "request_welcome" => MessageContent::RequestWelcome,
        "system" => MessageContent::System {
            system_type: message
                .system
                .as_ref()
                .and_then(|s| s.system_type.as_deref())
                .map(loggable_token),
        },
        "order" => MessageContent::Order,
        "contacts" => MessageContent::Contacts,
        "unsupported" | "unknown" => MessageContent::Unsupported {
            errors: message
                .errors
                .iter()
                .filter_map(|e| e.parsed().cloned())
                .collect(),
        },
        other => MessageContent::Unknown {
            message_type: loggable_token(other),
        },
    })
}

fn interactive(message: &Message) -> Result<MessageContent, MalformedReason> {
    let missing = || MalformedReason::MissingBody {
        message_type: "interactive".to_owned(),
    };
    let body = message.interactive.as_ref().ok_or_else(missing)?;
    Ok(match body.reply_type.as_str() {
        "list_reply" => {
            let reply = body.list_reply.as_ref().ok_or_else(missing)?;
            MessageContent::ListReply {
                id: reply.id.clone(),
                title: reply.title.clone(),
                description: reply.description.clone(),
            }
        }
        "button_reply" => {
            let reply = body.button_reply.as_ref().ok_or_else(missing)?;
            MessageContent::ButtonReply {
                id: reply.id.clone(),
                title: reply.title.clone(),
            }
        }
        // Flow replies (`nfm_reply`) and whatever comes next: not something inkdesk sends.
        other => MessageContent::Unknown {
            message_type: loggable_token(&format!("interactive.{other}")),
        },
    })
}

fn media_ref(body: &MediaBody) -> MediaRef {
    MediaRef {
        id: body.id.clone(),
        mime_type: body.mime_type.clone(),
        sha256: body.sha256.clone(),
        filename: body.filename.clone(),
    }
}
