//! The Instagram answer (`instagram_handle`, consultation.md §7 step 10 and §25.6). The step is
//! optional and never strikes: an answer without a usable handle is stored raw.

use serde::{Deserialize, Serialize};

use super::text::{keyword_form, normalise, phrase_match};
use super::yes_no::is_skip_answer;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "handle", rename_all = "snake_case")]
pub enum InstagramAnswer {
    /// A skip word or "I don't have one".
    NoHandle,
    /// A handle, without `@`.
    Handle(String),
    /// Something else: the raw answer is stored and the handle stays empty.
    Unusable,
}

const NO_ACCOUNT: &[&str] = &[
    "DON'T HAVE",
    "DONT HAVE",
    "DO NOT HAVE",
    "NO INSTA",
    "NO INSTAGRAM",
    "NOT ON INSTAGRAM",
    "NOT ON INSTA",
];

const PROFILE_HOSTS: &[&str] = &["instagram.com/", "instagr.am/"];

const MAX_HANDLE_CHARS: usize = 30;

/// The first `@handle`, else the path segment after `instagram.com/`, else the whole answer if it is
/// one token. A handle is `[A-Za-z0-9._]{1,30}`; a trailing full stop ends the sentence, not the handle.
pub fn parse_instagram_handle(text: &str) -> InstagramAnswer {
    let normal = normalise(text);
    if is_skip_answer(&normal) {
        return InstagramAnswer::NoHandle;
    }
    let k = keyword_form(&normal);
    if NO_ACCOUNT
        .iter()
        .any(|phrase| phrase_match(&k.text, phrase))
    {
        return InstagramAnswer::NoHandle;
    }
    let candidate = mentioned_handle(&normal)
        .or_else(|| profile_link_handle(&normal))
        .or_else(|| single_token(&normal));
    match candidate.and_then(valid_handle) {
        Some(handle) => InstagramAnswer::Handle(handle.to_owned()),
        None => InstagramAnswer::Unusable,
    }
}

fn is_handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '_'
}

/// The characters after the first `@` that starts a word (`sam@mail.com` is not a mention).
fn mentioned_handle(normal: &str) -> Option<&str> {
    let at = normal.match_indices('@').find_map(|(at, _)| {
        let starts_word = normal[..at]
            .chars()
            .next_back()
            .is_none_or(|before| !before.is_alphanumeric());
        starts_word.then_some(at + 1)
    })?;
    let rest = &normal[at..];
    let end = rest
        .find(|c: char| !is_handle_char(c))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn profile_link_handle(normal: &str) -> Option<&str> {
    let lower = normal.to_ascii_lowercase();
    let start = PROFILE_HOSTS
        .iter()
        .find_map(|host| lower.find(host).map(|at| at + host.len()))?;
    let rest = normal.get(start..)?;
    let end = rest.find(['/', '?', '#', ' ']).unwrap_or(rest.len());
    Some(&rest[..end])
}

fn single_token(normal: &str) -> Option<&str> {
    let token = normal.trim_end_matches(['!', '?', ',']);
    (!token.is_empty() && !token.contains(' ')).then(|| token.strip_prefix('@').unwrap_or(token))
}

fn valid_handle(candidate: &str) -> Option<&str> {
    let handle = candidate.trim_end_matches('.');
    let valid = !handle.is_empty()
        && handle.chars().count() <= MAX_HANDLE_CHARS
        && handle.chars().all(is_handle_char);
    valid.then_some(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(text: &str) -> InstagramAnswer {
        parse_instagram_handle(text)
    }

    fn named(handle: &str) -> InstagramAnswer {
        InstagramAnswer::Handle(handle.to_owned())
    }

    /// Spec consultation.md §25.6, Instagram: `(row, text, expected)`.
    fn rows() -> Vec<(&'static str, &'static str, InstagramAnswer)> {
        vec![
            ("at-handle", "@myhandle", named("myhandle")),
            (
                "profile-link",
                "instagram.com/sam.ink.ideas",
                named("sam.ink.ideas"),
            ),
            ("skip-no", "no", InstagramAnswer::NoHandle),
            ("in-sentence", "my insta is @Sam_Ink", named("Sam_Ink")),
            ("dont-have", "I don't have one", InstagramAnswer::NoHandle),
        ]
    }

    /// Further cases this implementation pins down.
    fn extra() -> Vec<(&'static str, &'static str, InstagramAnswer)> {
        vec![
            ("worked path", "@sam.ink.ideas", named("sam.ink.ideas")),
            ("bare token", "sam.ink.ideas", named("sam.ink.ideas")),
            (
                "full url",
                "https://www.instagram.com/sam.ink.ideas/?hl=en",
                named("sam.ink.ideas"),
            ),
            ("short host", "instagr.am/sam_ink", named("sam_ink")),
            ("sentence full stop", "it's @sam_ink.", named("sam_ink")),
            ("with realism", "@myhandle realism", named("myhandle")),
            ("skip word", "skip", InstagramAnswer::NoHandle),
            (
                "curly apostrophe",
                "I don\u{2019}t have one",
                InstagramAnswer::NoHandle,
            ),
            (
                "email is not a mention",
                "sam@example.com",
                InstagramAnswer::Unusable,
            ),
            (
                "sentence without handle",
                "ask my friend",
                InstagramAnswer::Unusable,
            ),
            (
                "too long",
                "@abcdefghijabcdefghijabcdefghijk",
                InstagramAnswer::Unusable,
            ),
            ("bare at", "@", InstagramAnswer::Unusable),
            ("empty", "", InstagramAnswer::Unusable),
        ]
    }

    fn run(table: Vec<(&str, &str, InstagramAnswer)>) {
        let failures: Vec<String> = table
            .into_iter()
            .filter_map(|(row, text, expected)| {
                let got = handle(text);
                (got != expected)
                    .then(|| format!("row {row} {text:?}: expected {expected:?}, got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn spec_table_25_6_instagram() {
        run(rows());
    }

    #[test]
    fn extra_cases() {
        run(extra());
    }
}
