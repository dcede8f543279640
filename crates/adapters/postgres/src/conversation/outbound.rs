//! Outbound rows (data-and-ops.md §4.3–§4.6): one row per rendered body part, each with its send
//! job; replace keys cancel what they supersede; deferred rows are flushed when the contact writes
//! and blocked when they opt out.
//!
//! Jobs come last in the global lock order, so this module returns the jobs to enqueue instead of
//! enqueuing them; the unit of work writes them after every other row.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{OfferCause, Recipient};
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::model::{ArtistId, ContactId, LeadId};
use inkdesk_domain::ports::RenderedMessage;
use serde_json::{Value, json};

use super::begin::FLUSHABLE_DAYS;
use super::error::StoreError;
use crate::NewJob;
use crate::cached_sql::cached_sql;
use crate::schema::outbound_messages;

/// Slot offers older than this are recomputed rather than re-sent on a flush.
const OFFER_REFRESH_AFTER: TimeDelta = TimeDelta::hours(1);

/// Kinds whose content is a slot list that goes stale.
const REFRESHED_ON_FLUSH: [&str; 3] = ["slot_offer", "slot_offer_refresh", "hold_expired_reoffer"];

/// An outbound row and the job that will send it, once jobs may be written.
pub(super) struct PendingSend {
    pub outbound_id: i64,
    pub job: NewJob,
}

/// Who receives what: the client is the unit's contact; the artist's contact exists only when the
/// artist's number is configured.
pub(super) struct Recipients {
    pub client: ContactId,
    pub artist: Option<ContactId>,
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

pub(super) async fn write(
    conn: &mut AsyncPgConnection,
    artist: &ArtistId,
    messages: &[RenderedMessage],
    recipients: &Recipients,
    now: DateTime<Utc>,
) -> Result<Vec<PendingSend>, StoreError> {
    let mut pending = Vec::new();
    for rendered in messages {
        let message = &rendered.message;
        let kind = message.kind();
        let contact = match message.recipient {
            Recipient::Client => recipients.client,
            Recipient::Artist => match recipients.artist {
                Some(contact) => contact,
                None => {
                    // The gateway would cancel it anyway (no artist number): nothing to address.
                    tracing::info!(
                        kind = kind.as_str(),
                        "artist notification not written: no artist number"
                    );
                    continue;
                }
            },
        };
        if let Some(key) = &message.replace_key {
            cancel_replaced(conn, contact, key).await?;
        }
        let last = rendered.bodies.len().saturating_sub(1);
        for (at, body) in rendered.bodies.iter().enumerate() {
            // Buttons belong under the last part, where the client reads the question.
            let interactive = (at == last && !rendered.buttons.is_empty()).then(|| {
                let buttons: Vec<Value> = rendered
                    .buttons
                    .iter()
                    .map(|button| json!({ "id": button.id, "title": button.title }))
                    .collect();
                json!({ "type": "button", "buttons": buttons })
            });
            let Inserted { id } = cached_sql(
                "INSERT INTO outbound_messages (artist_id, contact_id, lead_id, kind,
                                                recipient_role, mode, body, interactive,
                                                replace_key, refresh_on_flush, state, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', $11)
                 RETURNING id",
            )
            .bind::<Text, _>(&artist.0)
            .bind::<BigInt, _>(contact.0)
            .bind::<Nullable<BigInt>, _>(message.lead_id.map(|lead| lead.0))
            .bind::<Text, _>(kind.as_str())
            .bind::<Text, _>(message.recipient.as_str())
            .bind::<Text, _>(if interactive.is_some() {
                "interactive"
            } else {
                "text"
            })
            .bind::<Text, _>(body)
            .bind::<Nullable<Jsonb>, _>(interactive)
            .bind::<Nullable<Text>, _>(message.replace_key.as_deref())
            .bind::<Bool, _>(refreshed_on_flush(kind))
            .bind::<Timestamptz, _>(now)
            .get_result(conn)
            .await?;
            pending.push(PendingSend {
                outbound_id: id,
                job: send_job(id, message.recipient, contact, message.lead_id),
            });
        }
    }
    Ok(pending)
}

fn refreshed_on_flush(kind: MessageId) -> bool {
    REFRESHED_ON_FLUSH.contains(&kind.as_str())
}

fn send_job(
    outbound_id: i64,
    recipient: Recipient,
    contact: ContactId,
    lead: Option<LeadId>,
) -> NewJob {
    let job = match recipient {
        Recipient::Client => NewJob::whatsapp_send(outbound_id, contact),
        Recipient::Artist => NewJob::artist_notify(outbound_id, contact),
    };
    match lead {
        Some(lead) => job.for_lead(lead),
        None => job,
    }
}

/// §4.3 rule 8: a newer message with the same key supersedes what has not gone out yet.
async fn cancel_replaced(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    key: &str,
) -> Result<(), StoreError> {
    diesel::update(
        outbound_messages::table
            .filter(outbound_messages::contact_id.eq(contact.0))
            .filter(outbound_messages::replace_key.eq(key))
            .filter(outbound_messages::state.eq_any(["queued", "deferred"])),
    )
    .set(outbound_messages::state.eq("cancelled"))
    .execute(conn)
    .await?;
    Ok(())
}

/// STOP (§19): nothing queued or deferred reaches the contact any more.
pub(super) async fn block_pending(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
) -> Result<(), StoreError> {
    diesel::update(
        outbound_messages::table
            .filter(outbound_messages::contact_id.eq(contact.0))
            .filter(outbound_messages::state.eq_any(["queued", "deferred"])),
    )
    .set(outbound_messages::state.eq("blocked_optout"))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct Deferred {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    recipient_role: String,
    #[diesel(sql_type = Bool)]
    refresh_on_flush: bool,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Bool)]
    payment_gone: bool,
}

/// §4.6: the contact wrote, so their deferred content can go out inside the new window, oldest
/// first. Returns the sends and slot offers to enqueue.
pub(super) async fn flush_deferred(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    now: DateTime<Utc>,
) -> Result<(Vec<PendingSend>, Vec<NewJob>), StoreError> {
    let deferred: Vec<Deferred> = cached_sql(
        "SELECT o.id, o.recipient_role, o.refresh_on_flush, o.created_at, o.lead_id,
                (o.payment_id IS NOT NULL AND coalesce(p.status <> 'open', true)) AS payment_gone
         FROM outbound_messages o LEFT JOIN payments p ON p.id = o.payment_id
         WHERE o.contact_id = $1 AND o.state = 'deferred'
           AND o.created_at > $2 - make_interval(days => $3)
         ORDER BY o.id
         FOR UPDATE OF o",
    )
    .bind::<BigInt, _>(contact.0)
    .bind::<Timestamptz, _>(now)
    .bind::<Int4, _>(FLUSHABLE_DAYS)
    .load(conn)
    .await?;
    let mut sends = Vec::new();
    let mut offers = Vec::new();
    for row in deferred {
        let lead = row.lead_id.map(LeadId);
        let stale_offer = row.refresh_on_flush && now - row.created_at > OFFER_REFRESH_AFTER;
        let state = match lead {
            Some(lead) if stale_offer => {
                offers.push(NewJob::slots_offer(lead, OfferCause::Refresh.as_str()));
                "cancelled"
            }
            _ if row.payment_gone => "cancelled",
            _ => {
                let recipient = row.recipient_role.parse().map_err(|e| {
                    StoreError::unreadable(format!("outbound message {}", row.id), e)
                })?;
                sends.push(PendingSend {
                    outbound_id: row.id,
                    job: send_job(row.id, recipient, contact, lead),
                });
                "queued"
            }
        };
        diesel::update(outbound_messages::table.find(row.id))
            .set(outbound_messages::state.eq(state))
            .execute(conn)
            .await?;
    }
    Ok((sends, offers))
}
