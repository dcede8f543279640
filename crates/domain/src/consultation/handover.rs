//! Handing a lead to the artist (§13): the transition, the client's copy, and `artist.handover`
//! with the latest messages, strikes, summary and action links — every time, not only the first.

use super::decision::{Disposition, SystemEvent};
use super::draft::Draft;
use super::outbound::{ActionLink, LinkAction, Text};
use super::summary::{client, lead_ref, summary};
use crate::copy::params::{
    ARTIST_NAME, CLIENT, LEAD_REF, REASON, RECENT_MESSAGES, STRIKES, SUMMARY,
};
use crate::copy::{MessageId, SummaryHeadline};
use crate::model::{Handover, HandoverReason, LeadStatus};
use crate::status::TransitionReason;

/// How many of the latest client texts the artist sees, and how much of each.
const RECENT_MESSAGES_SHOWN: usize = 5;
const RECENT_MESSAGE_CHARS: usize = 80;

/// The client's copy for a handover reason (§13.1).
pub(super) fn client_copy(reason: HandoverReason) -> Option<MessageId> {
    use HandoverReason::*;
    Some(match reason {
        HumanRequest => MessageId::HANDOVER_HUMAN,
        RefundQuestion => MessageId::HANDOVER_REFUND,
        DataRequest => MessageId::HANDOVER_DATA_REQUEST,
        PriceNegotiation | Hesitation | PaymentLinkFailed | PaidNoSlot => {
            MessageId::HANDOVER_GENERIC
        }
        ComplexQuestion => MessageId::HANDOVER_QUESTION,
        RescheduleRequest => MessageId::HANDOVER_RESCHEDULE,
        CancelRequest => MessageId::HANDOVER_CANCEL_REQUEST,
        ParseFailure(_) => MessageId::HANDOVER_PARSE_FAILURE,
        CoverUp => MessageId::HANDOVER_COVERUP,
        TimeWindows => MessageId::TIME_WINDOWS_COLLECTED,
        PaymentReview => return None,
    })
}

/// What the artist reads as the reason, in words (stored as `handover_reason`, ≤ 200 chars).
fn reason_words(reason: HandoverReason) -> String {
    use HandoverReason::*;
    match reason {
        HumanRequest => "the client asked to talk to you".to_owned(),
        RefundQuestion => "the client asked about refunds".to_owned(),
        DataRequest => "the client asked about their personal data".to_owned(),
        PriceNegotiation => "the client wants to talk about the price".to_owned(),
        Hesitation => "the client is hesitating".to_owned(),
        ComplexQuestion => "the client asked a question only you can answer".to_owned(),
        RescheduleRequest => "the client wants to reschedule".to_owned(),
        CancelRequest => "the client wants to cancel".to_owned(),
        ParseFailure(field) => format!("three unclear answers for {field}"),
        CoverUp => "cover-up: please assess the existing tattoo".to_owned(),
        TimeWindows => "the client sent the times that suit them".to_owned(),
        PaymentReview => "a payment needs review".to_owned(),
        PaymentLinkFailed => "the deposit link could not be created".to_owned(),
        PaidNoSlot => "the deposit is paid but no slot can be offered".to_owned(),
    }
}

/// Hands the lead over for `reason`: transition, client copy (none for artist-only reasons),
/// `artist.handover`, INFO `handover.started`. A lead already waiting for the artist keeps its
/// status; the reason is added to the open handover and the artist is alerted again.
pub(super) fn hand_over(d: &mut Draft<'_, '_>, reason: HandoverReason) {
    let words = reason_words(reason);
    let already_waiting = d.status() == Some(LeadStatus::NeedsArtistReply);
    if already_waiting {
        if let Some(lead) = d.lead_mut() {
            lead.append_to_handover(&words);
        }
    } else {
        let handover = Handover::new(reason, &words);
        let moved = d.move_to(
            LeadStatus::NeedsArtistReply,
            TransitionReason::Handover(handover),
        );
        if !moved {
            return;
        }
    }
    if let Some(id) = client_copy(reason) {
        d.reply(Text::new(id).with(ARTIST_NAME, d.artist_name()));
    }
    // Collected time windows go to the artist as `artist.time_windows` instead.
    if reason != HandoverReason::TimeWindows {
        notify_artist_of_handover(d, &words);
    }
    let return_status = d
        .lead()
        .and_then(|lead| lead.return_status())
        .map(|status| status.as_str());
    d.event(SystemEvent::info(
        "handover.started",
        d.lead_id(),
        serde_json::json!({ "reason_code": reason.code(), "return_status": return_status }),
    ));
    d.set_disposition(Disposition::Handover);
}

/// `artist.handover`: reason, the last five client texts, strikes, the summary, and the links
/// the artist may use (resume always; approve and reject under G1; mark booked under G3).
fn notify_artist_of_handover(d: &mut Draft<'_, '_>, reason: &str) {
    let Some(ctx) = d.ctx.as_ref() else {
        return;
    };
    let lead = &ctx.lead;
    let mut recent: Vec<String> = ctx.recent_client_texts.clone();
    let current = d.normal.clone();
    if !current.is_empty() {
        recent.push(current);
    }
    let start = recent.len().saturating_sub(RECENT_MESSAGES_SHOWN);
    let recent_lines: Vec<String> = recent
        .iter()
        .skip(start)
        .map(|text| format!("• {}", shorten(text, RECENT_MESSAGE_CHARS)))
        .collect();
    let strikes: Vec<String> = lead
        .conversation
        .parse_failures
        .iter()
        .map(|(field, count)| format!("{field} {count}"))
        .collect();
    let status = lead.status();
    let mut links = vec![ActionLink {
        action: LinkAction::Resume,
        required_status: status,
    }];
    let approvable = lead.funnel().qualifying_completed_at.is_some()
        && lead.funnel().approved_at.is_none()
        && !ctx.payments.paid;
    if approvable {
        links.push(ActionLink {
            action: LinkAction::Approve,
            required_status: status,
        });
        links.push(ActionLink {
            action: LinkAction::Reject,
            required_status: status,
        });
    }
    if ctx.payments.paid {
        links.push(ActionLink {
            action: LinkAction::MarkBooked,
            required_status: status,
        });
    }
    let text = Text::new(MessageId::ARTIST_HANDOVER)
        .with(LEAD_REF, lead_ref(d))
        .with(CLIENT, client(d))
        .with(REASON, reason)
        .with(RECENT_MESSAGES, non_empty(recent_lines.join("\n")))
        .with(STRIKES, non_empty(strikes.join(", ")))
        .with(SUMMARY, summary(d, SummaryHeadline::Reference));
    d.notify_artist(text, links);
}

fn non_empty(text: String) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
