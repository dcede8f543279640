use chrono::TimeDelta;

use super::*;
use crate::consultation::Effect;
use crate::model::{HandoverReason, Money};
use crate::status::test_support::{calendar_lead, handed_over, later};
use crate::status::{PaymentFacts, TransitionError};

fn pending() -> LeadContext {
    LeadContext::new(calendar_lead(LeadStatus::PendingApproval))
}

fn rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.artist_name = "Sam Rivers".to_owned();
    rules
}

fn by_admin() -> ApprovalRequest {
    ApprovalRequest::by(Actor::Admin)
}

#[test]
fn calendar_mode_waits_for_a_slot_tells_the_client_and_asks_for_times() {
    let approval = approve(
        &pending(),
        &by_admin(),
        BookingMode::Calendar,
        &rules(),
        later(),
    )
    .unwrap();
    let changes = &approval.changes;
    assert_eq!(changes.expected_status, LeadStatus::PendingApproval);
    assert_eq!(changes.lead.status(), LeadStatus::AwaitingSlot);
    assert_eq!(changes.lead.booking_mode(), Some(BookingMode::Calendar));
    assert_eq!(changes.lead.funnel().approved_at, Some(later()));
    assert_eq!(changes.transitions.len(), 1);
    assert_eq!(changes.transitions[0].reason_code, "approve");
    assert_eq!(changes.transitions[0].actor, Actor::Admin);
    assert_eq!(changes.outbound.len(), 1);
    assert_eq!(changes.outbound[0].kind(), MessageId::APPROVED);
    assert!(changes.jobs.contains(&JobRequest::SlotsOffer {
        lead_id: changes.lead.id,
        cause: OfferCause::Approved,
    }));
    assert!(changes.jobs.contains(&JobRequest::SheetsUpsert {
        lead_id: changes.lead.id
    }));
    assert!(changes.effects.contains(&Effect::RevokeActionTokens {
        lead_id: changes.lead.id
    }));
    assert_eq!(
        changes.lead.admin.last_admin_action.as_deref(),
        Some("approve")
    );
    assert_eq!(changes.lead.admin.last_admin_action_at, Some(later()));
    assert_eq!(approval.payment, None);
    assert_eq!(
        changes.lead.deposit.amount, None,
        "locked with the first payment"
    );
}

#[test]
fn manual_mode_locks_the_deposit_and_creates_the_payment() {
    let rules = rules();
    let approval = approve(
        &pending(),
        &by_admin(),
        BookingMode::Manual,
        &rules,
        later(),
    )
    .unwrap();
    let changes = &approval.changes;
    assert_eq!(changes.lead.status(), LeadStatus::AwaitingDeposit);
    assert_eq!(changes.lead.booking_mode(), Some(BookingMode::Manual));
    assert!(
        changes.outbound.is_empty(),
        "the Checkout job sends the link"
    );
    let payment = approval.payment.unwrap();
    assert_eq!(payment.amount, Money::gbp(rules.deposit.fallback_minor));
    assert_eq!(payment.expires_at, later() + TimeDelta::minutes(1430));
    assert_eq!(payment.hold_id, None);
    assert_eq!(payment.rule_version, "v1");
    assert_eq!(changes.lead.deposit.amount, Some(payment.amount));
    assert_eq!(changes.lead.deposit.locked_at, Some(later()));
    assert!(
        !changes
            .jobs
            .iter()
            .any(|job| matches!(job, JobRequest::SlotsOffer { .. }))
    );
}

#[test]
fn an_override_is_charged_and_locked_in_either_mode() {
    let request = ApprovalRequest {
        deposit_override_minor: Some(20_000),
        ..by_admin()
    };
    let manual = approve(&pending(), &request, BookingMode::Manual, &rules(), later()).unwrap();
    assert_eq!(manual.payment.unwrap().amount, Money::gbp(20_000));
    let calendar = approve(
        &pending(),
        &request,
        BookingMode::Calendar,
        &rules(),
        later(),
    )
    .unwrap();
    assert_eq!(
        calendar.changes.lead.deposit.amount,
        Some(Money::gbp(20_000))
    );
}

#[test]
fn an_override_out_of_range_is_invalid() {
    for minor in [99, 500_001] {
        let request = ApprovalRequest {
            deposit_override_minor: Some(minor),
            ..by_admin()
        };
        let refused = approve(&pending(), &request, BookingMode::Manual, &rules(), later());
        assert!(
            matches!(refused, Err(BookingRefusal::Invalid(_))),
            "{minor}"
        );
    }
}

#[test]
fn a_note_is_appended_to_the_admin_notes() {
    let mut ctx = pending();
    ctx.lead.admin.admin_notes = Some("prefers mornings".to_owned());
    let request = ApprovalRequest {
        note: Some("  agreed larger piece ".to_owned()),
        ..by_admin()
    };
    let approval = approve(&ctx, &request, BookingMode::Calendar, &rules(), later()).unwrap();
    assert_eq!(
        approval.changes.lead.admin.admin_notes.as_deref(),
        Some("prefers mornings\nagreed larger piece")
    );
    let too_long = ApprovalRequest {
        note: Some("x".repeat(MAX_NOTE_CHARS + 1)),
        ..by_admin()
    };
    assert!(approve(&ctx, &too_long, BookingMode::Calendar, &rules(), later()).is_err());
}

#[test]
fn approvable_from_pending_stale_follow_up_and_a_handover() {
    let handover = handed_over(
        LeadStatus::PendingApproval,
        HandoverReason::HumanRequest,
        BookingMode::Calendar,
    );
    for lead in [
        calendar_lead(LeadStatus::Stale),
        calendar_lead(LeadStatus::NeedsFollowUp),
        handover,
    ] {
        let from = lead.status();
        let ctx = LeadContext::new(lead);
        let approval = approve(&ctx, &by_admin(), BookingMode::Calendar, &rules(), later());
        assert!(approval.is_ok(), "{from}: {approval:?}");
    }
}

#[test]
fn a_second_approve_fails_the_status_check() {
    let approved = approve(
        &pending(),
        &by_admin(),
        BookingMode::Calendar,
        &rules(),
        later(),
    )
    .unwrap()
    .changes
    .lead;
    let again = approve(
        &LeadContext::new(approved),
        &by_admin(),
        BookingMode::Calendar,
        &rules(),
        later(),
    );
    assert!(matches!(again, Err(BookingRefusal::Status(_))));
}

#[test]
fn guard_g1_refuses_unfinished_paid_or_client_approvals() {
    let qualifying = LeadContext::new(calendar_lead(LeadStatus::Qualifying));
    assert!(matches!(
        approve(
            &qualifying,
            &by_admin(),
            BookingMode::Calendar,
            &rules(),
            later()
        ),
        Err(BookingRefusal::Status(_))
    ));
    let mut paid = pending();
    paid.payments = PaymentFacts::PAID;
    assert!(matches!(
        approve(&paid, &by_admin(), BookingMode::Manual, &rules(), later()),
        Err(BookingRefusal::Status(TransitionError::GuardFailed { .. }))
    ));
    let by_client = ApprovalRequest::by(Actor::Client);
    assert!(matches!(
        approve(
            &pending(),
            &by_client,
            BookingMode::Calendar,
            &rules(),
            later()
        ),
        Err(BookingRefusal::Status(TransitionError::WrongActor { .. }))
    ));
    let by_link = ApprovalRequest::by(Actor::Artist);
    assert!(
        approve(
            &pending(),
            &by_link,
            BookingMode::Calendar,
            &rules(),
            later()
        )
        .is_ok()
    );
}
