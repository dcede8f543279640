//! The JSON bodies of `POST /<phone_number_id>/messages`, field for field as integrations.md §2.1.

use serde_json::{Map, Value, json};

use super::{ListMessage, Outbound, ReplyButtons, TemplateMessage};

pub(crate) fn message_body(to: &str, message: Outbound<'_>) -> Value {
    let (kind, content) = match message {
        // Never a link preview: checkout and action links must not be fetched by anyone but the client.
        Outbound::Text(body) => ("text", json!({"preview_url": false, "body": body})),
        Outbound::Buttons(buttons) => ("interactive", buttons_content(buttons)),
        Outbound::List(list) => ("interactive", list_content(list)),
        Outbound::Template(template) => ("template", template_content(template)),
    };
    let mut body = Map::new();
    body.insert("messaging_product".into(), "whatsapp".into());
    body.insert("recipient_type".into(), "individual".into());
    body.insert("to".into(), to.into());
    body.insert("type".into(), kind.into());
    body.insert(kind.into(), content);
    Value::Object(body)
}

pub(crate) fn mark_read_body(message_id: &str) -> Value {
    json!({"messaging_product": "whatsapp", "status": "read", "message_id": message_id})
}

fn buttons_content(message: &ReplyButtons) -> Value {
    let buttons: Vec<Value> = message
        .buttons
        .iter()
        .map(|b| json!({"type": "reply", "reply": {"id": b.id, "title": b.title}}))
        .collect();
    json!({"type": "button", "body": {"text": message.body}, "action": {"buttons": buttons}})
}

fn list_content(message: &ListMessage) -> Value {
    let sections: Vec<Value> = message
        .sections
        .iter()
        .map(|section| {
            let rows: Vec<Value> = section
                .rows
                .iter()
                .map(|row| {
                    let mut out = json!({"id": row.id, "title": row.title});
                    if let Some(description) = &row.description {
                        out["description"] = description.as_str().into();
                    }
                    out
                })
                .collect();
            let mut out = Map::new();
            if let Some(title) = &section.title {
                out.insert("title".into(), title.as_str().into());
            }
            out.insert("rows".into(), rows.into());
            Value::Object(out)
        })
        .collect();
    let mut out = Map::new();
    out.insert("type".into(), "list".into());
    if let Some(header) = &message.header {
        out.insert("header".into(), json!({"type": "text", "text": header}));
    }
    out.insert("body".into(), json!({"text": message.body}));
    if let Some(footer) = &message.footer {
        out.insert("footer".into(), json!({"text": footer}));
    }
    out.insert(
        "action".into(),
        json!({"button": message.button, "sections": sections}),
    );
    Value::Object(out)
}

fn template_content(message: &TemplateMessage) -> Value {
    let mut components = Vec::new();
    if !message.body_parameters.is_empty() {
        let parameters: Vec<Value> = message
            .body_parameters
            .iter()
            .map(|text| json!({"type": "text", "text": text}))
            .collect();
        components.push(json!({"type": "body", "parameters": parameters}));
    }
    if let Some(payload) = &message.quick_reply_payload {
        components.push(
            json!({"type": "button", "sub_type": "quick_reply", "index": "0",
            "parameters": [{"type": "payload", "payload": payload}]}),
        );
    }
    let mut out = json!({"name": message.name, "language": {"code": message.language}});
    // With no parameters at all, `components` is omitted (integrations.md §2.1).
    if !components.is_empty() {
        out["components"] = components.into();
    }
    out
}
