//! The detail level of a design (`complexity`, consultation.md §7 step 4 and §25.6).

use serde::{Deserialize, Serialize};

use super::text::{KeywordText, keyword_form, phrase_match};
use super::yes_no::is_unsure;

/// Level 1 (simple linework), 2 (medium detail) or 3 (high detail or realism). `unsure` marks a
/// client who did not know (stored as `complexity_unsure`; the level is then 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "StoredComplexity")]
pub struct Complexity {
    level: u8,
    unsure: bool,
}

/// The stored JSON shape, validated on the way back in.
#[derive(Deserialize)]
struct StoredComplexity {
    level: u8,
    unsure: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("a complexity level must be 1, 2 or 3, not {0}")]
pub struct ComplexityLevelError(u8);

impl TryFrom<StoredComplexity> for Complexity {
    type Error = ComplexityLevelError;
    fn try_from(stored: StoredComplexity) -> Result<Self, Self::Error> {
        let complexity = Complexity::new(stored.level).ok_or(ComplexityLevelError(stored.level))?;
        Ok(Self {
            unsure: stored.unsure,
            ..complexity
        })
    }
}

impl Complexity {
    /// A definite level; `None` unless `level` is 1, 2 or 3.
    pub fn new(level: u8) -> Option<Self> {
        (1..=3).contains(&level).then_some(Self {
            level,
            unsure: false,
        })
    }

    /// What an unsure client gets: medium, flagged.
    pub fn unsure() -> Self {
        Self {
            level: 2,
            unsure: true,
        }
    }

    pub fn level(&self) -> u8 {
        self.level
    }

    pub fn is_unsure(&self) -> bool {
        self.unsure
    }
}

const DESCRIPTIONS: &[(&str, u8)] = &[
    ("SIMPLE", 1),
    ("SIMPLE LINEWORK", 1),
    ("LINEWORK", 1),
    ("LINE WORK", 1),
    ("BASIC", 1),
    ("MINIMAL", 1),
    ("MINIMALIST", 1),
    ("MEDIUM", 2),
    ("MODERATE", 2),
    ("MEDIUM DETAIL", 2),
    ("HIGH", 3),
    ("HIGH DETAIL", 3),
    ("DETAILED", 3),
    ("VERY DETAILED", 3),
    ("REALISM", 3),
    ("REALISTIC", 3),
    ("COMPLEX", 3),
];

/// Joins two levels into a range such as `2-3` (K form `2 3`) or `2 or 3`.
const RANGE_JOINERS: &[&str] = &["OR", "TO"];

/// Interprets the complexity answer; `None` is a strike.
///
/// Order: the button id `ans:complexity:N`; a level as the first word (`3 definitely`), the higher of
/// two (`2-3`, `2 or 3`); any other leading number is a strike (`5`); then the highest level named by a
/// description or written as a digit 1–3 elsewhere; then an unsure phrase (level 2, flagged).
pub fn parse_complexity(text: &str, reply_id: Option<&str>) -> Option<Complexity> {
    if let Some(level) = reply_id
        .and_then(|id| id.strip_prefix("ans:complexity:"))
        .and_then(|n| n.parse::<u8>().ok())
        .and_then(Complexity::new)
    {
        return Some(level);
    }
    let k = keyword_form(text);
    let mut words = k.text.split(' ');
    let first = words.next().unwrap_or_default();
    if let Some(level) = level_word(first) {
        let second = match (words.next(), words.next()) {
            (Some(next), _) if level_word(next).is_some() && is_digit(next) && is_digit(first) => {
                level_word(next)
            }
            (Some(joiner), Some(next)) if RANGE_JOINERS.contains(&joiner) => level_word(next),
            _ => None,
        };
        return Complexity::new(second.map_or(level, |second| second.max(level)));
    }
    if first.bytes().all(|b| b.is_ascii_digit()) && !first.is_empty() {
        return None;
    }
    described_level(&k)
        .and_then(Complexity::new)
        .or_else(|| is_unsure(&k).then(Complexity::unsure))
}

fn is_digit(word: &str) -> bool {
    word.len() == 1 && word.bytes().all(|b| b.is_ascii_digit())
}

fn level_word(word: &str) -> Option<u8> {
    match word {
        "1" | "ONE" => Some(1),
        "2" | "TWO" => Some(2),
        "3" | "THREE" => Some(3),
        _ => None,
    }
}

/// The highest level named by a description or a standalone digit 1–3 anywhere in the text.
fn described_level(k: &KeywordText) -> Option<u8> {
    let described = DESCRIPTIONS
        .iter()
        .filter(|(phrase, _)| phrase_match(&k.text, phrase))
        .map(|(_, level)| *level);
    let digits = k
        .text
        .split(' ')
        .filter(|word| is_digit(word))
        .filter_map(level_word);
    described.chain(digits).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(level, unsure)`; `None` is a strike.
    type Expected = Option<(u8, bool)>;

    /// Spec consultation.md §25.6, `parse_complexity`: `(row, text, reply id, expected)`.
    const ROWS: &[(&str, &str, Option<&str>, Expected)] = &[
        ("1-a", "1", None, Some((1, false))),
        ("1-b", "one", None, Some((1, false))),
        ("1-c", "simple", None, Some((1, false))),
        ("1-d", "simple linework", None, Some((1, false))),
        ("1-e", "linework", None, Some((1, false))),
        ("1-f", "basic", None, Some((1, false))),
        ("2-a", "2", None, Some((2, false))),
        ("2-b", "two", None, Some((2, false))),
        ("2-c", "medium", None, Some((2, false))),
        ("2-d", "moderate", None, Some((2, false))),
        ("2-e", "medium detail", None, Some((2, false))),
        ("3-a", "3", None, Some((3, false))),
        ("3-b", "three", None, Some((3, false))),
        ("3-c", "high", None, Some((3, false))),
        ("3-d", "high detail", None, Some((3, false))),
        ("3-e", "detailed", None, Some((3, false))),
        ("3-f", "very detailed", None, Some((3, false))),
        ("3-g", "realism", None, Some((3, false))),
        ("3-h", "realistic", None, Some((3, false))),
        ("3-i", "complex", None, Some((3, false))),
        ("range-a", "2-3", None, Some((3, false))),
        ("range-b", "2 or 3", None, Some((3, false))),
        ("unsure-a", "not sure", None, Some((2, true))),
        ("unsure-b", "idk", None, Some((2, true))),
        ("first-character", "3 definitely", None, Some((3, false))),
        ("strike-a", "banana", None, None),
        ("strike-b", "5", None, None),
        (
            "button",
            "2 · Medium",
            Some("ans:complexity:2"),
            Some((2, false)),
        ),
    ];

    /// Further cases this implementation pins down.
    const EXTRA: &[(&str, &str, Option<&str>, Expected)] = &[
        (
            "button title alone",
            "3 · High detail",
            None,
            Some((3, false)),
        ),
        (
            "digit inside a sentence",
            "I'd say 3",
            None,
            Some((3, false)),
        ),
        (
            "unsure with a level",
            "not sure, maybe 2",
            None,
            Some((2, false)),
        ),
        (
            "foreign button falls back to text",
            "simple",
            Some("ans:coverup:yes"),
            Some((1, false)),
        ),
        ("empty", "", None, None),
        ("big number", "10", None, None),
    ];

    fn run(table: &[(&str, &str, Option<&str>, Expected)]) {
        let failures: Vec<String> = table
            .iter()
            .filter_map(|(row, text, reply_id, expected)| {
                let got = parse_complexity(text, *reply_id).map(|c| (c.level(), c.is_unsure()));
                (got != *expected)
                    .then(|| format!("row {row} {text:?}: expected {expected:?}, got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn spec_table_25_6_complexity() {
        run(ROWS);
    }

    #[test]
    fn extra_cases() {
        run(EXTRA);
    }

    #[test]
    fn stored_levels_are_validated() {
        let json = serde_json::to_string(&Complexity::unsure()).unwrap();
        assert_eq!(json, r#"{"level":2,"unsure":true}"#);
        assert_eq!(
            serde_json::from_str::<Complexity>(&json).unwrap(),
            Complexity::unsure()
        );
        assert!(serde_json::from_str::<Complexity>(r#"{"level":7,"unsure":false}"#).is_err());
    }
}
