//! The deposit amount (booking.md §5): an explicit override wins and replaces the lock, then the
//! lead's locked amount, then the estimate, then the studio's fallback. The amount is locked on the
//! lead when its first payment row is created, so every session and message shows the same sum.

use chrono::{DateTime, Utc};

use super::BookingRefusal;
use crate::model::{Currency, Lead, Money};
use crate::rules::DepositRules;

/// The amount to charge, validating an override against the studio's bounds.
pub fn deposit_amount(
    lead: &Lead,
    override_minor: Option<i64>,
    rules: &DepositRules,
    currency: Currency,
) -> Result<Money, BookingRefusal> {
    if let Some(amount) = override_minor {
        if !rules.accepts_override(amount) {
            return Err(BookingRefusal::Invalid(format!(
                "deposit_amount_minor must be between {} and {}",
                rules.override_min_minor, rules.override_max_minor
            )));
        }
        return Ok(Money::new(amount, currency));
    }
    if let Some(locked) = &lead.deposit.amount {
        return Ok(*locked);
    }
    if let Some(estimate) = &lead.estimate {
        return Ok(estimate.deposit);
    }
    Ok(Money::new(rules.fallback_minor, currency))
}

/// Locks `amount` on the lead (first payment, or an override replacing the lock).
pub fn lock_deposit(lead: &mut Lead, amount: &Money, rules: &DepositRules, now: DateTime<Utc>) {
    if lead.deposit.amount.as_ref() != Some(amount) {
        lead.deposit.amount = Some(*amount);
        lead.deposit.locked_at = Some(now);
        lead.deposit.rule_version = Some(rules.rule_version.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LeadStatus;
    use crate::status::test_support::calendar_lead;

    fn test_lead() -> Lead {
        calendar_lead(LeadStatus::PendingApproval)
    }

    #[test]
    fn an_override_wins_and_must_be_in_bounds() {
        let rules = DepositRules::default();
        let mut lead = test_lead();
        lead.deposit.amount = Some(Money::gbp(9_000));
        assert_eq!(
            deposit_amount(&lead, Some(20_000), &rules, Currency::GBP),
            Ok(Money::gbp(20_000))
        );
        assert!(matches!(
            deposit_amount(&lead, Some(99), &rules, Currency::GBP),
            Err(BookingRefusal::Invalid(_))
        ));
        assert!(deposit_amount(&lead, Some(500_001), &rules, Currency::GBP).is_err());
    }

    #[test]
    fn then_the_lock_then_the_estimate_then_the_fallback() {
        let rules = DepositRules::default();
        let mut lead = test_lead();
        assert_eq!(
            deposit_amount(&lead, None, &rules, Currency::GBP),
            Ok(Money::gbp(5_000))
        );
        lead.deposit.amount = Some(Money::gbp(9_000));
        assert_eq!(
            deposit_amount(&lead, None, &rules, Currency::GBP),
            Ok(Money::gbp(9_000))
        );
    }

    #[test]
    fn locking_keeps_the_first_lock_time_for_the_same_amount() {
        let rules = DepositRules::default();
        let mut lead = test_lead();
        let first = chrono::DateTime::UNIX_EPOCH;
        lock_deposit(&mut lead, &Money::gbp(15_000), &rules, first);
        lock_deposit(
            &mut lead,
            &Money::gbp(15_000),
            &rules,
            first + chrono::TimeDelta::days(1),
        );
        assert_eq!(lead.deposit.locked_at, Some(first));
        assert_eq!(lead.deposit.rule_version.as_deref(), Some("v1"));
    }
}
