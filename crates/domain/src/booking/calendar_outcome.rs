//! What the calendar jobs' results change about a lead (booking.md §3.9): the event id is kept on
//! the booking, a failure is the artist's to fix by hand (the Postgres hold still blocks the time),
//! and an event that outlived its booking is removed.

use serde_json::json;

use super::LeadChanges;
use super::payment_case::lead_zone;
use super::records::{HoldRecord, HoldState};
use crate::consultation::{EventLevel, JobRequest, SystemEvent, Text};
use crate::copy::params::{CLIENT, LEAD_REF, PROBLEM, SLOT_LABEL};
use crate::copy::{MessageId, slot_label};
use crate::model::Lead;
use crate::rules::StudioRules;
use crate::status::PaymentFacts;

/// The event `event_id` now exists for `hold`. A hold that stopped being a booking while the
/// event was created gets it deleted again.
pub fn calendar_event_created(
    lead: &Lead,
    payments: PaymentFacts,
    hold: &HoldRecord,
    event_id: &str,
) -> LeadChanges {
    let mut changes = LeadChanges::new(lead.clone(), payments);
    if hold.state != HoldState::Confirmed {
        changes.job(JobRequest::CalendarDeleteEvent {
            lead_id: lead.id,
            hold_id: hold.id,
            event_id: event_id.to_owned(),
        });
        return changes;
    }
    if changes.lead.booking.confirmed_hold_id == Some(hold.id) {
        changes.lead.booking.calendar_event_id = Some(event_id.to_owned());
    }
    changes.event(SystemEvent::info(
        "calendar.event_created",
        Some(lead.id),
        json!({ "hold_id": hold.id, "event_id": event_id }),
    ));
    changes
}

/// The event could not be created (dead letter or a permanent error): ERROR event and the artist
/// asked to add the time by hand. The lead stays `BOOKED`.
pub fn calendar_event_failed(
    lead: &Lead,
    payments: PaymentFacts,
    hold: &HoldRecord,
    client: &str,
    code: &str,
    rules: &StudioRules,
) -> LeadChanges {
    let mut changes = LeadChanges::new(lead.clone(), payments);
    let mut event = SystemEvent::info(
        "calendar.event_failure",
        Some(lead.id),
        json!({ "hold_id": hold.id, "code": code }),
    );
    event.level = EventLevel::Error;
    changes.event(event);
    if hold.state == HoldState::Confirmed {
        let label = slot_label(hold.start, hold.end, lead_zone(rules, lead));
        let notice = Text::new(MessageId::ARTIST_CALENDAR_FAILED)
            .with(LEAD_REF, lead.id.to_string())
            .with(CLIENT, client)
            .with(SLOT_LABEL, label);
        changes.tell_artist(notice, Vec::new());
    }
    changes
}

/// The event of a cancelled or moved booking could not be deleted: the artist removes it.
pub fn calendar_event_removal_failed(
    lead: &Lead,
    payments: PaymentFacts,
    client: &str,
    event_id: &str,
) -> LeadChanges {
    let mut changes = LeadChanges::new(lead.clone(), payments);
    if changes.lead.booking.calendar_event_id.as_deref() == Some(event_id) {
        changes.lead.booking.calendar_event_id = None;
    }
    let notice = Text::new(MessageId::ARTIST_JOB_FAILED)
        .with(LEAD_REF, lead.id.to_string())
        .with(CLIENT, client)
        .with(
            PROBLEM,
            "a calendar event of a cancelled or moved booking could not be removed; please remove the event manually.",
        );
    changes.tell_artist(notice, Vec::new());
    changes
}

/// The event of a booking that no longer stands was deleted (or was already gone).
pub fn calendar_event_deleted(lead: &Lead, payments: PaymentFacts, event_id: &str) -> LeadChanges {
    let mut changes = LeadChanges::new(lead.clone(), payments);
    if changes.lead.booking.calendar_event_id.as_deref() == Some(event_id) {
        changes.lead.booking.calendar_event_id = None;
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::records::HoldState;
    use crate::booking::test_fixtures::{HOLD, artist_messages, event_types, hold, rules};
    use crate::model::{LeadId, LeadStatus};
    use crate::status::test_support::calendar_lead;

    fn booked() -> Lead {
        let mut lead = calendar_lead(LeadStatus::Booked);
        lead.booking.confirmed_hold_id = Some(HOLD);
        lead
    }

    #[test]
    fn a_created_event_is_kept_on_the_booking() {
        let confirmed = hold(HOLD, HoldState::Confirmed);
        let changes = calendar_event_created(&booked(), PaymentFacts::PAID, &confirmed, "ink42h55");
        assert_eq!(
            changes.lead.booking.calendar_event_id.as_deref(),
            Some("ink42h55")
        );
        assert_eq!(
            event_types(&changes),
            [("calendar.event_created".to_owned(), "INFO")]
        );
    }

    #[test]
    fn an_event_for_a_cancelled_hold_is_deleted_again() {
        let cancelled = hold(HOLD, HoldState::Cancelled);
        let changes = calendar_event_created(&booked(), PaymentFacts::PAID, &cancelled, "ink42h55");
        assert_eq!(
            changes.jobs,
            [JobRequest::CalendarDeleteEvent {
                lead_id: LeadId(42),
                hold_id: HOLD,
                event_id: "ink42h55".to_owned()
            }]
        );
        assert!(changes.lead.booking.calendar_event_id.is_none());
    }

    #[test]
    fn a_failure_alerts_the_artist_with_the_time_to_add() {
        let confirmed = hold(HOLD, HoldState::Confirmed);
        let changes = calendar_event_failed(
            &booked(),
            PaymentFacts::PAID,
            &confirmed,
            "Alex",
            "403",
            &rules(),
        );
        assert_eq!(
            event_types(&changes),
            [("calendar.event_failure".to_owned(), "ERROR")]
        );
        assert_eq!(
            artist_messages(&changes),
            [vec![MessageId::ARTIST_CALENDAR_FAILED]]
        );
        assert!(changes.transitions.is_empty(), "the lead stays BOOKED");
    }
}
