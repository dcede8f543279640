#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Whole deliveries that are not what Meta documents: typed errors or ignored items, never a panic.

use inkdesk_whatsapp::webhook::{
    DeliveryStatus, IgnoredItem, InboundEvent, MalformedReason, WebhookError, parse_events,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn parse(value: &Value) -> Result<Vec<InboundEvent>, WebhookError> {
    parse_events(&serde_json::to_vec(value).unwrap())
}

fn ignored(events: &[InboundEvent]) -> Vec<&IgnoredItem> {
    events
        .iter()
        .filter_map(|e| match e {
            InboundEvent::Ignored(item) => Some(item),
            _ => None,
        })
        .collect()
}

#[test]
fn unreadable_bodies_are_typed_errors() {
    assert_eq!(parse_events(b""), Err(WebhookError::NotJson));
    assert_eq!(parse_events(b"{\"object\":"), Err(WebhookError::NotJson));
    assert_eq!(
        parse_events(&[0xff, 0xfe, 0x00]),
        Err(WebhookError::NotJson)
    );
    assert_eq!(parse_events(b"[]"), Err(WebhookError::NotObject));
    assert_eq!(parse_events(b"\"x\""), Err(WebhookError::NotObject));
    assert_eq!(parse_events(b"null"), Err(WebhookError::NotObject));
    assert_eq!(
        parse(&json!({"object": 5, "entry": []})),
        Err(WebhookError::Shape)
    );
    assert_eq!(
        parse(&json!({"object": "whatsapp_business_account", "entry": {}})),
        Err(WebhookError::Shape)
    );
}

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    let deep = format!(
        "{{\"object\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(parse_events(deep.as_bytes()), Err(WebhookError::NotJson));
}

#[test]
fn other_objects_are_ignored_whole() {
    let events =
        parse(&json!({"object": "page", "entry": [{"changes": [{"field": "messages"}]}]})).unwrap();
    assert_eq!(events, [InboundEvent::Ignored(IgnoredItem::ForeignObject)]);
    let events = parse(&json!({})).unwrap();
    assert_eq!(events, [InboundEvent::Ignored(IgnoredItem::ForeignObject)]);
}

#[test]
fn odd_entries_and_changes_are_ignored_one_by_one() {
    let events = parse(&json!({
        "object": "whatsapp_business_account",
        "entry": [
            "not an entry",
            {"id": "1", "changes": [
                7,
                {"field": "message_template_status_update", "value": {"event": "APPROVED"}},
                {"field": "messages", "value": {"messages": "not a list"}},
                {"field": "messages", "value": {"statuses": [
                    {"id": "wamid.A", "status": "delivered", "timestamp": "1805983962", "recipient_id": "447700900123"},
                    {"id": "wamid.B", "timestamp": "1805983962"},
                    {"id": "wamid.C", "status": "read", "timestamp": "never"},
                    {"status": "read", "timestamp": "1805983962"},
                    {"id": "wamid.D", "status": "deleted", "timestamp": "1805983962", "recipient_id": "group-17"},
                    {"id": "wamid.E", "status": ["read"], "timestamp": "1805983962"}
                ], "errors": [{"code": 131000, "title": "Something went wrong"}, "junk"]}},
                {"field": "messages"}
            ]},
            {"id": "2"}
        ]
    }))
    .unwrap();

    let statuses: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            InboundEvent::Status(s) => Some((
                s.message_id.as_str(),
                s.status.clone(),
                s.recipient.is_some(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("wamid.A", DeliveryStatus::Delivered, true),
            ("wamid.D", DeliveryStatus::Other("deleted".into()), false),
        ]
    );
    // A messages change with no metadata still yields its events, with an empty number id.
    assert!(events.iter().any(|e| matches!(
        e,
        InboundEvent::PlatformError { phone_number_id, error } if phone_number_id.is_empty() && error.code == Some(131_000)
    )));
    assert_eq!(
        ignored(&events),
        [
            &IgnoredItem::MalformedEntry,
            &IgnoredItem::MalformedChange,
            &IgnoredItem::OtherField {
                field: "message_template_status_update".into()
            },
            &IgnoredItem::MalformedChange,
            &IgnoredItem::MalformedStatus {
                reason: MalformedReason::MissingStatus
            },
            &IgnoredItem::MalformedStatus {
                reason: MalformedReason::BadTimestamp
            },
            &IgnoredItem::MalformedStatus {
                reason: MalformedReason::MissingId
            },
            &IgnoredItem::MalformedStatus {
                reason: MalformedReason::Unreadable
            },
            &IgnoredItem::MalformedError,
            // `{"field": "messages"}` without a value.
            &IgnoredItem::MalformedChange,
        ]
    );
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z_0-9 ]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("whatsapp_business_account"),
            Just("messages"),
            Just("text"),
            Just("image"),
            Just("interactive"),
            Just("list_reply"),
            Just("447700900123"),
            Just("1805983331"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        let key = prop_oneof![
            Just("object"),
            Just("entry"),
            Just("changes"),
            Just("field"),
            Just("value"),
            Just("messages"),
            Just("statuses"),
            Just("errors"),
            Just("contacts"),
            Just("metadata"),
            Just("id"),
            Just("from"),
            Just("timestamp"),
            Just("type"),
            Just("text"),
            Just("body"),
            Just("image"),
            Just("interactive"),
            Just("list_reply"),
            Just("status"),
            Just("code"),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(key.prop_map(str::to_owned), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_events(&bytes);
    }

    #[test]
    fn arbitrary_json_shapes_never_panic(value in arbitrary_json()) {
        let _ = parse(&value);
        let wrapped = json!({"object": "whatsapp_business_account", "entry": [
            {"changes": [{"field": "messages", "value": {"messages": [value.clone()], "statuses": [value]}}]}
        ]});
        prop_assert!(parse(&wrapped).is_ok());
    }
}
