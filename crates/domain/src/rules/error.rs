//! Parse errors of the studio-rules file, each pointing at the dotted key it concerns.
//!
//! toml's own error knows the byte span but keeps the key path private, so the path is recovered by
//! walking the parsed document to the innermost key or value whose span holds the error.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML.
    #[error("studio rules: TOML syntax error at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid TOML, but a key is unknown, missing or holds a value of the wrong shape.
    #[error("studio rules: `{key}` (line {line}, column {column}): {message}")]
    InvalidKey {
        /// Dotted path with `[i]` for array items, e.g. `tour.stops[0].start_date`.
        key: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// An error toml could not place in the file.
    #[error("studio rules: {message}")]
    Unplaced { message: String },
}

impl RulesError {
    pub(super) fn syntax(input: &str, error: &toml::de::Error) -> Self {
        let (line, column) = error
            .span()
            .map_or((1, 1), |span| line_and_column(input, span.start));
        RulesError::Syntax {
            line,
            column,
            message: error.message().trim().to_owned(),
        }
    }

    pub(super) fn from_deserialize(
        input: &str,
        document: &DeTable<'_>,
        error: &toml::de::Error,
    ) -> Self {
        let message = error.message().trim().to_owned();
        let Some(span) = error.span() else {
            return RulesError::Unplaced { message };
        };
        let (line, column) = line_and_column(input, span.start);
        let mut path = Vec::new();
        if find_in_table(document, span.start, &mut path) {
            RulesError::InvalidKey {
                key: dotted(&path),
                line,
                column,
                message,
            }
        } else {
            // The document itself, e.g. a top-level type error.
            RulesError::Syntax {
                line,
                column,
                message,
            }
        }
    }

    /// The dotted key the error concerns, when it has one.
    pub fn key(&self) -> Option<&str> {
        match self {
            RulesError::InvalidKey { key, .. } => Some(key),
            RulesError::Syntax { .. } | RulesError::Unplaced { .. } => None,
        }
    }
}

enum Segment {
    Key(String),
    Index(usize),
}

fn dotted(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                // Keys such as `en-GB` need quoting to be read back as one key.
                if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !key.is_empty() {
                    out.push_str(key);
                } else {
                    out.push_str(&format!("{key:?}"));
                }
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Depth first, so the innermost key wins over the table that contains it.
fn find_in_table(table: &DeTable<'_>, at: usize, path: &mut Vec<Segment>) -> bool {
    for (key, value) in table.iter() {
        path.push(Segment::Key(key.get_ref().to_string()));
        if key.span().contains(&at) || find_in_value(value, at, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn find_in_value(value: &Spanned<DeValue<'_>>, at: usize, path: &mut Vec<Segment>) -> bool {
    let found_inside = match value.get_ref() {
        DeValue::Table(table) => find_in_table(table, at, path),
        DeValue::Array(items) => items.iter().enumerate().any(|(i, item)| {
            path.push(Segment::Index(i));
            let found = find_in_value(item, at, path);
            if !found {
                path.pop();
            }
            found
        }),
        _ => false,
    };
    found_inside || value.span().contains(&at)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(input: &str, offset: usize) -> (usize, usize) {
    let before = input.get(..offset).unwrap_or(input);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}
