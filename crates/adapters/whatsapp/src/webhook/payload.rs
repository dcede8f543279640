//! The webhook body as Meta sends it (integrations.md §2.6), field for field. Unknown fields are ignored;
//! every field inkdesk does not strictly need is optional, so a new or missing attribute never costs a
//! delivery. Array elements are [`Lenient`]: one odd message is reported on its own instead of failing
//! the whole batch (which Meta would redeliver, and we would reject, for seven days).

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};
use serde_json::Value;

/// `{"object": "whatsapp_business_account", "entry": [...]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookPayload {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub entry: Vec<Lenient<Entry>>,
}

/// One WhatsApp Business Account's changes.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub changes: Vec<Lenient<Change>>,
}

/// `value`'s shape depends on `field`; only `messages` is read, so it stays raw until then.
#[derive(Debug, Clone, Deserialize)]
pub struct Change {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub value: Value,
}

/// The `value` of a `messages` change: messages with their senders' profiles, or delivery statuses,
/// or platform errors.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MessagesValue {
    #[serde(default)]
    pub messaging_product: Option<String>,
    #[serde(default)]
    pub metadata: Option<Metadata>,
    #[serde(default)]
    pub contacts: Vec<Lenient<Contact>>,
    #[serde(default)]
    pub messages: Vec<Lenient<Message>>,
    #[serde(default)]
    pub statuses: Vec<Lenient<Status>>,
    #[serde(default)]
    pub errors: Vec<Lenient<PlatformError>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    #[serde(default)]
    pub display_phone_number: Option<String>,
    #[serde(default)]
    pub phone_number_id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    #[serde(default)]
    pub profile: Option<Profile>,
    #[serde(default)]
    pub wa_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub name: Option<String>,
}

/// One inbound message. The envelope fields are optional here so that a message missing one of them
/// is reported with a precise reason (`events` module) rather than as an unreadable blob.
#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub timestamp: Option<RawTimestamp>,
    #[serde(default, rename = "type")]
    pub message_type: Option<String>,
    #[serde(default)]
    pub context: Option<MessageContext>,
    #[serde(default)]
    pub text: Option<TextBody>,
    #[serde(default)]
    pub image: Option<MediaBody>,
    #[serde(default)]
    pub document: Option<MediaBody>,
    #[serde(default)]
    pub video: Option<MediaBody>,
    #[serde(default)]
    pub audio: Option<MediaBody>,
    #[serde(default)]
    pub sticker: Option<MediaBody>,
    #[serde(default)]
    pub location: Option<LocationBody>,
    #[serde(default)]
    pub interactive: Option<InteractiveBody>,
    #[serde(default)]
    pub button: Option<ButtonBody>,
    #[serde(default)]
    pub reaction: Option<ReactionBody>,
    #[serde(default)]
    pub system: Option<SystemBody>,
    #[serde(default)]
    pub errors: Vec<Lenient<PlatformError>>,
}

/// Unix seconds; Meta sends a string, an integer is accepted too.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawTimestamp {
    Text(String),
    Seconds(i64),
}

/// The message this one replies to (our list, our buttons, our template).
#[derive(Debug, Clone, Deserialize)]
pub struct MessageContext {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TextBody {
    pub body: String,
}

/// Image, document, video, audio and sticker share one shape; the caption lives inside it.
#[derive(Debug, Clone, Deserialize)]
pub struct MediaBody {
    pub id: String,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub filename: Option<String>,
    #[serde(default)]
    pub voice: Option<bool>,
    #[serde(default)]
    pub animated: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LocationBody {
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct InteractiveBody {
    #[serde(rename = "type")]
    pub reply_type: String,
    #[serde(default)]
    pub list_reply: Option<ReplyBody>,
    #[serde(default)]
    pub button_reply: Option<ReplyBody>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReplyBody {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A template quick-reply tap.
#[derive(Debug, Clone, Deserialize)]
pub struct ButtonBody {
    #[serde(default)]
    pub payload: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReactionBody {
    pub message_id: String,
    /// Absent or empty when the client removes a reaction.
    #[serde(default)]
    pub emoji: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SystemBody {
    #[serde(default, rename = "type")]
    pub system_type: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
}

/// A delivery status of one of our outbound messages.
#[derive(Debug, Clone, Deserialize)]
pub struct Status {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub timestamp: Option<RawTimestamp>,
    #[serde(default)]
    pub recipient_id: Option<String>,
    #[serde(default)]
    pub errors: Vec<Lenient<PlatformError>>,
}

/// An error object, as found in `value.errors`, `statuses[].errors` and unsupported messages.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlatformError {
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub error_data: Option<ErrorData>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ErrorData {
    #[serde(default)]
    pub details: Option<String>,
}

impl PlatformError {
    pub fn details(&self) -> Option<&str> {
        self.error_data.as_ref()?.details.as_deref()
    }
}

/// An array element kept whatever its shape: `Parsed` when it matches `T`, else the raw JSON so the
/// walker can say what is wrong with it.
#[derive(Debug, Clone)]
pub enum Lenient<T> {
    Parsed(T),
    Unparsed(Value),
}

impl<T> Lenient<T> {
    pub fn parsed(&self) -> Option<&T> {
        match self {
            Self::Parsed(item) => Some(item),
            Self::Unparsed(_) => None,
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(deserializer)?;
        Ok(match T::deserialize(&raw) {
            Ok(item) => Self::Parsed(item),
            Err(_) => Self::Unparsed(raw),
        })
    }
}
