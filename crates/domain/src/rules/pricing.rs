//! `[pricing]`: regional minimum budgets and hourly rates (GBP minor units), billable hours per session
//! day, the budget floor and the exchange rates used to compare foreign budgets.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use super::problems::Problems;
use super::units::TenthHours;
use crate::model::{Currency, Region, SizeCategory};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PricingRules {
    pub minimum_budget_minor: RegionalMinimums,
    pub hourly_rate_minor: HourlyRates,
    pub billable_hours: BillableHours,
    /// The smallest budget (GBP minor) accepted as an answer at all.
    pub budget_floor_minor: i64,
    pub fx_gbp_per_unit_milli: FxRates,
}

impl Default for PricingRules {
    fn default() -> Self {
        Self {
            minimum_budget_minor: RegionalMinimums::default(),
            hourly_rate_minor: HourlyRates::default(),
            billable_hours: BillableHours::default(),
            budget_floor_minor: 5_000,
            fx_gbp_per_unit_milli: FxRates::default(),
        }
    }
}

/// Minimum budget per region, GBP minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegionalMinimums {
    #[serde(rename = "UK")]
    pub uk: i64,
    #[serde(rename = "EUROPE")]
    pub europe: i64,
    #[serde(rename = "ROW")]
    pub rest_of_world: i64,
}

impl Default for RegionalMinimums {
    fn default() -> Self {
        Self {
            uk: 40_000,
            europe: 50_000,
            rest_of_world: 60_000,
        }
    }
}

impl RegionalMinimums {
    pub fn for_region(&self, region: Region) -> i64 {
        match region {
            Region::Uk => self.uk,
            Region::Europe => self.europe,
            Region::RestOfWorld => self.rest_of_world,
        }
    }
}

/// Internal hourly rate per region, GBP minor units; never shown to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HourlyRates {
    #[serde(rename = "UK")]
    pub uk: i64,
    #[serde(rename = "EUROPE")]
    pub europe: i64,
    #[serde(rename = "ROW")]
    pub rest_of_world: i64,
}

impl Default for HourlyRates {
    fn default() -> Self {
        Self {
            uk: 13_000,
            europe: 14_000,
            rest_of_world: 15_000,
        }
    }
}

impl HourlyRates {
    pub fn for_region(&self, region: Region) -> i64 {
        match region {
            Region::Uk => self.uk,
            Region::Europe => self.europe,
            Region::RestOfWorld => self.rest_of_world,
        }
    }
}

/// Billable hours per session day, written `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(from = "(TenthHours, TenthHours)")]
pub struct HoursRange {
    pub min: TenthHours,
    pub max: TenthHours,
}

impl From<(TenthHours, TenthHours)> for HoursRange {
    fn from((min, max): (TenthHours, TenthHours)) -> Self {
        Self { min, max }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BillableHours {
    #[serde(rename = "SMALL")]
    pub small: HoursRange,
    #[serde(rename = "MEDIUM")]
    pub medium: HoursRange,
    #[serde(rename = "LARGE")]
    pub large: HoursRange,
    #[serde(rename = "XL")]
    pub xl: HoursRange,
}

impl Default for BillableHours {
    fn default() -> Self {
        let range = |min, max| HoursRange {
            min: TenthHours(min),
            max: TenthHours(max),
        };
        Self {
            small: range(40, 50),
            medium: range(50, 70),
            large: range(75, 100),
            xl: range(95, 110),
        }
    }
}

impl BillableHours {
    pub fn for_category(&self, category: SizeCategory) -> HoursRange {
        match category {
            SizeCategory::Small => self.small,
            SizeCategory::Medium => self.medium,
            SizeCategory::Large => self.large,
            SizeCategory::Xl => self.xl,
        }
    }
}

/// GBP value of one unit of each currency, in thousandths (USD 790 = £0.79). Currencies given in the
/// TOML are added to (or replace) the defaults rather than dropping the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FxRates(pub BTreeMap<Currency, u32>);

impl Default for FxRates {
    fn default() -> Self {
        Self(BTreeMap::from([
            (Currency::GBP, 1000),
            (Currency::USD, 790),
            (Currency::EUR, 850),
        ]))
    }
}

impl<'de> Deserialize<'de> for FxRates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let given = BTreeMap::<Currency, u32>::deserialize(deserializer)?;
        let mut rates = FxRates::default();
        rates.0.extend(given);
        Ok(rates)
    }
}

impl FxRates {
    pub fn gbp_per_unit_milli(&self, currency: Currency) -> Option<u32> {
        self.0.get(&currency).copied()
    }
}

impl PricingRules {
    pub(super) fn check(&self, studio_currency: Currency, problems: &mut Problems) {
        for region in Region::ALL {
            let name = region.as_str();
            problems.positive_amount(
                format!("pricing.minimum_budget_minor.{name}"),
                self.minimum_budget_minor.for_region(region),
            );
            problems.positive_amount(
                format!("pricing.hourly_rate_minor.{name}"),
                self.hourly_rate_minor.for_region(region),
            );
        }
        for category in SizeCategory::ALL {
            let key = format!("pricing.billable_hours.{}", category.as_str());
            let hours = self.billable_hours.for_category(category);
            if hours.min.tenths() == 0 {
                problems.push(key.clone(), "minimum hours must be greater than 0");
            }
            if hours.min > hours.max {
                problems.push(key, "minimum hours must not exceed maximum hours");
            }
        }
        problems.positive_amount("pricing.budget_floor_minor", self.budget_floor_minor);
        for (currency, rate) in &self.fx_gbp_per_unit_milli.0 {
            problems.positive_count(format!("pricing.fx_gbp_per_unit_milli.{currency}"), *rate);
        }
        // Budgets default to the studio currency; without its rate none of them could be compared.
        if self
            .fx_gbp_per_unit_milli
            .gbp_per_unit_milli(studio_currency)
            .is_none()
        {
            problems.push(
                format!("pricing.fx_gbp_per_unit_milli.{studio_currency}"),
                "is missing: a rate for the studio currency (studio.currency) is required",
            );
        }
    }
}
