//! Whether the first message of a lead already describes the tattoo (consultation.md §8), and the
//! content-word test of the `idea` step (§7).

use super::guards::wrong_field_answer;
use super::text::normalise;

/// Greetings, booking boilerplate and filler that do not describe a design.
const STOP_WORDS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "heya",
    "yo",
    "hola",
    "morning",
    "afternoon",
    "evening",
    "good",
    "there",
    "please",
    "thanks",
    "thank",
    "you",
    "cheers",
    "i",
    "i'd",
    "id",
    "i'm",
    "im",
    "i'll",
    "would",
    "like",
    "love",
    "want",
    "wanna",
    "to",
    "book",
    "booking",
    "get",
    "have",
    "a",
    "an",
    "the",
    "some",
    "tattoo",
    "tattoos",
    "tat",
    "ink",
    "appointment",
    "session",
    "consultation",
    "enquiry",
    "inquiry",
    "info",
    "information",
    "about",
    "can",
    "could",
    "do",
    "your",
    "me",
    "my",
    "is",
    "it",
    "this",
    "that",
    "are",
    "interested",
    "in",
    "for",
    "with",
    "and",
    "just",
    "wondering",
    "looking",
    "new",
    "another",
    "quote",
    "price",
    "prices",
    "available",
    "availability",
];

/// The studio-rule default `opening_idea_min_content_words`.
pub const OPENING_IDEA_MIN_CONTENT_WORDS: usize = 3;

/// An opening message shorter than this (in characters of N) is never a description.
const OPENING_IDEA_MIN_CHARS: usize = 15;

/// Lower-cased words (split on anything but letters, digits and `'`) that are not stop words.
pub fn content_word_count(text: &str) -> usize {
    let lower = normalise(text).to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|word| !word.is_empty() && !STOP_WORDS.contains(word))
        .count()
}

/// The opening message is a tattoo description: not a question, not budget- or size-only, at least
/// 15 characters and at least `min_content_words` content words.
pub fn is_tattoo_description(text: &str, min_content_words: usize) -> bool {
    let normal = normalise(text);
    !normal.ends_with('?')
        && wrong_field_answer(&normal).is_none()
        && normal.chars().count() >= OPENING_IDEA_MIN_CHARS
        && content_word_count(&normal) >= min_content_words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spec consultation.md §8: `(row, opening message, kept as the idea)`.
    const ROWS: &[(&str, &str, bool)] = &[
        ("boilerplate", "Hi, I'd like to book a tattoo", false),
        (
            "swallow",
            "Hi! I'd love a fine line swallow with a little banner, something delicate",
            true,
        ),
        ("question", "Hello, how much for a small tattoo?", false),
        (
            "dog",
            "I want a tattoo of my dog's face in realism style",
            true,
        ),
        ("one-word", "sleeve", false),
        ("budget-only", "£500", false),
        ("greeting-emoji", "hi there \u{1F44B}", false),
        (
            "bundle-opening",
            "Realistic lion on my forearm, about 15x10cm, budget around £600",
            true,
        ),
    ];

    #[test]
    fn spec_table_8() {
        let failures: Vec<String> = ROWS
            .iter()
            .filter_map(|(row, text, expected)| {
                let got = is_tattoo_description(text, OPENING_IDEA_MIN_CONTENT_WORDS);
                (got != *expected)
                    .then(|| format!("row {row} {text:?}: expected {expected}, got {got}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn content_words() {
        assert_eq!(
            content_word_count("I want a tattoo of my dog's face in realism style"),
            5
        );
        assert_eq!(content_word_count("hi there \u{1F44B}"), 0);
        assert_eq!(content_word_count("I\u{2019}m interested"), 0);
        assert_eq!(content_word_count("2 dragons fighting"), 3);
    }
}
