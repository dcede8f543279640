//! Catalogue text syntax: literal text with `{name}` placeholders, and the values that fill them.
//!
//! Braces are reserved for placeholders: a stray `{` or `}` is an error rather than literal
//! text, so a typo can never reach a client as `{artist_nmae}`. Values are inserted verbatim
//! in one pass, so client text containing braces is never substituted again.

use std::collections::BTreeMap;

/// One piece of a parsed catalogue text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unmatched `{brace}` at byte {at}")]
    UnmatchedBrace { brace: char, at: usize },
    #[error("`{{{0}}}` is not a placeholder name (lower-case letters, digits and `_`)")]
    BadPlaceholderName(String),
}

/// Splits a catalogue text into literals and placeholders.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(TemplateError::UnmatchedBrace {
                brace: '}',
                at: offset + open,
            });
        }
        let after_open = &rest[open + 1..];
        let close = after_open
            .find(['{', '}'])
            .filter(|&i| after_open[i..].starts_with('}'))
            .ok_or(TemplateError::UnmatchedBrace {
                brace: '{',
                at: offset + open,
            })?;
        let name = &after_open[..close];
        if !is_placeholder_name(name) {
            return Err(TemplateError::BadPlaceholderName(name.to_owned()));
        }
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Placeholder(name));
        let consumed = open + 1 + close + 1;
        offset += consumed;
        rest = &rest[consumed..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Ok(pieces)
}

/// The distinct placeholder names of a parsed text, in order of first use.
pub fn placeholders<'a>(pieces: &[Piece<'a>]) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    for piece in pieces {
        if let Piece::Placeholder(name) = piece
            && !names.contains(name)
        {
            names.push(name);
        }
    }
    names
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Values for the placeholders of one message, by placeholder name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder form: `Params::new().with("question", text)`.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(name.to_owned(), value.into());
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for Params {
    fn from(pairs: [(K, V); N]) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// Fills the placeholders; the first placeholder without a value is returned as the error.
pub fn fill<'a>(pieces: &[Piece<'a>], params: &Params) -> Result<String, &'a str> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Placeholder(name) => out.push_str(params.get(name).ok_or(*name)?),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_literals_and_placeholders() {
        let pieces = parse("Hi {name}, pay {amount}.").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Literal("Hi "),
                Piece::Placeholder("name"),
                Piece::Literal(", pay "),
                Piece::Placeholder("amount"),
                Piece::Literal("."),
            ]
        );
        assert_eq!(placeholders(&parse("{a}{b}{a}").unwrap()), vec!["a", "b"]);
        assert_eq!(parse("").unwrap(), vec![]);
    }

    #[test]
    fn rejects_stray_braces_and_bad_names() {
        assert_eq!(
            parse("Hi {name"),
            Err(TemplateError::UnmatchedBrace { brace: '{', at: 3 })
        );
        assert_eq!(
            parse("Hi name}"),
            Err(TemplateError::UnmatchedBrace { brace: '}', at: 7 })
        );
        assert!(matches!(
            parse("{a{b}"),
            Err(TemplateError::UnmatchedBrace { .. })
        ));
        assert_eq!(
            parse("Hi {Name}"),
            Err(TemplateError::BadPlaceholderName("Name".to_owned()))
        );
        assert!(matches!(
            parse("{}"),
            Err(TemplateError::BadPlaceholderName(_))
        ));
        assert!(matches!(
            parse("{ name }"),
            Err(TemplateError::BadPlaceholderName(_))
        ));
    }

    #[test]
    fn fills_values_verbatim_in_one_pass() {
        let pieces = parse("Note: {text}").unwrap();
        let params = Params::from([("text", "keep {this} as typed")]);
        assert_eq!(
            fill(&pieces, &params).unwrap(),
            "Note: keep {this} as typed"
        );
        assert_eq!(fill(&pieces, &Params::new()), Err("text"));
    }

    #[test]
    fn handles_multibyte_text_around_placeholders() {
        let pieces = parse("8×12 cm · {city} – ✨").unwrap();
        let params = Params::new().with("city", "Málaga");
        assert_eq!(fill(&pieces, &params).unwrap(), "8×12 cm · Málaga – ✨");
    }

    proptest::proptest! {
        #[test]
        fn parsing_any_text_never_panics_and_round_trips(text in "\\PC{0,80}") {
            if let Ok(pieces) = parse(&text) {
                let rebuilt: String = pieces
                    .iter()
                    .map(|piece| match piece {
                        Piece::Literal(t) => (*t).to_owned(),
                        Piece::Placeholder(name) => format!("{{{name}}}"),
                    })
                    .collect();
                proptest::prop_assert_eq!(rebuilt, text);
            }
        }
    }
}
