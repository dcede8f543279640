//! `[copy]`: catalogue locale, extra locale files and per-locale overrides of message variants
//! (consultation.md §24).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::problems::Problems;
use super::studio::DEFAULT_LOCALE;

/// WhatsApp-facing limit on variants per message id (consultation.md §24 rule 1).
const MAX_VARIANTS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CopyRules {
    /// Drives the message catalogue and the Stripe Checkout locale.
    pub locale: String,
    /// Extra locale files (TOML with the catalogue's message ids).
    pub files: Vec<String>,
    pub overrides: CopyOverrides,
}

impl Default for CopyRules {
    fn default() -> Self {
        Self {
            locale: DEFAULT_LOCALE.to_owned(),
            files: Vec::new(),
            overrides: CopyOverrides::default(),
        }
    }
}

/// locale → message id → variants. Locales with no overrides are dropped, so the empty
/// `[copy.overrides."en-GB"]` table of the shipped file equals no overrides at all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(from = "BTreeMap<String, BTreeMap<String, Vec<String>>>")]
pub struct CopyOverrides(BTreeMap<String, BTreeMap<String, Vec<String>>>);

impl From<BTreeMap<String, BTreeMap<String, Vec<String>>>> for CopyOverrides {
    fn from(mut by_locale: BTreeMap<String, BTreeMap<String, Vec<String>>>) -> Self {
        by_locale.retain(|_, by_id| !by_id.is_empty());
        Self(by_locale)
    }
}

impl CopyOverrides {
    /// The override variants of one message in one locale, if any.
    pub fn variants(&self, locale: &str, message_id: &str) -> Option<&[String]> {
        self.0.get(locale)?.get(message_id).map(Vec::as_slice)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &[String])> {
        self.0.iter().flat_map(|(locale, by_id)| {
            by_id
                .iter()
                .map(move |(id, variants)| (locale.as_str(), id.as_str(), variants.as_slice()))
        })
    }
}

impl CopyRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        problems.non_empty("copy.locale", &self.locale);
    }

    /// Checks every override against the catalogue: `declared_params(id)` returns the placeholder
    /// names declared for a message id, or `None` when the id does not exist.
    pub(super) fn check_overrides(
        &self,
        declared_params: &dyn Fn(&str) -> Option<Vec<String>>,
        problems: &mut Problems,
    ) {
        for (locale, id, variants) in self.overrides.iter() {
            let key = format!("copy.overrides.\"{locale}\".{id}");
            let Some(declared) = declared_params(id) else {
                problems.push(key, "is not a message id of the catalogue");
                continue;
            };
            if variants.is_empty() || variants.len() > MAX_VARIANTS {
                problems.push(
                    key.clone(),
                    format!("must have between 1 and {MAX_VARIANTS} variants"),
                );
            }
            for (i, variant) in variants.iter().enumerate() {
                if variant.trim().is_empty() {
                    problems.push(format!("{key}[{i}]"), "must not be empty");
                }
                for name in placeholders(variant) {
                    if !declared.iter().any(|d| d == name) {
                        problems.push(
                            format!("{key}[{i}]"),
                            format!("uses `{{{name}}}`, which `{id}` does not declare"),
                        );
                    }
                }
            }
        }
    }
}

/// Names inside `{…}` placeholders, in order of appearance.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|after_brace| after_brace.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order() {
        let names: Vec<_> = placeholders("Hi {client}, {artist_name} here {").collect();
        assert_eq!(names, ["client", "artist_name"]);
        assert_eq!(placeholders("no braces").count(), 0);
    }
}
