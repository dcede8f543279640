//! Semantic problems found in otherwise well-formed studio rules. Each names its dotted key, so the
//! startup report reads `booking.slot_count must be between 1 and 10`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// Dotted TOML key, with `[i]` for array items: `tour.stops[0].end_date`.
    pub key: String,
    /// What is wrong, phrased to follow the key.
    pub message: String,
}

impl fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.key, self.message)
    }
}

/// Collects every problem, so all of them are reported at once (data-and-ops.md §6).
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<RuleProblem>);

impl Problems {
    pub(crate) fn into_vec(self) -> Vec<RuleProblem> {
        self.0
    }

    pub(crate) fn push(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(RuleProblem {
            key: key.into(),
            message: message.into(),
        });
    }

    pub(crate) fn positive_amount(&mut self, key: impl Into<String>, amount_minor: i64) {
        if amount_minor <= 0 {
            self.push(key, "must be greater than 0");
        }
    }

    pub(crate) fn positive_count(&mut self, key: impl Into<String>, count: u32) {
        if count == 0 {
            self.push(key, "must be greater than 0");
        }
    }

    pub(crate) fn within(&mut self, key: impl Into<String>, value: u32, min: u32, max: u32) {
        if !(min..=max).contains(&value) {
            self.push(key, format!("must be between {min} and {max}"));
        }
    }

    pub(crate) fn non_empty(&mut self, key: impl Into<String>, text: &str) {
        if text.trim().is_empty() {
            self.push(key, "must not be empty");
        }
    }
}
