//! Flattens a webhook delivery into the events the webhook route processes, in the order it processes
//! them (http-api.md §3.2 steps 5–8): messages by (WhatsApp timestamp, position in the payload), then
//! delivery statuses, then platform errors, then what was ignored and why.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use inkdesk_domain::model::Phone;
use serde::Deserialize;
use serde_json::Value;

use super::content::{MessageContent, content_of};
use super::payload::{
    Change, Lenient, Message, MessagesValue, PlatformError, RawTimestamp, Status, WebhookPayload,
};
use super::reason::{MalformedReason, loggable_token};

const BUSINESS_ACCOUNT: &str = "whatsapp_business_account";
const MESSAGES_FIELD: &str = "messages";
/// 9999-12-31T23:59:59Z: later "timestamps" are garbage, and would hold a window open for ever.
const LAST_PLAUSIBLE_SECOND: i64 = 253_402_300_799;

#[derive(Debug, Clone, PartialEq)]
pub enum InboundEvent {
    Message(InboundMessage),
    Status(StatusUpdate),
    /// `value.errors[]`: recorded as WARN `whatsapp.platform_error`.
    PlatformError {
        phone_number_id: String,
        error: PlatformError,
    },
    /// Counted as ignored in the webhook response.
    Ignored(IgnoredItem),
}

/// One client message, ready for the consultation pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    /// The `wamid…`, the deduplication key.
    pub id: String,
    pub from: Phone,
    /// The sender's WhatsApp profile name, when the delivery named it.
    pub profile_name: Option<String>,
    /// Which of our numbers received it (compare with `WHATSAPP_PHONE_NUMBER_ID`).
    pub phone_number_id: String,
    /// WhatsApp's timestamp: the 24-hour window is measured from it, not from our clock.
    pub timestamp: DateTime<Utc>,
    /// The message replied to (our list, buttons or template), from `context.id`.
    pub context_id: Option<String>,
    pub content: MessageContent,
    /// Index among all messages of the delivery, the tie-breaker for equal timestamps.
    pub position: usize,
}

impl InboundMessage {
    pub fn text(&self) -> Option<&str> {
        self.content.text()
    }

    pub fn media(&self) -> Option<&super::content::MediaRef> {
        self.content.media()
    }

    pub fn reply_id(&self) -> Option<&str> {
        self.content.reply_id()
    }
}

/// A delivery status of one of our outbound messages.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    /// Our `provider_message_id`.
    pub message_id: String,
    pub status: DeliveryStatus,
    pub timestamp: DateTime<Utc>,
    /// `None` when the recipient id is not a phone number (for example a group).
    pub recipient: Option<Phone>,
    pub phone_number_id: String,
    /// Present on `failed`; the first one is stored.
    pub errors: Vec<PlatformError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryStatus {
    Sent,
    Delivered,
    Read,
    Failed,
    /// A state inkdesk does not track; the value is safe to log.
    Other(String),
}

/// Something in the delivery that produces no work, with the reason it is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoredItem {
    /// `object` is not `whatsapp_business_account`: the whole delivery is ignored.
    ForeignObject,
    /// A change for a field other than `messages` (for example template status updates).
    OtherField {
        field: String,
    },
    MalformedEntry,
    MalformedChange,
    MalformedMessage {
        position: usize,
        message_id: Option<String>,
        reason: MalformedReason,
    },
    MalformedStatus {
        reason: MalformedReason,
    },
    MalformedError,
}

/// Walks every entry and every change of `payload`. Never fails: whatever cannot be used becomes an
/// [`IgnoredItem`] carrying the reason.
pub fn events(payload: &WebhookPayload) -> Vec<InboundEvent> {
    if payload.object != BUSINESS_ACCOUNT {
        return vec![InboundEvent::Ignored(IgnoredItem::ForeignObject)];
    }
    let mut walk = Walk::default();
    for entry in &payload.entry {
        let Lenient::Parsed(entry) = entry else {
            walk.ignored.push(IgnoredItem::MalformedEntry);
            continue;
        };
        for change in &entry.changes {
            match change {
                Lenient::Parsed(change) => walk.change(change),
                Lenient::Unparsed(_) => walk.ignored.push(IgnoredItem::MalformedChange),
            }
        }
    }
    walk.finish()
}

#[derive(Default)]
struct Walk {
    messages: Vec<InboundMessage>,
    statuses: Vec<StatusUpdate>,
    errors: Vec<InboundEvent>,
    ignored: Vec<IgnoredItem>,
    next_position: usize,
}

impl Walk {
    fn change(&mut self, change: &Change) {
        if change.field != MESSAGES_FIELD {
            self.ignored.push(IgnoredItem::OtherField {
                field: loggable_token(&change.field),
            });
            return;
        }
        let Ok(value) = MessagesValue::deserialize(&change.value) else {
            self.ignored.push(IgnoredItem::MalformedChange);
            return;
        };
        let phone_number_id = value
            .metadata
            .as_ref()
            .map(|m| m.phone_number_id.clone())
            .unwrap_or_default();
        let profiles: HashMap<&str, &str> = value
            .contacts
            .iter()
            .filter_map(Lenient::parsed)
            .filter_map(|c| Some((c.wa_id.as_deref()?, c.profile.as_ref()?.name.as_deref()?)))
            .collect();

        for message in &value.messages {
            let position = self.next_position;
            self.next_position += 1;
            match inbound_message(message, position, &phone_number_id, &profiles) {
                Ok(message) => self.messages.push(message),
                Err((message_id, reason)) => self.ignored.push(IgnoredItem::MalformedMessage {
                    position,
                    message_id,
                    reason,
                }),
            }
        }
        for status in &value.statuses {
            match status_update(status, &phone_number_id) {
                Ok(status) => self.statuses.push(status),
                Err(reason) => self.ignored.push(IgnoredItem::MalformedStatus { reason }),
            }
        }
        for error in &value.errors {
            match error {
                Lenient::Parsed(error) => self.errors.push(InboundEvent::PlatformError {
                    phone_number_id: phone_number_id.clone(),
                    error: error.clone(),
                }),
                Lenient::Unparsed(_) => self.ignored.push(IgnoredItem::MalformedError),
            }
        }
    }

    fn finish(mut self) -> Vec<InboundEvent> {
        // Stable: equal timestamps keep their payload order.
        self.messages.sort_by_key(|m| m.timestamp);
        let mut out = Vec::with_capacity(
            self.messages.len() + self.statuses.len() + self.errors.len() + self.ignored.len(),
        );
        out.extend(self.messages.into_iter().map(InboundEvent::Message));
        out.extend(self.statuses.into_iter().map(InboundEvent::Status));
        out.extend(self.errors);
        out.extend(self.ignored.into_iter().map(InboundEvent::Ignored));
        out
    }
}

type Rejected = (Option<String>, MalformedReason);

fn inbound_message(
    raw: &Lenient<Message>,
    position: usize,
    phone_number_id: &str,
    profiles: &HashMap<&str, &str>,
) -> Result<InboundMessage, Rejected> {
    let message = match raw {
        Lenient::Parsed(message) => message,
        Lenient::Unparsed(value) => return Err(diagnose(value)),
    };
    let id = message
        .id
        .clone()
        .filter(|id| !id.is_empty())
        .ok_or((None, MalformedReason::MissingId))?;
    let reject = |reason| (Some(id.clone()), reason);
    let timestamp = timestamp(message.timestamp.as_ref()).map_err(reject)?;
    let from = message
        .from
        .as_deref()
        .and_then(sender)
        .ok_or_else(|| reject(MalformedReason::BadSender))?;
    let message_type = message
        .message_type
        .as_deref()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| reject(MalformedReason::MissingType))?;
    let content = content_of(message, message_type).map_err(reject)?;
    Ok(InboundMessage {
        profile_name: profiles.get(from.digits()).map(|name| (*name).to_owned()),
        id,
        from,
        phone_number_id: phone_number_id.to_owned(),
        timestamp,
        context_id: message.context.as_ref().and_then(|c| c.id.clone()),
        content,
        position,
    })
}

fn status_update(
    raw: &Lenient<Status>,
    phone_number_id: &str,
) -> Result<StatusUpdate, MalformedReason> {
    let status = match raw {
        Lenient::Parsed(status) => status,
        Lenient::Unparsed(value) => return Err(diagnose(value).1),
    };
    let message_id = status
        .id
        .clone()
        .filter(|id| !id.is_empty())
        .ok_or(MalformedReason::MissingId)?;
    let timestamp = timestamp(status.timestamp.as_ref())?;
    let state = match status
        .status
        .as_deref()
        .ok_or(MalformedReason::MissingStatus)?
    {
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "failed" => DeliveryStatus::Failed,
        other => DeliveryStatus::Other(loggable_token(other)),
    };
    Ok(StatusUpdate {
        message_id,
        status: state,
        timestamp,
        recipient: status.recipient_id.as_deref().and_then(sender),
        phone_number_id: phone_number_id.to_owned(),
        errors: status
            .errors
            .iter()
            .filter_map(|e| e.parsed().cloned())
            .collect(),
    })
}

/// Meta sends bare digits; anything else (a `+`, spaces, letters) is not a WhatsApp id.
fn sender(raw: &str) -> Option<Phone> {
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        Phone::parse(raw).ok()
    } else {
        None
    }
}

fn timestamp(raw: Option<&RawTimestamp>) -> Result<DateTime<Utc>, MalformedReason> {
    let seconds = match raw.ok_or(MalformedReason::MissingTimestamp)? {
        RawTimestamp::Seconds(seconds) => *seconds,
        RawTimestamp::Text(text) => {
            // Twelve digits reach the year 33658; longer strings are not timestamps.
            if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MalformedReason::BadTimestamp);
            }
            text.parse().map_err(|_| MalformedReason::BadTimestamp)?
        }
    };
    if !(0..=LAST_PLAUSIBLE_SECOND).contains(&seconds) {
        return Err(MalformedReason::BadTimestamp);
    }
    DateTime::from_timestamp(seconds, 0).ok_or(MalformedReason::BadTimestamp)
}

/// Names the first envelope field that is wrong in an object that did not parse at all.
fn diagnose(raw: &Value) -> Rejected {
    let id = raw.get("id").and_then(Value::as_str).map(str::to_owned);
    let reason = if id.is_none() {
        MalformedReason::MissingId
    } else {
        match raw.get("timestamp") {
            None | Some(Value::Null) => MalformedReason::MissingTimestamp,
            Some(Value::Number(n)) if !n.is_i64() => MalformedReason::BadTimestamp,
            Some(Value::String(_)) | Some(Value::Number(_)) => match raw.get("from") {
                Some(Value::String(_)) | None => MalformedReason::Unreadable,
                Some(_) => MalformedReason::BadSender,
            },
            Some(_) => MalformedReason::BadTimestamp,
        }
    };
    (id, reason)
}
