//! Slot offers (booking.md §3.4): what the `slots.offer` job reads before going to the calendar,
//! and the one transaction that supersedes the lead's open offer, stores the new one and sends it
//! (or, with no free time, falls back to time windows). Also the fallback when the calendar could
//! not be read at all (§3.1 step 5).

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Bool, Jsonb, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{
    NewOffer, OfferDecision, OfferFacts, calendar_unavailable, offer_slots, wants_offer,
};
use inkdesk_domain::consultation::OfferCause;
use inkdesk_domain::model::{LeadId, LeadStatus, SizeCategory};
use inkdesk_domain::slots::Slot;

use super::client_label::client_label;
use super::offer_list::attach_slot_list;
use super::{BookingError, PgBooking};
use crate::DbConnection;

/// What slot generation needs to know about a lead that still wants an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferBasis {
    pub category: Option<SizeCategory>,
    pub tour_stop_key: Option<String>,
}

/// What the offer transaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferOutcome {
    /// The lead no longer waits for times; nothing was written.
    NotWanted { status: LeadStatus },
    /// Offer `offer_id` with `slots` times was stored and sent.
    Offered { offer_id: i64, slots: usize },
    /// No free time: the lead is now in `status` (time windows, or the artist for a paid lead).
    NoSlots { status: LeadStatus },
}

#[derive(diesel::QueryableByName)]
struct Found {
    #[diesel(sql_type = Bool)]
    found: bool,
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

impl PgBooking {
    /// Whether the lead still wants an offer for `cause`, and what its slots depend on. `None`
    /// means the job has nothing to do (checked again under the lock when the offer is written).
    pub async fn offer_basis(
        &self,
        lead_id: LeadId,
        cause: OfferCause,
        now: DateTime<Utc>,
    ) -> Result<Option<OfferBasis>, BookingError> {
        let mut conn = self.begin().await?;
        let result = async {
            let ctx = self.lock(&mut conn, lead_id, now).await?;
            let booked = has_confirmed_hold(&mut conn, lead_id).await?;
            let lead = &ctx.lead;
            Ok(wants_offer(lead, cause, booked).then(|| OfferBasis {
                category: lead.estimate.as_ref().map(|estimate| estimate.category),
                tour_stop_key: lead.interpretation.tour_stop_key.clone(),
            }))
        }
        .await;
        Self::finish(&mut conn, result).await
    }

    /// Stores and sends the offer of `slots` (generated with `duration_minutes` sessions), or
    /// falls back when there are none, if the lead still wants one.
    pub async fn offer_slots(
        &self,
        lead_id: LeadId,
        slots: Vec<Slot>,
        cause: OfferCause,
        duration_minutes: u32,
        now: DateTime<Utc>,
    ) -> Result<OfferOutcome, BookingError> {
        let mut conn = self.begin().await?;
        let result = self
            .offer_slots_in(&mut conn, lead_id, slots, cause, duration_minutes, now)
            .await;
        Self::finish(&mut conn, result).await
    }

    async fn offer_slots_in(
        &self,
        conn: &mut DbConnection,
        lead_id: LeadId,
        slots: Vec<Slot>,
        cause: OfferCause,
        duration_minutes: u32,
        now: DateTime<Utc>,
    ) -> Result<OfferOutcome, BookingError> {
        let ctx = self.lock(conn, lead_id, now).await?;
        let facts = OfferFacts {
            cause,
            slots,
            duration_minutes,
            has_confirmed_hold: has_confirmed_hold(conn, lead_id).await?,
            client: client_label(conn, ctx.lead.contact_id).await?,
        };
        match offer_slots(&ctx, facts, self.rules(), now) {
            OfferDecision::NotWanted { status } => Ok(OfferOutcome::NotWanted { status }),
            OfferDecision::NoSlots { changes } => {
                supersede_open_offer(conn, lead_id).await?;
                self.write(conn, &changes, now).await?;
                Ok(OfferOutcome::NoSlots {
                    status: changes.lead.status(),
                })
            }
            OfferDecision::Offer { changes, offer } => {
                supersede_open_offer(conn, lead_id).await?;
                let offer_id = self.insert_offer(conn, lead_id, &offer, now).await?;
                self.write(conn, &changes, now).await?;
                if offer.interactive {
                    attach_slot_list(conn, &self.catalogue, lead_id, offer_id, &offer).await?;
                }
                Ok(OfferOutcome::Offered {
                    offer_id,
                    slots: offer.slots.len(),
                })
            }
        }
    }

    /// The calendar could not be read for good: a lead still waiting for a slot collects time
    /// windows instead, and the failure (`code`, a provider code) is recorded.
    pub async fn calendar_unavailable(
        &self,
        lead_id: LeadId,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let mut conn = self.begin().await?;
        let result = async {
            let ctx = self.lock(&mut conn, lead_id, now).await?;
            let client = client_label(&mut conn, ctx.lead.contact_id).await?;
            let changes = calendar_unavailable(&ctx, &client, code, self.rules(), now);
            self.write(&mut conn, &changes, now).await?;
            Ok(changes.lead.status())
        }
        .await;
        Self::finish(&mut conn, result).await
    }

    async fn insert_offer(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        offer: &NewOffer,
        now: DateTime<Utc>,
    ) -> Result<i64, BookingError> {
        // The shape the conversation reads back (`conversation::lead_context`).
        let slots: Vec<serde_json::Value> = offer
            .slots
            .iter()
            .map(|slot| {
                serde_json::json!({
                    "index": slot.index,
                    "start": slot.start,
                    "end": slot.end,
                    "taken": false,
                })
            })
            .collect();
        let duration = i16::try_from(offer.duration_minutes).unwrap_or(i16::MAX);
        let Inserted { id } = diesel::sql_query(
            "INSERT INTO slot_offers (artist_id, lead_id, slots, duration_minutes, tour_stop_key,
                                      source, state, created_at)
             VALUES ($1, $2, $3, $4, $5, 'generated', 'open', $6)
             RETURNING id",
        )
        .bind::<Text, _>(&self.setup().artist.0)
        .bind::<BigInt, _>(lead_id.0)
        .bind::<Jsonb, _>(serde_json::Value::Array(slots))
        .bind::<SmallInt, _>(duration)
        .bind::<Nullable<Text>, _>(offer.tour_stop_key.as_deref())
        .bind::<Timestamptz, _>(now)
        .get_result(conn)
        .await?;
        Ok(id)
    }
}

/// Replies are read against the current offer only; the previous one stops counting.
async fn supersede_open_offer(
    conn: &mut AsyncPgConnection,
    lead_id: LeadId,
) -> Result<(), BookingError> {
    diesel::sql_query(
        "UPDATE slot_offers SET state = 'superseded' WHERE lead_id = $1 AND state = 'open'",
    )
    .bind::<BigInt, _>(lead_id.0)
    .execute(conn)
    .await?;
    Ok(())
}

async fn has_confirmed_hold(
    conn: &mut AsyncPgConnection,
    lead_id: LeadId,
) -> Result<bool, BookingError> {
    let Found { found } = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM slot_holds WHERE lead_id = $1 AND state = 'confirmed')
             AS found",
    )
    .bind::<BigInt, _>(lead_id.0)
    .get_result(conn)
    .await?;
    Ok(found)
}
