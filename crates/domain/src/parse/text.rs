//! The two text forms every parser and keyword policy starts from (consultation.md §1).

use unicode_normalization::UnicodeNormalization;

/// Normalised text (N): NFC, typographic quotes and dashes folded to ASCII, invisible characters
/// removed, whitespace collapsed and trimmed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfc() {
        let c = match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => continue,
            '\u{00A0}' => ' ',
            '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            other => other,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Keyword form (K) of a message, plus whether N ended with a question mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordText {
    pub text: String,
    pub ends_with_question: bool,
}

/// K: N upper-cased, every character other than a letter, digit, `'` or whitespace replaced by a
/// space, spaces collapsed, trimmed.
pub fn keyword_form(text: &str) -> KeywordText {
    let normal = normalise(text);
    let ends_with_question = normal.ends_with('?');
    KeywordText {
        text: keyword_form_of_normalised(&normal),
        ends_with_question,
    }
}

/// K of text that is already in N form.
pub fn keyword_form_of_normalised(normal: &str) -> String {
    let mut out = String::with_capacity(normal.len());
    let mut pending_space = false;
    for c in normal.chars() {
        if c.is_alphanumeric() || c == '\'' {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_uppercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Whole-word match of `phrase` (already in K form) inside `k` (K form): `IDEAL` never matches `DEAL`.
pub fn phrase_match(k: &str, phrase: &str) -> bool {
    if phrase.is_empty() || k.len() < phrase.len() {
        return false;
    }
    k.match_indices(phrase).any(|(at, _)| {
        let before_ok = at == 0 || k.as_bytes().get(at - 1) == Some(&b' ');
        let end = at + phrase.len();
        let after_ok = end == k.len() || k.as_bytes().get(end) == Some(&b' ');
        before_ok && after_ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_typography_and_whitespace() {
        assert_eq!(
            normalise("  it\u{2019}s\u{00A0}\u{201C}ok\u{201D} \u{2013}\u{200B} fine\n\tthanks "),
            "it's \"ok\" - fine thanks"
        );
    }

    #[test]
    fn keyword_form_strips_punctuation_and_upper_cases() {
        assert_eq!(keyword_form("Stop!!").text, "STOP");
        let k = keyword_form("cover-up?");
        assert_eq!(k.text, "COVER UP");
        assert!(k.ends_with_question);
        assert_eq!(keyword_form("don't   know.").text, "DON'T KNOW");
    }

    #[test]
    fn phrase_match_is_whole_word_only() {
        assert!(phrase_match("UPPER BACK", "BACK"));
        assert!(phrase_match("BACK OF HAND", "BACK"));
        assert!(!phrase_match("IDEAL", "DEAL"));
        assert!(!phrase_match("GERMANY", "ANY"));
        assert!(phrase_match("I WANT A REFUND PLEASE", "REFUND"));
        assert!(!phrase_match("", "REFUND"));
    }
}
