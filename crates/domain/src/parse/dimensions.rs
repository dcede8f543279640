//! Size answers: `10x12cm`, `3 x 5"`, `10cm`, `about 15` (consultation.md §25.1).

use super::quantity::{Item, LengthUnit, lex};
use super::scan::{Decimal, Grouping};
use super::text::normalise;
use crate::model::Dimensions;

/// The smallest and largest side a size answer may have, in hundredths of a centimetre (studio rules
/// `min_side_cm`, `max_side_cm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideLimits {
    pub min_centi_cm: u32,
    pub max_centi_cm: u32,
}

impl SideLimits {
    /// The studio-rule defaults: 0.5 cm to 100 cm.
    pub const DEFAULT: SideLimits = SideLimits {
        min_centi_cm: 50,
        max_centi_cm: 10_000,
    };

    fn admits(&self, centi_cm: u64) -> Option<u32> {
        let side = u32::try_from(centi_cm).ok()?;
        (self.min_centi_cm..=self.max_centi_cm)
            .contains(&side)
            .then_some(side)
    }
}

impl Default for SideLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Reads width × height from a free-text size answer with the default side limits.
pub fn parse_dimensions(text: &str) -> Option<Dimensions> {
    parse_dimensions_within(text, SideLimits::DEFAULT)
}

/// Reads width × height from a free-text size answer; `None` when no size is found or a side falls
/// outside `limits`. The first rule that finds a size decides, even when that size is out of bounds.
pub fn parse_dimensions_within(text: &str, limits: SideLimits) -> Option<Dimensions> {
    let lower = normalise(text).to_lowercase();
    let items = lex(&lower, Grouping::DecimalsOnly);
    let (width, height) = find_pair(&items)
        .or_else(|| find_range(&items).map(|side| (side, side)))
        .or_else(|| find_single_with_unit(&items).map(|side| (side, side)))
        .or_else(|| find_bare_single(&items).map(|side| (side, side)))?;
    let width = limits.admits(width.in_centi_cm()?)?;
    let height = limits.admits(height.in_centi_cm()?)?;
    Dimensions::from_centi_cm(width, height).ok()
}

#[derive(Debug, Clone, Copy)]
struct Side {
    value: Decimal,
    unit: LengthUnit,
}

impl Side {
    fn in_centi_cm(&self) -> Option<u64> {
        self.value.times_rounded(self.unit.centi_cm())
    }
}

/// A number as written, with the unit right after it if any.
#[derive(Debug, Clone, Copy)]
struct Measure {
    value: Decimal,
    unit: Option<LengthUnit>,
}

/// Reads `number [unit]` at `at`; returns it and the index after it.
fn measure_at(items: &[Item<'_>], at: usize) -> Option<(Measure, usize)> {
    let Some(Item::Number(value)) = items.get(at) else {
        return None;
    };
    match items.get(at + 1) {
        Some(Item::Unit(unit)) => Some((
            Measure {
                value: *value,
                unit: Some(*unit),
            },
            at + 2,
        )),
        _ => Some((
            Measure {
                value: *value,
                unit: None,
            },
            at + 1,
        )),
    }
}

/// `A [unit] x B [unit] [x C [unit]]`: each side takes its own unit, else the nearest one to its right,
/// else to its left, else centimetres. A third number only lends its unit.
fn find_pair(items: &[Item<'_>]) -> Option<(Side, Side)> {
    (0..items.len()).find_map(|at| {
        let (first, next) = measure_at(items, at)?;
        if items.get(next) != Some(&Item::Times) {
            return None;
        }
        let (second, next) = measure_at(items, next + 1)?;
        let third = match items.get(next) {
            Some(Item::Times) => measure_at(items, next + 1).map(|(third, _)| third),
            _ => None,
        };
        let third_unit = third.and_then(|m| m.unit);
        let width_unit = first.unit.or(second.unit).or(third_unit);
        let height_unit = second.unit.or(third_unit).or(first.unit);
        Some((
            Side {
                value: first.value,
                unit: width_unit.unwrap_or(LengthUnit::Centimetre),
            },
            Side {
                value: second.value,
                unit: height_unit.unwrap_or(LengthUnit::Centimetre),
            },
        ))
    })
}

/// `A - B unit`: a range means the upper bound.
fn find_range(items: &[Item<'_>]) -> Option<Side> {
    (0..items.len()).find_map(|at| {
        let (_, next) = measure_at(items, at)?;
        if items.get(next) != Some(&Item::Dash) {
            return None;
        }
        let (upper, _) = measure_at(items, next + 1)?;
        Some(Side {
            value: upper.value,
            unit: upper.unit?,
        })
    })
}

fn find_single_with_unit(items: &[Item<'_>]) -> Option<Side> {
    items.windows(2).find_map(|pair| match pair {
        [Item::Number(value), Item::Unit(unit)] => Some(Side {
            value: *value,
            unit: *unit,
        }),
        _ => None,
    })
}

const APPROXIMATELY: &[&str] = &[
    "about",
    "around",
    "approx",
    "approximately",
    "roughly",
    "circa",
    "maybe",
];

/// The whole message is one number, after a leading "about"-word and before trailing `?!.`.
fn find_bare_single(items: &[Item<'_>]) -> Option<Side> {
    let mut rest = items;
    let mut after_word = false;
    while let Some((first, tail)) = rest.split_first() {
        match first {
            Item::Word(word) if APPROXIMATELY.contains(word) => after_word = true,
            Item::Symbol('~') => after_word = false,
            // `approx. 12`, but `.5` stays a number.
            Item::Symbol('.') if after_word => after_word = false,
            _ => break,
        }
        rest = tail;
    }
    while let Some((last, head)) = rest.split_last() {
        match last {
            Item::Symbol('?' | '!' | '.') => rest = head,
            _ => break,
        }
    }
    match rest {
        [Item::Number(value)] => Some(Side {
            value: *value,
            unit: LengthUnit::Centimetre,
        }),
        _ => None,
    }
}

#[cfg(test)]
#[path = "dimensions_tests.rs"]
mod tests;
