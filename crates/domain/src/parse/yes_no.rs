//! Yes-, no- and unsure-words (consultation.md §10.2) and the skip words of optional questions (§7).

use serde::{Deserialize, Serialize};

use super::text::{KeywordText, keyword_form, normalise, phrase_match};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YesNoUnsure {
    Yes,
    No,
    Unsure,
}

impl YesNoUnsure {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Unsure => "unsure",
        }
    }
}

const YES_WORDS: &[&str] = &[
    "YES",
    "Y",
    "YEAH",
    "YEP",
    "YUP",
    "YES PLEASE",
    "SURE",
    "OK",
    "OKAY",
    "CORRECT",
    "ACCEPT",
    "TRUE",
];
const NO_WORDS: &[&str] = &[
    "NO",
    "N",
    "NOPE",
    "NAH",
    "NO THANKS",
    "NOT REALLY",
    "DECLINE",
    "FALSE",
];
const UNSURE_WORDS: &[&str] = &[
    "NOT SURE",
    "UNSURE",
    "MAYBE",
    "DON'T KNOW",
    "DONT KNOW",
    "IDK",
    "POSSIBLY",
];
/// Skip words in K form (`N/A` becomes `N A`; `-` has an empty K form and is checked on N).
const SKIP_WORDS: &[&str] = &["NO", "NONE", "NOPE", "N A", "NA", "SKIP", "NO THANKS"];

/// The message is the phrase, or starts with it as whole words (`yes, it's a cover up`).
fn exact_or_first_words(k: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|phrase| {
        k.strip_prefix(phrase)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Yes- or no-word, exact or as the first word(s).
pub fn parse_yes_no(k: &KeywordText) -> Option<YesNo> {
    if exact_or_first_words(&k.text, YES_WORDS) {
        Some(YesNo::Yes)
    } else if exact_or_first_words(&k.text, NO_WORDS) {
        Some(YesNo::No)
    } else {
        None
    }
}

/// Exact yes/no/unsure word, then a leading yes/no word, then an unsure phrase anywhere.
pub fn parse_yes_no_unsure(k: &KeywordText) -> Option<YesNoUnsure> {
    let text = k.text.as_str();
    if YES_WORDS.contains(&text) {
        return Some(YesNoUnsure::Yes);
    }
    if NO_WORDS.contains(&text) {
        return Some(YesNoUnsure::No);
    }
    if UNSURE_WORDS.contains(&text) {
        return Some(YesNoUnsure::Unsure);
    }
    match parse_yes_no(k) {
        Some(YesNo::Yes) => Some(YesNoUnsure::Yes),
        Some(YesNo::No) => Some(YesNoUnsure::No),
        None => is_unsure(k).then_some(YesNoUnsure::Unsure),
    }
}

/// An unsure-word anywhere as whole words (`I'm not sure`).
pub fn is_unsure(k: &KeywordText) -> bool {
    UNSURE_WORDS
        .iter()
        .any(|phrase| phrase_match(&k.text, phrase))
}

/// A skip word for an optional question: `no`, `none`, `nope`, `n/a`, `na`, `skip`, `no thanks`, `-`.
pub fn is_skip_answer(text: &str) -> bool {
    let normal = normalise(text);
    normal == "-" || SKIP_WORDS.contains(&keyword_form(&normal).text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes_no(text: &str) -> Option<YesNo> {
        parse_yes_no(&keyword_form(text))
    }

    fn yes_no_unsure(text: &str) -> Option<YesNoUnsure> {
        parse_yes_no_unsure(&keyword_form(text))
    }

    #[test]
    fn yes_and_no_words_match_exactly_or_as_first_words() {
        for text in [
            "yes",
            "Y",
            "yeah!",
            "Yes please",
            "sure",
            "ok",
            "Okay.",
            "yes, that works",
        ] {
            assert_eq!(yes_no(text), Some(YesNo::Yes), "{text}");
        }
        for text in [
            "no",
            "N",
            "nope",
            "nah",
            "No thanks",
            "not really",
            "no, too much",
        ] {
            assert_eq!(yes_no(text), Some(YesNo::No), "{text}");
        }
        for text in ["not sure", "yesterday", "know", "", "notable"] {
            assert_eq!(yes_no(text), None, "{text}");
        }
    }

    #[test]
    fn unsure_words_match_as_phrases() {
        assert_eq!(yes_no_unsure("not sure"), Some(YesNoUnsure::Unsure));
        assert_eq!(yes_no_unsure("I'm not sure"), Some(YesNoUnsure::Unsure));
        assert_eq!(
            yes_no_unsure("I don\u{2019}t know"),
            Some(YesNoUnsure::Unsure)
        );
        assert_eq!(yes_no_unsure("maybe"), Some(YesNoUnsure::Unsure));
        assert_eq!(yes_no_unsure("no idea"), Some(YesNoUnsure::No));
        assert_eq!(yes_no_unsure("banana"), None);
    }

    #[test]
    fn skip_words() {
        for text in [
            "no",
            "None",
            "nope",
            "N/A",
            "na",
            "skip",
            "No thanks",
            "-",
            " skip. ",
        ] {
            assert!(is_skip_answer(text), "{text}");
        }
        for text in ["", "not now", "nothing yet", "@sam"] {
            assert!(!is_skip_answer(text), "{text}");
        }
    }
}
