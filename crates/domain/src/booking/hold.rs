//! A client's pick of an offered slot (booking.md §3.5–§3.6) and a manual-mode link re-issue (§4):
//! what the hold's transaction changes about the lead once the store knows whether the exclusion
//! constraint let the hold in.
//!
//! The store inserts the hold itself; these decisions only see its outcome. They write no client
//! message: a placed hold is announced by `slot_held` once the Checkout session exists, and a taken
//! slot by the fresh offer the `slots.offer` job sends.

use chrono::{DateTime, Utc};

use super::{BookingRefusal, LeadChanges, NewPayment, deposit_amount, lock_deposit};
use crate::consultation::{JobRequest, OfferCause, SystemEvent};
use crate::model::{Actor, BookingMode, Currency, Lead, LeadStatus};
use crate::rules::{DepositRules, StudioRules};
use crate::slots::hold_expires_at;
use crate::status::{PaymentFacts, TransitionReason};

/// The studio rules a hold's transaction needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldTerms {
    /// `booking.buffer_minutes`: half of it widens each side of a hold's blocked range.
    pub buffer_minutes: u32,
    /// `booking.hold_release_grace_seconds`.
    pub release_grace_seconds: u32,
    /// `deposit.checkout_expiry_minutes`: the hold's lifetime and its Checkout session's.
    pub checkout_expiry_minutes: u32,
    pub deposit: DepositRules,
    pub currency: Currency,
}

impl HoldTerms {
    pub fn from_rules(rules: &StudioRules) -> Self {
        Self {
            buffer_minutes: rules.booking.buffer_minutes,
            release_grace_seconds: rules.booking.hold_release_grace_seconds,
            checkout_expiry_minutes: rules.deposit.checkout_expiry_minutes,
            deposit: rules.deposit.clone(),
            currency: rules.studio.currency,
        }
    }
}

impl Default for HoldTerms {
    fn default() -> Self {
        Self::from_rules(&StudioRules::default())
    }
}

/// What a pick holds, decided before anything is inserted so that a refused pick leaves no row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedHold {
    /// The lead moved to `AWAITING_DEPOSIT`, with its deposit locked.
    pub changes: LeadChanges,
    /// `expires_at` of the `held` hold, which is also the payment's.
    pub expires_at: DateTime<Utc>,
    /// The deposit payment; the store sets `hold_id` once the hold row exists.
    pub payment: NewPayment,
}

/// An `AWAITING_SLOT` lead picked a slot: the hold will be `held` until the Checkout session
/// expires, and a `created` payment for the locked deposit waits for its session.
///
/// Refused for any other status (a paid lead's pick books without a payment; an `AWAITING_DEPOSIT`
/// lead's pick would be a swap) and for a lead whose money is already taken.
pub fn plan_hold(
    lead: Lead,
    payments: PaymentFacts,
    terms: &HoldTerms,
    now: DateTime<Utc>,
) -> Result<PlannedHold, BookingRefusal> {
    if lead.status() != LeadStatus::AwaitingSlot {
        return Err(BookingRefusal::Invalid(format!(
            "a slot is held only for AWAITING_SLOT leads, not {}",
            lead.status()
        )));
    }
    let amount = deposit_amount(&lead, None, &terms.deposit, terms.currency)?;
    let expires_at = hold_expires_at(now, terms.checkout_expiry_minutes);
    let mut changes = LeadChanges::new(lead, payments);
    changes.move_to(
        LeadStatus::AwaitingDeposit,
        TransitionReason::SlotPicked,
        Actor::Client,
        now,
    )?;
    lock_deposit(&mut changes.lead, &amount, &terms.deposit, now);
    let rule_version = changes
        .lead
        .deposit
        .rule_version
        .clone()
        .unwrap_or_else(|| terms.deposit.rule_version.clone());
    Ok(PlannedHold {
        changes,
        expires_at,
        payment: NewPayment {
            amount,
            expires_at,
            hold_id: None,
            rule_version,
        },
    })
}

impl PlannedHold {
    /// The hold row exists as `hold_id`: the payment points at it.
    pub fn held(mut self, hold_id: i64) -> (LeadChanges, NewPayment) {
        self.payment.hold_id = Some(hold_id);
        (self.changes, self.payment)
    }
}

/// The exclusion constraint refused the hold: someone else holds an overlapping range. Not a
/// strike; the status stays and a fresh offer follows (`slot_offer_refresh`).
pub fn slot_taken(
    lead: Lead,
    payments: PaymentFacts,
    slot_start: DateTime<Utc>,
    slot_index: usize,
) -> LeadChanges {
    let lead_id = lead.id;
    let mut changes = offer_again(lead, payments);
    changes.event(SystemEvent::info(
        "hold.conflict",
        Some(lead_id),
        serde_json::json!({
            "lead_id": lead_id.0,
            "slot_start": slot_start.to_rfc3339(),
            "slot_index": slot_index,
        }),
    ));
    changes
}

/// The picked slot can no longer be read from the offer (the offer changed under the pick): a
/// fresh offer, as for a taken slot.
pub fn offer_again(lead: Lead, payments: PaymentFacts) -> LeadChanges {
    let lead_id = lead.id;
    let mut changes = LeadChanges::new(lead, payments);
    changes.job(JobRequest::SlotsOffer {
        lead_id,
        cause: OfferCause::Refresh,
    });
    changes
}

/// Manual mode: the client asked for a fresh link after the last one expired, and the
/// conversation already moved the lead back to `AWAITING_DEPOSIT`. A new `created` payment for the
/// locked amount; the link goes out when its Checkout session exists.
pub fn reissue_deposit(
    lead: Lead,
    payments: PaymentFacts,
    terms: &HoldTerms,
    now: DateTime<Utc>,
) -> Result<(LeadChanges, NewPayment), BookingRefusal> {
    if lead.status() != LeadStatus::AwaitingDeposit
        || lead.booking_mode() == Some(BookingMode::Calendar)
    {
        return Err(BookingRefusal::Invalid(format!(
            "a deposit link is re-issued only for manual-mode AWAITING_DEPOSIT leads, not {}",
            lead.status()
        )));
    }
    let amount = deposit_amount(&lead, None, &terms.deposit, terms.currency)?;
    let mut changes = LeadChanges::new(lead, payments);
    lock_deposit(&mut changes.lead, &amount, &terms.deposit, now);
    let rule_version = changes
        .lead
        .deposit
        .rule_version
        .clone()
        .unwrap_or_else(|| terms.deposit.rule_version.clone());
    let payment = NewPayment {
        amount,
        expires_at: hold_expires_at(now, terms.checkout_expiry_minutes),
        hold_id: None,
        rule_version,
    };
    Ok((changes, payment))
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::model::Money;
    use crate::status::test_support::{calendar_lead, manual_lead, t0};

    #[test]
    fn a_placed_hold_moves_to_awaiting_deposit_with_a_locked_deposit_expiring_with_the_hold() {
        let terms = HoldTerms::default();
        let mut lead = calendar_lead(LeadStatus::AwaitingSlot);
        lead.deposit.amount = Some(Money::gbp(15_000));

        let planned = plan_hold(lead, PaymentFacts::NONE, &terms, t0()).unwrap();
        let (changes, payment) = planned.held(55);

        assert_eq!(changes.expected_status, LeadStatus::AwaitingSlot);
        assert_eq!(changes.lead.status(), LeadStatus::AwaitingDeposit);
        assert_eq!(changes.transitions.len(), 1);
        assert_eq!(changes.transitions[0].reason_code, "slot_picked");
        assert_eq!(changes.transitions[0].actor, Actor::Client);
        assert!(changes.outbound.is_empty(), "slot_held follows the link");
        let expiry = t0() + TimeDelta::minutes(1430);
        assert_eq!(
            payment,
            NewPayment {
                amount: Money::gbp(15_000),
                expires_at: expiry,
                hold_id: Some(55),
                rule_version: "v1".to_owned(),
            }
        );
        assert_eq!(changes.lead.deposit.amount, Some(Money::gbp(15_000)));
        assert!(changes.jobs.contains(&JobRequest::SheetsUpsert {
            lead_id: changes.lead.id
        }));
    }

    #[test]
    fn without_a_lock_or_estimate_the_fallback_is_locked() {
        let terms = HoldTerms {
            checkout_expiry_minutes: 30,
            ..HoldTerms::default()
        };
        let lead = calendar_lead(LeadStatus::AwaitingSlot);

        let planned = plan_hold(lead, PaymentFacts::NONE, &terms, t0()).unwrap();

        assert_eq!(planned.expires_at, t0() + TimeDelta::minutes(30));
        assert_eq!(planned.payment.amount, Money::gbp(5_000));
        let deposit = &planned.changes.lead.deposit;
        assert_eq!(deposit.amount, Some(Money::gbp(5_000)));
        assert_eq!(deposit.locked_at, Some(t0()));
        assert_eq!(deposit.rule_version.as_deref(), Some("v1"));
    }

    #[test]
    fn only_awaiting_slot_leads_hold_a_slot() {
        let terms = HoldTerms::default();
        for status in [
            LeadStatus::AwaitingDeposit,
            LeadStatus::DepositPaid,
            LeadStatus::CollectingTimeWindows,
        ] {
            let refused = plan_hold(calendar_lead(status), PaymentFacts::NONE, &terms, t0());
            assert!(
                matches!(refused, Err(BookingRefusal::Invalid(_))),
                "{status}"
            );
        }
    }

    #[test]
    fn a_taken_slot_is_no_strike_and_asks_for_a_fresh_offer() {
        let lead = calendar_lead(LeadStatus::AwaitingSlot);
        let strikes_before = lead.conversation.parse_failures.clone();
        let start = t0() + TimeDelta::days(3);

        let changes = slot_taken(lead, PaymentFacts::NONE, start, 2);

        assert_eq!(changes.lead.status(), LeadStatus::AwaitingSlot);
        assert!(!changes.status_changed());
        assert_eq!(changes.lead.conversation.parse_failures, strikes_before);
        assert_eq!(
            changes.jobs,
            [JobRequest::SlotsOffer {
                lead_id: changes.lead.id,
                cause: OfferCause::Refresh
            }]
        );
        assert!(changes.outbound.is_empty());
        let event = &changes.events[0];
        assert_eq!(
            (event.event_type.as_str(), event.level),
            ("hold.conflict", crate::consultation::EventLevel::Info)
        );
        assert_eq!(event.payload["slot_start"], start.to_rfc3339());
    }

    #[test]
    fn a_reissued_link_reuses_the_locked_amount_and_a_fresh_expiry() {
        let terms = HoldTerms::default();
        let mut lead = manual_lead(LeadStatus::AwaitingDeposit);
        lead.deposit.amount = Some(Money::gbp(12_000));

        let (changes, payment) = reissue_deposit(lead, PaymentFacts::NONE, &terms, t0()).unwrap();

        assert!(!changes.status_changed());
        assert_eq!(payment.amount, Money::gbp(12_000));
        assert_eq!(payment.hold_id, None);
        assert_eq!(payment.expires_at, t0() + TimeDelta::minutes(1430));
    }

    #[test]
    fn a_reissue_needs_a_manual_lead_awaiting_its_deposit() {
        let terms = HoldTerms::default();
        for lead in [
            manual_lead(LeadStatus::DepositExpired),
            calendar_lead(LeadStatus::AwaitingDeposit),
        ] {
            assert!(reissue_deposit(lead, PaymentFacts::NONE, &terms, t0()).is_err());
        }
    }
}
