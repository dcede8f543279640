//! Budget answers: `£400`, `1,200`, `2k`, `400-500`, `five hundred pounds` (consultation.md §25.2).
//! This is the only money parser; completion, summaries and Sheets use its stored result.

use serde::{Deserialize, Serialize};

use super::money_words::merge_number_words;
use super::quantity::{Item, MarkerPlace, lex, size_number_flags};
use super::scan::{Decimal, Grouping};
use super::text::normalise;
use crate::model::{Currency, Money};

/// A budget as the client wrote it. For a range the amount is the lower bound (the client's minimum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedMoney {
    pub amount_minor: i64,
    pub currency: Currency,
    pub is_range: bool,
}

impl ParsedMoney {
    pub fn money(&self) -> Money {
        Money::new(self.amount_minor, self.currency)
    }
}

/// Reads an amount of money; `default_currency` (the studio's) applies when no marker is written.
/// `None` when there is no amount, or it is zero or negative.
pub fn parse_money(text: &str, default_currency: Currency) -> Option<ParsedMoney> {
    let lower = normalise(text).to_lowercase();
    let lexed = lex(&lower, Grouping::Thousands);
    let items = if lower.bytes().any(|b| b.is_ascii_digit()) {
        lexed
    } else {
        merge_number_words(&lexed)
    };
    Reading::new(&items).amount(default_currency)
}

struct Reading<'i, 'a> {
    items: &'i [Item<'a>],
    is_size: Vec<bool>,
}

impl<'i, 'a> Reading<'i, 'a> {
    fn new(items: &'i [Item<'a>]) -> Self {
        Self {
            items,
            is_size: size_number_flags(items),
        }
    }

    fn amount(&self, default_currency: Currency) -> Option<ParsedMoney> {
        let chosen = self.chosen_number()?;
        let (lower, upper) = match self.range_lower_of(chosen) {
            Some(lower) => (lower, Some(chosen)),
            None => (chosen, self.range_upper_of(chosen)),
        };
        if self.is_negative(lower) {
            return None;
        }
        let value = self.value(lower)?;
        let mut multiplier = self.multiplier(lower);
        if let Some(upper) = upper
            && multiplier == 1
            && value.le(&self.value(upper)?)
        {
            // `1-2k`: the upper bound's `k` applies to a lower bound written without one.
            multiplier = self.multiplier(upper);
        }
        let currency = self
            .currency_of(lower)
            .or_else(|| upper.and_then(|upper| self.currency_of(upper)))
            .unwrap_or(default_currency);
        let amount_minor = i64::try_from(value.times_rounded(100 * multiplier)?).ok()?;
        (amount_minor > 0).then_some(ParsedMoney {
            amount_minor,
            currency,
            is_range: upper.is_some() || self.follows_between(lower),
        })
    }

    fn value(&self, at: usize) -> Option<Decimal> {
        match self.items.get(at) {
            Some(Item::Number(value)) => Some(*value),
            _ => None,
        }
    }

    fn is_amount(&self, at: usize) -> bool {
        self.value(at).is_some() && !self.is_size.get(at).copied().unwrap_or(true)
    }

    /// The first currency-marked amount, else the first amount.
    fn chosen_number(&self) -> Option<usize> {
        let mut amounts = (0..self.items.len()).filter(|&at| self.is_amount(at));
        let first = amounts.next()?;
        std::iter::once(first)
            .chain(amounts)
            .find(|&at| self.currency_of(at).is_some())
            .or(Some(first))
    }

    fn multiplier(&self, at: usize) -> u64 {
        match self.items.get(at + 1) {
            Some(Item::Thousand | Item::Grand | Item::Word("thousand")) => 1000,
            _ => 1,
        }
    }

    /// Index after the number at `at` and its multiplier and trailing currency marker.
    fn end_of(&self, at: usize) -> usize {
        let mut next = at + 1;
        if self.multiplier(at) > 1 {
            next += 1;
        }
        if matches!(self.items.get(next), Some(Item::Currency(..))) {
            next += 1;
        }
        next
    }

    fn currency_of(&self, at: usize) -> Option<Currency> {
        let before = at.checked_sub(1).and_then(|b| self.items.get(b));
        if let Some(Item::Currency(currency, MarkerPlace::BeforeOrAfter)) = before {
            return Some(*currency);
        }
        let mut after = at + 1;
        if self.multiplier(at) > 1 {
            after += 1;
        }
        match self.items.get(after) {
            Some(Item::Currency(currency, _)) => Some(*currency),
            _ => None,
        }
    }

    /// Index of the item before the number at `at`, skipping a currency marker written before it.
    fn before(&self, at: usize) -> Option<usize> {
        let previous = at.checked_sub(1)?;
        match self.items.get(previous) {
            Some(Item::Currency(_, MarkerPlace::BeforeOrAfter)) => previous.checked_sub(1),
            _ => Some(previous),
        }
    }

    /// The amount that starts at or before `at` and ends right before `end` (`400` in `400k-`).
    fn amount_ending_before(&self, end: usize) -> Option<usize> {
        (end.saturating_sub(3)..end)
            .find(|&start| self.is_amount(start) && self.end_of(start) == end)
    }

    /// When the chosen number is the upper bound of a range (`400-500 pounds`, `between 300 and £500`),
    /// the lower bound it belongs to.
    fn range_lower_of(&self, upper: usize) -> Option<usize> {
        let joiner = self.before(upper)?;
        match self.items.get(joiner)? {
            Item::Dash | Item::Word("to") => self.amount_ending_before(joiner),
            Item::Word("and") => {
                let lower = self.amount_ending_before(joiner)?;
                let between = self.before(lower)?;
                (self.items.get(between) == Some(&Item::Word("between"))).then_some(lower)
            }
            _ => None,
        }
    }

    fn follows_between(&self, at: usize) -> bool {
        self.before(at)
            .is_some_and(|b| self.items.get(b) == Some(&Item::Word("between")))
    }

    /// The upper bound after `lower`: `400-500`, `£600 to £800`, `between 300 and 500`.
    fn range_upper_of(&self, lower: usize) -> Option<usize> {
        let joiner = self.end_of(lower);
        let joins = match self.items.get(joiner)? {
            Item::Dash | Item::Word("to") => true,
            Item::Word("and") => self.follows_between(lower),
            _ => false,
        };
        if !joins {
            return None;
        }
        let mut upper = joiner + 1;
        if matches!(
            self.items.get(upper),
            Some(Item::Currency(_, MarkerPlace::BeforeOrAfter))
        ) {
            upper += 1;
        }
        self.is_amount(upper).then_some(upper)
    }

    /// A `-` right before the amount that does not join two numbers.
    fn is_negative(&self, at: usize) -> bool {
        let Some(dash) = self.before(at) else {
            return false;
        };
        if self.items.get(dash) != Some(&Item::Dash) {
            return false;
        }
        self.amount_ending_before(dash).is_none()
    }
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
