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

/// `url` with `pairs` as its query string (form-encoded). reqwest's own `query` needs a feature
/// (and a crate) this workspace does not build.
pub(crate) fn with_query(url: &str, pairs: &[(&str, &str)]) -> Option<reqwest::Url> {
    let mut url = reqwest::Url::parse(url).ok()?;
    url.query_pairs_mut().extend_pairs(pairs);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::{segment, with_query};

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

    #[test]
    fn query_pairs_are_form_encoded() {
        let url = with_query(
            "http://x/v4/a%21b",
            &[("t", "2027-03-29T10:00:00+01:00"), ("f", "a,b")],
        );
        assert_eq!(
            url.unwrap().as_str(),
            "http://x/v4/a%21b?t=2027-03-29T10%3A00%3A00%2B01%3A00&f=a%2Cb"
        );
    }
}
