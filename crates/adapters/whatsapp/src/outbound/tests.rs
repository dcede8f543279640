#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::*;

fn buttons() -> ReplyButtons {
    ReplyButtons {
        body: "Is this covering up, reworking or touching up an existing tattoo?".into(),
        buttons: [
            ("ans:coverup:yes", "Yes"),
            ("ans:coverup:no", "No"),
            ("ans:coverup:unsure", "Not sure"),
        ]
        .into_iter()
        .map(|(id, title)| ReplyButton {
            id: id.into(),
            title: title.into(),
        })
        .collect(),
    }
}

fn list(rows: usize) -> ListMessage {
    ListMessage {
        header: Some("Available times".into()),
        body: "Here are the next free times".into(),
        footer: Some("Tap a time or reply with its number".into()),
        button: "Choose a time".into(),
        sections: vec![ListSection {
            title: Some("Pick one".into()),
            rows: (1..=rows)
                .map(|n| ListRow {
                    id: format!("slot:91:{n}"),
                    title: format!("Slot {n}"),
                    description: Some("10:00–13:00 BST · 3 hours".into()),
                })
                .collect(),
        }],
    }
}

#[test]
fn text_body_matches_the_spec_and_never_previews_links() {
    let body = message_body("447700900123", Outbound::Text("Got it."));
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "447700900123",
               "type": "text", "text": {"preview_url": false, "body": "Got it."}})
    );
}

#[test]
fn buttons_body_matches_the_spec() {
    let body = message_body("447700900123", Outbound::Buttons(&buttons()));
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "447700900123", "type": "interactive",
         "interactive": {"type": "button",
           "body": {"text": "Is this covering up, reworking or touching up an existing tattoo?"},
           "action": {"buttons": [
             {"type": "reply", "reply": {"id": "ans:coverup:yes", "title": "Yes"}},
             {"type": "reply", "reply": {"id": "ans:coverup:no", "title": "No"}},
             {"type": "reply", "reply": {"id": "ans:coverup:unsure", "title": "Not sure"}}]}}})
    );
}

#[test]
fn list_body_matches_the_spec() {
    let body = message_body("447700900123", Outbound::List(&list(2)));
    assert_eq!(
        body["interactive"],
        json!({"type": "list",
           "header": {"type": "text", "text": "Available times"},
           "body": {"text": "Here are the next free times"},
           "footer": {"text": "Tap a time or reply with its number"},
           "action": {"button": "Choose a time", "sections": [{"title": "Pick one", "rows": [
             {"id": "slot:91:1", "title": "Slot 1", "description": "10:00–13:00 BST · 3 hours"},
             {"id": "slot:91:2", "title": "Slot 2", "description": "10:00–13:00 BST · 3 hours"}]}]}})
    );
    let mut bare = list(1);
    bare.header = None;
    bare.footer = None;
    bare.sections[0].title = None;
    bare.sections[0].rows[0].description = None;
    let body = message_body("447700900123", Outbound::List(&bare));
    assert_eq!(body["interactive"].get("header"), None);
    assert_eq!(
        body["interactive"]["action"]["sections"],
        json!([{"rows": [{"id": "slot:91:1", "title": "Slot 1"}]}])
    );
}

#[test]
fn template_bodies_match_the_spec() {
    let confirmed = TemplateMessage::new("booking_confirmed").with_body_parameters([
        "Sam",
        "Mon 29 Mar",
        "10:00 BST",
    ]);
    assert_eq!(
        message_body("447700900123", Outbound::Template(&confirmed)),
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "447700900123", "type": "template",
         "template": {"name": "booking_confirmed", "language": {"code": "en_GB"},
           "components": [{"type": "body", "parameters": [
             {"type": "text", "text": "Sam"}, {"type": "text", "text": "Mon 29 Mar"}, {"type": "text", "text": "10:00 BST"}]}]}})
    );
    let reply = TemplateMessage::new("next_steps_reply_to_continue").with_quick_reply("continue");
    assert_eq!(
        message_body("447700900123", Outbound::Template(&reply))["template"],
        json!({"name": "next_steps_reply_to_continue", "language": {"code": "en_GB"},
           "components": [{"type": "button", "sub_type": "quick_reply", "index": "0",
                           "parameters": [{"type": "payload", "payload": "continue"}]}]})
    );
    let bare = TemplateMessage::new("next_steps_reply_to_continue");
    assert_eq!(
        message_body("447700900123", Outbound::Template(&bare))["template"],
        json!({"name": "next_steps_reply_to_continue", "language": {"code": "en_GB"}})
    );
}

#[test]
fn mark_read_body_matches_the_spec() {
    assert_eq!(
        mark_read_body("wamid.IN"),
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN"})
    );
}

#[test]
fn text_limits_count_characters_not_bytes() {
    assert!(Outbound::Text(&"é".repeat(4096)).validate().is_ok());
    assert_eq!(
        Outbound::Text(&"a".repeat(4097)).validate(),
        Err(MessageError::TooLong {
            field: "text.body",
            max: 4096,
            actual: 4097
        })
    );
    assert_eq!(
        Outbound::Text("  ").validate(),
        Err(MessageError::Empty { field: "text.body" })
    );
}

#[test]
fn button_limits() {
    assert!(Outbound::Buttons(&buttons()).validate().is_ok());
    let field = |m: ReplyButtons| Outbound::Buttons(&m).validate().unwrap_err().field();

    let mut m = buttons();
    m.buttons.push(m.buttons[0].clone());
    assert_eq!(field(m), "interactive.buttons");
    let mut m = buttons();
    m.buttons.clear();
    assert_eq!(field(m), "interactive.buttons");
    let mut m = buttons();
    m.buttons[0].title = "a".repeat(21);
    assert_eq!(field(m), "button.title");
    let mut m = buttons();
    m.buttons[0].id = "a".repeat(257);
    assert_eq!(field(m), "button.id");
    let mut m = buttons();
    m.buttons[1].id = m.buttons[0].id.clone();
    assert_eq!(field(m), "button.id");
    let mut m = buttons();
    m.buttons[1].title = m.buttons[0].title.clone();
    assert_eq!(field(m), "button.title");
    let mut m = buttons();
    m.body = "a".repeat(1025);
    assert_eq!(field(m), "interactive.body");
}

#[test]
fn list_limits() {
    assert!(Outbound::List(&list(10)).validate().is_ok());
    let field = |m: ListMessage| Outbound::List(&m).validate().unwrap_err().field();

    assert_eq!(field(list(11)), "list.rows");
    assert_eq!(field(list(0)), "list.rows");
    let mut m = list(10);
    m.sections.push(m.sections[0].clone());
    assert_eq!(field(m), "list.rows");
    let mut m = list(2);
    m.sections[0].rows[0].title = "a".repeat(25);
    assert_eq!(field(m), "row.title");
    let mut m = list(2);
    m.sections[0].rows[0].description = Some("a".repeat(73));
    assert_eq!(field(m), "row.description");
    let mut m = list(2);
    m.sections[0].rows[0].id = "a".repeat(201);
    assert_eq!(field(m), "row.id");
    let mut m = list(2);
    m.sections[0].rows[1].id = "slot:91:1".into();
    assert_eq!(field(m), "row.id");
    let mut m = list(2);
    m.button = "a".repeat(21);
    assert_eq!(field(m), "list.button");
    let mut m = list(2);
    m.header = Some("a".repeat(61));
    assert_eq!(field(m), "interactive.header");
    let mut m = list(2);
    m.footer = Some("a".repeat(61));
    assert_eq!(field(m), "interactive.footer");
    let mut m = list(2);
    m.sections[0].title = Some("a".repeat(25));
    assert_eq!(field(m), "section.title");
    let mut m = list(2);
    let second = ListSection {
        title: None,
        rows: vec![ListRow {
            id: "other".into(),
            title: "Other".into(),
            description: None,
        }],
    };
    m.sections.push(second);
    assert_eq!(field(m), "section.title");
}

#[test]
fn template_limits() {
    let ok = TemplateMessage::new("artist_update").with_body_parameters(["#42", "Deposit paid"]);
    assert!(Outbound::Template(&ok).validate().is_ok());
    let field = |m: TemplateMessage| Outbound::Template(&m).validate().unwrap_err().field();

    assert_eq!(
        field(TemplateMessage::new("Artist Update")),
        "template.name"
    );
    assert_eq!(field(TemplateMessage::new("")), "template.name");
    assert_eq!(
        field(TemplateMessage::new("artist_update").with_body_parameters([" "])),
        "template.parameter"
    );
    assert_eq!(
        field(TemplateMessage::new("artist_update").with_body_parameters(["a\nb"])),
        "template.parameter"
    );
    assert_eq!(
        field(TemplateMessage::new("artist_update").with_body_parameters(["a     b"])),
        "template.parameter"
    );
    assert_eq!(
        field(TemplateMessage::new("x").with_quick_reply("")),
        "template.quick_reply"
    );
}

#[test]
fn a_message_error_is_a_permanent_provider_error_naming_the_field() {
    let error: inkdesk_domain::provider::ProviderError =
        MessageError::Empty { field: "text.body" }.into();
    assert_eq!(
        error,
        inkdesk_domain::provider::ProviderError::permanent("invalid_message.text.body")
    );
}
