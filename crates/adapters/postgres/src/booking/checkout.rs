//! The transactions of the `stripe.create_checkout` job (booking.md §3.7): one before the Stripe
//! call (is the session still wanted?) and one after it (link sent, or the handover when Stripe
//! refused). Stripe is never called with a transaction open. Locks follow the global order: lead,
//! payment, hold, then tokens and jobs as the lead's changes are written.

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use inkdesk_domain::booking::{
    CheckoutStart, DepositLink, LinkFailure, checkout_slot_label, checkout_start, link_created,
    link_failed, link_window_too_short,
};
use inkdesk_domain::consultation::LeadContext;
use inkdesk_domain::model::{BookingMode, LeadId, Money};
use inkdesk_domain::ports::CheckoutSession;

use super::checkout_rows::{
    LeadOf, PaymentRow, SessionOf, client_of, release_hold, set_status, store_session,
};
use super::{BookingError, PgBooking};
use crate::conversation::UnitError;
use crate::{DbConnection, NewJob, enqueue};

/// What Stripe is asked to create, read under the lead's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutToCreate {
    pub lead_id: LeadId,
    pub payment_id: i64,
    /// Calendar mode: the held slot's hold.
    pub hold_id: Option<i64>,
    /// The locked deposit.
    pub amount: Money,
    /// The hold's expiry, which the session's `expires_at` must equal.
    pub expires_at: DateTime<Utc>,
    /// `Mon 29 Mar 2027, 10:00 BST` for the Checkout page (calendar mode).
    pub slot_label: Option<String>,
}

/// What the job does after its first transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutStep {
    /// Nothing to create: settled before, no longer awaited (now cancelled), or too late for
    /// Stripe in calendar mode (the client gets fresh times instead).
    Finished,
    /// Manual mode with too little time left for Stripe: already recorded as a failed link.
    TooLate,
    Create(CheckoutToCreate),
}

impl PgBooking {
    /// Steps 1–2 of §3.7, in one transaction.
    pub async fn start_checkout(
        &self,
        payment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<CheckoutStep, BookingError> {
        let mut conn = self.begin().await?;
        let result = self.start_in(&mut conn, payment_id, now).await;
        Self::finish(&mut conn, result).await
    }

    /// Step 5: the session exists. The link goes out, unless the lead moved on while Stripe was
    /// called: then the session is expired instead.
    pub async fn checkout_created(
        &self,
        payment_id: i64,
        session: &CheckoutSession,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let mut conn = self.begin().await?;
        let result = self.created_in(&mut conn, payment_id, session, now).await;
        Self::finish(&mut conn, result).await
    }

    /// Step 6: Stripe refused for good (or retries ran out). The payment fails, its hold is
    /// released and the lead waits for the artist.
    pub async fn checkout_failed(
        &self,
        failure: &LinkFailure,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let mut conn = self.begin().await?;
        let result = self.failed_in(&mut conn, failure, now).await;
        Self::finish(&mut conn, result).await
    }

    /// The payment's Checkout session, for the `stripe.expire_session` job; `None` when it never
    /// got one (or the payment does not exist).
    pub async fn checkout_session_of(
        &self,
        payment_id: i64,
    ) -> Result<Option<String>, BookingError> {
        let mut conn = self.db().connection().await.map_err(UnitError::from)?;
        let session: Option<Option<String>> = diesel::sql_query(
            "SELECT stripe_checkout_session_id AS session_id FROM payments WHERE id = $1",
        )
        .bind::<BigInt, _>(payment_id)
        .get_result::<SessionOf>(&mut *conn)
        .await
        .optional()?
        .map(|row| row.session_id);
        Ok(session.flatten())
    }

    async fn start_in(
        &self,
        conn: &mut DbConnection,
        payment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<CheckoutStep, BookingError> {
        let Some((ctx, payment)) = self.lock_payment(conn, payment_id, now).await? else {
            return Ok(CheckoutStep::Finished);
        };
        let lead_id = ctx.lead.id;
        let calendar = ctx.lead.booking_mode() == Some(BookingMode::Calendar);
        match checkout_start(&ctx.lead, &payment.facts(), now) {
            CheckoutStart::AlreadySettled => Ok(CheckoutStep::Finished),
            CheckoutStart::NoLongerAwaited => {
                set_status(conn, payment_id, "cancelled").await?;
                Ok(CheckoutStep::Finished)
            }
            CheckoutStart::TooLate if calendar => {
                set_status(conn, payment_id, "cancelled").await?;
                release_hold(conn, payment.hold_id, "link_failed", now).await?;
                let changes = link_window_too_short(ctx.lead, ctx.payments, now)?;
                self.write(conn, &changes, now).await?;
                Ok(CheckoutStep::Finished)
            }
            CheckoutStart::TooLate => {
                let failure = LinkFailure {
                    payment_id,
                    error_type: "link_window_too_short".to_owned(),
                    error_code: None,
                };
                self.fail_locked(conn, ctx, &payment, &failure, now).await?;
                Ok(CheckoutStep::TooLate)
            }
            CheckoutStart::Create => {
                let zone = self
                    .setup()
                    .studio
                    .offer_zone(payment.tour_stop_key.as_deref());
                Ok(CheckoutStep::Create(CheckoutToCreate {
                    lead_id,
                    payment_id,
                    hold_id: payment.hold_id.filter(|_| calendar),
                    amount: payment.amount(payment_id)?,
                    expires_at: payment.expires_at,
                    slot_label: payment
                        .slot()
                        .filter(|_| calendar)
                        .map(|slot| checkout_slot_label(slot.start, zone)),
                }))
            }
        }
    }

    async fn created_in(
        &self,
        conn: &mut DbConnection,
        payment_id: i64,
        session: &CheckoutSession,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let Some((ctx, payment)) = self.lock_payment(conn, payment_id, now).await? else {
            return Ok(());
        };
        let lead_id = ctx.lead.id;
        if payment.session_id.as_deref() == Some(session.session_id.as_str()) {
            // An earlier run recorded this very session.
            return Ok(());
        }
        if session.expires_at != payment.expires_at {
            tracing::warn!(
                payment_id,
                "Stripe set a different expiry on the Checkout session than requested"
            );
        }
        let send = match checkout_start(&ctx.lead, &payment.facts(), now) {
            CheckoutStart::Create | CheckoutStart::TooLate => true,
            CheckoutStart::NoLongerAwaited => false,
            CheckoutStart::AlreadySettled if payment.session_id.is_some() => {
                tracing::warn!(payment_id, "a settled payment already has another session");
                return Ok(());
            }
            CheckoutStart::AlreadySettled => false,
        };
        let status = match (send, payment.status.as_str()) {
            (true, _) => "open",
            (false, "created") => "cancelled",
            (false, settled) => settled,
        };
        store_session(conn, payment_id, status, session).await?;
        if !send {
            tracing::info!(
                payment_id,
                lead_id = lead_id.0,
                "the lead moved on while its Checkout session was created; expiring it"
            );
            enqueue(conn, &NewJob::stripe_expire_session(lead_id, payment_id))
                .await
                .map_err(UnitError::from)?;
            return Ok(());
        }
        let link = DepositLink {
            url: session.url.clone(),
            amount: payment.amount(payment_id)?,
            expires_at: payment.expires_at,
            slot: payment.slot().filter(|_| payment.hold_id.is_some()),
            zone: self
                .setup()
                .studio
                .offer_zone(payment.tour_stop_key.as_deref()),
        };
        let artist_name = self.rules().studio.artist_name.clone();
        let changes = link_created(ctx.lead, ctx.payments, &link, &artist_name, now);
        self.write(conn, &changes, now).await
    }

    async fn failed_in(
        &self,
        conn: &mut DbConnection,
        failure: &LinkFailure,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let Some((ctx, payment)) = self.lock_payment(conn, failure.payment_id, now).await? else {
            return Ok(());
        };
        if payment.status != "created" {
            return Ok(());
        }
        self.fail_locked(conn, ctx, &payment, failure, now).await
    }

    /// Fails the locked payment and releases its hold; a lead still waiting for this link is
    /// handed over to the artist.
    async fn fail_locked(
        &self,
        conn: &mut DbConnection,
        ctx: LeadContext,
        payment: &PaymentRow,
        failure: &LinkFailure,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let awaited = checkout_start(&ctx.lead, &payment.facts(), now);
        set_status(conn, failure.payment_id, "failed").await?;
        release_hold(conn, payment.hold_id, "link_failed", now).await?;
        if !matches!(awaited, CheckoutStart::Create | CheckoutStart::TooLate) {
            return Ok(());
        }
        let client = client_of(conn, ctx.lead.contact_id).await?;
        let artist_name = self.rules().studio.artist_name.clone();
        let changes = link_failed(ctx.lead, ctx.payments, failure, &client, &artist_name, now)?;
        self.write(conn, &changes, now).await
    }

    /// Locks the payment's lead, then the payment. `None` when the payment does not exist.
    async fn lock_payment(
        &self,
        conn: &mut DbConnection,
        payment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<(LeadContext, PaymentRow)>, BookingError> {
        let lead: Option<LeadOf> = diesel::sql_query("SELECT lead_id FROM payments WHERE id = $1")
            .bind::<BigInt, _>(payment_id)
            .get_result(&mut **conn)
            .await
            .optional()?;
        let Some(LeadOf { lead_id }) = lead else {
            tracing::warn!(payment_id, "Checkout job for a payment that does not exist");
            return Ok(None);
        };
        let ctx = self.lock(conn, LeadId(lead_id), now).await?;
        let payment = PaymentRow::lock(conn, payment_id).await?;
        Ok(Some((ctx, payment)))
    }
}
