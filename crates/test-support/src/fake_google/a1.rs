//! A1 notation as the fake understands it: `Tab!A:A`, `Tab!1:1`, `Tab!A57`, `Tab!A57:BC57`, with the
//! tab optionally quoted (`'My Tab'!A1`). Indexes are 0-based; sizes are capped so a hostile range
//! cannot make the fake allocate a huge grid.

/// Rows and columns beyond these are refused (Google's own limits are larger; tests need far less).
const MAX_ROWS: usize = 100_000;
const MAX_COLUMN_LETTERS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct A1 {
    pub tab: String,
    pub start_col: Option<usize>,
    pub start_row: Option<usize>,
    pub end_col: Option<usize>,
    pub end_row: Option<usize>,
}

pub(crate) fn parse(range: &str) -> Option<A1> {
    let (tab, cells) = split_tab(range)?;
    let (start, end) = match cells.split_once(':') {
        Some((start, end)) => (cell(start)?, cell(end)?),
        None => {
            let single = cell(cells)?;
            (single, single)
        }
    };
    // `A:1`-style mixes are not ranges Google accepts either.
    if start.0.is_some() != end.0.is_some() && start.1.is_some() != end.1.is_some() {
        return None;
    }
    Some(A1 {
        tab,
        start_col: start.0,
        start_row: start.1,
        end_col: end.0,
        end_row: end.1,
    })
}

fn split_tab(range: &str) -> Option<(String, &str)> {
    if let Some(quoted) = range.strip_prefix('\'') {
        let mut tab = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\'' {
                tab.push(c);
                continue;
            }
            if quoted[i + 1..].starts_with('\'') {
                tab.push('\'');
                chars.next();
                continue;
            }
            return Some((tab, quoted[i + 1..].strip_prefix('!')?));
        }
        None
    } else {
        let (tab, cells) = range.split_once('!')?;
        (!tab.is_empty()).then(|| (tab.to_owned(), cells))
    }
}

/// `BC57` → (Some(54), Some(56)); `A` → (Some(0), None); `57` → (None, Some(56)).
fn cell(reference: &str) -> Option<(Option<usize>, Option<usize>)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col, row) = reference.split_at(letters);
    if (col.is_empty() && row.is_empty()) || col.len() > MAX_COLUMN_LETTERS {
        return None;
    }
    let col = (!col.is_empty()).then(|| {
        col.bytes().fold(0usize, |n, b| {
            n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
        }) - 1
    });
    let row = if row.is_empty() {
        None
    } else {
        let n: usize = row.parse().ok().filter(|n| (1..=MAX_ROWS).contains(n))?;
        Some(n - 1)
    };
    Some((col, row))
}

/// 0 → `A`, 54 → `BC`.
pub(crate) fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The tab as it appears in a range Google returns.
pub(crate) fn quote_tab(tab: &str) -> String {
    if tab.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        tab.to_owned()
    } else {
        format!("'{}'", tab.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranges_inkdesk_uses_parse() {
        let a = parse("Leads!A:A").unwrap();
        assert_eq!(
            (a.start_col, a.start_row, a.end_col, a.end_row),
            (Some(0), None, Some(0), None)
        );
        let a = parse("Leads!1:1").unwrap();
        assert_eq!(
            (a.start_col, a.start_row, a.end_col, a.end_row),
            (None, Some(0), None, Some(0))
        );
        let a = parse("Leads!A57").unwrap();
        assert_eq!(
            (a.start_col, a.start_row, a.end_col, a.end_row),
            (Some(0), Some(56), Some(0), Some(56))
        );
        let a = parse("'It''s mine'!A57:BC57").unwrap();
        assert_eq!(a.tab, "It's mine");
        assert_eq!(
            (a.start_col, a.end_col, a.end_row),
            (Some(0), Some(54), Some(56))
        );
        assert_eq!(parse("A1"), None);
        assert_eq!(parse("Leads!A0"), None);
        assert_eq!(parse("Leads!AAAA1"), None);
        assert_eq!(parse("Leads!A999999999999999999999"), None);
    }

    #[test]
    fn columns_round_trip() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(54), "BC");
        assert_eq!(quote_tab("Leads"), "Leads");
        assert_eq!(quote_tab("My Tab"), "'My Tab'");
    }
}
