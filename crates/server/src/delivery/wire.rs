//! What a planned send puts on the wire: the stored row (text, reply buttons or a list) or a
//! template, and the plain text that stands in for an interactive message WhatsApp refuses for its
//! parameters (data-and-ops.md §4.3 step 4, booking.md §3.1).

use inkdesk_domain::copy::{Catalogue, MessageId, Params};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::outbound::{OutboundMode, TemplateMessage as StoredTemplate};
use inkdesk_whatsapp::TemplateMessage;
use inkdesk_whatsapp::{ListMessage, ListRow, ListSection, ReplyButton, ReplyButtons};
use serde::Deserialize;
use serde_json::Value;

/// The quick-reply payload of a template's `continue` button (integrations.md §2.1).
const CONTINUE_PAYLOAD: &str = "continue";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WireMessage {
    Text(String),
    Buttons(ReplyButtons),
    List(ListMessage),
    Template(TemplateMessage),
}

/// The `interactive` column as the conversation store writes it.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StoredInteractive {
    Button {
        buttons: Vec<StoredButton>,
    },
    List {
        #[serde(default)]
        header: Option<String>,
        #[serde(default)]
        footer: Option<String>,
        button: String,
        sections: Vec<StoredSection>,
    },
}

#[derive(Deserialize)]
struct StoredButton {
    id: String,
    title: String,
}

#[derive(Deserialize)]
struct StoredSection {
    #[serde(default)]
    title: Option<String>,
    rows: Vec<StoredRow>,
}

#[derive(Deserialize)]
struct StoredRow {
    id: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
}

impl WireMessage {
    /// The row as stored. An interactive row whose `interactive` column this build cannot read
    /// goes out as its text: the body alone is written to be answerable by typing.
    pub(super) fn free_form(body: &str, mode: OutboundMode, interactive: Option<&Value>) -> Self {
        let text = || Self::Text(body.to_owned());
        if mode != OutboundMode::Interactive {
            return text();
        }
        let Some(stored) = interactive.and_then(|v| StoredInteractive::deserialize(v).ok()) else {
            tracing::warn!("interactive column unreadable; sending the message as plain text");
            return text();
        };
        match stored {
            StoredInteractive::Button { buttons } => Self::Buttons(ReplyButtons {
                body: body.to_owned(),
                buttons: buttons
                    .into_iter()
                    .map(|b| ReplyButton {
                        id: b.id,
                        title: b.title,
                    })
                    .collect(),
            }),
            StoredInteractive::List {
                header,
                footer,
                button,
                sections,
            } => Self::List(ListMessage {
                header,
                body: body.to_owned(),
                footer,
                button,
                sections: sections.into_iter().map(section).collect(),
            }),
        }
    }

    pub(super) fn template(stored: &StoredTemplate) -> Self {
        Self::Template(TemplateMessage {
            name: stored.name.clone(),
            language: stored.language.clone(),
            body_parameters: stored.params.clone(),
            quick_reply_payload: stored.continue_button.then(|| CONTINUE_PAYLOAD.to_owned()),
        })
    }

    /// The same content as plain text, for an interactive message; `None` for the others.
    pub(super) fn plain_text(&self, catalogue: &Catalogue, lead: Option<LeadId>) -> Option<String> {
        match self {
            // The titles are the options the client could have tapped; typed answers are accepted.
            Self::Buttons(buttons) => {
                let titles: Vec<&str> = buttons.buttons.iter().map(|b| b.title.as_str()).collect();
                Some(format!("{}\n\n{}", buttons.body, titles.join(" / ")))
            }
            // The list body already carries the numbered times; only the closing line differs.
            Self::List(list) => {
                let closing =
                    catalogue.render(MessageId::UI_SLOTS_PLAIN_REPLY, lead, &Params::new());
                Some(match closing {
                    Ok(closing) => format!("{}\n\n{closing}", list.body),
                    Err(_) => list.body.clone(),
                })
            }
            Self::Text(_) | Self::Template(_) => None,
        }
    }

    /// How the message is actually sent, which for an unreadable interactive row is as text.
    pub(super) fn mode(&self) -> OutboundMode {
        match self {
            Self::Text(_) => OutboundMode::Text,
            Self::Buttons(_) | Self::List(_) => OutboundMode::Interactive,
            Self::Template(_) => OutboundMode::Template,
        }
    }

    /// The message type for logs.
    pub(super) fn label(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Buttons(_) => "buttons",
            Self::List(_) => "list",
            Self::Template(_) => "template",
        }
    }
}

fn section(stored: StoredSection) -> ListSection {
    ListSection {
        title: stored.title,
        rows: stored
            .rows
            .into_iter()
            .map(|row| ListRow {
                id: row.id,
                title: row.title,
                description: row.description,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn stored_buttons_become_reply_buttons_and_fall_back_to_text_with_their_titles() {
        let stored = json!({"type": "button", "buttons": [
            {"id": "ans:coverup:yes", "title": "Yes"}, {"id": "ans:coverup:no", "title": "No"}]});
        let message = WireMessage::free_form("Cover-up?", OutboundMode::Interactive, Some(&stored));
        let WireMessage::Buttons(buttons) = &message else {
            panic!("expected buttons, got {message:?}");
        };
        assert_eq!(buttons.buttons[1].id, "ans:coverup:no");
        assert_eq!(
            message.plain_text(&Catalogue::en_gb(), None).as_deref(),
            Some("Cover-up?\n\nYes / No")
        );
    }

    #[test]
    fn a_stored_list_falls_back_to_its_body_and_the_reply_line() {
        let stored = json!({"type": "list", "header": "Available times", "button": "Choose a time",
            "sections": [{"title": "Pick one", "rows": [
                {"id": "slot:91:1", "title": "Fri 26 Mar 15:00", "description": "15:00–18:00 GMT"}]}]});
        let message = WireMessage::free_form("1. Fri", OutboundMode::Interactive, Some(&stored));
        assert!(matches!(&message, WireMessage::List(list) if list.sections[0].rows.len() == 1));
        assert_eq!(
            message.plain_text(&Catalogue::en_gb(), None).as_deref(),
            Some("1. Fri\n\nReply with the number of the time you'd like.")
        );
    }

    #[test]
    fn unreadable_interactive_columns_and_text_rows_go_out_as_text() {
        let odd = json!({"type": "carousel"});
        for (mode, interactive) in [
            (OutboundMode::Interactive, Some(&odd)),
            (OutboundMode::Interactive, None),
            (OutboundMode::Text, Some(&odd)),
        ] {
            assert_eq!(
                WireMessage::free_form("Hi", mode, interactive),
                WireMessage::Text("Hi".to_owned())
            );
        }
    }

    #[test]
    fn templates_carry_their_parameters_and_continue_button() {
        let stored = StoredTemplate {
            name: "artist_update".to_owned(),
            language: "en_GB".to_owned(),
            params: vec!["#42".to_owned(), "New enquiry".to_owned()],
            continue_button: true,
        };
        let WireMessage::Template(template) = WireMessage::template(&stored) else {
            panic!("expected a template");
        };
        assert_eq!(template.body_parameters, stored.params);
        assert_eq!(template.quick_reply_payload.as_deref(), Some("continue"));
    }
}
