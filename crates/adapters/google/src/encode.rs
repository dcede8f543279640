//! Percent-encoding of one URL path segment. Google wants ranges and calendar ids fully encoded
//! (`Leads!A:A` → `Leads%21A%3AA`, `a@b` → `a%40b`); the `url` crate's segment encoder leaves `!`, `:`
//! and `@` alone, so everything but the unreserved characters of RFC 3986 is encoded here.

use std::fmt::Write as _;

pub(crate) fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(segment("Leads!A:A"), "Leads%21A%3AA");
        assert_eq!(segment("'My Tab'!A57:BC57"), "%27My%20Tab%27%21A57%3ABC57");
        assert_eq!(
            segment("rowan.studio@example.com"),
            "rowan.studio%40example.com"
        );
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(segment("é"), "%C3%A9");
    }
}
