//! `send_booking_link` (booking.md §4, http-api.md §5.7).

use chrono::{DateTime, Utc};
use inkdesk_domain::booking::{BookingLinkRequest, LeadChanges, send_booking_link};
use inkdesk_domain::model::{Actor, LeadId, LeadStatus};

use super::{BookingError, PgBooking};

impl PgBooking {
    /// Sends the artist's booking link; returns the lead's status.
    pub async fn send_booking_link(
        &self,
        lead_id: LeadId,
        request: BookingLinkRequest,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let mut conn = self.begin().await?;
        let result = async {
            let context = self.lock(&mut conn, lead_id, now).await?;
            let mut changes = LeadChanges::new(context.lead, context.payments);
            send_booking_link(
                &mut changes,
                &request,
                actor,
                &self.rules().studio.artist_name,
                now,
            )?;
            self.write(&mut conn, &changes, now).await?;
            Ok(changes.lead.status())
        }
        .await;
        Self::finish(&mut conn, result).await
    }
}
