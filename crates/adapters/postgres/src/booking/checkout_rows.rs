//! The `payments` row as the Checkout job reads and changes it, with its hold and offer, and the
//! client's name for the artist's notification.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::CheckoutFacts;
use inkdesk_domain::copy::client_label;
use inkdesk_domain::model::{ContactId, Currency, Money, Phone};
use inkdesk_domain::ports::CheckoutSession;
use inkdesk_domain::slots::TimeRange;

use super::BookingError;
use crate::conversation::UnitError;

/// A `payments` row with its hold and offer, locked `FOR UPDATE OF p`.
#[derive(diesel::QueryableByName)]
pub(super) struct PaymentRow {
    #[diesel(sql_type = Text)]
    pub(super) status: String,
    #[diesel(sql_type = BigInt)]
    pub(super) amount_minor: i64,
    #[diesel(sql_type = Text)]
    pub(super) currency: String,
    #[diesel(sql_type = Timestamptz)]
    pub(super) expires_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub(super) hold_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) session_id: Option<String>,
    /// No later payment of the lead exists.
    #[diesel(sql_type = Bool)]
    pub(super) newest: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) hold_state: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub(super) slot_start: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub(super) slot_end: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) tour_stop_key: Option<String>,
}

impl PaymentRow {
    /// Locks the payment (its lead must already be locked: the global order).
    pub(super) async fn lock(
        conn: &mut AsyncPgConnection,
        payment_id: i64,
    ) -> Result<Self, BookingError> {
        Ok(diesel::sql_query(
            "SELECT p.status, p.amount_minor, p.currency::text AS currency, p.expires_at,
                    p.hold_id, p.stripe_checkout_session_id AS session_id,
                    NOT EXISTS (SELECT 1 FROM payments later
                                WHERE later.lead_id = p.lead_id AND later.id > p.id) AS newest,
                    h.state AS hold_state, lower(h.session_range) AS slot_start,
                    upper(h.session_range) AS slot_end, o.tour_stop_key
             FROM payments p
             LEFT JOIN slot_holds h ON h.id = p.hold_id
             LEFT JOIN slot_offers o ON o.id = h.slot_offer_id
             WHERE p.id = $1
             FOR UPDATE OF p",
        )
        .bind::<BigInt, _>(payment_id)
        .get_result(conn)
        .await?)
    }

    pub(super) fn facts(&self) -> CheckoutFacts {
        let hold_live = match (&self.hold_id, &self.hold_state) {
            (None, _) => true,
            (Some(_), state) => state.as_deref() == Some("held"),
        };
        CheckoutFacts {
            payment_created: self.status == "created",
            current_for_lead: self.newest && hold_live,
            expires_at: self.expires_at,
        }
    }

    pub(super) fn slot(&self) -> Option<TimeRange> {
        Some(TimeRange::new(self.slot_start?, self.slot_end?))
    }

    pub(super) fn amount(&self, payment_id: i64) -> Result<Money, BookingError> {
        let currency: Currency = self
            .currency
            .parse()
            .map_err(|e| UnitError::unreadable(format!("payment {payment_id}"), e))?;
        Ok(Money::new(self.amount_minor, currency))
    }
}

#[derive(diesel::QueryableByName)]
pub(super) struct LeadOf {
    #[diesel(sql_type = BigInt)]
    pub(super) lead_id: i64,
}

#[derive(diesel::QueryableByName)]
pub(super) struct SessionOf {
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) session_id: Option<String>,
}

pub(super) async fn set_status(
    conn: &mut AsyncPgConnection,
    payment_id: i64,
    status: &str,
) -> Result<(), BookingError> {
    diesel::sql_query("UPDATE payments SET status = $2 WHERE id = $1")
        .bind::<BigInt, _>(payment_id)
        .bind::<Text, _>(status)
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn store_session(
    conn: &mut AsyncPgConnection,
    payment_id: i64,
    status: &str,
    session: &CheckoutSession,
) -> Result<(), BookingError> {
    diesel::sql_query(
        "UPDATE payments SET status = $2, stripe_checkout_session_id = $3, checkout_url = $4
         WHERE id = $1",
    )
    .bind::<BigInt, _>(payment_id)
    .bind::<Text, _>(status)
    .bind::<Text, _>(&session.session_id)
    .bind::<Text, _>(&session.url)
    .execute(conn)
    .await?;
    Ok(())
}

/// Releases the hold if it is still `held` (a confirmed booking is never released here).
pub(super) async fn release_hold(
    conn: &mut AsyncPgConnection,
    hold_id: Option<i64>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let Some(hold_id) = hold_id else {
        return Ok(());
    };
    diesel::sql_query(
        "UPDATE slot_holds SET state = 'released', release_reason = $2, released_at = $3
         WHERE id = $1 AND state = 'held'",
    )
    .bind::<BigInt, _>(hold_id)
    .bind::<Text, _>(reason)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct ContactName {
    #[diesel(sql_type = Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    profile_name: Option<String>,
}

/// How the artist's notification names the client: `Alex (+447700900123)`.
pub(super) async fn client_of(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
) -> Result<String, BookingError> {
    let row: ContactName =
        diesel::sql_query("SELECT phone, profile_name FROM contacts WHERE id = $1")
            .bind::<BigInt, _>(contact.0)
            .get_result(conn)
            .await?;
    let phone = row.phone.as_deref().and_then(|raw| Phone::parse(raw).ok());
    Ok(match phone {
        Some(phone) => client_label(row.profile_name.as_deref(), &phone),
        None => row.profile_name.unwrap_or_else(|| "client".to_owned()),
    })
}
