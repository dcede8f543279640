//! `[studio]`: who the artist is, where the home studio is, and its zone, currency and locale.

use chrono_tz::Tz;
use serde::Deserialize;

use crate::model::{ArtistId, Currency};

/// The artist name shipped in the defaults; production and staging refuse to run with it
/// (data-and-ops.md §6).
pub const DEFAULT_ARTIST_NAME: &str = "the artist";

/// The locale of the compiled-in message catalogue.
pub const DEFAULT_LOCALE: &str = "en-GB";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Studio {
    pub artist_id: ArtistId,
    pub artist_name: String,
    pub studio_name: String,
    pub home_city: String,
    pub home_country: String,
    #[serde(deserialize_with = "super::time_values::time_zone")]
    pub time_zone: Tz,
    pub currency: Currency,
    /// Alias of `copy.locale`, kept for compatibility; [`crate::rules::StudioRules::from_toml_str`]
    /// copies whichever of the two is set into the other, and validation requires them to agree.
    pub locale: String,
    pub offer_home_studio: bool,
}

impl Default for Studio {
    fn default() -> Self {
        Self {
            artist_id: ArtistId::default(),
            artist_name: DEFAULT_ARTIST_NAME.to_owned(),
            studio_name: String::new(),
            home_city: "London".to_owned(),
            home_country: "United Kingdom".to_owned(),
            time_zone: chrono_tz::Europe::London,
            currency: Currency::GBP,
            locale: DEFAULT_LOCALE.to_owned(),
            offer_home_studio: true,
        }
    }
}

impl Studio {
    /// True while the artist name is still the shipped placeholder.
    pub fn has_default_artist_name(&self) -> bool {
        self.artist_name.trim() == DEFAULT_ARTIST_NAME
    }
}
