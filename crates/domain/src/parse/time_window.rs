//! Day/time windows a client offers when no slot suits (consultation.md §18).

use super::clock::{
    DayPart, clock_times, is_ambiguous_month, month, ordinal_suffix_follows, weekday,
};
use super::scan::{Token, small_number, tokenize};
use super::text::normalise;

/// At most this many windows are taken from one message.
pub const MAX_WINDOWS_PER_MESSAGE: usize = 3;

const TIME_WORDS: &[&str] = &[
    "weekend",
    "weekends",
    "weekday",
    "weekdays",
    "weeknight",
    "weeknights",
    "lunchtime",
    "today",
    "tomorrow",
    "fortnight",
    "asap",
    "anytime",
    "whenever",
];

const TIME_PHRASES: &[(&str, &str)] = &[
    ("any", "day"),
    ("any", "time"),
    ("after", "work"),
    ("this", "week"),
    ("next", "week"),
    ("next", "month"),
];

/// Splits a message into parts (line breaks, `;`, `,`, ` or `) and keeps, in N form, the parts that
/// name a time (at most three). An empty result is a failed attempt (`repair.time_window`).
pub fn parse_time_windows(text: &str) -> Vec<String> {
    let mut windows = Vec::new();
    for line in text.lines() {
        let line = normalise(line);
        for part in line.split([';', ',']).flat_map(split_on_or) {
            let part = part.trim();
            if windows.len() < MAX_WINDOWS_PER_MESSAGE && names_a_time(part) {
                windows.push(part.to_owned());
            }
        }
    }
    windows
}

/// Splits on the word `or` (any case) between spaces.
fn split_on_or(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let (mut start, mut at) = (0, 0);
    while let Some(window) = bytes.get(at..at + 4) {
        if window.eq_ignore_ascii_case(b" or ") {
            parts.push(text.get(start..at).unwrap_or_default());
            start = at + 4;
            at = start;
        } else {
            at += 1;
        }
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
}

/// Whether a part contains a time token (§18 rule 2).
pub fn names_a_time(part: &str) -> bool {
    let lower = part.to_lowercase();
    let tokens = tokenize(&lower);
    !clock_times(&tokens, false).is_empty()
        || tokens
            .iter()
            .enumerate()
            .any(|(at, token)| is_time_token(&tokens, at, token))
}

fn is_time_token(tokens: &[Token<'_>], at: usize, token: &Token<'_>) -> bool {
    if let Some(word) = token.word() {
        let next = tokens.get(at + 1).and_then(Token::word);
        return weekday(
            word.strip_suffix('s')
                .filter(|w| w.len() > 3)
                .unwrap_or(word),
        )
        .is_some()
            || DayPart::of(word).is_some()
            || TIME_WORDS.contains(&word)
            || TIME_PHRASES
                .iter()
                .any(|(first, second)| word == *first && next == Some(*second))
            || is_month_mention(tokens, at, word);
    }
    token.digits().is_some() && (is_day_month_date(tokens, at) || is_day_ordinal(tokens, at))
}

/// A month name; `may` and `mar` only next to a number (`14 may`, `may 14th`, `14th may`).
fn is_month_mention(tokens: &[Token<'_>], at: usize, word: &str) -> bool {
    if month(word).is_none() {
        return false;
    }
    if !is_ambiguous_month(word) {
        return true;
    }
    let is_number = |index: Option<usize>| {
        index
            .and_then(|i| tokens.get(i))
            .and_then(Token::digits)
            .is_some()
    };
    let before = at.checked_sub(1);
    let ordinal_before = at
        .checked_sub(2)
        .filter(|&d| ordinal_suffix_follows(tokens, d));
    is_number(before) || is_number(Some(at + 1)) || ordinal_before.is_some()
}

/// `d/m`, `d/m/yy` or `d-m` with a plausible day and month.
fn is_day_month_date(tokens: &[Token<'_>], at: usize) -> bool {
    let (Some(separator), Some(month_token)) = (tokens.get(at + 1), tokens.get(at + 2)) else {
        return false;
    };
    let day = tokens
        .get(at)
        .and_then(Token::digits)
        .and_then(small_number);
    let month = month_token.digits().and_then(small_number);
    separator.attached()
        && month_token.attached()
        && (separator.is_symbol('/') || separator.is_symbol('-'))
        && day.is_some_and(|d| (1..=31).contains(&d))
        && month.is_some_and(|m| (1..=12).contains(&m))
}

/// `1st` … `31st`.
fn is_day_ordinal(tokens: &[Token<'_>], at: usize) -> bool {
    let day = tokens
        .get(at)
        .and_then(Token::digits)
        .and_then(small_number);
    day.is_some_and(|d| (1..=31).contains(&d)) && ordinal_suffix_follows(tokens, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spec consultation.md §18: `(row, message, windows counted)`. `STOP` is never stored because the
    /// opt-out step runs first; as a window it counts 0.
    const ROWS: &[(&str, &str, usize)] = &[
        ("weekday evenings", "Weekday evenings after 6pm", 1),
        (
            "saturday or 14th",
            "Saturday mornings or any time on the 14th",
            2,
        ),
        ("mon, tue", "Mon, Tue afternoon", 2),
        ("asap", "asap", 1),
        ("not sure", "I'm not sure", 0),
        ("stop", "STOP", 0),
    ];

    #[test]
    fn spec_table_18() {
        let failures: Vec<String> = ROWS
            .iter()
            .filter_map(|(row, text, expected)| {
                let got = parse_time_windows(text);
                (got.len() != *expected)
                    .then(|| format!("row {row} {text:?}: expected {expected}, got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn windows_are_the_normalised_parts() {
        assert_eq!(
            parse_time_windows("Saturday mornings OR any time on the 14th"),
            vec!["Saturday mornings", "any time on the 14th"]
        );
        assert_eq!(
            parse_time_windows("Mon\nTue\r\nWed; Thu, Fri"),
            vec!["Mon", "Tue", "Wed"]
        );
        assert_eq!(parse_time_windows("  Fridays  "), vec!["Fridays"]);
    }

    #[test]
    fn each_time_token_counts() {
        for part in [
            "mon",
            "tues",
            "thurs",
            "weekends",
            "weeknights",
            "any day",
            "morning",
            "nights",
            "lunchtime",
            "after work",
            "7pm",
            "18:30",
            "14 may",
            "may 14th",
            "14th may",
            "march",
            "sept",
            "3/4",
            "3/4/27",
            "3-4",
            "1st",
            "31st",
            "today",
            "tomorrow",
            "this week",
            "next week",
            "next month",
            "fortnight",
            "anytime",
            "any time",
            "whenever",
        ] {
            assert!(names_a_time(part), "{part}");
        }
        for part in [
            "may be",
            "mar the design",
            "month",
            "32nd",
            "13/13",
            "I'm not sure",
            "Monaco",
            "sunny",
            "",
        ] {
            assert!(!names_a_time(part), "{part}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_keeps_at_most_three(text in "\\PC{0,60}") {
            proptest::prop_assert!(parse_time_windows(&text).len() <= MAX_WINDOWS_PER_MESSAGE);
        }
    }
}
