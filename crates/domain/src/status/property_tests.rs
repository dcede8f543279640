//! Property: whatever sequence of moves is attempted, a move outside the table never succeeds, a
//! refused move leaves the lead untouched, and an accepted one is recorded faithfully.

use chrono::TimeDelta;
use proptest::prelude::*;

use super::matrix_tests::spec_matrix;
use super::table::permits;
use super::test_support::t0;
use super::{
    HANDOVER_RETURN_STATUSES, PaymentFacts, TransitionCause, TransitionReason, reachable_targets,
    transition,
};
use crate::model::{
    Actor, ArtistId, ContactId, Handover, HandoverReason, Lead, LeadId, LeadStatus, StrikeField,
};

/// One attempted move. With `follow_table`, the target, trigger and actor are picked among those the
/// table accepts (so walks get deep into the lifecycle, where guards still decide); otherwise they are
/// arbitrary.
#[derive(Debug, Clone)]
struct Attempt {
    target: usize,
    follow_table: bool,
    pick: usize,
    actor: usize,
    handover: usize,
    payments: (bool, bool, bool, bool),
}

fn attempt() -> impl Strategy<Value = Attempt> {
    (
        0..LeadStatus::ALL.len(),
        any::<bool>(),
        0usize..64,
        0usize..64,
        0usize..4,
        any::<(bool, bool, bool, bool)>(),
    )
        .prop_map(
            |(target, follow_table, pick, actor, handover, payments)| Attempt {
                target,
                follow_table,
                pick,
                actor,
                handover,
                payments,
            },
        )
}

fn varied_handover(reason: TransitionReason, which: usize) -> TransitionReason {
    let codes = [
        HandoverReason::HumanRequest,
        HandoverReason::CoverUp,
        HandoverReason::CancelRequest,
        HandoverReason::ParseFailure(StrikeField::Budget),
    ];
    match reason {
        TransitionReason::Handover(_) => {
            let code = codes[which % codes.len()];
            TransitionReason::Handover(Handover::new(code, "property test"))
        }
        other => other,
    }
}

fn target_for(lead: &Lead, attempt: &Attempt) -> LeadStatus {
    let reachable = reachable_targets(lead);
    if attempt.follow_table && !reachable.is_empty() {
        reachable[attempt.target % reachable.len()]
    } else {
        LeadStatus::ALL[attempt.target % LeadStatus::ALL.len()]
    }
}

fn cause_for(lead: &Lead, to: LeadStatus, attempt: &Attempt) -> TransitionCause {
    let every = TransitionReason::every_kind();
    let fitting: Vec<TransitionReason> = every
        .iter()
        .filter(|reason| permits(lead.status(), to, reason, lead.return_status()))
        .cloned()
        .collect();
    let pool = if attempt.follow_table && !fitting.is_empty() {
        fitting
    } else {
        every
    };
    let reason = varied_handover(pool[attempt.pick % pool.len()].clone(), attempt.handover);
    let actors = if attempt.follow_table {
        reason.actors()
    } else {
        Actor::ALL
    };
    let actor = actors[attempt.actor % actors.len()];
    let (paid, processing, partially_refunded, deposit_fully_refunded) = attempt.payments;
    let payments = PaymentFacts {
        paid,
        processing,
        partially_refunded,
        deposit_fully_refunded,
    };
    TransitionCause::new(reason, actor, payments)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn only_table_moves_succeed_and_refusals_change_nothing(
        attempts in proptest::collection::vec(attempt(), 1..60)
    ) {
        let matrix = spec_matrix();
        let mut lead = Lead::new(LeadId(7), ArtistId::default(), ContactId(3), t0());
        // Completion is not a transition; with it done, approvals can pass guard G1.
        lead.mark_qualifying_completed(t0());
        for (step, attempt) in attempts.iter().enumerate() {
            let now = t0() + TimeDelta::minutes(i64::try_from(step).unwrap_or(0) + 1);
            let to = target_for(&lead, attempt);
            let before = lead.clone();
            let from = before.status();
            let in_table = matrix
                .iter()
                .any(|(source, targets)| *source == from && targets.contains(&to));
            let cause = cause_for(&lead, to, attempt);
            match transition(&mut lead, to, cause.clone(), now) {
                Err(_) => prop_assert_eq!(&lead, &before, "refused {} -> {} changed the lead", from, to),
                Ok(entry) => {
                    prop_assert!(in_table, "{} -> {} is not in the table but succeeded", from, to);
                    prop_assert_ne!(from, to);
                    prop_assert_eq!((entry.from, entry.to), (from, to));
                    prop_assert_eq!(entry.lead_id, lead.id);
                    prop_assert_eq!(entry.actor, cause.actor);
                    prop_assert_eq!(entry.reason_code, cause.reason.code());
                    prop_assert_eq!(entry.at, now);
                    prop_assert_eq!(lead.status(), to);
                    prop_assert_eq!(lead.status_entered_at(), now);
                    // The CHECK constraints of data-and-ops.md §2.3 keep holding.
                    let keeps_return = matches!(to, LeadStatus::NeedsArtistReply | LeadStatus::Abandoned);
                    prop_assert_eq!(lead.return_status().is_some(), keeps_return);
                    prop_assert_eq!(lead.handover().is_some(), to == LeadStatus::NeedsArtistReply);
                    if let (LeadStatus::NeedsArtistReply, Some(back)) = (to, lead.return_status()) {
                        prop_assert!(HANDOVER_RETURN_STATUSES.contains(&back), "returns to {}", back);
                    }
                }
            }
        }
    }
}
