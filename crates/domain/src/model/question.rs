//! The 13 consultation questions, in order, and the step pointer into them (consultation.md §7).

use serde::{Deserialize, Serialize};

use super::strike::StrikeField;
use super::string_enum::string_enum;

string_enum! {
    /// What an answer answers: one of the 13 questions, a time window, or a free client note.
    pub enum QuestionKey as "question key" {
        Idea = "idea",
        Placement = "placement",
        Dimensions = "dimensions",
        Style = "style",
        Complexity = "complexity",
        Coverup = "coverup",
        ReferenceImages = "reference_images",
        Budget = "budget",
        LocationCity = "location_city",
        LocationCountry = "location_country",
        InstagramHandle = "instagram_handle",
        TravelCity = "travel_city",
        Timing = "timing",
        /// A preferred day/time window (§18); not one of the 13 questions.
        TimeWindow = "time_window",
        /// Anything the client wrote outside a question, kept for the artist (§6 "forward").
        ClientNote = "client_note",
    }
}

impl QuestionKey {
    /// The 13 questions in the order they are asked; the index is `current_step`.
    pub const CONSULTATION: [QuestionKey; 13] = [
        QuestionKey::Idea,
        QuestionKey::Placement,
        QuestionKey::Dimensions,
        QuestionKey::Style,
        QuestionKey::Complexity,
        QuestionKey::Coverup,
        QuestionKey::ReferenceImages,
        QuestionKey::Budget,
        QuestionKey::LocationCity,
        QuestionKey::LocationCountry,
        QuestionKey::InstagramHandle,
        QuestionKey::TravelCity,
        QuestionKey::Timing,
    ];

    /// The step at which this question is asked; `None` for time windows and client notes.
    pub fn step(self) -> Option<QuestionStep> {
        Self::CONSULTATION
            .iter()
            .position(|key| *key == self)
            .and_then(|index| u8::try_from(index).ok())
            .map(QuestionStep)
    }

    /// Optional questions accept a skip word instead of an answer.
    pub fn is_optional(self) -> bool {
        matches!(
            self,
            QuestionKey::Style | QuestionKey::ReferenceImages | QuestionKey::InstagramHandle
        )
    }

    /// The three-strike counter a failed parse of this question increments, if it has one (§12).
    pub fn strike_field(self) -> Option<StrikeField> {
        match self {
            QuestionKey::Dimensions => Some(StrikeField::Dimensions),
            QuestionKey::Complexity => Some(StrikeField::Complexity),
            QuestionKey::Coverup => Some(StrikeField::Coverup),
            QuestionKey::Budget => Some(StrikeField::Budget),
            QuestionKey::LocationCity => Some(StrikeField::LocationCity),
            QuestionKey::LocationCountry => Some(StrikeField::LocationCountry),
            QuestionKey::TravelCity => Some(StrikeField::TravelCity),
            QuestionKey::TimeWindow => Some(StrikeField::TimeWindow),
            _ => None,
        }
    }
}

/// `current_step`: the index (0–12) of the question the client's next message answers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i16", into = "i16")]
pub struct QuestionStep(u8);

/// A stored step outside 0–12 (the column's CHECK constraint).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a question step must be between 0 and 12, got {0}")]
pub struct QuestionStepOutOfRange(pub i64);

impl QuestionStep {
    pub const FIRST: QuestionStep = QuestionStep(0);
    pub const LAST: QuestionStep = QuestionStep(12);

    pub fn new(index: i64) -> Result<Self, QuestionStepOutOfRange> {
        u8::try_from(index)
            .ok()
            .filter(|i| *i <= Self::LAST.0)
            .map(QuestionStep)
            .ok_or(QuestionStepOutOfRange(index))
    }

    pub fn index(self) -> u8 {
        self.0
    }

    /// The question asked at this step.
    pub fn key(self) -> QuestionKey {
        QuestionKey::CONSULTATION
            .get(usize::from(self.0))
            .copied()
            .unwrap_or(QuestionKey::Timing)
    }

    /// The following step, or `None` after the last question (completion runs instead).
    pub fn next(self) -> Option<Self> {
        (self < Self::LAST).then(|| QuestionStep(self.0 + 1))
    }

    pub fn is_last(self) -> bool {
        self == Self::LAST
    }

    /// Whether a raw index (as the earlier service passed it) is the last step: only 12 is.
    pub fn is_last_index(index: i64) -> bool {
        index == i64::from(Self::LAST.0)
    }
}

impl TryFrom<i16> for QuestionStep {
    type Error = QuestionStepOutOfRange;
    fn try_from(value: i16) -> Result<Self, Self::Error> {
        Self::new(i64::from(value))
    }
}

impl From<QuestionStep> for i16 {
    fn from(step: QuestionStep) -> Self {
        i16::from(step.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thirteen_keys_are_in_spec_order_with_exact_names() {
        let names: Vec<_> = QuestionKey::CONSULTATION
            .iter()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "idea",
                "placement",
                "dimensions",
                "style",
                "complexity",
                "coverup",
                "reference_images",
                "budget",
                "location_city",
                "location_country",
                "instagram_handle",
                "travel_city",
                "timing"
            ]
        );
        assert_eq!(QuestionKey::TimeWindow.as_str(), "time_window");
        assert_eq!(QuestionKey::ClientNote.as_str(), "client_note");
        assert_eq!(QuestionKey::ALL.len(), 15);
    }

    #[test]
    fn pinned_facts_from_the_earlier_service_hold() {
        let index = |key: QuestionKey| key.step().map(QuestionStep::index);
        assert_eq!(QuestionKey::CONSULTATION[0], QuestionKey::Idea);
        assert!(index(QuestionKey::Placement) < Some(5));
        assert!(index(QuestionKey::LocationCity) > index(QuestionKey::Dimensions));
        assert!(QuestionKey::Style.is_optional());
        assert!(!QuestionKey::Dimensions.is_optional());
        assert_eq!(index(QuestionKey::Timing), Some(12));
        assert!(QuestionStep::is_last_index(12));
        for not_last in [11, 13, 0, -1] {
            assert!(!QuestionStep::is_last_index(not_last), "{not_last}");
        }
    }

    #[test]
    fn steps_map_to_keys_and_advance_up_to_the_last() {
        let mut step = QuestionStep::FIRST;
        for key in QuestionKey::CONSULTATION {
            assert_eq!(step.key(), key);
            assert_eq!(key.step(), Some(step));
            match step.next() {
                Some(next) => step = next,
                None => assert!(step.is_last()),
            }
        }
        assert_eq!(step, QuestionStep::LAST);
        assert_eq!(QuestionKey::ClientNote.step(), None);
    }

    #[test]
    fn steps_outside_zero_to_twelve_are_rejected() {
        assert_eq!(QuestionStep::new(12).map(QuestionStep::index), Ok(12));
        assert_eq!(QuestionStep::new(13), Err(QuestionStepOutOfRange(13)));
        assert_eq!(QuestionStep::new(-1), Err(QuestionStepOutOfRange(-1)));
        assert!(serde_json::from_str::<QuestionStep>("13").is_err());
        assert_eq!(serde_json::to_string(&QuestionStep::LAST).unwrap(), "12");
    }

    #[test]
    fn strike_fields_exist_only_for_parsed_questions() {
        assert_eq!(
            QuestionKey::Budget.strike_field(),
            Some(StrikeField::Budget)
        );
        assert_eq!(QuestionKey::Idea.strike_field(), None);
        assert_eq!(QuestionKey::Timing.strike_field(), None);
    }
}
