//! The vocabulary shared by the size and money parsers: numbers, length units, the `x` between two sides,
//! currency markers and thousand multipliers. Both parsers must agree on what a size number is, because
//! the money parser ignores exactly those.

use super::scan::{Decimal, Grouping, Piece, Token, read_number, tokenize};
use crate::model::Currency;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LengthUnit {
    Centimetre,
    Millimetre,
    Inch,
}

impl LengthUnit {
    /// Hundredths of a centimetre per unit.
    pub fn centi_cm(self) -> u64 {
        match self {
            Self::Centimetre => 100,
            Self::Millimetre => 10,
            Self::Inch => 254,
        }
    }
}

/// Whether a currency marker may stand before the amount (`£400`, `GBP 400`) or only after it
/// (`400 pounds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerPlace {
    BeforeOrAfter,
    AfterOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item<'a> {
    Number(Decimal),
    Unit(LengthUnit),
    /// `x`, `×`, `*` or the word `by` (between two sides).
    Times,
    Dash,
    Currency(Currency, MarkerPlace),
    /// `k` right after a number.
    Thousand,
    Grand,
    Word(&'a str),
    Symbol(char),
}

/// Lexes lower-cased N text into quantity items.
pub(crate) fn lex(lower: &str, grouping: Grouping) -> Vec<Item<'_>> {
    let tokens = tokenize(lower);
    let mut items = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while let Some(token) = tokens.get(at) {
        at += 1;
        match token.piece {
            Piece::Digits(_) => match read_number(&tokens, at - 1, grouping) {
                Some((value, next)) => {
                    items.push(Item::Number(value));
                    at = next;
                }
                // Too many digits for any size or amount: kept as a number no parser will accept.
                None => items.push(Item::Number(Decimal::whole(u64::MAX))),
            },
            Piece::Symbol(symbol) => items.push(symbol_item(symbol)),
            Piece::Word(word) => {
                let after_number = matches!(items.last(), Some(Item::Number(_)));
                let next = tokens.get(at);
                push_word(&mut items, word, token, after_number, next);
            }
        }
    }
    items
}

fn symbol_item(symbol: char) -> Item<'static> {
    match symbol {
        '×' | '*' => Item::Times,
        '-' => Item::Dash,
        '"' | '″' => Item::Unit(LengthUnit::Inch),
        '£' => Item::Currency(Currency::GBP, MarkerPlace::BeforeOrAfter),
        '$' => Item::Currency(Currency::USD, MarkerPlace::BeforeOrAfter),
        '€' => Item::Currency(Currency::EUR, MarkerPlace::BeforeOrAfter),
        other => Item::Symbol(other),
    }
}

fn push_word<'a>(
    items: &mut Vec<Item<'a>>,
    word: &'a str,
    token: &Token<'a>,
    after_number: bool,
    next: Option<&Token<'a>>,
) {
    let item = match word {
        "x" | "by" => Item::Times,
        "k" if after_number => Item::Thousand,
        "grand" => Item::Grand,
        "in" => {
            if is_inch_word(token, after_number, next) {
                Item::Unit(LengthUnit::Inch)
            } else {
                Item::Word(word)
            }
        }
        _ => {
            if let Some(item) = currency_word(word).or_else(|| length_unit(word).map(Item::Unit)) {
                item
            } else if let Some(unit) = unit_glued_to_times(word, next) {
                // `10cmx12cm`: the unit and the separator arrive as one run of letters.
                items.push(Item::Unit(unit));
                Item::Times
            } else {
                Item::Word(word)
            }
        }
    };
    items.push(item);
}

/// `in` is a unit when glued to its number (`4in`), at the end, or before `x`/`by`/a number/a symbol;
/// `10 in the morning` or `about 10x15 in my arm` is the preposition.
fn is_inch_word(token: &Token<'_>, after_number: bool, next: Option<&Token<'_>>) -> bool {
    if !after_number {
        return false;
    }
    if token.attached() {
        return true;
    }
    match next.map(|t| t.piece) {
        None | Some(Piece::Digits(_)) | Some(Piece::Symbol(_)) => true,
        Some(Piece::Word(next_word)) => matches!(next_word, "x" | "by"),
    }
}

fn length_unit(word: &str) -> Option<LengthUnit> {
    match word {
        "cm" | "cms" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => {
            Some(LengthUnit::Centimetre)
        }
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => {
            Some(LengthUnit::Millimetre)
        }
        "inch" | "inches" => Some(LengthUnit::Inch),
        _ => None,
    }
}

fn unit_glued_to_times(word: &str, next: Option<&Token<'_>>) -> Option<LengthUnit> {
    let unit_part = word.strip_suffix('x')?;
    let next_is_number = next.is_some_and(|t| t.attached() && t.digits().is_some());
    if !next_is_number {
        return None;
    }
    length_unit(unit_part).or((unit_part == "in").then_some(LengthUnit::Inch))
}

fn currency_word(word: &str) -> Option<Item<'static>> {
    let (currency, place) = match word {
        "gbp" => (Currency::GBP, MarkerPlace::BeforeOrAfter),
        "usd" => (Currency::USD, MarkerPlace::BeforeOrAfter),
        "eur" => (Currency::EUR, MarkerPlace::BeforeOrAfter),
        "pound" | "pounds" | "quid" => (Currency::GBP, MarkerPlace::AfterOnly),
        "dollar" | "dollars" => (Currency::USD, MarkerPlace::AfterOnly),
        "euro" | "euros" => (Currency::EUR, MarkerPlace::AfterOnly),
        _ => return None,
    };
    Some(Item::Currency(currency, place))
}

/// Indices of the numbers that describe a size: followed by a length unit, or joined to another number
/// by `x`/`by` (`10x15`, `10cm x 15cm`, `10x15x2`).
pub(crate) fn size_number_flags(items: &[Item<'_>]) -> Vec<bool> {
    let mut flags = vec![false; items.len()];
    for (at, item) in items.iter().enumerate() {
        if !matches!(item, Item::Number(_)) {
            continue;
        }
        let after = at + 1;
        let unit_follows = matches!(items.get(after), Some(Item::Unit(_)));
        let times_at = if unit_follows { after + 1 } else { after };
        if unit_follows {
            set(&mut flags, at);
        }
        if matches!(items.get(times_at), Some(Item::Times))
            && matches!(items.get(times_at + 1), Some(Item::Number(_)))
        {
            set(&mut flags, at);
            set(&mut flags, times_at + 1);
        }
    }
    flags
}

fn set(flags: &mut [bool], at: usize) {
    if let Some(flag) = flags.get_mut(at) {
        *flag = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_unit_and_separator_are_split() {
        let items = lex("10cmx12cm", Grouping::DecimalsOnly);
        assert_eq!(
            items,
            vec![
                Item::Number(Decimal::whole(10)),
                Item::Unit(LengthUnit::Centimetre),
                Item::Times,
                Item::Number(Decimal::whole(12)),
                Item::Unit(LengthUnit::Centimetre),
            ]
        );
    }

    #[test]
    fn in_is_a_unit_only_next_to_a_size() {
        assert!(lex("4in", Grouping::DecimalsOnly).contains(&Item::Unit(LengthUnit::Inch)));
        assert!(lex("4 in x 6 in", Grouping::DecimalsOnly).contains(&Item::Unit(LengthUnit::Inch)));
        assert!(
            !lex("10 in the morning", Grouping::DecimalsOnly)
                .contains(&Item::Unit(LengthUnit::Inch))
        );
        assert!(
            !lex("10 inspired", Grouping::DecimalsOnly).contains(&Item::Unit(LengthUnit::Inch))
        );
    }

    #[test]
    fn size_numbers_are_flagged() {
        let items = lex("10x15cm £500", Grouping::Thousands);
        let flags = size_number_flags(&items);
        let numbers: Vec<bool> = items
            .iter()
            .zip(flags)
            .filter(|(item, _)| matches!(item, Item::Number(_)))
            .map(|(_, flag)| flag)
            .collect();
        assert_eq!(numbers, vec![true, true, false]);
    }
}
