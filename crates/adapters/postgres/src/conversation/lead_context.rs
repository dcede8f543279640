//! What the handlers read about a locked lead besides its own row: answers, payment facts, the
//! client's recent texts, media timing, attachments, the open slot offer and the open Checkout
//! link.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{LeadContext, OpenCheckout, OpenOffer};
use inkdesk_domain::model::{Answer, AnswerId, InboundMessageId, Lead, LeadId, Money};
use inkdesk_domain::parse::OfferedSlot;
use inkdesk_domain::status::PaymentFacts;
use serde::Deserialize;

use super::error::StoreError;
use super::studio::StudioFacts;
use crate::cached_sql::cached_sql;
use crate::schema::answers;

/// As many texts as the artist's handover notice shows.
const RECENT_CLIENT_TEXTS: i64 = 5;

#[derive(Queryable, Selectable)]
#[diesel(table_name = answers, check_for_backend(diesel::pg::Pg))]
struct StoredAnswer {
    id: i64,
    lead_id: i64,
    question_key: String,
    value_text: String,
    parsed: Option<serde_json::Value>,
    round: Option<i16>,
    inbound_message_id: Option<i64>,
    created_at: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct Facts {
    #[diesel(sql_type = Bool)]
    paid: bool,
    #[diesel(sql_type = Bool)]
    processing: bool,
    #[diesel(sql_type = Bool)]
    partially_refunded: bool,
    #[diesel(sql_type = Bool)]
    deposit_fully_refunded: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_media_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    attachments: i64,
}

#[derive(QueryableByName)]
struct ClientText {
    #[diesel(sql_type = Text)]
    text: String,
}

#[derive(QueryableByName)]
struct StoredOffer {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Jsonb)]
    slots: serde_json::Value,
    #[diesel(sql_type = Nullable<Text>)]
    tour_stop_key: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

/// One element of `slot_offers.slots`.
#[derive(Deserialize)]
struct StoredSlot {
    index: u32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct StoredCheckout {
    #[diesel(sql_type = Text)]
    checkout_url: String,
    #[diesel(sql_type = BigInt)]
    amount_minor: i64,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Timestamptz)]
    expires_at: DateTime<Utc>,
}

/// Everything `LeadContext` holds for `lead`, read inside the unit of work. The reads are sent
/// pipelined (one round trip; Postgres still runs them one after the other, in this order).
pub(super) async fn load(
    conn: &AsyncPgConnection,
    lead: Lead,
    studio: &StudioFacts,
    now: DateTime<Utc>,
) -> Result<LeadContext, StoreError> {
    let id = lead.id;
    let (facts, answers, recent_client_texts, open_offer, open_checkout) = tokio::try_join!(
        facts(conn, id),
        answers(conn, id),
        recent_client_texts(conn, id),
        open_offer(conn, id, studio),
        open_checkout(conn, id, now),
    )?;
    Ok(LeadContext {
        answers,
        payments: PaymentFacts {
            paid: facts.paid,
            processing: facts.processing,
            partially_refunded: facts.partially_refunded,
            deposit_fully_refunded: facts.deposit_fully_refunded,
        },
        recent_client_texts,
        last_media_at: facts.last_media_at,
        attachments: u32::try_from(facts.attachments).unwrap_or(u32::MAX),
        open_offer,
        open_checkout,
        lead,
    })
}

async fn answers(mut conn: &AsyncPgConnection, lead: LeadId) -> Result<Vec<Answer>, StoreError> {
    let stored: Vec<StoredAnswer> = answers::table
        .filter(answers::lead_id.eq(lead.0))
        .order((answers::created_at.asc(), answers::id.asc()))
        .select(StoredAnswer::as_select())
        .load(&mut conn)
        .await?;
    stored
        .into_iter()
        .map(|answer| {
            Ok(Answer {
                id: AnswerId(answer.id),
                lead_id: LeadId(answer.lead_id),
                question_key: answer
                    .question_key
                    .parse()
                    .map_err(|e| StoreError::unreadable(format!("answer {}", answer.id), e))?,
                value_text: answer.value_text,
                parsed: answer.parsed,
                round: answer.round.and_then(|round| u16::try_from(round).ok()),
                inbound_message_id: answer.inbound_message_id.map(InboundMessageId),
                created_at: answer.created_at,
            })
        })
        .collect()
}

async fn facts(mut conn: &AsyncPgConnection, lead: LeadId) -> Result<Facts, StoreError> {
    Ok(cached_sql(
        "SELECT coalesce(bool_or(p.status = 'paid'), false) AS paid,
                coalesce(bool_or(p.status = 'processing'), false) AS processing,
                coalesce(bool_or(p.status = 'partially_refunded'), false) AS partially_refunded,
                coalesce(bool_or(p.status = 'refunded'
                                 OR (p.amount_refunded_minor > 0
                                     AND p.amount_refunded_minor >= p.amount_minor)), false)
                    AS deposit_fully_refunded,
                (SELECT max(wa_timestamp) FROM inbound_messages
                 WHERE lead_id = $1 AND media IS NOT NULL) AS last_media_at,
                (SELECT count(*) FROM attachments WHERE lead_id = $1) AS attachments
         FROM payments p WHERE p.lead_id = $1",
    )
    .bind::<BigInt, _>(lead.0)
    .get_result(&mut conn)
    .await?)
}

async fn recent_client_texts(
    mut conn: &AsyncPgConnection,
    lead: LeadId,
) -> Result<Vec<String>, StoreError> {
    let newest_first: Vec<ClientText> = cached_sql(
        "SELECT text FROM inbound_messages
         WHERE lead_id = $1 AND text IS NOT NULL AND text <> ''
         ORDER BY wa_timestamp DESC, id DESC LIMIT $2",
    )
    .bind::<BigInt, _>(lead.0)
    .bind::<BigInt, _>(RECENT_CLIENT_TEXTS)
    .load(&mut conn)
    .await?;
    Ok(newest_first.into_iter().rev().map(|row| row.text).collect())
}

async fn open_offer(
    mut conn: &AsyncPgConnection,
    lead: LeadId,
    studio: &StudioFacts,
) -> Result<Option<OpenOffer>, StoreError> {
    let stored: Option<StoredOffer> = cached_sql(
        "SELECT id, slots, tour_stop_key, created_at FROM slot_offers
         WHERE lead_id = $1 AND state = 'open'",
    )
    .bind::<BigInt, _>(lead.0)
    .get_result(&mut conn)
    .await
    .optional()?;
    let Some(offer) = stored else {
        return Ok(None);
    };
    let mut slots: Vec<StoredSlot> = serde_json::from_value(offer.slots)
        .map_err(|e| StoreError::unreadable(format!("slot offer {}", offer.id), e))?;
    // Clients answer with the numbers they were shown; taken slots keep their number.
    slots.sort_by_key(|slot| slot.index);
    Ok(Some(OpenOffer {
        offer_id: offer.id,
        slots: slots
            .into_iter()
            .map(|slot| OfferedSlot {
                start: slot.start,
                end: slot.end,
            })
            .collect(),
        created_at: offer.created_at,
        zone: studio.offer_zone(offer.tour_stop_key.as_deref()),
    }))
}

async fn open_checkout(
    mut conn: &AsyncPgConnection,
    lead: LeadId,
    now: DateTime<Utc>,
) -> Result<Option<OpenCheckout>, StoreError> {
    let stored: Option<StoredCheckout> = cached_sql(
        "SELECT checkout_url, amount_minor, currency::text AS currency, expires_at FROM payments
         WHERE lead_id = $1 AND status = 'open' AND checkout_url IS NOT NULL AND expires_at > $2
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind::<BigInt, _>(lead.0)
    .bind::<Timestamptz, _>(now)
    .get_result(&mut conn)
    .await
    .optional()?;
    stored
        .map(|checkout| {
            let currency = checkout
                .currency
                .parse()
                .map_err(|e| StoreError::unreadable(format!("payment of lead {lead}"), e))?;
            Ok(OpenCheckout {
                url: checkout.checkout_url,
                amount: Money::new(checkout.amount_minor, currency),
                expires_at: checkout.expires_at,
            })
        })
        .transpose()
}
