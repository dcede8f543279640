//! The cover-up question (`coverup`, consultation.md §7 step 5 and §25.6) and cover-up mentions in
//! other answers, which set `coverup_mentioned` without interrupting the consultation (§13.1).

use super::text::{KeywordText, keyword_form, phrase_match};
use super::yes_no::{YesNo, YesNoUnsure, parse_yes_no, parse_yes_no_unsure};

const COVER_UP_PHRASES: &[&str] = &[
    "COVER UP",
    "COVERUP",
    "COVER UPS",
    "COVERUPS",
    "COVERING UP",
    "COVER AN OLD",
    "COVER MY OLD",
    "COVER AN EXISTING",
    "COVER MY EXISTING",
    "REWORK",
    "REWORKING",
    "REWORKED",
    "RE WORK",
    "TOUCH UP",
    "TOUCHUP",
    "TOUCHING UP",
    "TOUCH UPS",
];

/// The text talks about covering, reworking or touching up an existing tattoo (whole words only:
/// `discover` is not a cover-up).
pub fn mentions_coverup(k: &KeywordText) -> bool {
    COVER_UP_PHRASES
        .iter()
        .any(|phrase| phrase_match(&k.text, phrase))
}

/// Interprets the cover-up answer: a button id `ans:coverup:<yes|no|unsure>`, a yes/no/unsure word
/// (exact, leading, or an unsure phrase), `1` for yes, or a cover-up phrase without a leading no.
/// `None` is a strike.
pub fn parse_coverup(text: &str, reply_id: Option<&str>) -> Option<YesNoUnsure> {
    if let Some(choice) = reply_id.and_then(|id| id.strip_prefix("ans:coverup:")) {
        match choice {
            "yes" => return Some(YesNoUnsure::Yes),
            "no" => return Some(YesNoUnsure::No),
            "unsure" => return Some(YesNoUnsure::Unsure),
            _ => {}
        }
    }
    let k = keyword_form(text);
    if k.text == "1" {
        return Some(YesNoUnsure::Yes);
    }
    if let Some(answer) = parse_yes_no_unsure(&k) {
        return Some(answer);
    }
    (mentions_coverup(&k) && parse_yes_no(&k) != Some(YesNo::No)).then_some(YesNoUnsure::Yes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spec consultation.md §25.6, `parse_yes_no_unsure` for `coverup`: `(row, text, reply id, expected)`.
    const ROWS: &[(&str, &str, Option<&str>, Option<YesNoUnsure>)] = &[
        ("yes-1", "Yes", None, Some(YesNoUnsure::Yes)),
        ("yes-2", "Y", None, Some(YesNoUnsure::Yes)),
        ("yes-3", "TRUE", None, Some(YesNoUnsure::Yes)),
        ("yes-4", "1", None, Some(YesNoUnsure::Yes)),
        (
            "yes-5 button",
            "Yes",
            Some("ans:coverup:yes"),
            Some(YesNoUnsure::Yes),
        ),
        (
            "leading-yes",
            "yes, it's a cover up",
            None,
            Some(YesNoUnsure::Yes),
        ),
        ("leading-space", " yes", None, Some(YesNoUnsure::Yes)),
        (
            "phrase-1",
            "it's a cover-up of an old name",
            None,
            Some(YesNoUnsure::Yes),
        ),
        ("phrase-2", "rework", None, Some(YesNoUnsure::Yes)),
        ("no-1", "No", None, Some(YesNoUnsure::No)),
        ("no-2", "nope", None, Some(YesNoUnsure::No)),
        ("no-3", "no it's new", None, Some(YesNoUnsure::No)),
        (
            "no-4 button",
            "No",
            Some("ans:coverup:no"),
            Some(YesNoUnsure::No),
        ),
        ("unsure-1", "not sure", None, Some(YesNoUnsure::Unsure)),
        ("unsure-2", "maybe", None, Some(YesNoUnsure::Unsure)),
        (
            "unsure-3 button",
            "Not sure",
            Some("ans:coverup:unsure"),
            Some(YesNoUnsure::Unsure),
        ),
        ("strike", "banana", None, None),
    ];

    #[test]
    fn spec_table_25_6_coverup() {
        let failures: Vec<String> = ROWS
            .iter()
            .filter_map(|(row, text, reply_id, expected)| {
                let got = parse_coverup(text, *reply_id);
                (got != *expected)
                    .then(|| format!("row {row} {text:?}: expected {expected:?}, got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_leading_no_beats_a_cover_up_phrase_and_buttons_beat_titles() {
        assert_eq!(
            parse_coverup("no cover up, it's new", None),
            Some(YesNoUnsure::No)
        );
        assert_eq!(
            parse_coverup("Not sure", Some("ans:coverup:yes")),
            Some(YesNoUnsure::Yes)
        );
        assert_eq!(
            parse_coverup("touch-up of my old piece", None),
            Some(YesNoUnsure::Yes)
        );
        assert_eq!(parse_coverup("", None), None);
    }

    #[test]
    fn mentions_are_whole_words() {
        assert!(mentions_coverup(&keyword_form(
            "I need a cover-up of an old name"
        )));
        assert!(!mentions_coverup(&keyword_form("discover")));
        assert!(!mentions_coverup(&keyword_form("cover the whole forearm")));
    }
}
