//! `[deposit]`: deposit amounts (studio currency, minor units), override bounds and Checkout expiry.

use serde::Deserialize;

use super::problems::Problems;
use crate::model::SizeCategory;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DepositRules {
    pub amount_minor: FlatDeposits,
    /// XL deposits are charged per estimated session day.
    pub xl_per_day_minor: i64,
    /// Charged when a lead has no estimate (env `STRIPE_DEPOSIT_AMOUNT_PENCE` overrides it).
    pub fallback_minor: i64,
    pub override_min_minor: i64,
    pub override_max_minor: i64,
    pub rule_version: String,
    /// Lifetime of a Checkout session, and therefore of the slot hold behind it.
    pub checkout_expiry_minutes: u32,
    pub client_link_reissues: u32,
}

impl Default for DepositRules {
    fn default() -> Self {
        Self {
            amount_minor: FlatDeposits::default(),
            xl_per_day_minor: 20_000,
            fallback_minor: 5_000,
            override_min_minor: 100,
            override_max_minor: 500_000,
            rule_version: "v1".to_owned(),
            checkout_expiry_minutes: 1430,
            client_link_reissues: 2,
        }
    }
}

/// Fixed deposit per non-XL category. There is deliberately no `XL` key: XL is per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlatDeposits {
    #[serde(rename = "SMALL")]
    pub small: i64,
    #[serde(rename = "MEDIUM")]
    pub medium: i64,
    #[serde(rename = "LARGE")]
    pub large: i64,
}

impl Default for FlatDeposits {
    fn default() -> Self {
        Self {
            small: 15_000,
            medium: 15_000,
            large: 20_000,
        }
    }
}

impl FlatDeposits {
    /// The flat amount for a category; `None` for XL, which is priced per day.
    pub fn for_category(&self, category: SizeCategory) -> Option<i64> {
        match category {
            SizeCategory::Small => Some(self.small),
            SizeCategory::Medium => Some(self.medium),
            SizeCategory::Large => Some(self.large),
            SizeCategory::Xl => None,
        }
    }
}

impl DepositRules {
    /// Whether an explicit deposit from the artist (approve, send-deposit, offer-slots) is allowed.
    pub fn accepts_override(&self, amount_minor: i64) -> bool {
        (self.override_min_minor..=self.override_max_minor).contains(&amount_minor)
    }

    pub(super) fn check(&self, problems: &mut Problems) {
        let flat = &self.amount_minor;
        problems.positive_amount("deposit.amount_minor.SMALL", flat.small);
        problems.positive_amount("deposit.amount_minor.MEDIUM", flat.medium);
        problems.positive_amount("deposit.amount_minor.LARGE", flat.large);
        problems.positive_amount("deposit.xl_per_day_minor", self.xl_per_day_minor);
        problems.positive_amount("deposit.fallback_minor", self.fallback_minor);
        problems.positive_amount("deposit.override_min_minor", self.override_min_minor);
        problems.positive_amount("deposit.override_max_minor", self.override_max_minor);
        if self.override_min_minor > self.override_max_minor {
            problems.push(
                "deposit.override_min_minor",
                "must not exceed deposit.override_max_minor",
            );
        }
        problems.non_empty("deposit.rule_version", &self.rule_version);
        problems.within(
            "deposit.checkout_expiry_minutes",
            self.checkout_expiry_minutes,
            30,
            1430,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_bounds_are_inclusive() {
        let deposit = DepositRules::default();
        assert!(!deposit.accepts_override(99));
        assert!(deposit.accepts_override(100));
        assert!(deposit.accepts_override(500_000));
        assert!(!deposit.accepts_override(500_001));
    }
}
