//! Lead resolution, one test per step of consultation.md §4.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 4, 20, 12, 0, 0).unwrap()
}

fn ago(delta: TimeDelta) -> DateTime<Utc> {
    now() - delta
}

/// A lead created `created_days_ago` days ago that entered `status` `entered` ago.
fn lead(id: i64, status: LeadStatus, created_days_ago: i64, entered: TimeDelta) -> LeadSummary {
    let entered_at = ago(entered);
    LeadSummary {
        id: LeadId(id),
        status,
        status_entered_at: entered_at,
        created_at: ago(TimeDelta::days(created_days_ago)),
        booked_at: (status == LeadStatus::Booked).then_some(entered_at),
        abandoned_at: (status == LeadStatus::Abandoned).then_some(entered_at),
        stale_at: (status == LeadStatus::Stale).then_some(entered_at),
        appointment_end_at: None,
    }
}

fn resolve(leads: &[LeadSummary], text: &str) -> LeadResolution {
    resolve_lead(leads, text, &ResolutionPolicy::default(), now())
}

#[test]
fn step_1_the_active_lead_wins_even_over_a_new_enquiry_phrase() {
    let leads = [
        lead(1, LeadStatus::Booked, 30, TimeDelta::days(2)),
        lead(2, LeadStatus::AwaitingSlot, 5, TimeDelta::hours(3)),
    ];
    assert_eq!(resolve(&leads, "hello"), LeadResolution::Active(LeadId(2)));
    assert_eq!(
        resolve(&leads, "New enquiry"),
        LeadResolution::Active(LeadId(2))
    );
}

#[test]
fn step_2_a_booked_lead_is_live_until_a_day_after_its_appointment() {
    let mut booked = lead(1, LeadStatus::Booked, 90, TimeDelta::days(80));
    booked.appointment_end_at = Some(ago(TimeDelta::hours(23)));
    assert_eq!(
        resolve(&[booked.clone()], "thanks!"),
        LeadResolution::LiveBooked(LeadId(1))
    );
    booked.appointment_end_at = Some(ago(TimeDelta::hours(24)));
    assert_eq!(resolve(&[booked], "thanks!"), LeadResolution::CreateLead);
}

#[test]
fn step_2_without_an_appointment_time_a_booked_lead_is_live_for_60_days() {
    let within = lead(1, LeadStatus::Booked, 70, TimeDelta::days(60));
    assert_eq!(
        resolve(&[within], "hi"),
        LeadResolution::LiveBooked(LeadId(1))
    );
    let past = lead(
        1,
        LeadStatus::Booked,
        70,
        TimeDelta::days(60) + TimeDelta::seconds(1),
    );
    assert_eq!(resolve(&[past], "hi"), LeadResolution::CreateLead);
}

#[test]
fn step_2_a_new_enquiry_phrase_starts_a_new_lead_beside_a_live_booking() {
    let booked = lead(1, LeadStatus::Booked, 10, TimeDelta::days(3));
    for phrase in ["NEW", "new tattoo!", "New enquiry."] {
        assert_eq!(
            resolve(std::slice::from_ref(&booked), phrase),
            LeadResolution::CreateLead,
            "{phrase}"
        );
    }
    assert_eq!(
        resolve(&[booked], "a new idea"),
        LeadResolution::LiveBooked(LeadId(1))
    );
}

#[test]
fn step_3_an_abandoned_lead_resumes_within_14_days() {
    let recent = lead(1, LeadStatus::Abandoned, 20, TimeDelta::days(14));
    assert_eq!(
        resolve(&[recent], "back again"),
        LeadResolution::ResumeAbandoned(LeadId(1))
    );
    let old = lead(1, LeadStatus::Abandoned, 20, TimeDelta::days(15));
    assert_eq!(resolve(&[old], "back again"), LeadResolution::CreateLead);
}

#[test]
fn step_4_a_stale_lead_reopens_within_30_days() {
    let recent = lead(1, LeadStatus::Stale, 40, TimeDelta::days(29));
    assert_eq!(
        resolve(&[recent], "any news?"),
        LeadResolution::ReopenStale(LeadId(1))
    );
    let old = lead(1, LeadStatus::Stale, 40, TimeDelta::days(31));
    assert_eq!(resolve(&[old], "any news?"), LeadResolution::CreateLead);
}

#[test]
fn step_5_a_lead_closed_within_24_hours_gets_its_status_reply() {
    for status in [
        LeadStatus::Rejected,
        LeadStatus::Waitlisted,
        LeadStatus::Cancelled,
        LeadStatus::Refunded,
    ] {
        let recent = lead(1, status, 3, TimeDelta::hours(24));
        assert_eq!(
            resolve(std::slice::from_ref(&recent), "why?"),
            LeadResolution::ClosedInGrace(LeadId(1)),
            "{status}"
        );
        assert_eq!(
            resolve(&[recent], "new"),
            LeadResolution::CreateLead,
            "{status}"
        );
        let old = lead(1, status, 3, TimeDelta::hours(25));
        assert_eq!(
            resolve(&[old], "why?"),
            LeadResolution::CreateLead,
            "{status}"
        );
    }
}

#[test]
fn step_6_a_new_lead_for_no_leads_or_an_opted_out_one() {
    assert_eq!(
        resolve(&[], "Hi! I'd like a swallow"),
        LeadResolution::CreateLead
    );
    let opted_out = lead(1, LeadStatus::OptOut, 3, TimeDelta::hours(1));
    assert_eq!(
        resolve(&[opted_out], "hello again"),
        LeadResolution::CreateLead
    );
}

#[test]
fn only_the_newest_lead_counts_for_steps_3_to_5() {
    let leads = [
        lead(1, LeadStatus::Abandoned, 10, TimeDelta::days(2)),
        lead(2, LeadStatus::Rejected, 5, TimeDelta::days(3)),
    ];
    assert_eq!(resolve(&leads, "hello"), LeadResolution::CreateLead);
}

#[test]
fn summaries_are_taken_from_a_lead() {
    let lead = crate::model::Lead::new(
        LeadId(9),
        crate::model::ArtistId::default(),
        crate::model::ContactId(1),
        now(),
    );
    let summary = LeadSummary::from(&lead);
    assert_eq!(summary.status, LeadStatus::New);
    assert_eq!(resolve(&[summary], "hi"), LeadResolution::Active(LeadId(9)));
}
