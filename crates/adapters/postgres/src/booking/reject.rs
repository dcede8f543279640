//! `reject` (http-api.md §5.5): the admin endpoint and the one-tap link share it.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::booking::{LeadChanges, RejectRequest, reject};
use inkdesk_domain::model::{Actor, LeadId, LeadStatus};

use super::{BookingError, PgBooking};

impl PgBooking {
    /// Rejects the lead in one transaction; returns its new status.
    pub async fn reject(
        &self,
        lead_id: LeadId,
        request: RejectRequest,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let mut conn = self.begin().await?;
        let result = self
            .reject_in(&mut conn, lead_id, &request, actor, now)
            .await;
        Self::finish(&mut conn, result).await
    }

    pub(crate) async fn reject_in(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        request: &RejectRequest,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let context = self.lock(conn, lead_id, now).await?;
        let mut changes = LeadChanges::new(context.lead, context.payments);
        reject(
            &mut changes,
            request,
            actor,
            &self.rules().studio.artist_name,
            now,
        )?;
        self.write(conn, &changes, now).await?;
        Ok(changes.lead.status())
    }
}
