//! What estimation needs from the consultation answers, already interpreted by the parsers.

use crate::model::{Dimensions, Region};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateInput {
    /// Absent only for artist-approved incomplete leads.
    pub dimensions: Option<Dimensions>,
    pub complexity: Option<Complexity>,
    pub cover_up: Option<CoverUp>,
    /// The client's placement answer as typed (`"upper back"`).
    pub placement: Option<String>,
    /// From the canonical country; unknown countries are `ROW` before they get here.
    pub region: Region,
}

/// Detail level of the design, answered 1 to 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Complexity {
    /// 1: simple linework.
    Simple,
    /// 2: medium detail.
    Medium,
    /// 3: high detail or realism.
    High,
}

impl Complexity {
    pub fn from_level(level: u8) -> Option<Complexity> {
        match level {
            1 => Some(Complexity::Simple),
            2 => Some(Complexity::Medium),
            3 => Some(Complexity::High),
            _ => None,
        }
    }

    pub fn level(self) -> u8 {
        match self {
            Complexity::Simple => 1,
            Complexity::Medium => 2,
            Complexity::High => 3,
        }
    }
}

/// Whether the piece covers, reworks or touches up an existing tattoo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoverUp {
    Yes,
    No,
    /// Flagged for the artist, but estimated like `No`.
    Unsure,
}

impl EstimateInput {
    /// Only a definite yes bumps the estimate.
    pub(super) fn is_cover_up(&self) -> bool {
        self.cover_up == Some(CoverUp::Yes)
    }

    pub(super) fn is_high_complexity(&self) -> bool {
        self.complexity == Some(Complexity::High)
    }
}
