//! A1-notation ranges for the lead log's tab, and the row number in an append's `updatedRange`.

use super::row::LAST_COLUMN;

/// The tab as it must appear in a range: quoted (with `'` doubled) unless it is a plain word.
pub(crate) fn quoted_tab(tab: &str) -> String {
    if !tab.is_empty() && tab.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        tab.to_owned()
    } else {
        format!("'{}'", tab.replace('\'', "''"))
    }
}

pub(crate) fn column_a(tab: &str) -> String {
    format!("{}!A:A", quoted_tab(tab))
}

pub(crate) fn header_row(tab: &str) -> String {
    format!("{}!1:1", quoted_tab(tab))
}

pub(crate) fn cell_a(tab: &str, row: u32) -> String {
    format!("{}!A{row}", quoted_tab(tab))
}

/// `Tab!A<row>:BC<row>`.
pub(crate) fn whole_row(tab: &str, row: u32) -> String {
    format!("{}!A{row}:{LAST_COLUMN}{row}", quoted_tab(tab))
}

/// `Leads!A57:BC57` → 57. The tab part may contain `!` when quoted, so the cells are after the last.
pub(crate) fn first_row_of(range: &str) -> Option<u32> {
    let cells = range.rsplit_once('!').map_or(range, |(_, cells)| cells);
    let first = cells.split(':').next()?;
    let digits = first.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse().ok().filter(|row| *row >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_use_the_tab_quoted_when_needed() {
        assert_eq!(column_a("Leads"), "Leads!A:A");
        assert_eq!(header_row("Leads"), "Leads!1:1");
        assert_eq!(cell_a("Leads", 57), "Leads!A57");
        assert_eq!(whole_row("Leads", 57), "Leads!A57:BC57");
        assert_eq!(whole_row("Lead log", 2), "'Lead log'!A2:BC2");
        assert_eq!(column_a("Rowan's"), "'Rowan''s'!A:A");
    }

    #[test]
    fn the_appended_row_is_read_from_the_updated_range() {
        assert_eq!(first_row_of("Leads!A57:BC57"), Some(57));
        assert_eq!(first_row_of("'Wow!'!A3:BC3"), Some(3));
        assert_eq!(first_row_of("Leads!A:A"), None);
        assert_eq!(first_row_of("Leads!A0"), None);
        assert_eq!(first_row_of(""), None);
    }
}
