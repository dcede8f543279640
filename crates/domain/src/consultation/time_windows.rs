//! `COLLECTING_TIME_WINDOWS` (§18): the client's preferred day/time windows, counted per round;
//! enough of them hand the lead to the artist, who offers slots by hand.

use super::decision::Disposition;
use super::draft::Draft;
use super::handover::hand_over;
use super::outbound::Text;
use super::repair::strike;
use super::summary::{client, lead_ref};
use crate::copy::MessageId;
use crate::copy::params::{CLIENT, LEAD_REF, REMAINING, WINDOWS};
use crate::model::{HandoverReason, QuestionKey, StrikeField};
use crate::parse::parse_time_windows;

pub(super) fn reply(d: &mut Draft<'_, '_>) {
    let windows = parse_time_windows(d.input.inbound.text());
    if windows.is_empty() {
        strike(d, StrikeField::TimeWindow);
        return;
    }
    for window in &windows {
        d.store_answer(QuestionKey::TimeWindow, window, None);
    }
    if let Some(lead) = d.lead_mut() {
        lead.conversation
            .parse_failures
            .reset(StrikeField::TimeWindow);
    }
    let round = d
        .lead()
        .map_or(0, |lead| lead.conversation.time_window_round);
    let collected: Vec<String> = d
        .answers()
        .iter()
        .filter(|answer| {
            answer.question_key == QuestionKey::TimeWindow && answer.round == Some(round)
        })
        .map(|answer| answer.value_text.clone())
        .collect();
    let required = usize::try_from(d.rules().conversation.time_windows_required).unwrap_or(2);
    if collected.len() < required {
        let remaining = required - collected.len();
        d.reply(Text::new(MessageId::TIME_WINDOW_MORE).with(REMAINING, remaining.to_string()));
        d.set_disposition(Disposition::Answer);
        return;
    }
    hand_over(d, HandoverReason::TimeWindows);
    let listed: Vec<String> = collected
        .iter()
        .map(|window| format!("• {window}"))
        .collect();
    let artist = Text::new(MessageId::ARTIST_TIME_WINDOWS)
        .with(LEAD_REF, lead_ref(d))
        .with(CLIENT, client(d))
        .with(WINDOWS, listed.join("\n"));
    d.notify_artist(artist, Vec::new());
    d.set_disposition(Disposition::Answer);
}
