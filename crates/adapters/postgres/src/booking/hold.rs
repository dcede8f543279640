//! A picked slot, held inside the inbound message's unit of work (booking.md §3.5–§3.6), and a
//! manual-mode deposit link re-issued there (§4). The conversation already wrote the lead; this
//! locks it again (the same transaction holds the lock), lets `inkdesk_domain::booking` decide and
//! writes a second update of the lead with the booking rows.
//!
//! The exclusion constraint on `slot_holds` is the only arbiter between leads racing for one slot:
//! the insert runs inside a savepoint, and a violation (SQLSTATE 23P01) rolls back to it and
//! becomes the "slot taken" outcome instead of failing the message.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::OptionalExtension;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{BigInt, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, RunQueryDsl, TransactionManager};
use inkdesk_domain::booking::{
    LeadChanges, PaidPick, PickAudience, book_paid_pick, books_on_pick, offer_again, plan_hold,
    reissue_deposit, slot_taken,
};
use inkdesk_domain::consultation::JobRequest;
use inkdesk_domain::consultation::LeadContext;
use inkdesk_domain::model::{ArtistId, LeadId};
use inkdesk_domain::service::render_message;
use inkdesk_domain::slots::HoldRange;
use serde::Deserialize;

use super::client_label::client_label;
use super::insert_payment;
use crate::conversation::{UnitError, UnitSetup as Setup, lock_lead, write_changes};

/// The client picked slot `index` (1-based, as shown) of offer `offer_id`.
pub(crate) async fn hold_picked_slot(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    lead_id: LeadId,
    offer_id: i64,
    index: usize,
    now: DateTime<Utc>,
) -> Result<(), UnitError> {
    let Some(ctx) = lock_lead(conn, setup, lead_id, now).await? else {
        tracing::warn!(
            lead_id = lead_id.0,
            "slot pick for a lead that does not exist"
        );
        return Ok(());
    };
    if books_on_pick(&ctx.lead, ctx.payments) {
        return book_picked_slot(conn, setup, ctx, offer_id, index, now).await;
    }
    let terms = &setup.studio.holds;
    // Decided before any row is written, so a refused pick leaves nothing behind.
    let planned = match plan_hold(ctx.lead.clone(), ctx.payments, terms, now) {
        Ok(planned) => planned,
        Err(refusal) => {
            tracing::warn!(
                lead_id = lead_id.0,
                status = ctx.lead.status().as_str(),
                error = %refusal,
                "slot pick not held"
            );
            return Ok(());
        }
    };
    let picked = offered_slot(conn, lead_id, offer_id, index).await?;
    let range = picked
        .as_ref()
        .and_then(|slot| HoldRange::for_slot(slot.start, slot.end, terms.buffer_minutes).ok());
    let (Some(slot), Some(range)) = (picked, range) else {
        tracing::warn!(
            lead_id = lead_id.0,
            offer_id,
            index,
            "the picked slot is not in the lead's open offer; offering afresh"
        );
        return write(conn, setup, &offer_again(ctx.lead, ctx.payments), now).await;
    };
    let grace = TimeDelta::seconds(i64::from(terms.release_grace_seconds));
    release_expired_holds(conn, &setup.artist, &range, now - grace, now).await?;
    let hold = NewHold {
        artist: &setup.artist,
        lead: lead_id,
        offer_id: Some(offer_id),
        range: &range,
        expires_at: Some(planned.expires_at),
        now,
    };
    match insert_hold(conn, &hold).await? {
        Some(hold_id) => {
            mark_offer_used(conn, offer_id).await?;
            let (mut changes, payment) = planned.held(hold_id);
            let payment_id = insert_payment(conn, &setup.artist, lead_id, &payment, now).await?;
            changes.job(JobRequest::StripeCreateCheckout {
                lead_id,
                payment_id,
            });
            write(conn, setup, &changes, now).await
        }
        None => {
            mark_slot_taken(conn, offer_id, slot.stored_index).await?;
            let changes = slot_taken(ctx.lead, ctx.payments, slot.start, index);
            write(conn, setup, &changes, now).await
        }
    }
}

/// A paid lead's pick: the slot is held `confirmed` and the lead booked in this unit of work, so
/// the confirmations are rendered here.
async fn book_picked_slot(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    ctx: LeadContext,
    offer_id: i64,
    index: usize,
    now: DateTime<Utc>,
) -> Result<(), UnitError> {
    let lead_id = ctx.lead.id;
    let Some(copy) = setup.copy.clone() else {
        tracing::warn!(
            lead_id = lead_id.0,
            "a paid lead picked a slot, but this store renders no messages"
        );
        return Ok(());
    };
    let terms = &setup.studio.holds;
    let picked = offered_slot(conn, lead_id, offer_id, index).await?;
    let range = picked
        .as_ref()
        .and_then(|slot| HoldRange::for_slot(slot.start, slot.end, terms.buffer_minutes).ok());
    let (Some(slot), Some(range)) = (picked, range) else {
        return write(conn, setup, &offer_again(ctx.lead, ctx.payments), now).await;
    };
    let grace = TimeDelta::seconds(i64::from(terms.release_grace_seconds));
    release_expired_holds(conn, &setup.artist, &range, now - grace, now).await?;
    let hold = NewHold {
        artist: &setup.artist,
        lead: lead_id,
        offer_id: Some(offer_id),
        range: &range,
        expires_at: None,
        now,
    };
    let Some(hold_id) = insert_hold(conn, &hold).await? else {
        mark_slot_taken(conn, offer_id, slot.stored_index).await?;
        let changes = slot_taken(ctx.lead, ctx.payments, slot.start, index);
        return write(conn, setup, &changes, now).await;
    };
    mark_offer_used(conn, offer_id).await?;
    // A failed read here fails the unit's next statement anyway; the label is only cosmetic.
    let client = client_label(conn, ctx.lead.contact_id)
        .await
        .unwrap_or_else(|_| "client".to_owned());
    let pick = PaidPick {
        hold_id,
        start: slot.start,
        end: slot.end,
    };
    let audience = PickAudience {
        artist_name: &copy.artist_name,
        client: &client,
        zone: setup.studio.zone,
    };
    let changes = book_paid_pick(ctx.lead, ctx.payments, pick, audience, now)
        .map_err(|refusal| UnitError::unreadable("paid pick", refusal))?;
    let mut messages = Vec::with_capacity(changes.outbound.len());
    for message in &changes.outbound {
        let (rendered, _) = render_message(&copy.catalogue, &copy.links, message, &[], now)
            .map_err(|error| UnitError::unreadable("paid pick message", error))?;
        messages.push(rendered);
    }
    write_changes(conn, setup, &changes, &messages, &[], now).await
}

/// Manual mode: a new `created` payment for the locked deposit and its Checkout job; the lead is
/// already back in `AWAITING_DEPOSIT`.
pub(crate) async fn reissue_deposit_link(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    lead_id: LeadId,
    now: DateTime<Utc>,
) -> Result<(), UnitError> {
    let Some(ctx) = lock_lead(conn, setup, lead_id, now).await? else {
        tracing::warn!(
            lead_id = lead_id.0,
            "link re-issue for a lead that does not exist"
        );
        return Ok(());
    };
    let status = ctx.lead.status();
    let (mut changes, payment) =
        match reissue_deposit(ctx.lead, ctx.payments, &setup.studio.holds, now) {
            Ok(decided) => decided,
            Err(refusal) => {
                tracing::warn!(
                    lead_id = lead_id.0,
                    status = status.as_str(),
                    error = %refusal,
                    "deposit link not re-issued"
                );
                return Ok(());
            }
        };
    let payment_id = insert_payment(conn, &setup.artist, lead_id, &payment, now).await?;
    changes.job(JobRequest::StripeCreateCheckout {
        lead_id,
        payment_id,
    });
    write(conn, setup, &changes, now).await
}

/// These decisions send nothing themselves (the jobs they enqueue do), so there is nothing to
/// render inside the store.
async fn write(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    changes: &LeadChanges,
    now: DateTime<Utc>,
) -> Result<(), UnitError> {
    debug_assert!(
        changes.outbound.is_empty(),
        "hold decisions send no message"
    );
    write_changes(conn, setup, changes, &[], &[], now).await
}

/// One element of `slot_offers.slots` (`[{index, start, end, taken}]`).
#[derive(Deserialize)]
struct StoredSlot {
    index: u32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

struct PickedSlot {
    stored_index: u32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

#[derive(diesel::QueryableByName)]
struct OfferSlots {
    #[diesel(sql_type = Jsonb)]
    slots: serde_json::Value,
}

/// The slot the client saw as number `index` in the lead's open offer, which is locked for the
/// rest of the unit. Numbers are positions in index order, as the conversation read them.
async fn offered_slot(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    offer_id: i64,
    index: usize,
) -> Result<Option<PickedSlot>, UnitError> {
    let stored: Option<OfferSlots> = diesel::sql_query(
        "SELECT slots FROM slot_offers WHERE id = $1 AND lead_id = $2 AND state = 'open'
         FOR UPDATE",
    )
    .bind::<BigInt, _>(offer_id)
    .bind::<BigInt, _>(lead.0)
    .get_result(conn)
    .await
    .optional()?;
    let Some(OfferSlots { slots }) = stored else {
        return Ok(None);
    };
    let mut slots: Vec<StoredSlot> = serde_json::from_value(slots)
        .map_err(|e| UnitError::unreadable(format!("slot offer {offer_id}"), e))?;
    slots.sort_by_key(|slot| slot.index);
    Ok(index
        .checked_sub(1)
        .and_then(|at| slots.get(at))
        .map(|slot| PickedSlot {
            stored_index: slot.index,
            start: slot.start,
            end: slot.end,
        }))
}

/// Lazy release (§3.6): the artist's `held` holds overlapping the new range whose expiry plus the
/// grace has passed make way, whatever lead they belong to.
async fn release_expired_holds(
    conn: &mut AsyncPgConnection,
    artist: &ArtistId,
    range: &HoldRange,
    expired_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), UnitError> {
    let released = diesel::sql_query(
        "UPDATE slot_holds SET state = 'released', release_reason = 'expired', released_at = $4
         WHERE id IN (SELECT id FROM slot_holds
                      WHERE artist_id = $1 AND state = 'held'
                        AND blocked_range && tstzrange($2, $3, '[)') AND expires_at <= $5
                      ORDER BY id FOR UPDATE)",
    )
    .bind::<Text, _>(&artist.0)
    .bind::<Timestamptz, _>(range.blocked.start)
    .bind::<Timestamptz, _>(range.blocked.end)
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(expired_before)
    .execute(conn)
    .await?;
    if released > 0 {
        tracing::info!(released, "expired holds released to make way for a new one");
    }
    Ok(())
}

pub(crate) struct NewHold<'a> {
    pub artist: &'a ArtistId,
    pub lead: LeadId,
    /// The offer it was picked from; `None` for times the artist gave.
    pub offer_id: Option<i64>,
    pub range: &'a HoldRange,
    /// `Some` for a `held` hold (its TTL); `None` inserts it `confirmed`.
    pub expires_at: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Inserts the `held` hold inside a savepoint. `None`: an overlapping live hold of the artist
/// exists (or committed while this insert waited for it); the savepoint is rolled back and the
/// unit of work goes on.
/// Inserts the hold inside a savepoint; `None` when the exclusion constraint says the time is
/// taken (the savepoint is rolled back, the surrounding transaction goes on).
pub(crate) async fn insert_hold(
    conn: &mut AsyncPgConnection,
    hold: &NewHold<'_>,
) -> Result<Option<i64>, UnitError> {
    AnsiTransactionManager::begin_transaction(conn).await?;
    let inserted = diesel::sql_query(
        "INSERT INTO slot_holds (artist_id, lead_id, slot_offer_id, session_range, blocked_range,
                                 state, expires_at, created_at, confirmed_at)
         VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), tstzrange($6, $7, '[)'),
                 CASE WHEN $8::timestamptz IS NULL THEN 'confirmed' ELSE 'held' END, $8, $9,
                 CASE WHEN $8::timestamptz IS NULL THEN $9 END)
         RETURNING id",
    )
    .bind::<Text, _>(&hold.artist.0)
    .bind::<BigInt, _>(hold.lead.0)
    .bind::<Nullable<BigInt>, _>(hold.offer_id)
    .bind::<Timestamptz, _>(hold.range.session.start)
    .bind::<Timestamptz, _>(hold.range.session.end)
    .bind::<Timestamptz, _>(hold.range.blocked.start)
    .bind::<Timestamptz, _>(hold.range.blocked.end)
    .bind::<Nullable<Timestamptz>, _>(hold.expires_at)
    .bind::<Timestamptz, _>(hold.now)
    .get_result::<Inserted>(conn)
    .await;
    match inserted {
        Ok(Inserted { id }) => {
            AnsiTransactionManager::commit_transaction(conn).await?;
            Ok(Some(id))
        }
        Err(DieselError::DatabaseError(DatabaseErrorKind::ExclusionViolation, _)) => {
            AnsiTransactionManager::rollback_transaction(conn).await?;
            Ok(None)
        }
        Err(other) => {
            // The unit of work fails as a whole; its rollback ends the savepoint too.
            let _ = AnsiTransactionManager::rollback_transaction(conn).await;
            Err(other.into())
        }
    }
}

async fn mark_offer_used(conn: &mut AsyncPgConnection, offer_id: i64) -> Result<(), UnitError> {
    diesel::sql_query("UPDATE slot_offers SET state = 'used' WHERE id = $1")
        .bind::<BigInt, _>(offer_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the slot `taken` in the offer, so the offer shows which of its times went elsewhere.
async fn mark_slot_taken(
    conn: &mut AsyncPgConnection,
    offer_id: i64,
    stored_index: u32,
) -> Result<(), UnitError> {
    diesel::sql_query(
        "UPDATE slot_offers SET slots = (
             SELECT jsonb_agg(CASE WHEN (slot ->> 'index')::int = $2
                                   THEN slot || '{\"taken\": true}'::jsonb ELSE slot END
                              ORDER BY position)
             FROM jsonb_array_elements(slots) WITH ORDINALITY AS element(slot, position))
         WHERE id = $1",
    )
    .bind::<BigInt, _>(offer_id)
    .bind::<Int4, _>(i32::try_from(stored_index).unwrap_or(i32::MAX))
    .execute(conn)
    .await?;
    Ok(())
}
