//! Hard placements (consultation.md §15.2): body areas that are slower to tattoo.

use crate::parse::text::{keyword_form, phrase_match};
use crate::rules::EstimationRules;

/// Whole-word match of the placement against `estimation.hard_placements`, in keyword form. `BACK`
/// does not count when the next word is `OF`: "back of hand" is not a back piece.
pub fn is_hard_placement(placement: &str, rules: &EstimationRules) -> bool {
    let placement = keyword_form(placement).text;
    let without_back_of = mask_back_of(&placement);
    rules.hard_placements.iter().any(|phrase| {
        let phrase = keyword_form(phrase).text;
        let text = if phrase == "BACK" {
            &without_back_of
        } else {
            &placement
        };
        phrase_match(text, &phrase)
    })
}

/// Replaces every `BACK` followed by `OF` with a token no phrase can match (K form has no `_`).
fn mask_back_of(keywords: &str) -> String {
    let words: Vec<&str> = keywords.split(' ').collect();
    let masked: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            if *word == "BACK" && words.get(i + 1) == Some(&"OF") {
                "_"
            } else {
                word
            }
        })
        .collect();
    masked.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hard(placement: &str) -> bool {
        is_hard_placement(placement, &EstimationRules::default())
    }

    #[test]
    fn spec_examples() {
        assert!(!hard("inside forearm"), "SIDE must match whole words only");
        assert!(!hard("back of hand"), "BACK followed by OF is not hard");
        assert!(hard("upper back"));
        assert!(hard("left side"));
        assert!(hard("ribs"));
    }

    #[test]
    fn every_default_phrase_is_hard() {
        for phrase in EstimationRules::default().hard_placements {
            assert!(hard(&phrase.to_lowercase()), "{phrase} should be hard");
        }
    }

    #[test]
    fn punctuation_and_case_do_not_matter() {
        assert!(hard("Rib-cage!"));
        assert!(hard("THIGH."));
        assert!(hard("half sleeve, left arm"));
    }

    #[test]
    fn back_of_exception_is_per_occurrence() {
        assert!(hard("back of my neck and lower back"));
        assert!(!hard("back of the knee"));
        assert!(hard("full back"));
        assert!(hard("back"));
    }

    #[test]
    fn soft_placements() {
        for soft in [
            "forearm",
            "inner forearm",
            "upper arm",
            "arm",
            "wrist",
            "ankle",
            "calf",
            "chest",
        ] {
            assert!(!hard(soft), "{soft} should not be hard");
        }
    }

    #[test]
    fn configured_phrases_are_normalised() {
        let rules = EstimationRules {
            hard_placements: vec!["  neck ".to_owned(), "foot-top".to_owned()],
            ..EstimationRules::default()
        };
        assert!(is_hard_placement("side of neck", &rules));
        assert!(is_hard_placement("foot top", &rules));
        assert!(!is_hard_placement("ribs", &rules));
    }
}
