//! The whole estimate of a lead, as stored at completion (consultation.md §14 step 3).

use serde::{Deserialize, Serialize};

use crate::model::SizeCategory;
use crate::rules::{HalfDays, StudioRules};

use super::category::{CategoryBump, applicable_bumps, apply_bumps, base_category};
use super::days::xl_days;
use super::deposit::deposit_minor;
use super::input::EstimateInput;
use super::placement::is_hard_placement;
use super::price::{PricingTrace, pricing_trace};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub category: SizeCategory,
    /// Category before bumps, for the artist summary ("SMALL → MEDIUM (cover-up)").
    pub base_category: SizeCategory,
    /// The bumps that moved the category, in order.
    pub bumps: Vec<CategoryBump>,
    pub hard_placement: bool,
    /// Only for XL.
    pub xl_days: Option<HalfDays>,
    /// Studio-currency minor units.
    pub deposit_minor: i64,
    pub trace: PricingTrace,
}

impl Estimate {
    /// Lower end of the internal price range, GBP minor units.
    pub fn price_min_minor(&self) -> i64 {
        self.trace.min_minor
    }

    /// Upper end of the internal price range, GBP minor units.
    pub fn price_max_minor(&self) -> i64 {
        self.trace.max_minor
    }
}

/// Estimates a lead from its interpreted answers.
pub fn estimate(input: &EstimateInput, rules: &StudioRules) -> Estimate {
    let hard_placement = input
        .placement
        .as_deref()
        .is_some_and(|placement| is_hard_placement(placement, &rules.estimation));
    let base = base_category(input, &rules.estimation.area_thresholds_cm2);
    let (category, bumps) = apply_bumps(base, &applicable_bumps(input, hard_placement));
    let days =
        (category == SizeCategory::Xl).then(|| xl_days(input, hard_placement, &rules.estimation));
    Estimate {
        category,
        base_category: base,
        bumps,
        hard_placement,
        xl_days: days,
        deposit_minor: deposit_minor(category, days, &rules.deposit),
        trace: pricing_trace(category, days, input.region, &rules.pricing),
    }
}
