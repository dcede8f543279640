use std::fmt;

use serde::{Deserialize, Serialize};

/// Database identity of a lead, shown to humans as `#<id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LeadId(pub i64);

impl fmt::Display for LeadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Database identity of a contact (one WhatsApp number for one artist).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactId(pub i64);

/// The artist a row belongs to; wave 1 runs one artist, `default`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArtistId(pub String);

impl Default for ArtistId {
    fn default() -> Self {
        Self("default".to_owned())
    }
}
