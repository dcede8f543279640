//! Internal price range (consultation.md §15.6): billable hours × regional rate × session days.
//! Shown to the artist, never to the client.

use serde::{Deserialize, Serialize};

use crate::model::{Region, SizeCategory};
use crate::rules::{HalfDays, PricingRules, TenthHours};

use super::arithmetic::scale_round_half_up;

/// How a price range was reached, stored as `leads.pricing_trace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingTrace {
    pub category: SizeCategory,
    pub region: Region,
    pub hourly_rate_minor: i64,
    pub min_hours: TenthHours,
    pub max_hours: TenthHours,
    /// Estimated days for XL, one day otherwise.
    pub days_factor: HalfDays,
    pub min_minor: i64,
    pub max_minor: i64,
}

/// Tenths of an hour × halves of a day: the scale to divide out.
const TENTHS_TIMES_HALVES: i64 = 20;

pub fn pricing_trace(
    category: SizeCategory,
    xl_days: Option<HalfDays>,
    region: Region,
    rules: &PricingRules,
) -> PricingTrace {
    let hours = rules.billable_hours.for_category(category);
    let hourly_rate_minor = rules.hourly_rate_minor.for_region(region);
    let days_factor = match category {
        SizeCategory::Xl => xl_days.unwrap_or(HalfDays::ONE_DAY),
        _ => HalfDays::ONE_DAY,
    };
    let amount = |hours: TenthHours| {
        let scale = i64::from(hours.tenths()) * i64::from(days_factor.halves());
        scale_round_half_up(hourly_rate_minor, scale, TENTHS_TIMES_HALVES)
    };
    PricingTrace {
        category,
        region,
        hourly_rate_minor,
        min_hours: hours.min,
        max_hours: hours.max,
        days_factor,
        min_minor: amount(hours.min),
        max_minor: amount(hours.max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// consultation.md §15.6: per region, SMALL, MEDIUM, LARGE and XL for one day.
    #[test]
    fn spec_range_table() {
        let rows = [
            (
                Region::Uk,
                [
                    (52_000, 65_000),
                    (65_000, 91_000),
                    (97_500, 130_000),
                    (123_500, 143_000),
                ],
            ),
            (
                Region::Europe,
                [
                    (56_000, 70_000),
                    (70_000, 98_000),
                    (105_000, 140_000),
                    (133_000, 154_000),
                ],
            ),
            (
                Region::RestOfWorld,
                [
                    (60_000, 75_000),
                    (75_000, 105_000),
                    (112_500, 150_000),
                    (142_500, 165_000),
                ],
            ),
        ];
        let rules = PricingRules::default();
        for (region, ranges) in rows {
            for (category, expected) in SizeCategory::ALL.into_iter().zip(ranges) {
                let trace = pricing_trace(category, Some(HalfDays::ONE_DAY), region, &rules);
                assert_eq!(
                    (trace.min_minor, trace.max_minor),
                    expected,
                    "{region:?} {category:?}"
                );
            }
        }
    }

    #[test]
    fn only_xl_is_multiplied_by_days() {
        let rules = PricingRules::default();
        let large = pricing_trace(SizeCategory::Large, Some(HalfDays(6)), Region::Uk, &rules);
        assert_eq!(large.days_factor, HalfDays::ONE_DAY);
        assert_eq!((large.min_minor, large.max_minor), (97_500, 130_000));
        let xl = pricing_trace(SizeCategory::Xl, Some(HalfDays(3)), Region::Uk, &rules);
        assert_eq!((xl.min_minor, xl.max_minor), (185_250, 214_500));
        let xl_without_days = pricing_trace(SizeCategory::Xl, None, Region::Uk, &rules);
        assert_eq!(xl_without_days.days_factor, HalfDays::ONE_DAY);
    }

    #[test]
    fn trace_serialises_with_the_spec_field_names() {
        let trace = pricing_trace(
            SizeCategory::Xl,
            Some(HalfDays(7)),
            Region::Uk,
            &PricingRules::default(),
        );
        let json = serde_json::to_value(trace).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "category": "XL", "region": "UK", "hourly_rate_minor": 13000,
                "min_hours": 9.5, "max_hours": 11.0, "days_factor": 3.5,
                "min_minor": 432250, "max_minor": 500500
            })
        );
        let back: PricingTrace = serde_json::from_value(json).unwrap();
        assert_eq!(back, trace);
    }

    #[test]
    fn odd_configurations_round_half_up() {
        let mut rules = PricingRules::default();
        rules.hourly_rate_minor.uk = 13_001;
        // 9.5 h × 130.01 × 1.5 days = 1852.6425 → 185 264 minor.
        let trace = pricing_trace(SizeCategory::Xl, Some(HalfDays(3)), Region::Uk, &rules);
        assert_eq!(trace.min_minor, 185_264);
    }
}
