//! The artist's external booking link (booking.md §4, http-api.md §5.7): a paid manual-mode lead
//! picks its date in the artist's own tool (Fresha, Calendly, …) and waits in `BOOKING_PENDING`.

use chrono::{DateTime, Utc};

use super::{BookingRefusal, LeadChanges};
use crate::consultation::Text;
use crate::copy::MessageId;
use crate::copy::params::{ARTIST_NAME, URL};
use crate::model::{Actor, BookingTool, LeadStatus};
use crate::status::TransitionReason;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingLinkRequest {
    pub url: String,
    pub tool: BookingTool,
}

impl BookingLinkRequest {
    /// https only: the link is sent to the client as it is.
    pub fn new(
        url: Option<String>,
        default_url: Option<&str>,
        tool: BookingTool,
    ) -> Result<Self, BookingRefusal> {
        let url = url
            .or_else(|| default_url.map(str::to_owned))
            .ok_or_else(|| {
                BookingRefusal::Invalid(
                    "booking_url is required when FRESHA_BOOKING_URL is not configured".to_owned(),
                )
            })?;
        let trimmed = url.trim();
        let well_formed = trimmed.starts_with("https://")
            && trimmed.len() > "https://".len()
            && !trimmed.chars().any(char::is_whitespace);
        if !well_formed {
            return Err(BookingRefusal::Invalid(
                "booking_url must be an https:// link".to_owned(),
            ));
        }
        Ok(Self {
            url: trimmed.to_owned(),
            tool,
        })
    }
}

/// Sends the link from `DEPOSIT_PAID` (→ `BOOKING_PENDING`) or again from `BOOKING_PENDING`.
pub fn send_booking_link(
    changes: &mut LeadChanges,
    request: &BookingLinkRequest,
    actor: Actor,
    artist_name: &str,
    now: DateTime<Utc>,
) -> Result<(), BookingRefusal> {
    match changes.lead.status() {
        LeadStatus::DepositPaid => changes.move_to(
            LeadStatus::BookingPending,
            TransitionReason::BookingLinkSent,
            actor,
            now,
        )?,
        LeadStatus::BookingPending => {}
        other => {
            return Err(BookingRefusal::NotAllowed(format!(
                "Cannot send a booking link in status '{other}'. Lead must be in 'DEPOSIT_PAID' or 'BOOKING_PENDING'."
            )));
        }
    }
    let booking = &mut changes.lead.booking;
    booking.booking_link = Some(request.url.clone());
    booking.booking_tool = Some(request.tool);
    booking.booking_link_sent_at = Some(now);
    changes.lead.admin.last_admin_action = Some("send_booking_link".to_owned());
    changes.lead.admin.last_admin_action_at = Some(now);
    changes.tell_client(vec![
        Text::new(MessageId::BOOKING_LINK)
            .with(ARTIST_NAME, artist_name)
            .with(URL, request.url.clone()),
    ]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::PaymentFacts;
    use crate::status::test_support::{manual_lead, t0};

    fn paid(status: LeadStatus) -> LeadChanges {
        let mut payments = PaymentFacts::NONE;
        payments.paid = true;
        LeadChanges::new(manual_lead(status), payments)
    }

    #[test]
    fn a_paid_lead_gets_the_link_and_waits_for_the_booking() {
        let request = BookingLinkRequest::new(
            None,
            Some("https://fresha.example/book"),
            BookingTool::Fresha,
        )
        .unwrap();
        let mut changes = paid(LeadStatus::DepositPaid);
        send_booking_link(&mut changes, &request, Actor::Admin, "Alex", t0()).unwrap();
        assert_eq!(changes.lead.status(), LeadStatus::BookingPending);
        assert_eq!(
            changes.lead.booking.booking_link.as_deref(),
            Some("https://fresha.example/book")
        );
        assert_eq!(changes.outbound[0].kind(), MessageId::BOOKING_LINK);

        let mut again = paid(LeadStatus::BookingPending);
        send_booking_link(&mut again, &request, Actor::Admin, "Alex", t0()).unwrap();
        assert!(again.transitions.is_empty());
        assert_eq!(again.outbound.len(), 1);
    }

    #[test]
    fn other_statuses_and_bad_links_are_refused() {
        let request =
            BookingLinkRequest::new(Some("https://x.example".into()), None, BookingTool::Other)
                .unwrap();
        let mut unpaid =
            LeadChanges::new(manual_lead(LeadStatus::AwaitingDeposit), PaymentFacts::NONE);
        assert!(matches!(
            send_booking_link(&mut unpaid, &request, Actor::Admin, "A", t0()),
            Err(BookingRefusal::NotAllowed(_))
        ));
        assert!(
            BookingLinkRequest::new(Some("http://x.example".into()), None, BookingTool::Other)
                .is_err()
        );
        assert!(BookingLinkRequest::new(None, None, BookingTool::Fresha).is_err());
    }
}
