//! Startup validation of a catalogue (consultation.md §24 rule 6): fail fast, naming every
//! problem at once, so a bad override or locale file never reaches a client.

use std::fmt;

use super::channel::Channel;
use super::lint::{MAX_EMOJI, contains_literal_url, emoji_count};
use super::template::{self, Params, Piece, TemplateError};
use super::{Catalogue, Entry, MessageId, params};

/// Most variants an id may have.
pub const MAX_VARIANTS: usize = 5;

/// One problem found in a catalogue. Ids are strings because an override may name an id that
/// does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("`{id}` is not a message id")]
    UnknownId { id: String },
    #[error("`{id}` has no text in the catalogue")]
    MissingId { id: String },
    #[error("`{id}` must have 1 to {MAX_VARIANTS} variants, found {count}")]
    VariantCount { id: String, count: usize },
    #[error("`{id}` variant {variant} is empty")]
    EmptyVariant { id: String, variant: usize },
    #[error("`{id}` variant {variant}: {source}")]
    BadTemplate {
        id: String,
        variant: usize,
        source: TemplateError,
    },
    #[error(
        "`{id}` variant {variant} uses `{{{placeholder}}}`, which is not declared (declared: {declared})"
    )]
    UndeclaredPlaceholder {
        id: String,
        variant: usize,
        placeholder: String,
        declared: String,
    },
    #[error("`{id}` declares `{param}`, which has no length bound in the parameter list")]
    UnboundedParam { id: String, param: String },
    #[error(
        "`{id}` variant {variant} can reach {chars} characters, over the {limit} allowed for {channel}"
    )]
    TooLong {
        id: String,
        variant: usize,
        chars: usize,
        limit: usize,
        channel: Channel,
    },
    #[error("`{id}` variant {variant} has {count} emoji, at most {MAX_EMOJI} are allowed")]
    TooManyEmoji {
        id: String,
        variant: usize,
        count: usize,
    },
    #[error("`{id}` variant {variant} contains a URL; links must come from a placeholder")]
    LiteralUrl { id: String, variant: usize },
    #[error("copy file: {0}")]
    File(String),
}

/// Every problem found, in catalogue order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CatalogueErrors(pub Vec<CatalogueError>);

impl fmt::Display for CatalogueErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "message catalogue is invalid ({} problems): ",
            self.0.len()
        )?;
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl Catalogue {
    /// Checks every id the domain can send: present, 1–5 non-empty variants, only declared
    /// placeholders, within WhatsApp limits when rendered with maximum-length values, at most
    /// three emoji, no literal URLs.
    pub fn validate(&self) -> Result<(), CatalogueErrors> {
        let mut errors = Vec::new();
        for id in MessageId::all() {
            match self.entry(id) {
                Some(entry) => errors.extend(check_entry(id.as_str(), entry)),
                None => errors.push(CatalogueError::MissingId {
                    id: id.as_str().to_owned(),
                }),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(CatalogueErrors(errors))
        }
    }
}

/// All problems of one entry (also used to vet overrides before they replace anything).
pub(crate) fn check_entry(id: &str, entry: &Entry) -> Vec<CatalogueError> {
    let mut errors = Vec::new();
    let count = entry.variant_count();
    if !(1..=MAX_VARIANTS).contains(&count) {
        errors.push(CatalogueError::VariantCount {
            id: id.to_owned(),
            count,
        });
    }
    let longest = match longest_values(id, entry.params()) {
        Ok(values) => values,
        Err(error) => {
            errors.push(error);
            return errors;
        }
    };
    for (variant, text) in entry.variants().enumerate() {
        errors.extend(check_variant(id, entry, variant, text, &longest));
    }
    errors
}

fn check_variant(
    id: &str,
    entry: &Entry,
    variant: usize,
    text: &str,
    longest: &Params,
) -> Vec<CatalogueError> {
    let at = |make: fn(String, usize) -> CatalogueError| make(id.to_owned(), variant);
    if text.trim().is_empty() {
        return vec![at(|id, variant| CatalogueError::EmptyVariant {
            id,
            variant,
        })];
    }
    let pieces = match template::parse(text) {
        Ok(pieces) => pieces,
        Err(source) => {
            return vec![CatalogueError::BadTemplate {
                id: id.to_owned(),
                variant,
                source,
            }];
        }
    };
    let mut errors: Vec<CatalogueError> = template::placeholders(&pieces)
        .into_iter()
        .filter(|name| !entry.params().contains(name))
        .map(|name| CatalogueError::UndeclaredPlaceholder {
            id: id.to_owned(),
            variant,
            placeholder: name.to_owned(),
            declared: declared_list(entry.params()),
        })
        .collect();
    if !errors.is_empty() {
        return errors;
    }
    if let Some(chars) = over_limit(entry.channel(), &pieces, longest) {
        errors.push(CatalogueError::TooLong {
            id: id.to_owned(),
            variant,
            chars,
            limit: entry.channel().max_chars().unwrap_or(usize::MAX),
            channel: entry.channel(),
        });
    }
    let emoji = emoji_count(text);
    if emoji > MAX_EMOJI {
        errors.push(CatalogueError::TooManyEmoji {
            id: id.to_owned(),
            variant,
            count: emoji,
        });
    }
    if contains_literal_url(text) {
        errors.push(at(|id, variant| CatalogueError::LiteralUrl { id, variant }));
    }
    errors
}

/// Rendered length when over the channel's limit. Labels are truncated at render time, so for
/// them only the fixed wording has to fit, leaving room for at least one character of each value.
fn over_limit(channel: Channel, pieces: &[Piece<'_>], longest: &Params) -> Option<usize> {
    let limit = channel.max_chars()?;
    let chars = if channel.is_label() {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => text.chars().count(),
                Piece::Placeholder(_) => 1,
            })
            .sum()
    } else {
        template::fill(pieces, longest).ok()?.chars().count()
    };
    (chars > limit).then_some(chars)
}

fn longest_values(id: &str, declared: &[&str]) -> Result<Params, CatalogueError> {
    let mut values = Params::new();
    for name in declared {
        let spec = params::spec(name).ok_or_else(|| CatalogueError::UnboundedParam {
            id: id.to_owned(),
            param: (*name).to_owned(),
        })?;
        values.set(name, "W".repeat(spec.max_chars));
    }
    Ok(values)
}

fn declared_list(declared: &[&str]) -> String {
    if declared.is_empty() {
        "none".to_owned()
    } else {
        declared.join(", ")
    }
}
