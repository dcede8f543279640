//! Outbound messages as the engine decides them: catalogue ids with their placeholder values,
//! rendered to text only when the unit of work is written (the service holds the catalogue).

use serde::Serialize;

use crate::copy::MessageId;
use crate::model::string_enum::string_enum;
use crate::model::{ContactId, LeadId, LeadStatus};

string_enum! {
    /// Who receives a message (`outbound_messages.recipient_role`).
    pub enum Recipient as "recipient role" {
        Client = "client",
        Artist = "artist",
    }
}

/// Which wording of a message id is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The lead's deterministic variant (§24 rule 4); variant 0 without a lead.
    PerLead,
    /// Repairs are chosen by the failure number (1 → gentle, 2 → short).
    Failure(u8),
}

/// A placeholder value: plain text, or another catalogue text rendered in place (a question
/// inside `ask_question`, a status prompt inside `resumed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Param {
    Plain(String),
    Text(Box<Text>),
    /// Texts written one per line and numbered from 1 (`1. Leeds guest spot, 12–14 Apr 2027`).
    Numbered(Vec<Text>),
}

/// One catalogue text with its placeholder values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub id: MessageId,
    pub variant: Variant,
    pub params: Vec<(&'static str, Param)>,
}

impl Text {
    pub fn new(id: MessageId) -> Self {
        Self {
            id,
            variant: Variant::PerLead,
            params: Vec::new(),
        }
    }

    /// A repair text for the given failure number.
    pub fn repair(id: MessageId, failure_number: u8) -> Self {
        Self {
            variant: Variant::Failure(failure_number),
            ..Self::new(id)
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, Param::Plain(value.into())));
        self
    }

    /// Fills `name` with another text, rendered for the same lead.
    pub fn with_text(mut self, name: &'static str, text: Text) -> Self {
        self.params.push((name, Param::Text(Box::new(text))));
        self
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|(param, _)| *param == name)
            .map(|(_, value)| value)
    }

    pub fn with_numbered(mut self, name: &'static str, lines: Vec<Text>) -> Self {
        self.params.push((name, Param::Numbered(lines)));
        self
    }

    /// Every id used, this one first, then nested ones depth first (for tests and logs).
    pub fn ids(&self) -> Vec<MessageId> {
        let mut ids = vec![self.id];
        for (_, value) in &self.params {
            match value {
                Param::Plain(_) => {}
                Param::Text(text) => ids.extend(text.ids()),
                Param::Numbered(lines) => ids.extend(lines.iter().flat_map(Text::ids)),
            }
        }
        ids
    }
}

/// An interactive reply button: the id the client's tap sends back and its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Button {
    pub id: String,
    pub title: Text,
}

string_enum! {
    /// What a one-tap action link does (`action_tokens.action`).
    pub enum LinkAction as "link action" {
        Approve = "approve",
        Reject = "reject",
        Resume = "resume",
        SendDeposit = "send_deposit",
        MarkBooked = "mark_booked",
    }
}

/// An action link to mint for an artist notification: valid while the lead is in
/// `required_status` (status-locked, single use, 7 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActionLink {
    pub action: LinkAction,
    pub required_status: LeadStatus,
}

/// Which admin page an artist notification links to as `{admin_url}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "page", content = "id", rename_all = "snake_case")]
pub enum AdminPage {
    /// `/admin/ui/leads/<id>`.
    Lead(LeadId),
    /// `/admin/contacts/<id>/export`, where the artist answers a data request.
    ContactExport(ContactId),
}

/// One outbound message. Its kind (the message id of the first part) is also the
/// `outbound_messages.kind`; the store writes a `whatsapp.send` or `artist.notify` job for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboundMessage {
    pub recipient: Recipient,
    pub lead_id: Option<LeadId>,
    /// Texts sent as one message, separated by a blank line ("prefix" in the spec).
    pub parts: Vec<Text>,
    pub buttons: Vec<Button>,
    /// Writing this message cancels older queued or deferred ones with the same key.
    pub replace_key: Option<String>,
    /// Artist notifications only: links minted with the message and listed in `{links}`; the
    /// service also fills `{admin_url}`.
    pub action_links: Vec<ActionLink>,
    /// Artist notifications only: the page `{admin_url}` points to.
    pub admin_page: Option<AdminPage>,
}

impl OutboundMessage {
    pub fn to_client(lead_id: Option<LeadId>, text: Text) -> Self {
        Self {
            recipient: Recipient::Client,
            lead_id,
            parts: vec![text],
            buttons: Vec::new(),
            replace_key: None,
            action_links: Vec::new(),
            admin_page: None,
        }
    }

    pub fn to_artist(lead_id: Option<LeadId>, text: Text, links: Vec<ActionLink>) -> Self {
        Self {
            recipient: Recipient::Artist,
            action_links: links,
            admin_page: lead_id.map(AdminPage::Lead),
            ..Self::to_client(lead_id, text)
        }
    }

    /// The message id of the first part.
    pub fn kind(&self) -> MessageId {
        self.parts
            .first()
            .map_or(MessageId::ARTIST_MESSAGE, |part| part.id)
    }

    /// Every message id in the message, in reading order.
    pub fn ids(&self) -> Vec<MessageId> {
        self.parts.iter().flat_map(Text::ids).collect()
    }

    pub fn is_interactive(&self) -> bool {
        !self.buttons.is_empty()
    }
}
