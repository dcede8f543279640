//! Approval in one transaction (booking.md §2): lock the lead, let the domain decide, insert the
//! manual-mode payment with its `stripe.create_checkout` job, write the lead's changes.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::booking::{Approval, ApprovalRequest, approve};
use inkdesk_domain::consultation::JobRequest;
use inkdesk_domain::model::{BookingMode, LeadId, LeadStatus};

use super::{BookingError, PgBooking, insert_payment};

/// What an approval did, for the caller's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub lead_id: LeadId,
    pub status: LeadStatus,
    pub booking_mode: BookingMode,
    /// Manual mode: the `created` payment whose Checkout job sends the link.
    pub payment_id: Option<i64>,
}

impl PgBooking {
    /// Approves the lead in `mode` (the deployment's mode at this moment; the lead keeps it).
    pub async fn approve(
        &self,
        lead_id: LeadId,
        request: ApprovalRequest,
        mode: BookingMode,
        now: DateTime<Utc>,
    ) -> Result<Approved, BookingError> {
        let mut conn = self.begin().await?;
        let result = self
            .approve_in(&mut conn, lead_id, &request, mode, now)
            .await;
        Self::finish(&mut conn, result).await
    }

    /// The approval inside a transaction the caller holds (an action link marks its token used
    /// in the same transaction).
    pub(crate) async fn approve_in(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        request: &ApprovalRequest,
        mode: BookingMode,
        now: DateTime<Utc>,
    ) -> Result<Approved, BookingError> {
        let ctx = self.lock(conn, lead_id, now).await?;
        let Approval {
            mut changes,
            payment,
        } = approve(&ctx, request, mode, self.rules(), now)?;
        let payment_id = match payment {
            Some(payment) => {
                let id = insert_payment(conn, &self.setup().artist, lead_id, &payment, now).await?;
                changes.job(JobRequest::StripeCreateCheckout {
                    lead_id,
                    payment_id: id,
                });
                Some(id)
            }
            None => None,
        };
        self.write(conn, &changes, now).await?;
        Ok(Approved {
            lead_id,
            status: changes.lead.status(),
            booking_mode: mode,
            payment_id,
        })
    }
}
