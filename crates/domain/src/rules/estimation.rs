//! `[estimation]`: area thresholds for size categories, XL session days, hard placements and the
//! plausible range of a design's sides.

use serde::Deserialize;

use super::problems::Problems;
use super::units::{CentiCm, HalfDays};
use crate::parse::text::keyword_form;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EstimationRules {
    pub area_thresholds_cm2: AreaThresholds,
    /// Base XL days for areas below each bound, in increasing order.
    pub xl_days_by_area: Vec<XlDaysTier>,
    /// Base XL days for areas at or above the last bound.
    pub xl_days_max_base: HalfDays,
    /// Added for each of cover-up, complexity 3 and hard placement.
    pub xl_days_bump: HalfDays,
    pub xl_days_min: HalfDays,
    pub xl_days_max: HalfDays,
    /// Placement phrases that bump the category; matched as whole words in keyword form.
    pub hard_placements: Vec<String>,
    pub max_side_cm: CentiCm,
    pub min_side_cm: CentiCm,
}

impl Default for EstimationRules {
    fn default() -> Self {
        let tier = |below_area_cm2, halves| XlDaysTier {
            below_area_cm2,
            days: HalfDays(halves),
        };
        Self {
            area_thresholds_cm2: AreaThresholds::default(),
            xl_days_by_area: vec![tier(350, 3), tier(500, 4), tier(700, 5)],
            xl_days_max_base: HalfDays(6),
            xl_days_bump: HalfDays(1),
            xl_days_min: HalfDays(2),
            xl_days_max: HalfDays(8),
            hard_placements: [
                "RIBS",
                "RIB",
                "RIBCAGE",
                "RIB CAGE",
                "STOMACH",
                "BELLY",
                "SIDE",
                "SPINE",
                "BACK",
                "FULL BACK",
                "SLEEVE",
                "HALF SLEEVE",
                "FULL SLEEVE",
                "THIGH",
                "THIGHS",
            ]
            .map(str::to_owned)
            .to_vec(),
            max_side_cm: CentiCm(10_000),
            min_side_cm: CentiCm(50),
        }
    }
}

/// Smallest area (cm²) of each category above SMALL; an area equal to a threshold is in the larger
/// category (50 → MEDIUM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AreaThresholds {
    #[serde(rename = "MEDIUM")]
    pub medium: u32,
    #[serde(rename = "LARGE")]
    pub large: u32,
    #[serde(rename = "XL")]
    pub xl: u32,
}

impl Default for AreaThresholds {
    fn default() -> Self {
        Self {
            medium: 50,
            large: 150,
            xl: 300,
        }
    }
}

/// One row of `xl_days_by_area`, written `[bound_cm2, days]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(from = "(u32, HalfDays)")]
pub struct XlDaysTier {
    pub below_area_cm2: u32,
    pub days: HalfDays,
}

impl From<(u32, HalfDays)> for XlDaysTier {
    fn from((below_area_cm2, days): (u32, HalfDays)) -> Self {
        Self {
            below_area_cm2,
            days,
        }
    }
}

impl EstimationRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        let t = &self.area_thresholds_cm2;
        if !(0 < t.medium && t.medium < t.large && t.large < t.xl) {
            problems.push(
                "estimation.area_thresholds_cm2",
                "must be strictly increasing from MEDIUM to LARGE to XL, starting above 0",
            );
        }
        let bounds = self.xl_days_by_area.iter().map(|tier| tier.below_area_cm2);
        if !is_strictly_increasing(bounds) {
            problems.push(
                "estimation.xl_days_by_area",
                "area bounds must be strictly increasing",
            );
        }
        if self.xl_days_min.halves() == 0 {
            problems.push("estimation.xl_days_min", "must be greater than 0");
        }
        if self.xl_days_min > self.xl_days_max {
            problems.push(
                "estimation.xl_days_min",
                "must not exceed estimation.xl_days_max",
            );
        }
        for (i, phrase) in self.hard_placements.iter().enumerate() {
            if keyword_form(phrase).text.is_empty() {
                problems.push(
                    format!("estimation.hard_placements[{i}]"),
                    "must contain a word",
                );
            }
        }
        if self.min_side_cm.centi_cm() == 0 {
            problems.push("estimation.min_side_cm", "must be greater than 0");
        }
        if self.min_side_cm >= self.max_side_cm {
            problems.push(
                "estimation.min_side_cm",
                "must be less than estimation.max_side_cm",
            );
        }
    }
}

fn is_strictly_increasing(values: impl Iterator<Item = u32>) -> bool {
    let mut previous = None;
    for value in values {
        if previous.is_some_and(|p| p >= value) {
            return false;
        }
        previous = Some(value);
    }
    true
}
