//! Everything `decide` looks at, passed in: the engine reads no clock, store or configuration.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::string_enum::string_enum;
use crate::model::{Answer, Contact, Lead, LeadId, Money, Phone};
use crate::parse::{OfferedSlot, Places};
use crate::rules::StudioRules;
use crate::status::{LeadResolution, PaymentFacts};

string_enum! {
    /// Media that is downloaded and attached to the lead (consultation.md §22.1).
    pub enum MediaKind as "media kind" {
        Image = "image",
        Document = "document",
        Video = "video",
        Audio = "audio",
    }
}

/// What the adapter extracted from one WhatsApp message (§22.1). Captions come from inside the
/// media object; no placeholder text is ever invented for media.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundContent {
    Text {
        body: String,
    },
    Media {
        kind: MediaKind,
        media_id: String,
        caption: Option<String>,
        mime_type: Option<String>,
        filename: Option<String>,
    },
    Sticker,
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// An interactive reply (button or list row): its id and the title the client saw.
    Interactive {
        reply_id: String,
        title: String,
    },
    /// A template quick reply.
    Button {
        payload: String,
        text: String,
    },
    Reaction,
    /// The user opened the chat.
    RequestWelcome,
    /// `contacts`, `order`, `system`, `unsupported`, `unknown`.
    Unsupported {
        message_type: String,
        error_code: Option<i64>,
    },
}

/// One inbound WhatsApp message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundMessage {
    /// WhatsApp's message id (the P1 idempotency key).
    pub provider_message_id: String,
    pub from: Phone,
    pub profile_name: Option<String>,
    /// The message's WhatsApp `timestamp` (`wa_ts`).
    pub wa_timestamp: DateTime<Utc>,
    pub content: InboundContent,
}

impl InboundMessage {
    /// The text used: body, caption, button title or quick-reply text; empty otherwise.
    pub fn text(&self) -> &str {
        match &self.content {
            InboundContent::Text { body } => body,
            InboundContent::Media { caption, .. } => caption.as_deref().unwrap_or_default(),
            InboundContent::Interactive { title, .. } => title,
            InboundContent::Button { text, .. } => text,
            _ => "",
        }
    }

    /// The interactive reply id or quick-reply payload.
    pub fn reply_id(&self) -> Option<&str> {
        match &self.content {
            InboundContent::Interactive { reply_id, .. } => Some(reply_id),
            InboundContent::Button { payload, .. } => Some(payload),
            _ => None,
        }
    }

    pub fn media_kind(&self) -> Option<MediaKind> {
        match &self.content {
            InboundContent::Media { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Media without a caption (or with an empty one).
    pub fn is_bare_media(&self) -> bool {
        self.media_kind().is_some() && self.text().trim().is_empty()
    }
}

/// The lead's current open slot offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOffer {
    pub offer_id: i64,
    pub slots: Vec<OfferedSlot>,
    pub created_at: DateTime<Utc>,
    /// The offer's zone (a tour stop's, else the studio's).
    pub zone: Tz,
}

/// The lead's still-valid Checkout link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCheckout {
    pub url: String,
    pub amount: Money,
    pub expires_at: DateTime<Utc>,
}

/// The resolved lead with what its handlers read, loaded under the lead lock.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadContext {
    pub lead: Lead,
    pub answers: Vec<Answer>,
    pub payments: PaymentFacts,
    /// The lead's latest client texts, newest last (for the artist's handover notice).
    pub recent_client_texts: Vec<String>,
    /// WhatsApp time of the lead's previous media message (media bursts, §22.3).
    pub last_media_at: Option<DateTime<Utc>>,
    /// Attachments already stored for the lead (reference images in the summary).
    pub attachments: u32,
    pub open_offer: Option<OpenOffer>,
    pub open_checkout: Option<OpenCheckout>,
}

impl LeadContext {
    /// A lead with nothing else loaded.
    pub fn new(lead: Lead) -> Self {
        Self {
            lead,
            answers: Vec::new(),
            payments: PaymentFacts::NONE,
            recent_client_texts: Vec::new(),
            last_media_at: None,
            attachments: 0,
            open_offer: None,
            open_checkout: None,
        }
    }
}

/// Switches that change the whole pipeline (§20, §21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modes {
    /// Panic mode is on (P7).
    pub panic: bool,
    /// Pilot mode is on and this number is not allow-listed (P6).
    pub pilot_blocked: bool,
}

/// What the artist's own number is told (P3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ArtistInbox {
    pub pending_approval: u32,
    pub needs_reply: u32,
}

/// The input of one decision.
#[derive(Debug, Clone)]
pub struct ConsultationInput<'a> {
    pub inbound: InboundMessage,
    /// The contact as stored (already created for a first message), before this message.
    pub contact: Contact,
    /// Which lead the message belongs to (`status::resolve_lead`).
    pub resolution: LeadResolution,
    /// The resolved lead, unless the resolution creates one.
    pub lead: Option<LeadContext>,
    /// The id reserved for a lead created by this message.
    pub new_lead_id: Option<LeadId>,
    /// Outbound messages to the contact held back while the window was closed (P10).
    pub deferred_outbound: u32,
    pub artist_inbox: ArtistInbox,
    pub modes: Modes,
    /// Studio rules; the artist's name, home city and every threshold come from here.
    pub rules: &'a StudioRules,
    /// The city table with the studio's home city and tour-stop cities added.
    pub places: &'a Places,
    pub now: DateTime<Utc>,
}
