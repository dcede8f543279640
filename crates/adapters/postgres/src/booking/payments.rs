//! `payments` rows (booking.md §3.7, data-and-ops.md §2.5).

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::NewPayment;
use inkdesk_domain::model::{ArtistId, LeadId};

use crate::conversation::UnitError;

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Inserts a `created` payment whose Stripe idempotency key derives from its own id
/// (`inkdesk-checkout-<payment_id>`), so every retry of its Checkout creation reuses one key.
/// Fails with the unit-of-work error so the inbound unit can use it too (`?` turns it into a
/// `BookingError` in the booking use cases).
pub(crate) async fn insert_payment(
    conn: &mut AsyncPgConnection,
    artist: &ArtistId,
    lead: LeadId,
    payment: &NewPayment,
    now: DateTime<Utc>,
) -> Result<i64, UnitError> {
    let Inserted { id } = diesel::sql_query(
        "WITH next AS (SELECT nextval(pg_get_serial_sequence('payments', 'id')) AS id)
         INSERT INTO payments (id, artist_id, lead_id, amount_minor, currency, status,
                               idempotency_key, expires_at, hold_id, deposit_rule_version,
                               created_at, updated_at)
         OVERRIDING SYSTEM VALUE
         SELECT next.id, $1, $2, $3, $4, 'created', 'inkdesk-checkout-' || next.id, $5, $6, $7,
                $8, $8
         FROM next
         RETURNING id",
    )
    .bind::<Text, _>(&artist.0)
    .bind::<BigInt, _>(lead.0)
    .bind::<BigInt, _>(payment.amount.amount_minor)
    .bind::<Text, _>(payment.amount.currency.as_str())
    .bind::<Timestamptz, _>(payment.expires_at)
    .bind::<Nullable<BigInt>, _>(payment.hold_id)
    .bind::<Text, _>(&payment.rule_version)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await?;
    Ok(id)
}
