use chrono::TimeZone;

use super::*;
use crate::model::{HandoverReason, StrikeField};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 25, 14, 0, 0).unwrap()
}

fn state(status: LeadStatus) -> StatusRecord {
    StatusRecord {
        status,
        status_entered_at: t0(),
        return_status: None,
        booking_mode: None,
        handover: None,
        funnel: FunnelTimestamps::default(),
    }
}

fn restore(state: StatusRecord) -> Result<Lead, InvalidStoredLead> {
    Lead::restore(LeadId(42), ArtistId::default(), ContactId(17), t0(), state)
}

fn in_handover(return_status: LeadStatus, mode: Option<BookingMode>) -> Lead {
    let mut record = state(LeadStatus::NeedsArtistReply);
    record.return_status = Some(return_status);
    record.booking_mode = mode;
    record.handover = Some(Handover::new(
        HandoverReason::CancelRequest,
        "wants to cancel",
    ));
    restore(record).unwrap()
}

#[test]
fn a_new_lead_starts_in_new_at_step_zero() {
    let lead = Lead::new(LeadId(1), ArtistId::default(), ContactId(2), t0());
    assert_eq!(lead.status(), LeadStatus::New);
    assert_eq!(lead.status_entered_at(), t0());
    assert_eq!(lead.conversation.current_step.index(), 0);
    assert_eq!(lead.return_status(), None);
    assert_eq!(lead.booking_mode(), None);
}

#[test]
fn restore_rejects_a_return_status_outside_handover_and_abandoned() {
    let mut record = state(LeadStatus::PendingApproval);
    record.return_status = Some(LeadStatus::Qualifying);
    assert!(matches!(
        restore(record),
        Err(InvalidStoredLead::ReturnStatusOutsideHandoverOrAbandoned { .. })
    ));
    let mut abandoned = state(LeadStatus::Abandoned);
    abandoned.return_status = Some(LeadStatus::Qualifying);
    assert_eq!(
        restore(abandoned).map(|l| l.return_status()),
        Ok(Some(LeadStatus::Qualifying))
    );
}

#[test]
fn restore_rejects_an_open_handover_outside_needs_artist_reply() {
    let mut record = state(LeadStatus::Booked);
    record.handover = Some(Handover::new(
        HandoverReason::HumanRequest,
        "asked for a human",
    ));
    let error = restore(record).unwrap_err();
    assert_eq!(
        error.to_string(),
        "lead #42 has an open handover while BOOKED; only NEEDS_ARTIST_REPLY keeps one"
    );
}

#[test]
fn qualifying_completed_at_is_kept_from_the_first_completion() {
    let mut lead = Lead::new(LeadId(1), ArtistId::default(), ContactId(2), t0());
    lead.mark_qualifying_completed(t0());
    lead.mark_qualifying_completed(t0() + chrono::TimeDelta::hours(1));
    assert_eq!(lead.funnel().qualifying_completed_at, Some(t0()));
}

#[test]
fn a_review_reason_is_appended_to_an_open_handover_only() {
    let mut lead = in_handover(LeadStatus::Booked, Some(BookingMode::Calendar));
    assert!(lead.append_to_handover("payment needs review"));
    assert_eq!(
        lead.handover().map(|h| h.reason.as_str()),
        Some("wants to cancel; payment needs review")
    );
    let mut not_handed_over = restore(state(LeadStatus::Booked)).unwrap();
    assert!(!not_handed_over.append_to_handover("payment needs review"));
}

#[test]
fn a_lapsed_deposit_during_a_handover_returns_to_a_fresh_offer_in_calendar_mode() {
    let mut lead = in_handover(LeadStatus::AwaitingDeposit, Some(BookingMode::Calendar));
    assert!(lead.deposit_lapsed_during_handover());
    assert_eq!(lead.return_status(), Some(LeadStatus::AwaitingSlot));
    assert_eq!(lead.status(), LeadStatus::NeedsArtistReply);
}

#[test]
fn a_lapsed_deposit_during_a_handover_returns_to_deposit_expired_in_manual_mode() {
    let mut lead = in_handover(LeadStatus::AwaitingDeposit, Some(BookingMode::Manual));
    assert!(lead.deposit_lapsed_during_handover());
    assert_eq!(lead.return_status(), Some(LeadStatus::DepositExpired));
}

#[test]
fn a_lapsed_deposit_changes_nothing_unless_the_handover_waits_on_the_deposit() {
    let mut lead = in_handover(LeadStatus::Booked, Some(BookingMode::Calendar));
    assert!(!lead.deposit_lapsed_during_handover());
    assert_eq!(lead.return_status(), Some(LeadStatus::Booked));
}

#[test]
fn a_lead_serialises_its_status_columns_by_their_exact_names() {
    let mut lead = in_handover(LeadStatus::AwaitingSlot, Some(BookingMode::Calendar));
    lead.conversation
        .parse_failures
        .record_failure(StrikeField::Slot);
    let json = serde_json::to_value(&lead).unwrap();
    assert_eq!(json["state"]["status"], "NEEDS_ARTIST_REPLY");
    assert_eq!(json["state"]["return_status"], "AWAITING_SLOT");
    assert_eq!(json["state"]["handover"]["reason_code"], "CANCEL_REQUEST");
    assert_eq!(json["conversation"]["parse_failures"]["slot"], 1);
    let record: StatusRecord = serde_json::from_value(json["state"].clone()).unwrap();
    assert_eq!(&record, lead.status_record());
}
