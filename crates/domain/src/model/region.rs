use serde::{Deserialize, Serialize};

/// Pricing region, derived from the canonical country only (never from raw text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    #[serde(rename = "UK")]
    Uk,
    #[serde(rename = "EUROPE")]
    Europe,
    #[serde(rename = "ROW")]
    RestOfWorld,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Uk, Region::Europe, Region::RestOfWorld];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::Uk => "UK",
            Region::Europe => "EUROPE",
            Region::RestOfWorld => "ROW",
        }
    }
}
