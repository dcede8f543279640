//! The budget check (consultation.md §15.5): budgets are compared with the regional minimum in GBP,
//! converting other currencies with the studio's rates for the comparison only.

use crate::model::{Currency, Money, Region};
use crate::rules::StudioRules;

/// Rates are GBP per unit in thousandths.
const MILLI: i128 = 1000;

/// `⌊amount × rate / 1000⌋`; `None` when the currency has no rate (or the value overflows).
pub fn budget_in_gbp_minor(
    amount_minor: i64,
    currency: Currency,
    rules: &StudioRules,
) -> Option<i64> {
    let rate = rules
        .pricing
        .fx_gbp_per_unit_milli
        .gbp_per_unit_milli(currency)?;
    let gbp = (i128::from(amount_minor) * i128::from(rate)).div_euclid(MILLI);
    i64::try_from(gbp).ok()
}

/// Below the region's minimum; a budget equal to the minimum passes.
pub fn is_below_minimum(budget_gbp_minor: i64, region: Region, rules: &StudioRules) -> bool {
    budget_gbp_minor < rules.pricing.minimum_budget_minor.for_region(region)
}

/// Below `budget_floor_minor`: not accepted as a budget answer at all.
pub fn is_below_floor(budget_gbp_minor: i64, rules: &StudioRules) -> bool {
    budget_gbp_minor < rules.pricing.budget_floor_minor
}

/// What completion stores about a budget (consultation.md §14 step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetCheck {
    pub gbp_minor: i64,
    pub minimum_minor: i64,
    pub below_minimum: bool,
}

/// `None` when the budget's currency cannot be converted.
pub fn check_budget(budget: Money, region: Region, rules: &StudioRules) -> Option<BudgetCheck> {
    let gbp_minor = budget_in_gbp_minor(budget.amount_minor, budget.currency, rules)?;
    Some(BudgetCheck {
        gbp_minor,
        minimum_minor: rules.pricing.minimum_budget_minor.for_region(region),
        below_minimum: is_below_minimum(gbp_minor, region, rules),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> StudioRules {
        StudioRules::default()
    }

    /// consultation.md §15.7 budget check examples (UK, minimum 40000); "2k" is parsed upstream to
    /// 200000 pence.
    #[test]
    fn spec_budget_examples() {
        let rows = [
            ("£500", Money::gbp(50_000), 50_000, false),
            ("£400", Money::gbp(40_000), 40_000, false),
            ("$500", Money::new(50_000, Currency::USD), 39_500, true),
            ("2k", Money::gbp(200_000), 200_000, false),
            ("€450", Money::new(45_000, Currency::EUR), 38_250, true),
        ];
        for (text, budget, gbp_minor, below) in rows {
            let check = check_budget(budget, Region::Uk, &rules());
            let expected = BudgetCheck {
                gbp_minor,
                minimum_minor: 40_000,
                below_minimum: below,
            };
            assert_eq!(check, Some(expected), "budget {text}");
        }
    }

    #[test]
    fn conversion_floors() {
        let r = rules();
        assert_eq!(
            budget_in_gbp_minor(101, Currency::USD, &r),
            Some(79),
            "79.79 → 79"
        );
        assert_eq!(
            budget_in_gbp_minor(1, Currency::EUR, &r),
            Some(0),
            "0.85 → 0"
        );
        assert_eq!(
            budget_in_gbp_minor(-101, Currency::USD, &r),
            Some(-80),
            "floor, not truncation"
        );
    }

    #[test]
    fn unknown_currency_cannot_be_compared() {
        let cad = "CAD".parse().unwrap();
        assert_eq!(budget_in_gbp_minor(50_000, cad, &rules()), None);
        assert_eq!(
            check_budget(Money::new(50_000, cad), Region::Uk, &rules()),
            None
        );
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        assert_eq!(
            budget_in_gbp_minor(i64::MAX, Currency::GBP, &rules()),
            Some(i64::MAX)
        );
        assert_eq!(
            budget_in_gbp_minor(i64::MAX, Currency::USD, &rules()),
            i64::try_from(i128::from(i64::MAX) * 790 / 1000).ok()
        );
    }

    #[test]
    fn regional_minimums_are_inclusive() {
        let r = rules();
        let cases = [
            (Region::Uk, 39_999, true),
            (Region::Uk, 40_000, false),
            (Region::Europe, 49_999, true),
            (Region::Europe, 50_000, false),
            (Region::RestOfWorld, 59_999, true),
            (Region::RestOfWorld, 60_000, false),
        ];
        for (region, budget, below) in cases {
            assert_eq!(
                is_below_minimum(budget, region, &r),
                below,
                "{region:?} {budget}"
            );
        }
    }

    #[test]
    fn floor_is_inclusive() {
        assert!(is_below_floor(4_999, &rules()));
        assert!(!is_below_floor(5_000, &rules()));
    }
}
