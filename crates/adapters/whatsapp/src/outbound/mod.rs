//! What inkdesk sends (integrations.md §2.1): text, reply buttons, lists and templates, checked against
//! WhatsApp's limits before any request is made and serialised exactly as the Graph API expects.
//!
//! The copy layer already cuts labels to fit; a limit failing here is a bug upstream, reported as a
//! `Permanent` error naming the field rather than as an opaque Meta 131009.

mod limits;
mod wire;

pub use limits::MessageError;
pub(crate) use wire::{mark_read_body, message_body};

/// Default template language (integrations.md §2.2).
pub const DEFAULT_TEMPLATE_LANGUAGE: &str = "en_GB";

/// A message with 1–3 reply buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyButtons {
    /// ≤ 1024 characters.
    pub body: String,
    pub buttons: Vec<ReplyButton>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyButton {
    /// ≤ 256 characters, unique in the message; comes back as the reply id.
    pub id: String,
    /// ≤ 20 characters, unique in the message.
    pub title: String,
}

/// An interactive list (slot offers): up to 10 rows in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMessage {
    /// ≤ 60 characters.
    pub header: Option<String>,
    /// ≤ 1024 characters.
    pub body: String,
    /// ≤ 60 characters.
    pub footer: Option<String>,
    /// The button that opens the list, ≤ 20 characters.
    pub button: String,
    pub sections: Vec<ListSection>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSection {
    /// ≤ 24 characters; required when there is more than one section.
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// ≤ 200 characters, unique in the message; comes back as the reply id.
    pub id: String,
    /// ≤ 24 characters.
    pub title: String,
    /// ≤ 72 characters.
    pub description: Option<String>,
}

/// An approved template: the only thing that may be sent outside the 24-hour window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMessage {
    pub name: String,
    pub language: String,
    /// In order; the count must equal the approved template's.
    pub body_parameters: Vec<String>,
    /// Payload of the quick-reply button at index 0 (`continue`), when the template has one.
    pub quick_reply_payload: Option<String>,
}

impl TemplateMessage {
    /// A template in the default language with no parameters and no button.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            language: DEFAULT_TEMPLATE_LANGUAGE.to_owned(),
            body_parameters: Vec::new(),
            quick_reply_payload: None,
        }
    }

    pub fn with_body_parameters<I, S>(mut self, parameters: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.body_parameters = parameters.into_iter().map(Into::into).collect();
        self
    }

    pub fn with_quick_reply(mut self, payload: impl Into<String>) -> Self {
        self.quick_reply_payload = Some(payload.into());
        self
    }
}

/// One outbound message body, as the client sends it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outbound<'a> {
    Text(&'a str),
    Buttons(&'a ReplyButtons),
    List(&'a ListMessage),
    Template(&'a TemplateMessage),
}

impl Outbound<'_> {
    pub(crate) fn validate(self) -> Result<(), MessageError> {
        match self {
            Self::Text(body) => limits::text(body),
            Self::Buttons(buttons) => limits::buttons(buttons),
            Self::List(list) => limits::list(list),
            Self::Template(template) => limits::template(template),
        }
    }

    /// The operation name used in logs.
    pub(crate) fn operation(self) -> &'static str {
        match self {
            Self::Text(_) => "send_text",
            Self::Buttons(_) => "send_interactive_buttons",
            Self::List(_) => "send_interactive_list",
            Self::Template(_) => "send_template",
        }
    }
}

#[cfg(test)]
mod tests;
