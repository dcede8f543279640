//! Which lead an inbound message belongs to (consultation.md §4).
//!
//! The caller runs this under the contact's row lock with the contact's leads; opted-out contacts,
//! pilot-blocked numbers and the artist's own number never get here.

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{Lead, LeadId, LeadStatus};
use crate::parse::text::keyword_form;

/// What resolution needs to know about one of the contact's leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSummary {
    pub id: LeadId,
    pub status: LeadStatus,
    pub status_entered_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub booked_at: Option<DateTime<Utc>>,
    pub abandoned_at: Option<DateTime<Utc>>,
    pub stale_at: Option<DateTime<Utc>>,
    pub appointment_end_at: Option<DateTime<Utc>>,
}

impl From<&Lead> for LeadSummary {
    fn from(lead: &Lead) -> Self {
        Self {
            id: lead.id,
            status: lead.status(),
            status_entered_at: lead.status_entered_at(),
            created_at: lead.created_at,
            booked_at: lead.funnel().booked_at,
            abandoned_at: lead.funnel().abandoned_at,
            stale_at: lead.funnel().stale_at,
            appointment_end_at: lead.booking.appointment.map(|a| a.end_at),
        }
    }
}

/// The time limits of resolution (studio rules; defaults per data-and-ops.md §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolutionPolicy {
    /// A booked lead stays live this long after its appointment ends.
    pub booked_live_after_appointment: TimeDelta,
    /// Without an appointment time, a booked lead stays live this long after booking
    /// (`booked_lead_live_days_without_time`).
    pub booked_live_without_time: TimeDelta,
    /// `abandoned_resume_days`.
    pub abandoned_resume: TimeDelta,
    /// `stale_reopen_days`.
    pub stale_reopen: TimeDelta,
    /// `closed_lead_grace_hours`.
    pub closed_lead_grace: TimeDelta,
}

impl Default for ResolutionPolicy {
    fn default() -> Self {
        Self {
            booked_live_after_appointment: TimeDelta::hours(24),
            booked_live_without_time: TimeDelta::days(60),
            abandoned_resume: TimeDelta::days(14),
            stale_reopen: TimeDelta::days(30),
            closed_lead_grace: TimeDelta::hours(24),
        }
    }
}

/// Where the message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadResolution {
    /// Step 1: the contact's active lead (even for a New-enquiry phrase: one active lead at a time).
    Active(LeadId),
    /// Step 2: a live booked lead.
    LiveBooked(LeadId),
    /// Step 3: an abandoned lead within its resume period; it returns to its remembered status.
    ResumeAbandoned(LeadId),
    /// Step 4: a stale lead within its reopen period; it goes back to `PENDING_APPROVAL`.
    ReopenStale(LeadId),
    /// Step 5: a lead closed moments ago; the client gets that status's reply.
    ClosedInGrace(LeadId),
    /// Step 6: create a lead in `NEW` and move it to `QUALIFYING`; the message is the opening message.
    CreateLead,
}

/// The New-enquiry policy (§10.2): exact K form `NEW`, `NEW ENQUIRY` or `NEW TATTOO`.
pub fn is_new_enquiry_phrase(text: &str) -> bool {
    matches!(
        keyword_form(text).text.as_str(),
        "NEW" | "NEW ENQUIRY" | "NEW TATTOO"
    )
}

/// Decides which of the contact's `leads` the message `text` (empty for media) belongs to.
/// "Within" a period includes its boundary.
pub fn resolve_lead(
    leads: &[LeadSummary],
    text: &str,
    policy: &ResolutionPolicy,
    now: DateTime<Utc>,
) -> LeadResolution {
    let new_enquiry = is_new_enquiry_phrase(text);
    let within = |at: DateTime<Utc>, period: TimeDelta| now - at <= period;

    if let Some(active) = newest(leads.iter().filter(|lead| lead.status.is_active())) {
        return LeadResolution::Active(active.id);
    }
    let newest_booked = newest(
        leads
            .iter()
            .filter(|lead| lead.status == LeadStatus::Booked),
    );
    if let Some(booked) = newest_booked {
        let live = match booked.appointment_end_at {
            Some(end) => end + policy.booked_live_after_appointment > now,
            None => within(
                booked.booked_at.unwrap_or(booked.status_entered_at),
                policy.booked_live_without_time,
            ),
        };
        if live {
            return if new_enquiry {
                LeadResolution::CreateLead
            } else {
                LeadResolution::LiveBooked(booked.id)
            };
        }
    }
    let Some(latest) = newest(leads.iter()) else {
        return LeadResolution::CreateLead;
    };
    match latest.status {
        LeadStatus::Abandoned
            if within(
                latest.abandoned_at.unwrap_or(latest.status_entered_at),
                policy.abandoned_resume,
            ) =>
        {
            LeadResolution::ResumeAbandoned(latest.id)
        }
        LeadStatus::Stale
            if within(
                latest.stale_at.unwrap_or(latest.status_entered_at),
                policy.stale_reopen,
            ) =>
        {
            LeadResolution::ReopenStale(latest.id)
        }
        LeadStatus::Rejected
        | LeadStatus::Waitlisted
        | LeadStatus::Cancelled
        | LeadStatus::Refunded
            if !new_enquiry && within(latest.status_entered_at, policy.closed_lead_grace) =>
        {
            LeadResolution::ClosedInGrace(latest.id)
        }
        _ => LeadResolution::CreateLead,
    }
}

fn newest<'a>(leads: impl Iterator<Item = &'a LeadSummary>) -> Option<&'a LeadSummary> {
    leads.max_by_key(|lead| (lead.created_at, lead.id))
}

#[cfg(test)]
#[path = "resolution_tests.rs"]
mod tests;
