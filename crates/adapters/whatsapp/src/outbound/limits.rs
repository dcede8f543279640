//! WhatsApp's limits for each outbound field, in characters (integrations.md §2.1).

use std::collections::HashSet;

use inkdesk_domain::provider::ProviderError;

use super::{ListMessage, ReplyButtons, TemplateMessage};

const TEXT_BODY: usize = 4096;
const INTERACTIVE_BODY: usize = 1024;
const BUTTON_TITLE: usize = 20;
const BUTTON_ID: usize = 256;
const MAX_BUTTONS: usize = 3;
const LIST_BUTTON: usize = 20;
const HEADER_OR_FOOTER: usize = 60;
const SECTION_TITLE: usize = 24;
const ROW_TITLE: usize = 24;
const ROW_DESCRIPTION: usize = 72;
const ROW_ID: usize = 200;
const MAX_ROWS: usize = 10;
const TEMPLATE_NAME: usize = 512;
const QUICK_REPLY_PAYLOAD: usize = 256;

/// An outbound message that WhatsApp would reject; `field` names the offending part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} has {actual} characters; the limit is {max}")]
    TooLong {
        field: &'static str,
        max: usize,
        actual: usize,
    },
    #[error("{field} needs {min} to {max} entries, not {actual}")]
    Count {
        field: &'static str,
        min: usize,
        max: usize,
        actual: usize,
    },
    #[error("{field} must be unique within the message")]
    Duplicate { field: &'static str },
    /// Template names are lower-case letters, digits and underscores.
    #[error("{field} contains characters WhatsApp does not accept there")]
    Characters { field: &'static str },
}

impl MessageError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty { field }
            | Self::TooLong { field, .. }
            | Self::Count { field, .. }
            | Self::Duplicate { field }
            | Self::Characters { field } => field,
        }
    }
}

/// A message that cannot be sent as built will never succeed: dead-letter it, naming the field.
impl From<MessageError> for ProviderError {
    fn from(error: MessageError) -> Self {
        ProviderError::permanent(format!("invalid_message.{}", error.field()))
    }
}

pub(super) fn text(body: &str) -> Result<(), MessageError> {
    required("text.body", body, TEXT_BODY)
}

pub(super) fn buttons(message: &ReplyButtons) -> Result<(), MessageError> {
    required("interactive.body", &message.body, INTERACTIVE_BODY)?;
    count("interactive.buttons", message.buttons.len(), 1, MAX_BUTTONS)?;
    for button in &message.buttons {
        required("button.id", &button.id, BUTTON_ID)?;
        required("button.title", &button.title, BUTTON_TITLE)?;
    }
    unique("button.id", message.buttons.iter().map(|b| b.id.as_str()))?;
    unique(
        "button.title",
        message.buttons.iter().map(|b| b.title.as_str()),
    )
}

pub(super) fn list(message: &ListMessage) -> Result<(), MessageError> {
    optional(
        "interactive.header",
        message.header.as_deref(),
        HEADER_OR_FOOTER,
    )?;
    required("interactive.body", &message.body, INTERACTIVE_BODY)?;
    optional(
        "interactive.footer",
        message.footer.as_deref(),
        HEADER_OR_FOOTER,
    )?;
    required("list.button", &message.button, LIST_BUTTON)?;
    count("list.sections", message.sections.len(), 1, MAX_ROWS)?;
    let rows: Vec<_> = message.sections.iter().flat_map(|s| &s.rows).collect();
    count("list.rows", rows.len(), 1, MAX_ROWS)?;
    for section in &message.sections {
        match &section.title {
            Some(title) => required("section.title", title, SECTION_TITLE)?,
            None if message.sections.len() > 1 => {
                return Err(MessageError::Empty {
                    field: "section.title",
                });
            }
            None => {}
        }
        if section.rows.is_empty() {
            return Err(MessageError::Empty {
                field: "section.rows",
            });
        }
    }
    for row in &rows {
        required("row.id", &row.id, ROW_ID)?;
        required("row.title", &row.title, ROW_TITLE)?;
        optional(
            "row.description",
            row.description.as_deref(),
            ROW_DESCRIPTION,
        )?;
    }
    unique("row.id", rows.iter().map(|r| r.id.as_str()))
}

pub(super) fn template(message: &TemplateMessage) -> Result<(), MessageError> {
    required("template.name", &message.name, TEMPLATE_NAME)?;
    if !message
        .name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(MessageError::Characters {
            field: "template.name",
        });
    }
    required("template.language", &message.language, 16)?;
    for parameter in &message.body_parameters {
        // Meta rejects (132018) parameters with line breaks, tabs or more than four spaces in a row.
        required("template.parameter", parameter, usize::MAX)?;
        if parameter.contains(['\n', '\r', '\t']) || parameter.contains("     ") {
            return Err(MessageError::Characters {
                field: "template.parameter",
            });
        }
    }
    optional(
        "template.quick_reply",
        message.quick_reply_payload.as_deref(),
        QUICK_REPLY_PAYLOAD,
    )?;
    if message.quick_reply_payload.as_deref() == Some("") {
        return Err(MessageError::Empty {
            field: "template.quick_reply",
        });
    }
    Ok(())
}

fn required(field: &'static str, value: &str, max: usize) -> Result<(), MessageError> {
    if value.trim().is_empty() {
        return Err(MessageError::Empty { field });
    }
    optional(field, Some(value), max)
}

fn optional(field: &'static str, value: Option<&str>, max: usize) -> Result<(), MessageError> {
    let actual = value.map_or(0, |v| v.chars().count());
    if actual > max {
        return Err(MessageError::TooLong { field, max, actual });
    }
    Ok(())
}

fn count(field: &'static str, actual: usize, min: usize, max: usize) -> Result<(), MessageError> {
    if (min..=max).contains(&actual) {
        Ok(())
    } else {
        Err(MessageError::Count {
            field,
            min,
            max,
            actual,
        })
    }
}

fn unique<'a>(
    field: &'static str,
    values: impl Iterator<Item = &'a str>,
) -> Result<(), MessageError> {
    let mut seen = HashSet::new();
    if values.into_iter().all(|v| seen.insert(v)) {
        Ok(())
    } else {
        Err(MessageError::Duplicate { field })
    }
}
