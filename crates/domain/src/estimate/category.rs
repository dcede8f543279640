//! Size category (consultation.md §15.1): a base from the area, then cumulative bumps.

use serde::{Deserialize, Serialize};

use crate::model::{Dimensions, SizeCategory};
use crate::rules::AreaThresholds;

use super::input::{Complexity, EstimateInput};

/// Why a category went up one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryBump {
    CoverUp,
    HighComplexity,
    HardPlacement,
}

/// Category by area (a threshold itself belongs to the larger category), or, without dimensions,
/// by how demanding the piece sounds.
pub fn base_category(input: &EstimateInput, thresholds: &AreaThresholds) -> SizeCategory {
    match input.dimensions {
        Some(dimensions) => category_by_area(dimensions, thresholds),
        None if input.is_cover_up() || input.is_high_complexity() => SizeCategory::Large,
        None if input.complexity == Some(Complexity::Medium) => SizeCategory::Medium,
        None => SizeCategory::Small,
    }
}

fn category_by_area(dimensions: Dimensions, thresholds: &AreaThresholds) -> SizeCategory {
    if dimensions.area_at_least(thresholds.xl) {
        SizeCategory::Xl
    } else if dimensions.area_at_least(thresholds.large) {
        SizeCategory::Large
    } else if dimensions.area_at_least(thresholds.medium) {
        SizeCategory::Medium
    } else {
        SizeCategory::Small
    }
}

/// The bumps that apply, in the order they are applied: cover-up, complexity 3, hard placement.
pub(super) fn applicable_bumps(input: &EstimateInput, hard_placement: bool) -> Vec<CategoryBump> {
    [
        (input.is_cover_up(), CategoryBump::CoverUp),
        (input.is_high_complexity(), CategoryBump::HighComplexity),
        (hard_placement, CategoryBump::HardPlacement),
    ]
    .into_iter()
    .filter_map(|(applies, bump)| applies.then_some(bump))
    .collect()
}

/// Applies each bump in turn; returns the final category and the bumps that actually moved it
/// (a bump never creates XL, and LARGE stays LARGE).
pub(super) fn apply_bumps(
    base: SizeCategory,
    bumps: &[CategoryBump],
) -> (SizeCategory, Vec<CategoryBump>) {
    let mut category = base;
    let mut effective = Vec::new();
    for bump in bumps {
        let bumped = category.bumped();
        if bumped != category {
            effective.push(*bump);
            category = bumped;
        }
    }
    (category, effective)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::CoverUp;
    use crate::model::Region;

    fn input(width_cm: u32, height_cm: u32) -> EstimateInput {
        EstimateInput {
            dimensions: Some(Dimensions::from_centi_cm(width_cm * 100, height_cm * 100).unwrap()),
            complexity: Some(Complexity::Simple),
            cover_up: Some(CoverUp::No),
            placement: None,
            region: Region::Uk,
        }
    }

    fn without_dimensions(
        complexity: Option<Complexity>,
        cover_up: Option<CoverUp>,
    ) -> EstimateInput {
        EstimateInput {
            dimensions: None,
            complexity,
            cover_up,
            ..input(1, 1)
        }
    }

    #[test]
    fn area_boundaries_belong_to_the_larger_category() {
        let thresholds = AreaThresholds::default();
        let cases = [
            ((7, 7), SizeCategory::Small),    // 49
            ((5, 10), SizeCategory::Medium),  // 50
            ((10, 14), SizeCategory::Medium), // 140
            ((149, 1), SizeCategory::Medium), // 149
            ((10, 15), SizeCategory::Large),  // 150
            ((299, 1), SizeCategory::Large),  // 299
            ((15, 20), SizeCategory::Xl),     // 300
        ];
        for ((w, h), expected) in cases {
            assert_eq!(
                base_category(&input(w, h), &thresholds),
                expected,
                "{w}x{h} cm"
            );
        }
    }

    #[test]
    fn fractional_areas_just_below_a_threshold_stay_below() {
        // 7.07 × 7.07 cm = 49.98 cm² → SMALL.
        let just_under = EstimateInput {
            dimensions: Some(Dimensions::from_centi_cm(707, 707).unwrap()),
            ..input(1, 1)
        };
        assert_eq!(
            base_category(&just_under, &AreaThresholds::default()),
            SizeCategory::Small
        );
    }

    #[test]
    fn without_dimensions_the_answers_decide() {
        let t = AreaThresholds::default();
        let cases = [
            (
                Some(Complexity::High),
                Some(CoverUp::No),
                SizeCategory::Large,
            ),
            (
                Some(Complexity::Simple),
                Some(CoverUp::Yes),
                SizeCategory::Large,
            ),
            (
                Some(Complexity::Medium),
                Some(CoverUp::No),
                SizeCategory::Medium,
            ),
            (
                Some(Complexity::Medium),
                Some(CoverUp::Unsure),
                SizeCategory::Medium,
            ),
            (Some(Complexity::Simple), None, SizeCategory::Small),
            (None, None, SizeCategory::Small),
        ];
        for (complexity, cover_up, expected) in cases {
            let input = without_dimensions(complexity, cover_up);
            assert_eq!(
                base_category(&input, &t),
                expected,
                "{complexity:?} / {cover_up:?}"
            );
        }
    }

    #[test]
    fn bumps_are_cumulative_but_never_create_xl() {
        use CategoryBump::*;
        let all = [CoverUp, HighComplexity, HardPlacement];
        assert_eq!(
            apply_bumps(SizeCategory::Small, &all),
            (SizeCategory::Large, vec![CoverUp, HighComplexity])
        );
        assert_eq!(
            apply_bumps(SizeCategory::Large, &all),
            (SizeCategory::Large, vec![])
        );
        assert_eq!(
            apply_bumps(SizeCategory::Xl, &all),
            (SizeCategory::Xl, vec![])
        );
        assert_eq!(
            apply_bumps(SizeCategory::Medium, &[HardPlacement]),
            (SizeCategory::Large, vec![HardPlacement])
        );
    }
}
