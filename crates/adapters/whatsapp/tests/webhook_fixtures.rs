#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every `whatsapp-*.json` fixture of the spec (copied into `tests/fixtures/`) parses into the events
//! the webhook route needs.

use chrono::{DateTime, Utc};
use inkdesk_whatsapp::webhook::{
    DeliveryStatus, InboundEvent, InboundMessage, MessageContent, StatusUpdate, parse_events,
};

const TEXT: &[u8] = include_bytes!("fixtures/whatsapp-text.json");
const IMAGE_CAPTION: &[u8] = include_bytes!("fixtures/whatsapp-image-caption.json");
const LIST_REPLY: &[u8] = include_bytes!("fixtures/whatsapp-interactive-list-reply.json");
const STATUS_FAILED: &[u8] = include_bytes!("fixtures/whatsapp-status-failed.json");
const BATCH: &[u8] = include_bytes!("fixtures/whatsapp-batch.json");

const OUR_NUMBER_ID: &str = "109876543210987";

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

fn messages(events: &[InboundEvent]) -> Vec<&InboundMessage> {
    events
        .iter()
        .filter_map(|e| match e {
            InboundEvent::Message(m) => Some(m),
            _ => None,
        })
        .collect()
}

fn statuses(events: &[InboundEvent]) -> Vec<&StatusUpdate> {
    events
        .iter()
        .filter_map(|e| match e {
            InboundEvent::Status(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn only_message(raw: &[u8]) -> InboundMessage {
    let events = parse_events(raw).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    messages(&events)[0].clone()
}

#[test]
fn text_message() {
    let message = only_message(TEXT);
    assert_eq!(
        message.id,
        "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUM0VCMDhCNEE2RjFDOTE3RTI1QjAA"
    );
    assert_eq!(message.from.digits(), "447700900123");
    assert_eq!(message.profile_name.as_deref(), Some("Sam"));
    assert_eq!(message.phone_number_id, OUR_NUMBER_ID);
    assert_eq!(message.timestamp, at(1_805_983_331));
    assert_eq!(
        message.text(),
        Some("Hi! I'd love a fine line swallow with a little banner, something delicate")
    );
    assert_eq!(message.media(), None);
    assert_eq!(message.reply_id(), None);
    assert_eq!(message.context_id, None);
    assert_eq!(message.content.message_type(), "text");
}

#[test]
fn image_caption_is_read_from_inside_the_media_object() {
    let message = only_message(IMAGE_CAPTION);
    assert_eq!(
        message.text(),
        Some("Something like this, with a few roses around it")
    );
    let media = message.media().unwrap();
    assert_eq!(media.id, "1187453902215531");
    assert_eq!(media.mime_type.as_deref(), Some("image/jpeg"));
    assert_eq!(
        media.sha256.as_deref(),
        Some("f98003e16d6978bcf1a70451f315d743e3d1d8658b9fe3ccf621f58f8a97caf5")
    );
    assert!(matches!(message.content, MessageContent::Image { .. }));
}

#[test]
fn list_reply_gives_the_row_id_title_and_our_message_id() {
    let message = only_message(LIST_REPLY);
    assert_eq!(message.reply_id(), Some("slot:91:3"));
    assert_eq!(message.text(), Some("Mon 29 Mar 10:00"));
    assert_eq!(
        message.context_id.as_deref(),
        Some("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQjNEMTI1Q0Q0QTdFNTk5NkQ5AA==")
    );
    assert_eq!(
        message.content,
        MessageContent::ListReply {
            id: "slot:91:3".into(),
            title: "Mon 29 Mar 10:00".into(),
            description: Some("10:00–13:00 BST · 3 hours".into()),
        }
    );
}

#[test]
fn failed_status_carries_its_error() {
    let events = parse_events(STATUS_FAILED).unwrap();
    assert_eq!(events.len(), 1);
    let status = statuses(&events)[0];
    assert_eq!(
        status.message_id,
        "wamid.HBgMNDQ3NzAwOTAwNDU2FQIAERgSNzFBQzk0RTE2QkI4RjNDMkQ1AA=="
    );
    assert_eq!(status.status, DeliveryStatus::Failed);
    assert_eq!(status.timestamp, at(1_806_165_609));
    assert_eq!(status.recipient.as_ref().unwrap().digits(), "447700900456");
    assert_eq!(status.phone_number_id, OUR_NUMBER_ID);
    let error = &status.errors[0];
    assert_eq!(error.code, Some(131_047));
    assert_eq!(error.title.as_deref(), Some("Re-engagement message"));
    assert!(
        error
            .details()
            .unwrap()
            .starts_with("Message failed to send")
    );
}

#[test]
fn batch_walks_every_entry_and_change_and_orders_messages_by_timestamp() {
    let events = parse_events(BATCH).unwrap();
    assert_eq!(events.len(), 5, "{events:?}");

    let messages = messages(&events);
    let order: Vec<_> = messages
        .iter()
        .map(|m| (m.timestamp.timestamp(), m.position, m.from.digits()))
        .collect();
    assert_eq!(
        order,
        [
            (1_805_983_965, 1, "447700900123"),
            (1_805_983_975, 2, "447700900456"),
            (1_805_983_985, 0, "447700900123"),
        ]
    );
    // The image without caption has no text, never a placeholder.
    assert_eq!(messages[0].text(), None);
    assert_eq!(messages[0].media().unwrap().id, "1187453902215532");
    assert_eq!(messages[1].text(), Some("STOP"));
    assert_eq!(messages[1].profile_name.as_deref(), Some("Alex"));
    assert_eq!(messages[2].text(), Some("around £500"));
    assert_eq!(messages[2].profile_name.as_deref(), Some("Sam"));

    // Statuses follow the messages, in payload order (they are applied monotonically).
    assert!(matches!(events[3], InboundEvent::Status(_)));
    let statuses = statuses(&events);
    assert_eq!(statuses[0].status, DeliveryStatus::Read);
    assert_eq!(statuses[1].status, DeliveryStatus::Delivered);
    assert!(statuses[1].errors.is_empty());
}

#[test]
fn every_copied_fixture_parses_with_nothing_ignored() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let raw = std::fs::read(&path).unwrap();
        let events = parse_events(&raw).unwrap();
        assert!(!events.is_empty(), "{path:?}");
        assert!(
            !events.iter().any(|e| matches!(e, InboundEvent::Ignored(_))),
            "{path:?}: {events:?}"
        );
        seen += 1;
    }
    assert_eq!(seen, 5);
}
