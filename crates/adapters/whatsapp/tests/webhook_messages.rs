#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every message type of integrations.md §2.6 and what consultation.md §22.1 extracts from it.

use inkdesk_whatsapp::webhook::{
    IgnoredItem, InboundEvent, InboundMessage, Location, MalformedReason, MessageContent,
    parse_events,
};
use serde_json::{Value, json};

fn envelope(messages: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "442079460321", "phone_number_id": "109876543210987"},
            "contacts": [{"profile": {"name": "Sam"}, "wa_id": "447700900123"}],
            "messages": messages
        }}]}]
    }))
    .unwrap()
}

fn message_of(type_name: &str, body: Value) -> Value {
    let mut message = json!({
        "from": "447700900123", "id": "wamid.X", "timestamp": "1805983331", "type": type_name
    });
    if let Value::Object(fields) = body {
        message.as_object_mut().unwrap().extend(fields);
    }
    message
}

fn parse_one(type_name: &str, body: Value) -> InboundMessage {
    let events = parse_events(&envelope(json!([message_of(type_name, body)]))).unwrap();
    match events.as_slice() {
        [InboundEvent::Message(message)] => message.clone(),
        other => panic!("expected one message, got {other:?}"),
    }
}

fn media(id: &str) -> Value {
    json!({"mime_type": "x/y", "sha256": "abc", "id": id})
}

#[test]
fn document_keeps_caption_and_filename() {
    let mut body = media("doc-1");
    body["caption"] = json!("My sketch");
    body["filename"] = json!("swallow-sketch.pdf");
    let message = parse_one("document", json!({ "document": body }));
    assert_eq!(message.text(), Some("My sketch"));
    let media = message.media().unwrap();
    assert_eq!(media.id, "doc-1");
    assert_eq!(media.filename.as_deref(), Some("swallow-sketch.pdf"));
}

#[test]
fn video_caption_and_voice_note_media() {
    let mut body = media("vid-1");
    body["caption"] = json!("in motion");
    assert_eq!(
        parse_one("video", json!({ "video": body })).text(),
        Some("in motion")
    );

    let mut body = media("aud-1");
    body["voice"] = json!(true);
    let voice = parse_one("audio", json!({ "audio": body }));
    assert_eq!(voice.text(), None);
    assert_eq!(voice.media().unwrap().id, "aud-1");
    assert!(matches!(
        voice.content,
        MessageContent::Audio { voice: true, .. }
    ));
}

#[test]
fn stickers_are_recognised_but_not_kept() {
    let mut body = media("st-1");
    body["animated"] = json!(false);
    let sticker = parse_one("sticker", json!({ "sticker": body }));
    assert_eq!(sticker.media(), None);
    assert_eq!(sticker.text(), None);
    assert!(matches!(
        sticker.content,
        MessageContent::Sticker {
            animated: false,
            ..
        }
    ));
}

#[test]
fn location_is_metadata_not_text() {
    let message = parse_one(
        "location",
        json!({"location": {"latitude": 51.5246, "longitude": -0.0786, "name": "Shoreditch", "address": "London E1 6AN"}}),
    );
    assert_eq!(message.text(), None);
    assert_eq!(
        message.content,
        MessageContent::Location(Location {
            latitude: 51.5246,
            longitude: -0.0786,
            name: Some("Shoreditch".into()),
            address: Some("London E1 6AN".into()),
        })
    );
}

#[test]
fn button_reply_and_template_quick_reply() {
    let reply = parse_one(
        "interactive",
        json!({"interactive": {"type": "button_reply", "button_reply": {"id": "ans:coverup:no", "title": "No"}}}),
    );
    assert_eq!(reply.reply_id(), Some("ans:coverup:no"));
    assert_eq!(reply.text(), Some("No"));

    let quick = parse_one(
        "button",
        json!({"context": {"from": "442079460321", "id": "wamid.TEMPLATE"},
               "button": {"payload": "continue", "text": "Continue"}}),
    );
    assert_eq!(quick.reply_id(), Some("continue"));
    assert_eq!(quick.text(), Some("Continue"));
    assert_eq!(quick.context_id.as_deref(), Some("wamid.TEMPLATE"));
}

#[test]
fn reactions_and_removed_reactions() {
    let reaction = parse_one(
        "reaction",
        json!({"reaction": {"message_id": "wamid.OURS", "emoji": "👍"}}),
    );
    assert_eq!(reaction.text(), None);
    assert_eq!(
        reaction.content,
        MessageContent::Reaction {
            message_id: "wamid.OURS".into(),
            emoji: Some("👍".into())
        }
    );
    let removed = parse_one(
        "reaction",
        json!({"reaction": {"message_id": "wamid.OURS", "emoji": ""}}),
    );
    assert!(matches!(
        removed.content,
        MessageContent::Reaction { emoji: None, .. }
    ));
}

#[test]
fn unsupported_keeps_meta_error_code() {
    for type_name in ["unsupported", "unknown"] {
        let message = parse_one(
            type_name,
            json!({"errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                               "error_data": {"details": "Message type is currently not supported."}}]}),
        );
        let MessageContent::Unsupported { errors } = &message.content else {
            panic!("{message:?}");
        };
        assert_eq!(errors[0].code, Some(131_051));
        assert_eq!(message.content.message_type(), "unsupported");
    }
}

#[test]
fn recognised_types_without_text() {
    assert_eq!(
        parse_one("request_welcome", json!({})).content,
        MessageContent::RequestWelcome
    );
    assert_eq!(
        parse_one(
            "order",
            json!({"order": {"catalog_id": "1", "product_items": []}})
        )
        .content,
        MessageContent::Order
    );
    assert_eq!(
        parse_one(
            "contacts",
            json!({"contacts": [{"name": {"formatted_name": "Jo"}}]})
        )
        .content,
        MessageContent::Contacts
    );
    assert_eq!(
        parse_one(
            "system",
            json!({"system": {"body": "changed number", "type": "user_changed_number"}})
        )
        .content,
        MessageContent::System {
            system_type: Some("user_changed_number".into())
        }
    );
}

#[test]
fn unknown_types_are_kept_with_a_loggable_name() {
    let poll = parse_one("poll", json!({"poll": {"question": "?"}}));
    assert_eq!(
        poll.content,
        MessageContent::Unknown {
            message_type: "poll".into()
        }
    );
    let flow = parse_one(
        "interactive",
        json!({"interactive": {"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}}}),
    );
    assert_eq!(flow.content.message_type(), "interactive.nfm_reply");
    let hostile = parse_one("call me on 447700900123", json!({}));
    assert_eq!(hostile.content.message_type(), "invalid");
}

#[test]
fn unknown_fields_are_ignored_and_the_sender_may_lack_a_profile() {
    let mut message = message_of("text", json!({"text": {"body": "hi", "extra": 1}}));
    message["from"] = json!("447700900999");
    message["brand_new_field"] = json!({"nested": [1, 2, 3]});
    let events = parse_events(&envelope(json!([message]))).unwrap();
    let InboundEvent::Message(message) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(message.text(), Some("hi"));
    assert_eq!(message.profile_name, None);
}

#[test]
fn integer_timestamps_are_accepted() {
    let mut message = message_of("text", json!({"text": {"body": "hi"}}));
    message["timestamp"] = json!(1_805_983_331);
    let events = parse_events(&envelope(json!([message]))).unwrap();
    assert!(matches!(events[0], InboundEvent::Message(_)));
}

#[test]
fn malformed_messages_are_skipped_alone_with_a_reason() {
    let good = message_of("text", json!({"text": {"body": "kept"}}));
    let cases: Vec<(Value, MalformedReason)> = vec![
        (
            json!({"from": "447700900123", "timestamp": "1", "type": "text", "text": {"body": "x"}}),
            MalformedReason::MissingId,
        ),
        (
            json!({"id": "", "from": "447700900123", "timestamp": "1", "type": "text", "text": {"body": "x"}}),
            MalformedReason::MissingId,
        ),
        (
            json!({"id": 7, "from": "447700900123", "timestamp": "1", "type": "text"}),
            MalformedReason::MissingId,
        ),
        (
            json!({"id": "w", "from": "447700900123", "type": "text", "text": {"body": "x"}}),
            MalformedReason::MissingTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "soon", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "-5", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": -5, "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "99999999999999999999999", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "999999999999", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": 1.5, "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": true, "type": "text"}),
            MalformedReason::BadTimestamp,
        ),
        (
            json!({"id": "w", "from": "+447700900123", "timestamp": "1", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadSender,
        ),
        (
            json!({"id": "w", "from": "1234567", "timestamp": "1", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadSender,
        ),
        (
            json!({"id": "w", "timestamp": "1", "type": "text", "text": {"body": "x"}}),
            MalformedReason::BadSender,
        ),
        (
            json!({"id": "w", "from": 447700900123_u64, "timestamp": "1", "type": "text"}),
            MalformedReason::BadSender,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "text": {"body": "x"}}),
            MalformedReason::MissingType,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "type": "text"}),
            MalformedReason::MissingBody {
                message_type: "text".into(),
            },
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "type": "image"}),
            MalformedReason::MissingBody {
                message_type: "image".into(),
            },
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "type": "interactive", "interactive": {"type": "list_reply"}}),
            MalformedReason::MissingBody {
                message_type: "interactive".into(),
            },
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "type": "text", "text": {"body": 42}}),
            MalformedReason::Unreadable,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "type": "image", "image": "not an object"}),
            MalformedReason::Unreadable,
        ),
        (
            json!({"id": "w", "from": "447700900123", "timestamp": "1", "type": "location", "location": {"latitude": "north"}}),
            MalformedReason::Unreadable,
        ),
        (json!("just a string"), MalformedReason::MissingId),
        (json!(null), MalformedReason::MissingId),
    ];
    for (bad, expected) in cases {
        let events = parse_events(&envelope(json!([bad.clone(), good.clone()]))).unwrap();
        assert_eq!(events.len(), 2, "{bad}");
        let InboundEvent::Message(kept) = &events[0] else {
            panic!("{bad}: {events:?}")
        };
        assert_eq!(kept.text(), Some("kept"));
        assert_eq!(kept.position, 1);
        let InboundEvent::Ignored(IgnoredItem::MalformedMessage {
            position, reason, ..
        }) = &events[1]
        else {
            panic!("{bad}: {events:?}")
        };
        assert_eq!(*position, 0);
        assert_eq!(reason, &expected, "{bad}");
    }
}
