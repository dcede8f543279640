//! Turning decided messages into text: catalogue rendering (nested texts, numbered lists, repair
//! variants), action links with freshly minted tokens, admin links, and the split of long artist
//! texts into parts.

use chrono::{DateTime, TimeDelta, Utc};

use crate::consultation::{
    ActionLink, AdminPage, LinkAction, OutboundMessage, Param, Recipient, Text, Variant,
};
use crate::copy::params::{ADMIN_URL, LINKS, URL};
use crate::copy::{
    Catalogue, MessageId, Params, RenderError, WHATSAPP_TEXT_LIMIT, split_into_parts,
};
use crate::model::LeadId;
use crate::ports::{MintedToken, RenderedButton, RenderedMessage, hash_action_token};

/// Renders one text for `lead` (its variant), filling nested texts first.
pub fn render_text(
    catalogue: &Catalogue,
    lead: Option<LeadId>,
    text: &Text,
) -> Result<String, RenderError> {
    let mut params = Params::new();
    for (name, value) in &text.params {
        let value = match value {
            Param::Plain(plain) => plain.clone(),
            Param::Text(inner) => render_text(catalogue, lead, inner)?,
            Param::Numbered(lines) => {
                let mut numbered = Vec::with_capacity(lines.len());
                for (at, line) in lines.iter().enumerate() {
                    numbered.push(format!(
                        "{}. {}",
                        at + 1,
                        render_text(catalogue, lead, line)?
                    ));
                }
                numbered.join("\n")
            }
        };
        params.set(name, value);
    }
    match text.variant {
        Variant::PerLead => catalogue.render(text.id, lead, &params),
        Variant::Failure(failure) => catalogue.render_repair(text.id, u32::from(failure), &params),
    }
}

/// Builds the links of artist notifications from the public base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkBuilder {
    /// `ACTION_TOKEN_BASE_URL`, defaulting to `PUBLIC_BASE_URL`; no trailing slash needed.
    pub action_base_url: String,
    /// `PUBLIC_BASE_URL`, for admin pages.
    pub public_base_url: String,
    /// `ACTION_TOKEN_EXPIRY_DAYS`.
    pub token_lifetime: TimeDelta,
}

impl LinkBuilder {
    fn action_url(&self, token: &str) -> String {
        format!("{}/a/{token}", self.action_base_url.trim_end_matches('/'))
    }

    fn admin_url(&self, page: AdminPage) -> String {
        let base = self.public_base_url.trim_end_matches('/');
        match page {
            AdminPage::Lead(id) => format!("{base}/admin/ui/leads/{}", id.0),
            AdminPage::ContactExport(id) => format!("{base}/admin/contacts/{}/export", id.0),
        }
    }
}

fn link_label(action: LinkAction) -> MessageId {
    match action {
        LinkAction::Approve => MessageId::UI_ACTION_APPROVE,
        LinkAction::Reject => MessageId::UI_ACTION_REJECT,
        LinkAction::Resume => MessageId::UI_ACTION_RESUME,
        LinkAction::SendDeposit => MessageId::UI_ACTION_SEND_DEPOSIT,
        LinkAction::MarkBooked => MessageId::UI_ACTION_MARK_BOOKED,
    }
}

/// Renders a message. `tokens` holds one freshly generated token per action link, in order; the
/// minted rows (hashes only) are returned alongside.
pub fn render_message(
    catalogue: &Catalogue,
    links: &LinkBuilder,
    message: &OutboundMessage,
    tokens: &[String],
    now: DateTime<Utc>,
) -> Result<(RenderedMessage, Vec<MintedToken>), RenderError> {
    let lead = message.lead_id;
    let mut minted = Vec::new();
    let mut link_lines = Vec::new();
    for (link, token) in message.action_links.iter().zip(tokens) {
        let ActionLink {
            action,
            required_status,
        } = *link;
        let line = Text::new(link_label(action)).with(URL, links.action_url(token));
        link_lines.push(render_text(catalogue, lead, &line)?);
        if let Some(lead_id) = lead {
            minted.push(MintedToken {
                token_hash: hash_action_token(token),
                lead_id,
                action,
                required_status,
                expires_at: now + links.token_lifetime,
            });
        }
    }
    let mut bodies = Vec::new();
    for (at, part) in message.parts.iter().enumerate() {
        let mut part = part.clone();
        let declared = catalogue
            .entry(part.id)
            .map_or(&[][..], |entry| entry.params());
        if at == 0 && message.recipient == Recipient::Artist {
            if declared.contains(&LINKS) {
                part = part.with(LINKS, link_lines.join("\n"));
            }
            if declared.contains(&ADMIN_URL) {
                let url = message
                    .admin_page
                    .map(|page| links.admin_url(page))
                    .unwrap_or_default();
                part = part.with(ADMIN_URL, url);
            }
        }
        bodies.push(render_text(catalogue, lead, &part)?);
    }
    let body = bodies.join("\n\n");
    let bodies = match message.recipient {
        Recipient::Artist => split_into_parts(&body, WHATSAPP_TEXT_LIMIT),
        Recipient::Client => vec![body],
    };
    let mut buttons = Vec::with_capacity(message.buttons.len());
    for button in &message.buttons {
        buttons.push(RenderedButton {
            id: button.id.clone(),
            title: render_text(catalogue, lead, &button.title)?,
        });
    }
    let rendered = RenderedMessage {
        message: message.clone(),
        bodies,
        buttons,
    };
    Ok((rendered, minted))
}
