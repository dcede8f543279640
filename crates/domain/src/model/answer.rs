//! Accepted answers, stored append-only; the newest accepted answer per key wins (consultation.md §9).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::LeadId;
use super::question::QuestionKey;
use crate::parse::text::normalise;

/// Database identity of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnswerId(pub i64);

/// Database identity of an inbound WhatsApp message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InboundMessageId(pub i64);

/// An answer about to be inserted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAnswer {
    pub lead_id: LeadId,
    pub question_key: QuestionKey,
    /// The client's text in normalised form (N).
    pub value_text: String,
    /// The interpretation, as JSON (`answers.parsed`).
    pub parsed: Option<serde_json::Value>,
    /// The collection round, for time windows only.
    pub round: Option<u16>,
    pub inbound_message_id: Option<InboundMessageId>,
}

impl NewAnswer {
    /// An accepted answer to `question_key`; the text is stored normalised.
    pub fn new(
        lead_id: LeadId,
        question_key: QuestionKey,
        raw_text: &str,
        inbound_message_id: Option<InboundMessageId>,
    ) -> Self {
        Self {
            lead_id,
            question_key,
            value_text: normalise(raw_text),
            parsed: None,
            round: None,
            inbound_message_id,
        }
    }

    /// One time window of collection round `round` (§18).
    pub fn time_window(
        lead_id: LeadId,
        raw_text: &str,
        round: u16,
        inbound_message_id: Option<InboundMessageId>,
    ) -> Self {
        Self {
            round: Some(round),
            ..Self::new(
                lead_id,
                QuestionKey::TimeWindow,
                raw_text,
                inbound_message_id,
            )
        }
    }

    pub fn with_parsed(mut self, parsed: serde_json::Value) -> Self {
        self.parsed = Some(parsed);
        self
    }
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub id: AnswerId,
    pub lead_id: LeadId,
    pub question_key: QuestionKey,
    pub value_text: String,
    pub parsed: Option<serde_json::Value>,
    pub round: Option<u16>,
    pub inbound_message_id: Option<InboundMessageId>,
    pub created_at: DateTime<Utc>,
}

/// The current answer to `key`: the newest by `(created_at, id)`.
pub fn latest_answer<'a>(
    answers: impl IntoIterator<Item = &'a Answer>,
    key: QuestionKey,
) -> Option<&'a Answer> {
    answers
        .into_iter()
        .filter(|answer| answer.question_key == key)
        .max_by_key(|answer| (answer.created_at, answer.id))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn answer(id: i64, key: QuestionKey, text: &str, second: u32) -> Answer {
        Answer {
            id: AnswerId(id),
            lead_id: LeadId(42),
            question_key: key,
            value_text: text.to_owned(),
            parsed: None,
            round: None,
            inbound_message_id: None,
            created_at: Utc.with_ymd_and_hms(2027, 3, 25, 14, 0, second).unwrap(),
        }
    }

    #[test]
    fn the_newest_answer_per_key_wins() {
        let answers = [
            answer(1, QuestionKey::Budget, "£300", 0),
            answer(2, QuestionKey::Budget, "£500", 5),
            answer(3, QuestionKey::Placement, "forearm", 9),
        ];
        let budget = latest_answer(&answers, QuestionKey::Budget).map(|a| a.value_text.as_str());
        assert_eq!(budget, Some("£500"));
        assert_eq!(latest_answer(&answers, QuestionKey::Timing), None);
    }

    #[test]
    fn ties_on_time_are_broken_by_id() {
        let answers = [
            answer(8, QuestionKey::Budget, "later id", 0),
            answer(7, QuestionKey::Budget, "earlier id", 0),
        ];
        let latest = latest_answer(&answers, QuestionKey::Budget).map(|a| a.id);
        assert_eq!(latest, Some(AnswerId(8)));
    }

    #[test]
    fn new_answers_store_normalised_text() {
        let answer = NewAnswer::new(
            LeadId(1),
            QuestionKey::Idea,
            "  a\u{00A0}swallow’s  wing ",
            None,
        );
        assert_eq!(answer.value_text, "a swallow's wing");
        let window =
            NewAnswer::time_window(LeadId(1), "Sat mornings", 2, Some(InboundMessageId(5)));
        assert_eq!(window.question_key, QuestionKey::TimeWindow);
        assert_eq!(window.round, Some(2));
    }
}
