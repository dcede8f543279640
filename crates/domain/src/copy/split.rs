//! Long texts (artist summaries) go out as ordered parts of the same message kind
//! (consultation.md §24 rule 8), cut on paragraph boundaries wherever possible.

/// WhatsApp's limit for one text message body, in characters.
pub const WHATSAPP_TEXT_LIMIT: usize = 4096;

/// Splits `text` into parts of at most `limit` characters. Paragraphs (blank-line separated)
/// are kept whole and packed greedily; a paragraph longer than the limit is cut between lines,
/// then between words, and only a single over-long word is cut mid-word. A text within the
/// limit comes back as one part; an empty text as no parts.
pub fn split_into_parts(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(1);
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    split_on(text, &["\n\n", "\n", " "], limit)
}

fn split_on(text: &str, separators: &[&str], limit: usize) -> Vec<String> {
    if chars(text) <= limit {
        return vec![text.to_owned()];
    }
    let Some((separator, finer)) = separators.split_first() else {
        return cut_characters(text, limit);
    };
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in text.split(separator).filter(|p| !p.trim().is_empty()) {
        if chars(piece) > limit {
            push_non_empty(&mut parts, std::mem::take(&mut current));
            parts.extend(split_on(piece, finer, limit));
        } else if current.is_empty() {
            current = piece.to_owned();
        } else if chars(&current) + chars(separator) + chars(piece) <= limit {
            current.push_str(separator);
            current.push_str(piece);
        } else {
            parts.push(std::mem::replace(&mut current, piece.to_owned()));
        }
    }
    push_non_empty(&mut parts, current);
    parts
}

fn cut_characters(text: &str, limit: usize) -> Vec<String> {
    let all: Vec<char> = text.chars().collect();
    all.chunks(limit)
        .map(|chunk| chunk.iter().collect())
        .collect()
}

fn push_non_empty(parts: &mut Vec<String>, part: String) {
    if !part.trim().is_empty() {
        parts.push(part);
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(
            split_into_parts("Hello\n\nthere", 4096),
            vec!["Hello\n\nthere"]
        );
        assert!(split_into_parts("  ", 10).is_empty());
    }

    #[test]
    fn packs_paragraphs_greedily_without_breaking_them() {
        let text = "aaaa\n\nbbbb\n\ncccc";
        assert_eq!(split_into_parts(text, 10), vec!["aaaa\n\nbbbb", "cccc"]);
        assert_eq!(split_into_parts(text, 5), vec!["aaaa", "bbbb", "cccc"]);
    }

    #[test]
    fn long_paragraphs_fall_back_to_lines_words_then_characters() {
        assert_eq!(
            split_into_parts("one two\nthree", 8),
            vec!["one two", "three"]
        );
        assert_eq!(
            split_into_parts("one two three", 8),
            vec!["one two", "three"]
        );
        assert_eq!(
            split_into_parts("abcdefghij", 4),
            vec!["abcd", "efgh", "ij"]
        );
    }

    #[test]
    fn every_part_fits_and_nothing_is_lost() {
        let paragraph = "Lorem ipsum dolor sit amet, ünïcödé words × 3 ".repeat(40);
        let text = [paragraph.as_str(); 5].join("\n\n");
        let parts = split_into_parts(&text, WHATSAPP_TEXT_LIMIT);
        assert!(parts.len() > 1);
        assert!(
            parts
                .iter()
                .all(|p| p.chars().count() <= WHATSAPP_TEXT_LIMIT)
        );
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&parts.join(" ")), words(&text));
    }

    proptest::proptest! {
        #[test]
        fn parts_always_fit_and_keep_every_word(text in "[a-z \n]{0,300}", limit in 1usize..40) {
            let parts = split_into_parts(&text, limit);
            proptest::prop_assert!(parts.iter().all(|p| p.chars().count() <= limit && !p.trim().is_empty()));
            let joined: String = parts.concat().split_whitespace().collect();
            let original: String = text.split_whitespace().collect();
            proptest::prop_assert_eq!(joined, original);
        }
    }
}
