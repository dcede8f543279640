//! Reading, locking and writing `payments` rows for the payment decisions (booking.md §3.8, §6–§8).

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{PaymentRecord, ReviewPayment};
use inkdesk_domain::model::{ArtistId, LeadId, Money};

use super::BookingError;
use crate::conversation::UnitError;

#[derive(diesel::QueryableByName)]
struct PaymentRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
    #[diesel(sql_type = BigInt)]
    amount_minor: i64,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    hold_id: Option<i64>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    stripe_checkout_session_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    stripe_payment_intent_id: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    amount_received_minor: Option<i64>,
    #[diesel(sql_type = BigInt)]
    amount_refunded_minor: i64,
    #[diesel(sql_type = Bool)]
    requires_review: bool,
    #[diesel(sql_type = Nullable<Text>)]
    review_reason: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    livemode: Option<bool>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    paid_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    expired_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    refunded_at: Option<DateTime<Utc>>,
}

impl PaymentRow {
    fn into_record(self) -> Result<PaymentRecord, BookingError> {
        let what = || format!("payment {}", self.id);
        let currency = self
            .currency
            .parse()
            .map_err(|e| UnitError::unreadable(what(), e))?;
        let status = self
            .status
            .parse()
            .map_err(|e| UnitError::unreadable(what(), e))?;
        Ok(PaymentRecord {
            id: self.id,
            lead_id: LeadId(self.lead_id),
            amount: Money::new(self.amount_minor, currency),
            status,
            hold_id: self.hold_id,
            created_at: self.created_at,
            stripe_checkout_session_id: self.stripe_checkout_session_id,
            stripe_payment_intent_id: self.stripe_payment_intent_id,
            amount_received_minor: self.amount_received_minor,
            amount_refunded_minor: self.amount_refunded_minor,
            requires_review: self.requires_review,
            review_reason: self.review_reason,
            livemode: self.livemode,
            paid_at: self.paid_at,
            expired_at: self.expired_at,
            refunded_at: self.refunded_at,
        })
    }
}

#[derive(diesel::QueryableByName)]
struct Owner {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
}

/// The lead's payments, locked in ascending id order (the global lock order), oldest first.
pub(crate) async fn lock_payments(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Result<Vec<PaymentRecord>, BookingError> {
    let rows: Vec<PaymentRow> = diesel::sql_query(
        "SELECT id, lead_id, amount_minor, currency::text AS currency, status, hold_id, created_at,
                stripe_checkout_session_id, stripe_payment_intent_id, amount_received_minor,
                amount_refunded_minor, requires_review, review_reason, livemode, paid_at,
                expired_at, refunded_at
         FROM payments WHERE lead_id = $1 ORDER BY id FOR UPDATE",
    )
    .bind::<BigInt, _>(lead.0)
    .load(conn)
    .await?;
    rows.into_iter().map(PaymentRow::into_record).collect()
}

/// The payment (and its lead) of a Checkout session, read without a lock: the lead is locked
/// first, then the payment again.
pub(crate) async fn find_by_session(
    conn: &mut AsyncPgConnection,
    session_id: &str,
) -> Result<Option<(i64, LeadId)>, BookingError> {
    find_by(conn, "stripe_checkout_session_id", session_id).await
}

/// The payment (and its lead) of a payment intent, for refunds and disputes.
pub(crate) async fn find_by_intent(
    conn: &mut AsyncPgConnection,
    payment_intent: &str,
) -> Result<Option<(i64, LeadId)>, BookingError> {
    find_by(conn, "stripe_payment_intent_id", payment_intent).await
}

async fn find_by(
    conn: &mut AsyncPgConnection,
    column: &'static str,
    value: &str,
) -> Result<Option<(i64, LeadId)>, BookingError> {
    let owner: Option<Owner> = diesel::sql_query(format!(
        "SELECT id, lead_id FROM payments WHERE {column} = $1"
    ))
    .bind::<Text, _>(value)
    .get_result(conn)
    .await
    .optional()?;
    Ok(owner.map(|o| (o.id, LeadId(o.lead_id))))
}

/// Writes the columns a decision may change.
pub(crate) async fn write_payment(
    conn: &mut AsyncPgConnection,
    payment: &PaymentRecord,
) -> Result<(), BookingError> {
    diesel::sql_query(
        "UPDATE payments
         SET status = $2, stripe_payment_intent_id = $3, amount_received_minor = $4,
             amount_refunded_minor = $5, requires_review = $6, review_reason = $7, livemode = $8,
             paid_at = $9, expired_at = $10, refunded_at = $11
         WHERE id = $1",
    )
    .bind::<BigInt, _>(payment.id)
    .bind::<Text, _>(payment.status.as_str())
    .bind::<Nullable<Text>, _>(payment.stripe_payment_intent_id.as_deref())
    .bind::<Nullable<BigInt>, _>(payment.amount_received_minor)
    .bind::<BigInt, _>(payment.amount_refunded_minor)
    .bind::<Bool, _>(payment.requires_review)
    .bind::<Nullable<Text>, _>(payment.review_reason.as_deref())
    .bind::<Nullable<Bool>, _>(payment.livemode)
    .bind::<Nullable<Timestamptz>, _>(payment.paid_at)
    .bind::<Nullable<Timestamptz>, _>(payment.expired_at)
    .bind::<Nullable<Timestamptz>, _>(payment.refunded_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A paid session inkdesk never created (booking.md §3.8 step 3), recorded under review. A
/// second delivery of the same session (or intent) finds its row and inserts nothing.
pub(crate) async fn insert_review_payment(
    conn: &mut AsyncPgConnection,
    artist: &ArtistId,
    lead: LeadId,
    payment: &ReviewPayment,
    livemode: bool,
) -> Result<(), BookingError> {
    diesel::sql_query(
        "WITH next AS (SELECT nextval(pg_get_serial_sequence('payments', 'id')) AS id)
         INSERT INTO payments (id, artist_id, lead_id, amount_minor, currency, status,
                               idempotency_key, stripe_checkout_session_id, expires_at,
                               stripe_payment_intent_id, amount_received_minor, livemode,
                               requires_review, review_reason, paid_at, created_at, updated_at)
         OVERRIDING SYSTEM VALUE
         SELECT next.id, $1, $2, $3, $4, 'paid', 'stripe-session-' || $5, $5, $6, $7, $3, $8,
                true, $9, $6, $6, $6
         FROM next
         ON CONFLICT DO NOTHING",
    )
    .bind::<Text, _>(&artist.0)
    .bind::<BigInt, _>(lead.0)
    .bind::<BigInt, _>(payment.amount.amount_minor)
    .bind::<Text, _>(payment.amount.currency.as_str())
    .bind::<Text, _>(&payment.session_id)
    .bind::<Timestamptz, _>(payment.paid_at)
    .bind::<Nullable<Text>, _>(payment.payment_intent.as_deref())
    .bind::<Bool, _>(livemode)
    .bind::<Text, _>(payment.review_reason)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deferred link messages of a lapsed payment would send a dead link once the client replies.
pub(crate) async fn cancel_deferred_links(
    conn: &mut AsyncPgConnection,
    payment_id: i64,
) -> Result<(), BookingError> {
    diesel::sql_query(
        "UPDATE outbound_messages SET state = 'cancelled'
         WHERE payment_id = $1 AND state = 'deferred'",
    )
    .bind::<BigInt, _>(payment_id)
    .execute(conn)
    .await?;
    Ok(())
}
