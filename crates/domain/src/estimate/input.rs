//! What estimation needs from the consultation answers, already interpreted by the parsers.

pub use crate::model::{Complexity, CoverUp};
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

impl EstimateInput {
    /// Only a definite yes bumps the estimate.
    pub(super) fn is_cover_up(&self) -> bool {
        self.cover_up == Some(CoverUp::Yes)
    }

    pub(super) fn is_high_complexity(&self) -> bool {
        self.complexity == Some(Complexity::High)
    }
}
