//! XL session days (consultation.md §15.3), in exact halves.

use crate::model::Dimensions;
use crate::rules::{EstimationRules, HalfDays};

use super::input::{Complexity, EstimateInput};

/// Base days for an XL lead without dimensions; the spec fixes these rather than the rules file.
const DAYS_WITHOUT_DIMENSIONS_DEMANDING: HalfDays = HalfDays(5);
const DAYS_WITHOUT_DIMENSIONS_MEDIUM: HalfDays = HalfDays(4);
const DAYS_WITHOUT_DIMENSIONS_OTHERWISE: HalfDays = HalfDays(3);

/// Estimated session days for an XL piece: a base by area, plus `xl_days_bump` for each of cover-up,
/// complexity 3 and hard placement, clamped to `[xl_days_min, xl_days_max]`.
pub fn xl_days(input: &EstimateInput, hard_placement: bool, rules: &EstimationRules) -> HalfDays {
    let base = match input.dimensions {
        Some(dimensions) => base_days_by_area(dimensions, rules),
        None if input.is_cover_up() || input.is_high_complexity() => {
            DAYS_WITHOUT_DIMENSIONS_DEMANDING
        }
        None if input.complexity == Some(Complexity::Medium) => DAYS_WITHOUT_DIMENSIONS_MEDIUM,
        None => DAYS_WITHOUT_DIMENSIONS_OTHERWISE,
    };
    let reasons = [
        input.is_cover_up(),
        input.is_high_complexity(),
        hard_placement,
    ];
    let days = reasons
        .into_iter()
        .filter(|applies| *applies)
        .fold(base, |days, _| days.saturating_add(rules.xl_days_bump));
    days.clamp(rules.xl_days_min, rules.xl_days_max.max(rules.xl_days_min))
}

fn base_days_by_area(dimensions: Dimensions, rules: &EstimationRules) -> HalfDays {
    rules
        .xl_days_by_area
        .iter()
        .find(|tier| !dimensions.area_at_least(tier.below_area_cm2))
        .map_or(rules.xl_days_max_base, |tier| tier.days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::CoverUp;
    use crate::model::Region;

    fn xl(area_side_cm: (u32, u32), complexity: Complexity, cover_up: CoverUp) -> EstimateInput {
        let (w, h) = area_side_cm;
        EstimateInput {
            dimensions: Some(Dimensions::from_centi_cm(w * 100, h * 100).unwrap()),
            complexity: Some(complexity),
            cover_up: Some(cover_up),
            placement: None,
            region: Region::Uk,
        }
    }

    fn days(input: &EstimateInput, hard: bool) -> HalfDays {
        xl_days(input, hard, &EstimationRules::default())
    }

    #[test]
    fn base_by_area_with_bounds_exclusive() {
        let plain = |w, h| days(&xl((w, h), Complexity::Medium, CoverUp::No), false);
        assert_eq!(plain(15, 20), HalfDays(3), "300 → 1.5");
        assert_eq!(plain(349, 1), HalfDays(3), "349 → 1.5");
        assert_eq!(plain(35, 10), HalfDays(4), "350 → 2.0");
        assert_eq!(plain(499, 1), HalfDays(4), "499 → 2.0");
        assert_eq!(plain(20, 25), HalfDays(5), "500 → 2.5");
        assert_eq!(plain(699, 1), HalfDays(5), "699 → 2.5");
        assert_eq!(plain(35, 20), HalfDays(6), "700 → 3.0");
        assert_eq!(plain(100, 100), HalfDays(6), "10000 → 3.0");
    }

    #[test]
    fn each_reason_adds_half_a_day() {
        let input = xl((15, 20), Complexity::High, CoverUp::Yes);
        assert_eq!(days(&input, false), HalfDays(5), "1.5 + 0.5 + 0.5");
        assert_eq!(days(&input, true), HalfDays(6), "1.5 + 1.5");
        let unsure = xl((15, 20), Complexity::Simple, CoverUp::Unsure);
        assert_eq!(
            days(&unsure, false),
            HalfDays(3),
            "unsure is not a cover-up"
        );
    }

    #[test]
    fn clamped_to_min_and_max() {
        let huge = xl((30, 30), Complexity::High, CoverUp::Yes);
        assert_eq!(days(&huge, true), HalfDays(8), "3.0 + 1.5 = 4.5 → 4.0");
        let rules = EstimationRules {
            xl_days_min: HalfDays(4),
            ..EstimationRules::default()
        };
        let small_xl = xl((15, 20), Complexity::Simple, CoverUp::No);
        assert_eq!(xl_days(&small_xl, false, &rules), HalfDays(4), "1.5 → 2.0");
    }

    #[test]
    fn without_dimensions_the_answers_set_the_base() {
        let no_dims = |complexity, cover_up| EstimateInput {
            dimensions: None,
            ..xl((1, 1), complexity, cover_up)
        };
        assert_eq!(
            days(&no_dims(Complexity::High, CoverUp::No), false),
            HalfDays(6),
            "2.5 + 0.5"
        );
        assert_eq!(
            days(&no_dims(Complexity::Simple, CoverUp::Yes), false),
            HalfDays(6),
            "2.5 + 0.5"
        );
        assert_eq!(
            days(&no_dims(Complexity::Medium, CoverUp::No), false),
            HalfDays(4),
            "2.0"
        );
        assert_eq!(
            days(&no_dims(Complexity::Simple, CoverUp::No), false),
            HalfDays(3),
            "1.5"
        );
        assert_eq!(
            days(&no_dims(Complexity::Simple, CoverUp::No), true),
            HalfDays(4),
            "1.5 + 0.5"
        );
    }
}
