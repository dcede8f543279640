//! Style rules every catalogue text obeys (consultation.md §24 rule 7): at most three emoji,
//! and no URL written into the text itself (links arrive only through placeholders).

/// Most emoji one message may carry.
pub const MAX_EMOJI: usize = 3;

/// Counts pictographic characters. Joiners and variation selectors are not counted, so `❤️`
/// is one emoji; flags and joined sequences count each pictograph, which errs on the strict side.
pub fn emoji_count(text: &str) -> usize {
    text.chars().filter(|&c| is_pictograph(c)).count()
}

fn is_pictograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1F000..=0x1FAFF // symbols, pictographs, emoticons, transport, flags, supplemental
            | 0x2600..=0x27BF // miscellaneous symbols and dingbats (☀ ✨ ✅ ❤)
            | 0x2300..=0x23FF // technical (⌚ ⏰ ⏳)
            | 0x2B00..=0x2BFF // arrows and stars (⭐ ⬆)
            | 0x3030
            | 0x303D
    )
}

/// True when the text spells out a web address instead of taking it from a placeholder.
pub fn contains_literal_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .any(|marker| lower.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_emoji_not_typography() {
        assert_eq!(emoji_count("Great news 🎉 see you soon ✨"), 2);
        assert_eq!(emoji_count("❤️"), 1);
        assert_eq!(emoji_count("8×12 cm · £500 – “quoted” … ½"), 0);
        assert_eq!(emoji_count("🗓️⏰⭐👋"), 4);
    }

    #[test]
    fn finds_literal_urls() {
        assert!(contains_literal_url("Pay at https://pay.example"));
        assert!(contains_literal_url("see WWW.example.com"));
        assert!(!contains_literal_url("Pay here: {url}"));
    }
}
