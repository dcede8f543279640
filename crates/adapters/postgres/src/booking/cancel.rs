//! `PgBooking::cancel` (booking.md §8, http-api.md §5.9): one transaction over the lead, its
//! payments and its holds, in the global lock order.

use chrono::{DateTime, Utc};
use inkdesk_domain::booking::{CancelCase, CancelRequest, cancel_lead};
use inkdesk_domain::model::{Actor, LeadId, LeadStatus};
use inkdesk_domain::ports::PortError;

use super::client_label::client_label;
use super::hold_rows::{apply_hold_writes, lock_holds};
use super::payment_rows::{lock_payments, write_payment};
use super::{BookingError, PgBooking};
use crate::DbConnection;

/// What the cancel endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelReceipt {
    pub lead_id: LeadId,
    pub status: LeadStatus,
    /// A deposit was paid: refunding it in Stripe is the artist's call.
    pub deposit_paid: bool,
    pub refund_recorded: bool,
}

impl PgBooking {
    /// Cancels the lead on the admin's request.
    pub async fn cancel(
        &self,
        lead_id: LeadId,
        request: &CancelRequest,
        now: DateTime<Utc>,
    ) -> Result<CancelReceipt, BookingError> {
        let mut conn = self.begin().await?;
        let result = self.cancel_in(&mut conn, lead_id, request, now).await;
        Self::finish(&mut conn, result).await
    }

    async fn cancel_in(
        &self,
        conn: &mut DbConnection,
        lead_id: LeadId,
        request: &CancelRequest,
        now: DateTime<Utc>,
    ) -> Result<CancelReceipt, BookingError> {
        let context = self.lock(conn, lead_id, now).await?;
        let payments = lock_payments(conn, lead_id).await?;
        let holds = lock_holds(conn, lead_id).await?;
        let client = client_label(conn, context.lead.contact_id).await?;
        let case = CancelCase {
            lead: context.lead,
            payments,
            holds,
            client,
        };
        let decision = cancel_lead(&case, request, Actor::Admin, self.rules(), now)?;
        // Cancelling frees time; it can never overlap anything.
        if apply_hold_writes(conn, &decision.writes.holds, now)
            .await?
            .is_err()
        {
            return Err(BookingError::Port(PortError::Conflict(
                "cancelling a hold overlapped a live hold".to_owned(),
            )));
        }
        for payment in &decision.writes.payments {
            write_payment(conn, payment).await?;
        }
        self.write(conn, &decision.changes, now).await?;
        Ok(CancelReceipt {
            lead_id,
            status: decision.changes.lead.status(),
            deposit_paid: decision.deposit_paid,
            refund_recorded: decision.refund_recorded,
        })
    }
}
