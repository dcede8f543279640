//! Answer guards that look at the shape of a message (consultation.md §11): a budget or a size sent
//! where a description was asked for, and several answers bundled into one message.

use super::dimensions::parse_dimensions;
use super::money::parse_money;
use super::quantity::{Item, lex};
use super::scan::{Grouping, tokenize};
use super::text::{KeywordText, keyword_form_of_normalised, normalise, phrase_match};
use crate::model::Currency;

/// What a single-field answer at steps `idea`/`placement` really was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WrongField {
    Budget,
    Dimensions,
}

/// A budget signal without a currency marker needs at least £50 (in minor units, any currency).
const BUDGET_SIGNAL_MIN_MINOR: i64 = 5000;

const BUDGET_WORDS: &[&str] = &["BUDGET", "GBP", "POUND", "POUNDS", "QUID", "DOLLAR"];
const CURRENCY_SYMBOLS: &[char] = &['£', '$', '€'];
const SIZE_WORDS: &[&str] = &["cm", "inch", "inches"];
const STYLE_WORDS: &[&str] = &[
    "REALISM",
    "REALISTIC",
    "FINE LINE",
    "FINELINE",
    "TRADITIONAL",
    "NEO TRADITIONAL",
    "WATERCOLOUR",
    "WATERCOLOR",
    "GEOMETRIC",
    "BLACKWORK",
    "DOTWORK",
];
const PROFILE_HOSTS: &[&str] = &["instagram.com/", "instagr.am/"];

/// Letters over non-space characters of N (0 for an empty text).
pub fn alpha_ratio(normal: &str) -> f64 {
    let (letters, visible) = normal
        .chars()
        .filter(|c| !c.is_whitespace())
        .fold((0u32, 0u32), |(letters, visible), c| {
            (letters + u32::from(c.is_alphabetic()), visible + 1)
        });
    if visible == 0 {
        0.0
    } else {
        f64::from(letters) / f64::from(visible)
    }
}

/// §11.1: a budget-only or size-only message at `idea`/`placement` (re-prompted, no strike).
pub fn wrong_field_answer(text: &str) -> Option<WrongField> {
    let normal = normalise(text);
    let ratio = alpha_ratio(&normal);
    if ratio < 0.3 && parse_money(&normal, Currency::GBP).is_some() {
        Some(WrongField::Budget)
    } else if ratio < 0.5 && looks_like_a_size(&normal) {
        Some(WrongField::Dimensions)
    } else {
        None
    }
}

/// Signal (a): a size parses, or `<number> x <number>`, or the word `cm`/`inch`/`inches`.
fn looks_like_a_size(normal: &str) -> bool {
    if parse_dimensions(normal).is_some() {
        return true;
    }
    let lower = normal.to_lowercase();
    let times_pattern = lex(&lower, Grouping::DecimalsOnly)
        .windows(3)
        .any(|w| matches!(w, [Item::Number(_), Item::Times, Item::Number(_)]));
    times_pattern
        || tokenize(&lower)
            .iter()
            .any(|t| t.word().is_some_and(|w| SIZE_WORDS.contains(&w)))
}

/// §11.2: which kinds of answer a message contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BundleSignals {
    pub dimensions: bool,
    pub budget: bool,
    pub style: bool,
    pub handle_or_link: bool,
}

impl BundleSignals {
    pub fn of(text: &str) -> Self {
        let normal = normalise(text);
        let k = KeywordText {
            ends_with_question: normal.ends_with('?'),
            text: keyword_form_of_normalised(&normal),
        };
        let dimensions = looks_like_a_size(&normal);
        Self {
            dimensions,
            budget: has_budget(&normal, &k, dimensions),
            style: STYLE_WORDS.iter().any(|p| phrase_match(&k.text, p)),
            handle_or_link: has_handle_or_link(&normal),
        }
    }

    /// The number of signals; at steps `style`, `reference_images` and `instagram_handle` a style
    /// word and a handle or link together count once (`merge_style_and_handle`).
    pub fn count(&self, merge_style_and_handle: bool) -> usize {
        let style_and_handle = if merge_style_and_handle {
            usize::from(self.style || self.handle_or_link)
        } else {
            usize::from(self.style) + usize::from(self.handle_or_link)
        };
        usize::from(self.dimensions) + usize::from(self.budget) + style_and_handle
    }

    /// Two or more signals. The caller still accepts the message when it is a valid answer to the
    /// current step (dimensions parse, budget at or above the floor, valid location).
    pub fn is_bundle(&self, merge_style_and_handle: bool) -> bool {
        self.count(merge_style_and_handle) >= 2
    }
}

/// Signal (b). A message whose only number is the size (`50` parsed as 50×50) has no budget besides.
fn has_budget(normal: &str, k: &KeywordText, is_size: bool) -> bool {
    let Some(money) = parse_money(normal, Currency::GBP) else {
        return false;
    };
    let lower = normal.to_lowercase();
    let numbers = lex(&lower, Grouping::Thousands)
        .iter()
        .filter(|item| matches!(item, Item::Number(_)))
        .count();
    if is_size && numbers == 1 {
        return false;
    }
    let marked =
        BUDGET_WORDS.iter().any(|w| phrase_match(&k.text, w)) || normal.contains(CURRENCY_SYMBOLS);
    marked || money.amount_minor >= BUDGET_SIGNAL_MIN_MINOR
}

/// Signal (d): `@word`, `instagram.com/` or `instagr.am/`.
fn has_handle_or_link(normal: &str) -> bool {
    let mention = normal.match_indices('@').any(|(at, _)| {
        normal
            .get(at + 1..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    });
    let lower = normal.to_ascii_lowercase();
    mention || PROFILE_HOSTS.iter().any(|host| lower.contains(host))
}

#[cfg(test)]
#[path = "guards_tests.rs"]
mod tests;
