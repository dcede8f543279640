//! Three-strike repair counters (`leads.parse_failures`, consultation.md §12).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;

string_enum! {
    /// A field whose unparseable replies count towards a handover.
    pub enum StrikeField as "strike field" {
        Dimensions = "dimensions",
        Complexity = "complexity",
        Coverup = "coverup",
        Budget = "budget",
        LocationCity = "location_city",
        LocationCountry = "location_country",
        TravelCity = "travel_city",
        Slot = "slot",
        TourChoice = "tour_choice",
        TimeWindow = "time_window",
        BudgetFollowUp = "budget_follow_up",
    }
}

/// Consecutive failed parses per field, stored as a JSON object (`{"budget": 2}`); absent means 0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParseFailures(BTreeMap<StrikeField, u8>);

impl ParseFailures {
    pub fn count(&self, field: StrikeField) -> u8 {
        self.0.get(&field).copied().unwrap_or(0)
    }

    /// Counts one more failure and returns the new count (the failure number that picks the repair
    /// variant, or the handover on reaching `max_parse_failures`).
    pub fn record_failure(&mut self, field: StrikeField) -> u8 {
        let count = self.0.entry(field).or_insert(0);
        *count = count.saturating_add(1);
        *count
    }

    /// A success on the field, or a resume from its parse-failure handover, starts it again from 0.
    pub fn reset(&mut self, field: StrikeField) {
        self.0.remove(&field);
    }

    /// `RESTART` clears every counter.
    pub fn reset_all(&mut self) {
        self.0.clear();
    }

    /// Fields with a non-zero count, for the artist's handover summary.
    pub fn iter(&self) -> impl Iterator<Item = (StrikeField, u8)> + '_ {
        self.0.iter().map(|(field, count)| (*field, *count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_count_up_and_reset_per_field() {
        let mut failures = ParseFailures::default();
        assert_eq!(failures.record_failure(StrikeField::Budget), 1);
        assert_eq!(failures.record_failure(StrikeField::Budget), 2);
        assert_eq!(failures.record_failure(StrikeField::Slot), 1);
        assert_eq!(failures.count(StrikeField::Budget), 2);
        failures.reset(StrikeField::Budget);
        assert_eq!(failures.count(StrikeField::Budget), 0);
        assert_eq!(failures.count(StrikeField::Slot), 1);
        failures.reset_all();
        assert_eq!(failures, ParseFailures::default());
    }

    #[test]
    fn stored_as_a_json_object_keyed_by_field_name() {
        let mut failures = ParseFailures::default();
        failures.record_failure(StrikeField::BudgetFollowUp);
        let json = serde_json::to_string(&failures).unwrap();
        assert_eq!(json, r#"{"budget_follow_up":1}"#);
        assert_eq!(
            serde_json::from_str::<ParseFailures>(&json).unwrap(),
            failures
        );
        assert_eq!(
            serde_json::from_str::<ParseFailures>("{}").unwrap(),
            ParseFailures::default()
        );
    }

    #[test]
    fn there_are_eleven_strike_fields() {
        assert_eq!(StrikeField::ALL.len(), 11);
        assert_eq!(StrikeField::TourChoice.as_str(), "tour_choice");
    }
}
