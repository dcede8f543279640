//! Messages kept for the artist (§6 "forward"): the text is stored as a `client_note` answer and
//! the artist gets `artist.client_messages`, at most once per lead per 30 minutes, listing every
//! note since the previous notice.

use chrono::TimeDelta;

use super::draft::Draft;
use super::handover::shorten;
use super::outbound::{ActionLink, LinkAction, Text};
use super::summary::{client, lead_ref};
use crate::copy::MessageId;
use crate::copy::params::{CLIENT, LEAD_REF, MESSAGES};
use crate::model::{BookingMode, LeadCooldown, LeadStatus, QuestionKey};

const NOTE_CHARS: usize = 300;

/// Stores the note and, outside the coalescing period, tells the artist about every note since
/// the last notice.
pub(super) fn forward(d: &mut Draft<'_, '_>) {
    let last_forwarded = d.lead().and_then(|lead| {
        lead.conversation
            .cooldowns
            .last(LeadCooldown::ClientNotesForwarded)
    });
    d.store_note();
    let period = TimeDelta::minutes(i64::from(
        d.rules().conversation.client_note_forward_minutes,
    ));
    if !d.lead_cooldown(LeadCooldown::ClientNotesForwarded, period) {
        return;
    }
    let mut lines: Vec<String> = d
        .answers()
        .iter()
        .filter(|answer| answer.question_key == QuestionKey::ClientNote)
        .filter(|answer| last_forwarded.is_none_or(|at| answer.created_at > at))
        .map(|answer| format!("• {}", shorten(&answer.value_text, NOTE_CHARS)))
        .collect();
    if d.input.inbound.media_kind().is_some() && d.normal.is_empty() {
        lines.push("• (sent an attachment)".to_owned());
    }
    if lines.is_empty() {
        return;
    }
    let text = Text::new(MessageId::ARTIST_CLIENT_MESSAGES)
        .with(LEAD_REF, lead_ref(d))
        .with(CLIENT, client(d))
        .with(MESSAGES, lines.join("\n"));
    let manual_expired = d.lead().is_some_and(|lead| {
        lead.status() == LeadStatus::DepositExpired
            && lead.booking_mode() == Some(BookingMode::Manual)
    });
    let links = if manual_expired {
        vec![ActionLink {
            action: LinkAction::SendDeposit,
            required_status: LeadStatus::DepositExpired,
        }]
    } else {
        Vec::new()
    };
    d.notify_artist(text, links);
}

/// An artist notice that names only the lead and the client.
pub(super) fn notify_artist_plain(d: &mut Draft<'_, '_>, id: MessageId) {
    let text = Text::new(id)
        .with(LEAD_REF, lead_ref(d))
        .with(CLIENT, client(d));
    d.notify_artist(text, Vec::new());
}
