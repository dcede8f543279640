//! Opening a unit of work (consultation.md §5 P1–P2, §4): claim the message id, upsert and lock the
//! contact, lock and load the candidate leads, then read the contact-wide facts.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Bool, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{ArtistInbox, InboundMessage};
use inkdesk_domain::model::{ArtistId, ContactId};
use inkdesk_domain::ports::{Loaded, UnitOfWorkTicket};

use super::error::StoreError;
use super::{Setup, contacts, lead_context, leads};
use crate::cached_sql::cached_sql;
use crate::ledger::{EventSource, claim_event};

/// Only deferred rows this young are flushed when the contact writes (data-and-ops.md §4.6).
pub(super) const FLUSHABLE_DAYS: i32 = 7;

pub(super) enum Opened {
    /// P1: the message id was claimed before.
    Duplicate,
    Loaded(Box<Loaded>),
}

pub(super) async fn open(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    ticket: UnitOfWorkTicket,
    inbound: &InboundMessage,
    now: DateTime<Utc>,
) -> Result<Opened, StoreError> {
    let first_time = claim_event(
        conn,
        EventSource::Whatsapp,
        &inbound.provider_message_id,
        "message",
        None,
    )
    .await?;
    if !first_time {
        return Ok(Opened::Duplicate);
    }
    let from_artist = setup.artist_phone.as_ref() == Some(&inbound.from);
    let contact =
        contacts::upsert_and_lock(conn, &setup.artist, &inbound.from, from_artist, now).await?;
    let locked = leads::lock_candidates(conn, contact.id, setup.studio.currency).await?;
    // Everything else is read pipelined: the leads' contexts and the contact-wide facts go out
    // together and come back in one round trip.
    let shared: &AsyncPgConnection = conn;
    let contexts = async {
        let mut loaded = Vec::with_capacity(locked.len());
        for lead in locked {
            loaded.push(lead_context::load(shared, lead, &setup.studio, now).await?);
        }
        Ok::<_, StoreError>(loaded)
    };
    let inbox = async {
        match contact.is_artist || from_artist {
            true => artist_inbox(shared, &setup.artist).await,
            false => Ok(ArtistInbox::default()),
        }
    };
    let (candidates, deferred_outbound, artist_inbox, panic_mode) = tokio::try_join!(
        contexts,
        deferred_outbound(shared, contact.id, now),
        inbox,
        panic_mode(shared),
    )?;
    let has_active_lead = candidates.iter().any(|ctx| ctx.lead.status().is_active());
    let reserved_lead_id = if has_active_lead || contact.is_artist || from_artist {
        None
    } else {
        Some(leads::reserve_id(conn).await?)
    };
    Ok(Opened::Loaded(Box::new(Loaded {
        ticket,
        contact,
        leads: candidates,
        deferred_outbound,
        artist_inbox,
        panic_mode,
        reserved_lead_id,
    })))
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// P10 counts what a flush would send again.
async fn deferred_outbound(
    mut conn: &AsyncPgConnection,
    contact: ContactId,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let Count { n } = cached_sql(
        "SELECT count(*) AS n FROM outbound_messages
         WHERE contact_id = $1 AND state = 'deferred'
           AND created_at > $2 - make_interval(days => $3)",
    )
    .bind::<BigInt, _>(contact.0)
    .bind::<Timestamptz, _>(now)
    .bind::<diesel::sql_types::Int4, _>(FLUSHABLE_DAYS)
    .get_result(&mut conn)
    .await?;
    Ok(count(n))
}

#[derive(diesel::QueryableByName)]
struct Inbox {
    #[diesel(sql_type = BigInt)]
    pending_approval: i64,
    #[diesel(sql_type = BigInt)]
    needs_reply: i64,
}

async fn artist_inbox(
    mut conn: &AsyncPgConnection,
    artist: &ArtistId,
) -> Result<ArtistInbox, StoreError> {
    let inbox: Inbox = cached_sql(
        "SELECT count(*) FILTER (WHERE status = 'PENDING_APPROVAL') AS pending_approval,
                count(*) FILTER (WHERE status = 'NEEDS_ARTIST_REPLY') AS needs_reply
         FROM leads WHERE artist_id = $1",
    )
    .bind::<Text, _>(&artist.0)
    .get_result(&mut conn)
    .await?;
    Ok(ArtistInbox {
        pending_approval: count(inbox.pending_approval),
        needs_reply: count(inbox.needs_reply),
    })
}

#[derive(diesel::QueryableByName)]
struct Panic {
    #[diesel(sql_type = Bool)]
    panic_on: bool,
}

/// `runtime_settings.panic_mode` as the admin API stores it (`{"enabled": true}`); a bare JSON
/// boolean is read the same way.
async fn panic_mode(mut conn: &AsyncPgConnection) -> Result<bool, StoreError> {
    let Panic { panic_on } = cached_sql(
        "SELECT coalesce((SELECT CASE jsonb_typeof(value)
                                     WHEN 'boolean' THEN value = 'true'::jsonb
                                     WHEN 'object'
                                         THEN coalesce(value -> 'enabled' = 'true'::jsonb, false)
                                     ELSE false END
                          FROM runtime_settings WHERE key = 'panic_mode'), false) AS panic_on",
    )
    .get_result(&mut conn)
    .await?;
    Ok(panic_on)
}
