//! Estimation (consultation.md §15): size category, XL session days, deposit and the internal price
//! range from the interpreted answers and the studio rules, plus the budget check against regional
//! minimums. Pure integer arithmetic throughout; money is in minor units.

mod arithmetic;
mod budget;
mod category;
mod days;
mod deposit;
mod input;
mod outcome;
mod placement;
mod price;

#[cfg(test)]
mod worked_examples_tests;

pub use budget::{
    BudgetCheck, budget_in_gbp_minor, check_budget, is_below_floor, is_below_minimum,
};
pub use category::{CategoryBump, base_category};
pub use days::xl_days;
pub use deposit::{deposit_minor, fallback_deposit_minor};
pub use input::{Complexity, CoverUp, EstimateInput};
pub use outcome::{Estimate, estimate};
pub use placement::is_hard_placement;
pub use price::{PricingTrace, pricing_trace};

pub use crate::rules::HalfDays;
