//! What the real `POST /<phone_number_id>/messages` checks, answered with the Graph error code Meta
//! uses: 100 for a malformed request, 131009 for a limit, 131047 outside the window, 132001 for an
//! unknown template, 132000 for a wrong parameter count.

use serde_json::{Value, json};

use super::server::{Reply, graph_error, json_reply};
use super::{Shared, lock};

const INVALID: i64 = 100;
const LIMIT: i64 = 131_009;
const WINDOW_CLOSED: i64 = 131_047;
const UNKNOWN_TEMPLATE: i64 = 132_001;
const PARAMETER_COUNT: i64 = 132_000;

pub(super) fn messages(state: &Shared, phone_number_id: &str, body: Option<&Value>) -> Reply {
    match check(state, phone_number_id, body) {
        Ok(reply) => reply,
        Err(code) => graph_error(state, 400, code, None),
    }
}

fn check(state: &Shared, phone_number_id: &str, body: Option<&Value>) -> Result<Reply, i64> {
    if phone_number_id != lock(state).phone_number_id {
        return Err(INVALID);
    }
    let body = body.filter(|b| b.is_object()).ok_or(INVALID)?;
    if text(body, "messaging_product") != Some("whatsapp") {
        return Err(INVALID);
    }
    if body.get("status").is_some() {
        return mark_read(body);
    }
    if body.get("recipient_type").is_some() && text(body, "recipient_type") != Some("individual") {
        return Err(INVALID);
    }
    let to = text(body, "to").ok_or(INVALID)?;
    if !(8..=15).contains(&to.len()) || !to.bytes().all(|b| b.is_ascii_digit()) {
        return Err(INVALID);
    }
    let kind = text(body, "type").ok_or(INVALID)?;
    let window_closed = lock(state).window_closed.contains(to);
    match kind {
        "template" => template(state, body.get("template").ok_or(INVALID)?)?,
        _ if window_closed => return Err(WINDOW_CLOSED),
        "text" => text_message(body.get("text").ok_or(INVALID)?)?,
        "interactive" => interactive(body.get("interactive").ok_or(INVALID)?)?,
        _ => return Err(INVALID),
    }
    let id = {
        let mut state = lock(state);
        state.sent += 1;
        format!("wamid.FAKE.{}", state.sent)
    };
    Ok(json_reply(
        200,
        &json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": id}]}),
    ))
}

fn mark_read(body: &Value) -> Result<Reply, i64> {
    if text(body, "status") != Some("read") || text(body, "message_id").is_none_or(str::is_empty) {
        return Err(INVALID);
    }
    Ok(json_reply(200, &json!({"success": true})))
}

fn text_message(text_body: &Value) -> Result<(), i64> {
    let body = text(text_body, "body").ok_or(INVALID)?;
    within(body, 1, 4096, INVALID)?;
    match text_body.get("preview_url") {
        None | Some(Value::Bool(_)) => Ok(()),
        Some(_) => Err(INVALID),
    }
}

fn interactive(message: &Value) -> Result<(), i64> {
    let body = message
        .get("body")
        .and_then(|b| text(b, "text"))
        .ok_or(INVALID)?;
    within(body, 1, 1024, LIMIT)?;
    let action = message.get("action").ok_or(INVALID)?;
    match text(message, "type").ok_or(INVALID)? {
        "button" => {
            let buttons = action
                .get("buttons")
                .and_then(Value::as_array)
                .ok_or(INVALID)?;
            count(buttons.len(), 1, 3)?;
            for button in buttons {
                let reply = button.get("reply").ok_or(INVALID)?;
                within(text(reply, "id").ok_or(INVALID)?, 1, 256, LIMIT)?;
                within(text(reply, "title").ok_or(INVALID)?, 1, 20, LIMIT)?;
            }
            Ok(())
        }
        "list" => {
            for part in ["header", "footer"] {
                if let Some(value) = message.get(part) {
                    within(text(value, "text").ok_or(INVALID)?, 1, 60, LIMIT)?;
                }
            }
            within(text(action, "button").ok_or(INVALID)?, 1, 20, LIMIT)?;
            let sections = action
                .get("sections")
                .and_then(Value::as_array)
                .ok_or(INVALID)?;
            let mut rows = 0;
            for section in sections {
                if let Some(title) = section.get("title") {
                    within(title.as_str().ok_or(INVALID)?, 1, 24, LIMIT)?;
                }
                for row in section
                    .get("rows")
                    .and_then(Value::as_array)
                    .ok_or(INVALID)?
                {
                    rows += 1;
                    within(text(row, "id").ok_or(INVALID)?, 1, 200, LIMIT)?;
                    within(text(row, "title").ok_or(INVALID)?, 1, 24, LIMIT)?;
                    if let Some(description) = row.get("description") {
                        within(description.as_str().ok_or(INVALID)?, 0, 72, LIMIT)?;
                    }
                }
            }
            count(rows, 1, 10)
        }
        _ => Err(INVALID),
    }
}

fn template(state: &Shared, template: &Value) -> Result<(), i64> {
    let name = text(template, "name").ok_or(INVALID)?;
    template
        .get("language")
        .and_then(|l| text(l, "code"))
        .ok_or(INVALID)?;
    let expected = *lock(state).templates.get(name).ok_or(UNKNOWN_TEMPLATE)?;
    let components = match template.get("components") {
        None => Vec::new(),
        Some(Value::Array(components)) => components.clone(),
        Some(_) => return Err(INVALID),
    };
    let mut parameters = 0;
    for component in &components {
        if text(component, "type") == Some("body") {
            let list = component
                .get("parameters")
                .and_then(Value::as_array)
                .ok_or(INVALID)?;
            for parameter in list {
                if text(parameter, "type") != Some("text") {
                    return Err(INVALID);
                }
                within(text(parameter, "text").ok_or(INVALID)?, 1, 32_768, INVALID)?;
            }
            parameters += list.len();
        }
    }
    if parameters == expected {
        Ok(())
    } else {
        Err(PARAMETER_COUNT)
    }
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str()
}

fn within(value: &str, min: usize, max: usize, code: i64) -> Result<(), i64> {
    let chars = value.chars().count();
    if (min..=max).contains(&chars) {
        Ok(())
    } else {
        Err(code)
    }
}

fn count(actual: usize, min: usize, max: usize) -> Result<(), i64> {
    if (min..=max).contains(&actual) {
        Ok(())
    } else {
        Err(LIMIT)
    }
}
