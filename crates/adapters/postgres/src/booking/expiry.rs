//! `expire_payment(payment_id)` for the `hold-expiry` sweep (booking.md §6): the same decision a
//! `checkout.session.expired` event takes, one transaction per payment, idempotent.

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use inkdesk_domain::booking::{EventOutcome, ExpiryTrigger, expire_payment};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::ports::PortError;

use super::hold_rows::apply_hold_writes;
use super::{BookingError, PgBooking};

#[derive(diesel::QueryableByName)]
struct PaymentLead {
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
}

impl PgBooking {
    /// Expires a payment whose session lapsed. `None` when the payment does not exist; otherwise
    /// whether anything changed (`Processed`) or it was already settled (`Duplicate`).
    pub async fn expire_payment(
        &self,
        payment_id: i64,
        trigger: ExpiryTrigger,
        now: DateTime<Utc>,
    ) -> Result<Option<EventOutcome>, BookingError> {
        let mut conn = self.begin().await?;
        let result = async {
            let owner: Option<PaymentLead> =
                diesel::sql_query("SELECT lead_id FROM payments WHERE id = $1")
                    .bind::<BigInt, _>(payment_id)
                    .get_result(&mut *conn)
                    .await
                    .optional()?;
            let Some(owner) = owner else {
                return Ok(None);
            };
            let case = self
                .payment_case(&mut conn, LeadId(owner.lead_id), payment_id, now)
                .await?;
            let decision = expire_payment(&case, trigger, self.rules(), now);
            if apply_hold_writes(&mut conn, &decision.writes.holds, now)
                .await?
                .is_err()
            {
                return Err(BookingError::Port(PortError::Conflict(
                    "releasing a hold overlapped a live hold".to_owned(),
                )));
            }
            self.write_decision(&mut conn, &decision, now).await?;
            Ok(Some(decision.outcome))
        }
        .await;
        Self::finish(&mut conn, result).await
    }
}

#[derive(diesel::QueryableByName)]
struct LapsedPayment {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

impl PgBooking {
    /// Payments still `created`/`open` whose session lapsed more than the grace ago (booking.md §6),
    /// oldest first.
    pub async fn lapsed_payments(
        &self,
        now: DateTime<Utc>,
        grace_seconds: i64,
        limit: i64,
    ) -> Result<Vec<i64>, BookingError> {
        let mut conn = self
            .db()
            .connection()
            .await
            .map_err(crate::conversation::UnitError::from)?;
        let lapsed: Vec<LapsedPayment> = crate::cached_sql::cached_sql(
            "SELECT id FROM payments
             WHERE status IN ('created', 'open')
               AND expires_at + make_interval(secs => $2) <= $1
             ORDER BY expires_at, id LIMIT $3",
        )
        .bind::<diesel::sql_types::Timestamptz, _>(now)
        .bind::<diesel::sql_types::Double, _>(grace_seconds as f64)
        .bind::<BigInt, _>(limit)
        .load(&mut *conn)
        .await?;
        Ok(lapsed.into_iter().map(|payment| payment.id).collect())
    }
}
