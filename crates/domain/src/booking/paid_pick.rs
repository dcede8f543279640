//! A paid lead's pick (booking.md §3.5, §7): the deposit is already in (it arrived after the held
//! time went elsewhere), so the picked slot is held `confirmed` at once and the lead is booked
//! without a second payment.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{BookingRefusal, LeadChanges};
use crate::consultation::{JobRequest, Text};
use crate::copy::params::{AMOUNT, ARTIST_NAME, CLIENT, LEAD_REF, SLOT_LABEL, SUMMARY};
use crate::copy::{MessageId, format_money, slot_label};
use crate::model::{Actor, Appointment, Lead, LeadStatus};
use crate::status::{PaymentFacts, TransitionReason};

/// The confirmed hold the adapter inserted for the picked slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidPick {
    pub hold_id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Who the booking is told to, and how.
#[derive(Debug, Clone, Copy)]
pub struct PickAudience<'a> {
    pub artist_name: &'a str,
    /// How the artist's notices name the client (`Sam (+447700900123)`).
    pub client: &'a str,
    pub zone: Tz,
}

/// Whether a pick by this lead books at once instead of holding for a deposit.
pub fn books_on_pick(lead: &Lead, payments: PaymentFacts) -> bool {
    lead.status() == LeadStatus::DepositPaid && payments.paid
}

/// `DEPOSIT_PAID` → `BOOKED` at the picked time; the calendar event and both confirmations follow.
pub fn book_paid_pick(
    lead: Lead,
    payments: PaymentFacts,
    pick: PaidPick,
    audience: PickAudience<'_>,
    now: DateTime<Utc>,
) -> Result<LeadChanges, BookingRefusal> {
    let mut changes = LeadChanges::new(lead, payments);
    changes.move_to(
        LeadStatus::Booked,
        TransitionReason::SlotPicked,
        Actor::Client,
        now,
    )?;
    let lead_id = changes.lead.id;
    changes.lead.booking.appointment = Some(Appointment {
        start_at: pick.start,
        end_at: pick.end,
    });
    changes.lead.booking.confirmed_hold_id = Some(pick.hold_id);
    changes.job(JobRequest::CalendarCreateEvent {
        lead_id,
        hold_id: pick.hold_id,
    });
    let label = slot_label(pick.start, pick.end, audience.zone);
    changes.tell_client(vec![
        Text::new(MessageId::BOOKED_CONFIRMATION)
            .with(ARTIST_NAME, audience.artist_name)
            .with(SLOT_LABEL, label.clone()),
    ]);
    let amount = changes
        .lead
        .deposit
        .amount
        .map(format_money)
        .unwrap_or_default();
    let summary = changes.lead.summary_text.clone().unwrap_or_default();
    changes.tell_artist(
        Text::new(MessageId::ARTIST_BOOKING_CONFIRMED)
            .with(LEAD_REF, lead_id.to_string())
            .with(CLIENT, audience.client)
            .with(SLOT_LABEL, label)
            .with(AMOUNT, amount)
            .with(SUMMARY, summary),
        Vec::new(),
    );
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::status::test_support::{calendar_lead, t0};

    #[test]
    fn a_paid_lead_is_booked_at_the_picked_time_without_a_second_payment() {
        let mut payments = PaymentFacts::NONE;
        payments.paid = true;
        let lead = calendar_lead(LeadStatus::DepositPaid);
        assert!(books_on_pick(&lead, payments));
        let start = t0() + TimeDelta::days(5);
        let pick = PaidPick {
            hold_id: 9,
            start,
            end: start + TimeDelta::hours(3),
        };
        let audience = PickAudience {
            artist_name: "Alex",
            client: "Sam",
            zone: chrono_tz::Europe::London,
        };
        let changes = book_paid_pick(lead, payments, pick, audience, t0()).unwrap();
        assert_eq!(changes.lead.status(), LeadStatus::Booked);
        assert_eq!(changes.lead.booking.confirmed_hold_id, Some(9));
        let kinds: Vec<_> = changes.outbound.iter().map(|m| m.kind()).collect();
        assert_eq!(
            kinds,
            [
                MessageId::BOOKED_CONFIRMATION,
                MessageId::ARTIST_BOOKING_CONFIRMED
            ]
        );
        assert!(changes.jobs.contains(&JobRequest::CalendarCreateEvent {
            lead_id: changes.lead.id,
            hold_id: 9
        }));
        assert!(
            !changes
                .jobs
                .iter()
                .any(|job| matches!(job, JobRequest::StripeCreateCheckout { .. }))
        );
    }

    #[test]
    fn an_unpaid_lead_does_not_book_on_a_pick() {
        let lead = calendar_lead(LeadStatus::AwaitingSlot);
        assert!(!books_on_pick(&lead, PaymentFacts::NONE));
    }
}
