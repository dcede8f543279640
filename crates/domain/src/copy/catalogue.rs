//! The message catalogue: texts by id, overridable per studio, rendered per lead.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::channel::Channel;
use super::template::{self, Params, TemplateError};
use super::validate::{CatalogueError, CatalogueErrors, check_entry};
use super::variant::{repair_variant, variant_index};
use super::{MessageId, en_gb};
use crate::model::LeadId;

/// The texts of one message id: where they go, which placeholders they may use, and 1–5 wordings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    channel: Channel,
    params: &'static [&'static str],
    variants: Vec<Cow<'static, str>>,
}

impl Entry {
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// The declared placeholders; rendering needs a value for each of them.
    pub fn params(&self) -> &'static [&'static str] {
        self.params
    }

    pub fn variants(&self) -> impl ExactSizeIterator<Item = &str> {
        self.variants.iter().map(|v| v.as_ref())
    }

    pub fn variant_count(&self) -> usize {
        self.variants.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("`{0}` has no text in the catalogue")]
    UnknownId(MessageId),
    #[error("`{id}` needs a value for `{{{param}}}`")]
    MissingParam { id: MessageId, param: String },
    #[error("`{id}` has no variant {variant}")]
    NoSuchVariant { id: MessageId, variant: usize },
    #[error("`{id}` variant {variant}: {source}")]
    BadTemplate {
        id: MessageId,
        variant: usize,
        source: TemplateError,
    },
    #[error("`{id}` rendered to {chars} characters, over the {limit} allowed for {channel}")]
    TooLong {
        id: MessageId,
        chars: usize,
        limit: usize,
        channel: Channel,
    },
}

/// Every outbound text by message id. Built once at startup and shared read-only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    entries: BTreeMap<MessageId, Entry>,
}

impl Catalogue {
    /// The compiled-in en-GB catalogue.
    pub fn en_gb() -> Self {
        let entries = en_gb::definitions()
            .map(|def| {
                let entry = Entry {
                    channel: def.channel,
                    params: def.params,
                    variants: def.variants.iter().map(|v| Cow::Borrowed(*v)).collect(),
                };
                (def.id, entry)
            })
            .collect();
        Self { entries }
    }

    /// Replaces the variants of the listed ids (`[copy.overrides."en-GB"]`, or a locale file).
    /// Nothing is replaced unless every override is valid; the error lists every bad id,
    /// placeholder and text.
    pub fn with_overrides<I, K, V, S>(mut self, overrides: I) -> Result<Self, CatalogueErrors>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut errors = Vec::new();
        for (raw_id, variants) in overrides {
            let raw_id = raw_id.as_ref();
            let Some((id, base)) = raw_id
                .parse::<MessageId>()
                .ok()
                .and_then(|id| self.entries.get(&id).map(|entry| (id, entry)))
            else {
                errors.push(CatalogueError::UnknownId {
                    id: raw_id.to_owned(),
                });
                continue;
            };
            let candidate = Entry {
                variants: variants
                    .into_iter()
                    .map(|v| Cow::Owned(v.as_ref().to_owned()))
                    .collect(),
                ..base.clone()
            };
            let problems = check_entry(id.as_str(), &candidate);
            if problems.is_empty() {
                self.entries.insert(id, candidate);
            } else {
                errors.extend(problems);
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(CatalogueErrors(errors))
        }
    }

    pub fn entry(&self, id: MessageId) -> Option<&Entry> {
        self.entries.get(&id)
    }

    /// Renders the lead's variant of a message (rule 4); without a lead, variant 0.
    pub fn render(
        &self,
        id: MessageId,
        lead: Option<LeadId>,
        params: &Params,
    ) -> Result<String, RenderError> {
        let count = self
            .entry(id)
            .ok_or(RenderError::UnknownId(id))?
            .variant_count();
        self.render_variant(id, variant_index(id, lead, count), params)
    }

    /// Renders a `repair.<field>` text for the given failure number (1 → gentle, 2 → short).
    pub fn render_repair(
        &self,
        id: MessageId,
        failure_number: u32,
        params: &Params,
    ) -> Result<String, RenderError> {
        let count = self
            .entry(id)
            .ok_or(RenderError::UnknownId(id))?
            .variant_count();
        self.render_variant(id, repair_variant(failure_number, count), params)
    }

    /// Renders one specific variant. Every declared placeholder must have a value, whether or
    /// not this variant uses it, so a missing value fails in tests for every lead alike.
    pub fn render_variant(
        &self,
        id: MessageId,
        variant: usize,
        params: &Params,
    ) -> Result<String, RenderError> {
        let entry = self.entry(id).ok_or(RenderError::UnknownId(id))?;
        if let Some(missing) = entry.params.iter().find(|name| params.get(name).is_none()) {
            return Err(RenderError::MissingParam {
                id,
                param: (*missing).to_owned(),
            });
        }
        let text = entry
            .variants
            .get(variant)
            .ok_or(RenderError::NoSuchVariant { id, variant })?;
        let pieces = template::parse(text).map_err(|source| RenderError::BadTemplate {
            id,
            variant,
            source,
        })?;
        let filled = template::fill(&pieces, params).map_err(|name| RenderError::MissingParam {
            id,
            param: name.to_owned(),
        })?;
        finish(id, entry.channel, filled)
    }
}

/// Shapes the filled text for its channel: labels become one line cut to length, artist texts
/// lose the blank lines an empty optional block leaves behind, messages must fit.
fn finish(id: MessageId, channel: Channel, filled: String) -> Result<String, RenderError> {
    match (channel, channel.max_chars()) {
        (Channel::ArtistText, _) | (_, None) => Ok(collapse_blank_lines(&filled)),
        (label, Some(limit)) if label.is_label() => Ok(truncate_label(&filled, limit)),
        (_, Some(limit)) => {
            let chars = filled.chars().count();
            if chars > limit {
                Err(RenderError::TooLong {
                    id,
                    chars,
                    limit,
                    channel,
                })
            } else {
                Ok(filled)
            }
        }
    }
}

fn truncate_label(text: &str, limit: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= limit {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(limit.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
#[path = "catalogue_tests.rs"]
mod tests;
