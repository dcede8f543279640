//! Marking a lead booked by hand (booking.md §4, http-api.md §5.8): the date was agreed outside
//! inkdesk (manual mode, a paid lead without a slot). With times, a `confirmed` hold keeps them
//! free; the adapter inserts it and the exclusion constraint refuses an overlap.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{BookingRefusal, LeadChanges};
use crate::consultation::{JobRequest, Text};
use crate::copy::params::{ARTIST_NAME, SLOT_LABEL};
use crate::copy::{MessageId, slot_label};
use crate::model::{Actor, Appointment, LeadStatus};
use crate::status::TransitionReason;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkBookedRequest {
    pub appointment: Option<Appointment>,
    pub notify_client: bool,
}

impl MarkBookedRequest {
    /// Both times or neither, and the end after the start.
    pub fn new(
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
        notify_client: bool,
    ) -> Result<Self, BookingRefusal> {
        let appointment = match (start, end) {
            (None, None) => None,
            (Some(start_at), Some(end_at)) if end_at > start_at => {
                Some(Appointment { start_at, end_at })
            }
            (Some(_), Some(_)) => {
                return Err(BookingRefusal::Invalid(
                    "appointment_end must be after appointment_start".to_owned(),
                ));
            }
            _ => {
                return Err(BookingRefusal::Invalid(
                    "give both appointment_start and appointment_end, or neither".to_owned(),
                ));
            }
        };
        Ok(Self {
            appointment,
            notify_client,
        })
    }
}

/// → `BOOKED` (guard G3: a deposit is paid), with the appointment when given and the client told.
pub fn mark_booked(
    changes: &mut LeadChanges,
    request: &MarkBookedRequest,
    actor: Actor,
    artist_name: &str,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<(), BookingRefusal> {
    changes.move_to(LeadStatus::Booked, TransitionReason::MarkBooked, actor, now)?;
    changes.lead.booking.appointment = request.appointment;
    changes.lead.admin.last_admin_action = Some("mark_booked".to_owned());
    changes.lead.admin.last_admin_action_at = Some(now);
    if request.notify_client {
        let text = match request.appointment {
            Some(appointment) => Text::new(MessageId::BOOKED_CONFIRMATION)
                .with(ARTIST_NAME, artist_name)
                .with(
                    SLOT_LABEL,
                    slot_label(appointment.start_at, appointment.end_at, zone),
                ),
            None => Text::new(MessageId::BOOKED_CONFIRMATION_WITHOUT_TIME)
                .with(ARTIST_NAME, artist_name),
        };
        changes.tell_client(vec![text]);
    }
    Ok(())
}

/// The confirmed hold the adapter inserted for the appointment; the calendar event follows when
/// Google Calendar is configured.
pub fn appointment_held(changes: &mut LeadChanges, hold_id: i64, calendar_configured: bool) {
    changes.lead.booking.confirmed_hold_id = Some(hold_id);
    if calendar_configured {
        changes.job(JobRequest::CalendarCreateEvent {
            lead_id: changes.lead.id,
            hold_id,
        });
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::status::PaymentFacts;
    use crate::status::test_support::{manual_lead, t0};

    fn paid(status: LeadStatus) -> LeadChanges {
        let mut payments = PaymentFacts::NONE;
        payments.paid = true;
        LeadChanges::new(manual_lead(status), payments)
    }

    #[test]
    fn a_paid_pending_lead_is_booked_with_its_time_and_the_client_told() {
        let mut changes = paid(LeadStatus::BookingPending);
        let start = t0() + TimeDelta::days(10);
        let request =
            MarkBookedRequest::new(Some(start), Some(start + TimeDelta::hours(3)), true).unwrap();
        mark_booked(
            &mut changes,
            &request,
            Actor::Admin,
            "Alex",
            chrono_tz::Europe::London,
            t0(),
        )
        .unwrap();
        appointment_held(&mut changes, 7, true);
        assert_eq!(changes.lead.status(), LeadStatus::Booked);
        assert_eq!(changes.outbound[0].kind(), MessageId::BOOKED_CONFIRMATION);
        assert_eq!(changes.lead.booking.confirmed_hold_id, Some(7));
        assert!(changes.jobs.contains(&JobRequest::CalendarCreateEvent {
            lead_id: changes.lead.id,
            hold_id: 7
        }));
    }

    #[test]
    fn without_times_the_confirmation_names_no_time_and_nothing_is_held() {
        let mut changes = paid(LeadStatus::DepositPaid);
        let request = MarkBookedRequest::new(None, None, true).unwrap();
        mark_booked(
            &mut changes,
            &request,
            Actor::Artist,
            "Alex",
            chrono_tz::Europe::London,
            t0(),
        )
        .unwrap();
        assert_eq!(
            changes.outbound[0].kind(),
            MessageId::BOOKED_CONFIRMATION_WITHOUT_TIME
        );
        assert_eq!(changes.lead.booking.appointment, None);
    }

    #[test]
    fn an_unpaid_lead_and_half_given_times_are_refused() {
        let mut unpaid =
            LeadChanges::new(manual_lead(LeadStatus::BookingPending), PaymentFacts::NONE);
        let request = MarkBookedRequest::new(None, None, false).unwrap();
        assert!(matches!(
            mark_booked(
                &mut unpaid,
                &request,
                Actor::Admin,
                "A",
                chrono_tz::Europe::London,
                t0()
            ),
            Err(BookingRefusal::Status(_))
        ));
        assert!(MarkBookedRequest::new(Some(t0()), None, true).is_err());
        assert!(MarkBookedRequest::new(Some(t0()), Some(t0()), true).is_err());
    }
}
