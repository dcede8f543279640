//! `send_deposit` (http-api.md §5.6): a new deposit link in one transaction; the Checkout job
//! creates and sends it after commit.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::booking::{DepositFacts, HoldTerms, send_deposit};
use inkdesk_domain::consultation::JobRequest;
use inkdesk_domain::model::{LeadId, LeadStatus, Money};

use super::hold_rows::lock_holds;
use super::payment_rows::{lock_payments, write_payment};
use super::{BookingError, PgBooking, insert_payment};

/// The payment the link is being created for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepositSent {
    pub status: LeadStatus,
    pub payment_id: i64,
    pub amount: Money,
    pub expires_at: DateTime<Utc>,
}

impl PgBooking {
    pub async fn send_deposit(
        &self,
        lead_id: LeadId,
        override_minor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<DepositSent, BookingError> {
        let mut conn = self.begin().await?;
        let result = self
            .send_deposit_in(&mut conn, lead_id, override_minor, now)
            .await;
        Self::finish(&mut conn, result).await
    }

    pub(crate) async fn send_deposit_in(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        override_minor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<DepositSent, BookingError> {
        let context = self.lock(conn, lead_id, now).await?;
        let payments = lock_payments(conn, lead_id).await?;
        let holds = lock_holds(conn, lead_id).await?;
        let facts = DepositFacts {
            lead: context.lead,
            payment_facts: context.payments,
            payments: &payments,
            holds: &holds,
        };
        let terms = HoldTerms::from_rules(self.rules());
        let mut reissue = send_deposit(facts, override_minor, &terms, now)?;
        for payment in &reissue.cancelled {
            write_payment(conn, payment).await?;
        }
        let payment_id =
            insert_payment(conn, &self.setup().artist, lead_id, &reissue.payment, now).await?;
        reissue.changes.job(JobRequest::StripeCreateCheckout {
            lead_id,
            payment_id,
        });
        self.write(conn, &reissue.changes, now).await?;
        Ok(DepositSent {
            status: reissue.changes.lead.status(),
            payment_id,
            amount: reissue.payment.amount,
            expires_at: reissue.payment.expires_at,
        })
    }
}
