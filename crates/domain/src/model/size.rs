use serde::{Deserialize, Serialize};

/// Size category of a tattoo, which drives session length, deposit and price range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SizeCategory {
    Small,
    Medium,
    Large,
    Xl,
}

impl SizeCategory {
    pub const ALL: [SizeCategory; 4] = [Self::Small, Self::Medium, Self::Large, Self::Xl];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Small => "SMALL",
            Self::Medium => "MEDIUM",
            Self::Large => "LARGE",
            Self::Xl => "XL",
        }
    }

    /// One step up for a complexity, cover-up or placement bump; a bump never creates XL.
    pub fn bumped(self) -> Self {
        match self {
            Self::Small => Self::Medium,
            Self::Medium | Self::Large => Self::Large,
            Self::Xl => Self::Xl,
        }
    }
}
