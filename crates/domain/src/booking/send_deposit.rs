//! The artist sends a deposit link again (http-api.md §5.6, booking.md §5): manual mode after an
//! expiry or to re-issue, calendar mode for the same live hold (after an amount change). Earlier
//! unpaid sessions are cancelled so only the new link can be paid.

use chrono::{DateTime, Utc};

use super::checkout::MIN_LINK_LIFETIME;
use super::hold::HoldTerms;
use super::records::{HoldRecord, HoldState, PaymentRecord, PaymentStatus};
use super::{BookingRefusal, LeadChanges, NewPayment, deposit_amount, lock_deposit};
use crate::consultation::JobRequest;
use crate::model::{Actor, BookingMode, Lead, LeadStatus};
use crate::slots::hold_expires_at;
use crate::status::{PaymentFacts, TransitionReason};

/// What sending the link writes: the lead, the cancelled sessions, the new payment.
#[derive(Debug, Clone, PartialEq)]
pub struct DepositReissue {
    pub changes: LeadChanges,
    pub cancelled: Vec<PaymentRecord>,
    pub payment: NewPayment,
}

/// The facts the decision reads, loaded under the lead → payments → holds locks.
pub struct DepositFacts<'a> {
    pub lead: Lead,
    pub payment_facts: PaymentFacts,
    pub payments: &'a [PaymentRecord],
    pub holds: &'a [HoldRecord],
}

pub fn send_deposit(
    facts: DepositFacts<'_>,
    override_minor: Option<i64>,
    terms: &HoldTerms,
    now: DateTime<Utc>,
) -> Result<DepositReissue, BookingRefusal> {
    let DepositFacts {
        lead,
        payment_facts,
        payments,
        holds,
    } = facts;
    let status = lead.status();
    let calendar = lead.booking_mode() == Some(BookingMode::Calendar);
    let live_hold = holds.iter().find(|hold| hold.state == HoldState::Held);
    let (hold_id, expires_at) = match (calendar, status) {
        (false, LeadStatus::AwaitingDeposit | LeadStatus::DepositExpired) => {
            (None, hold_expires_at(now, terms.checkout_expiry_minutes))
        }
        (true, LeadStatus::DepositExpired) => {
            return Err(BookingRefusal::NotAllowed(
                "Offer new slots instead".to_owned(),
            ));
        }
        (true, LeadStatus::AwaitingDeposit) => {
            let hold = live_hold
                .and_then(|hold| hold.expires_at.map(|at| (hold.id, at)))
                .filter(|(_, at)| *at - now >= MIN_LINK_LIFETIME)
                .ok_or_else(|| {
                    BookingRefusal::NotAllowed(
                        "The held time is gone or expires too soon; offer new slots instead"
                            .to_owned(),
                    )
                })?;
            (Some(hold.0), hold.1)
        }
        (_, other) => {
            return Err(BookingRefusal::NotAllowed(format!(
                "Cannot send a deposit link in status '{other}'. Lead must be in 'AWAITING_DEPOSIT' or 'DEPOSIT_EXPIRED'."
            )));
        }
    };
    let amount = deposit_amount(&lead, override_minor, &terms.deposit, terms.currency)?;
    let mut changes = LeadChanges::new(lead, payment_facts);
    if status == LeadStatus::DepositExpired {
        changes.move_to(
            LeadStatus::AwaitingDeposit,
            TransitionReason::LinkReissued,
            Actor::Admin,
            now,
        )?;
    }
    lock_deposit(&mut changes.lead, &amount, &terms.deposit, now);
    changes.lead.admin.last_admin_action = Some("send_deposit".to_owned());
    changes.lead.admin.last_admin_action_at = Some(now);
    let lead_id = changes.lead.id;
    let mut cancelled = Vec::new();
    for payment in payments {
        if matches!(payment.status, PaymentStatus::Created | PaymentStatus::Open) {
            if payment.stripe_checkout_session_id.is_some() {
                changes.job(JobRequest::StripeExpireSession {
                    lead_id,
                    payment_id: payment.id,
                });
            }
            let mut payment = payment.clone();
            payment.status = PaymentStatus::Cancelled;
            cancelled.push(payment);
        }
    }
    let rule_version = changes
        .lead
        .deposit
        .rule_version
        .clone()
        .unwrap_or_else(|| terms.deposit.rule_version.clone());
    Ok(DepositReissue {
        changes,
        cancelled,
        payment: NewPayment {
            amount,
            expires_at,
            hold_id,
            rule_version,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::test_fixtures::{hold, now, payment};
    use crate::status::test_support::{calendar_lead, manual_lead};

    fn facts<'a>(
        lead: Lead,
        payments: &'a [PaymentRecord],
        holds: &'a [HoldRecord],
    ) -> DepositFacts<'a> {
        DepositFacts {
            lead,
            payment_facts: PaymentFacts::NONE,
            payments,
            holds,
        }
    }

    #[test]
    fn manual_after_expiry_reopens_with_a_new_payment_and_cancels_the_old_sessions() {
        let old = [
            payment(117, PaymentStatus::Open),
            payment(118, PaymentStatus::Expired),
        ];
        let sent = send_deposit(
            facts(manual_lead(LeadStatus::DepositExpired), &old, &[]),
            Some(20_000),
            &HoldTerms::default(),
            now(),
        )
        .unwrap();
        assert_eq!(sent.changes.lead.status(), LeadStatus::AwaitingDeposit);
        assert_eq!(sent.payment.amount.amount_minor, 20_000);
        assert_eq!(sent.payment.hold_id, None);
        let cancelled: Vec<i64> = sent.cancelled.iter().map(|p| p.id).collect();
        assert_eq!(cancelled, [117]);
        assert!(
            sent.changes
                .jobs
                .contains(&JobRequest::StripeExpireSession {
                    lead_id: sent.changes.lead.id,
                    payment_id: 117
                })
        );
    }

    #[test]
    fn calendar_mode_reissues_for_the_live_hold_and_refuses_after_expiry() {
        let holds = [hold(55, HoldState::Held)];
        let sent = send_deposit(
            facts(calendar_lead(LeadStatus::AwaitingDeposit), &[], &holds),
            None,
            &HoldTerms::default(),
            now(),
        )
        .unwrap();
        assert_eq!(sent.payment.hold_id, Some(55));
        assert_eq!(sent.payment.expires_at, holds[0].expires_at.unwrap());
        let refused = send_deposit(
            facts(calendar_lead(LeadStatus::DepositExpired), &[], &[]),
            None,
            &HoldTerms::default(),
            now(),
        );
        assert_eq!(
            refused,
            Err(BookingRefusal::NotAllowed(
                "Offer new slots instead".to_owned()
            ))
        );
        assert!(
            send_deposit(
                facts(calendar_lead(LeadStatus::AwaitingDeposit), &[], &[]),
                None,
                &HoldTerms::default(),
                now()
            )
            .is_err()
        );
    }
}
