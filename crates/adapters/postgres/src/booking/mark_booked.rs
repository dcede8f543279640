//! `mark_booked` (booking.md §4, http-api.md §5.8): the admin endpoint and the one-tap link share
//! it. Given times are held `confirmed`, so nothing else can be booked over them.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::booking::{
    BookingRefusal, LeadChanges, MarkBookedRequest, appointment_held, mark_booked,
};
use inkdesk_domain::model::{Actor, LeadId, LeadStatus};
use inkdesk_domain::slots::HoldRange;

use super::hold::{NewHold, insert_hold};
use super::{BookingError, PgBooking};

impl PgBooking {
    /// Marks the lead booked; returns its new status. `calendar_configured` adds the calendar
    /// event of the appointment's hold.
    pub async fn mark_booked(
        &self,
        lead_id: LeadId,
        request: MarkBookedRequest,
        actor: Actor,
        calendar_configured: bool,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let mut conn = self.begin().await?;
        let result = self
            .mark_booked_in(
                &mut conn,
                lead_id,
                &request,
                actor,
                calendar_configured,
                now,
            )
            .await;
        Self::finish(&mut conn, result).await
    }

    pub(crate) async fn mark_booked_in(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        request: &MarkBookedRequest,
        actor: Actor,
        calendar_configured: bool,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let context = self.lock(conn, lead_id, now).await?;
        let mut changes = LeadChanges::new(context.lead, context.payments);
        let studio = &self.setup().studio;
        mark_booked(
            &mut changes,
            request,
            actor,
            &self.rules().studio.artist_name,
            studio.zone,
            now,
        )?;
        if let Some(appointment) = request.appointment {
            let range = HoldRange::for_slot(
                appointment.start_at,
                appointment.end_at,
                studio.holds.buffer_minutes,
            )
            .map_err(|error| BookingRefusal::Invalid(error.to_string()))?;
            let hold = NewHold {
                artist: &self.setup().artist,
                lead: lead_id,
                offer_id: None,
                range: &range,
                expires_at: None,
                now,
            };
            let hold_id = insert_hold(conn, &hold)
                .await?
                .ok_or(BookingRefusal::SlotTaken)?;
            appointment_held(&mut changes, hold_id, calendar_configured);
        }
        self.write(conn, &changes, now).await?;
        Ok(changes.lead.status())
    }
}
