//! Estimated deposit (consultation.md §15.4), in studio-currency minor units. The amount actually
//! charged is locked when the first Checkout session is created (booking.md §5).

use crate::model::SizeCategory;
use crate::rules::{DepositRules, HalfDays};

use super::arithmetic::scale_round_half_up;

/// Flat per category; XL is `xl_per_day_minor` per estimated day (one day when days are missing).
pub fn deposit_minor(
    category: SizeCategory,
    xl_days: Option<HalfDays>,
    rules: &DepositRules,
) -> i64 {
    match rules.amount_minor.for_category(category) {
        Some(flat) => flat,
        None => {
            let halves = xl_days.unwrap_or(HalfDays::ONE_DAY).halves();
            scale_round_half_up(rules.xl_per_day_minor, i64::from(halves), 2)
        }
    }
}

/// The deposit of a lead with no estimate.
pub fn fallback_deposit_minor(rules: &DepositRules) -> i64 {
    rules.fallback_minor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_table() {
        let rules = DepositRules::default();
        let flat = [
            (SizeCategory::Small, 15_000),
            (SizeCategory::Medium, 15_000),
            (SizeCategory::Large, 20_000),
        ];
        for (category, expected) in flat {
            assert_eq!(
                deposit_minor(category, None, &rules),
                expected,
                "{category:?}"
            );
        }
        let per_day = [
            (3, 30_000),
            (4, 40_000),
            (5, 50_000),
            (6, 60_000),
            (7, 70_000),
            (8, 80_000),
        ];
        for (halves, expected) in per_day {
            let days = Some(HalfDays(halves));
            assert_eq!(
                deposit_minor(SizeCategory::Xl, days, &rules),
                expected,
                "{halves} half-days"
            );
        }
        assert_eq!(
            deposit_minor(SizeCategory::Xl, None, &rules),
            20_000,
            "days missing"
        );
        assert_eq!(fallback_deposit_minor(&rules), 5_000, "no estimate");
    }

    #[test]
    fn flat_categories_ignore_days() {
        let rules = DepositRules::default();
        assert_eq!(
            deposit_minor(SizeCategory::Large, Some(HalfDays(8)), &rules),
            20_000
        );
    }
}
