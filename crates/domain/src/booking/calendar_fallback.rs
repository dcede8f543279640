//! The calendar could not be read for good (booking.md §3.1 step 5): the `slots.offer` job ran out
//! of attempts, or Google refused the read outright. Busy times are unknown, never free, so no slot
//! is offered: a waiting client is asked for the times that suit them and the artist is told.

use chrono::{DateTime, Utc};

use super::LeadChanges;
use crate::consultation::{EventLevel, LeadContext, SystemEvent, Text};
use crate::copy::MessageId;
use crate::copy::params::{CLIENT, HOME_CITY, LEAD_REF, PROBLEM};
use crate::model::{Actor, LeadStatus};
use crate::rules::StudioRules;
use crate::status::TransitionReason;

const PROBLEM_WORDS: &str = "your Google Calendar could not be read, so no times were offered. \
     They've been asked for the days and times that suit them; please check the calendar sharing.";

/// The changes for a lead whose offer failed on the calendar read with `code`. A lead that no
/// longer waits for a slot keeps its status; the failure is still recorded.
pub fn calendar_unavailable(
    ctx: &LeadContext,
    client: &str,
    code: &str,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> LeadChanges {
    let mut changes = LeadChanges::new(ctx.lead.clone(), ctx.payments);
    let lead_id = changes.lead.id;
    changes.event(SystemEvent {
        event_type: "calendar.freebusy_failure".to_owned(),
        level: EventLevel::Error,
        lead_id: Some(lead_id),
        payload: serde_json::json!({ "code": code }),
    });
    if ctx.lead.status() != LeadStatus::AwaitingSlot {
        return changes;
    }
    let moved = changes.move_to(
        LeadStatus::CollectingTimeWindows,
        TransitionReason::CalendarUnavailable,
        Actor::System,
        now,
    );
    if moved.is_err() {
        return changes;
    }
    changes.tell_client(vec![
        Text::new(MessageId::TIME_WINDOW_REQUEST).with(HOME_CITY, rules.studio.home_city.as_str()),
    ]);
    changes.tell_artist(
        Text::new(MessageId::ARTIST_JOB_FAILED)
            .with(LEAD_REF, lead_id.to_string())
            .with(CLIENT, client)
            .with(PROBLEM, PROBLEM_WORDS),
        Vec::new(),
    );
    changes.event(SystemEvent::info(
        "calendar.no_slots_fallback",
        Some(lead_id),
        serde_json::json!({ "reason": "calendar_unavailable" }),
    ));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::test_support::{calendar_lead, later};

    #[test]
    fn a_waiting_client_is_asked_for_time_windows_and_the_artist_is_told() {
        let ctx = LeadContext::new(calendar_lead(LeadStatus::AwaitingSlot));
        let rules = StudioRules::default();
        let changes = calendar_unavailable(&ctx, "Alex", "notFound", &rules, later());
        assert_eq!(changes.lead.status(), LeadStatus::CollectingTimeWindows);
        assert_eq!(changes.transitions[0].reason_code, "calendar_unavailable");
        let kinds: Vec<MessageId> = changes.outbound.iter().map(|m| m.kind()).collect();
        assert_eq!(
            kinds,
            [MessageId::TIME_WINDOW_REQUEST, MessageId::ARTIST_JOB_FAILED]
        );
        let types: Vec<&str> = changes
            .events
            .iter()
            .map(|e| e.event_type.as_str())
            .collect();
        assert_eq!(
            types,
            ["calendar.freebusy_failure", "calendar.no_slots_fallback"]
        );
        assert_eq!(changes.events[0].level, EventLevel::Error);
        assert_eq!(changes.events[1].payload["reason"], "calendar_unavailable");
    }

    #[test]
    fn a_lead_that_moved_on_only_records_the_failure() {
        let ctx = LeadContext::new(calendar_lead(LeadStatus::DepositPaid));
        let changes = calendar_unavailable(
            &ctx,
            "Alex",
            "backendError",
            &StudioRules::default(),
            later(),
        );
        assert!(!changes.status_changed());
        assert!(changes.outbound.is_empty());
        assert_eq!(changes.events.len(), 1);
    }
}
