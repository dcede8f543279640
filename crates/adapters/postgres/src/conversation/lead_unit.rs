//! A unit of work about one lead that no inbound message started (the artist's actions, provider
//! callbacks, jobs): lock the lead, let the domain decide, write the lead's changes with the same
//! writers an inbound message uses, in the same global lock order.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::booking::LeadChanges;
use inkdesk_domain::consultation::LeadContext;
use inkdesk_domain::model::LeadId;
use inkdesk_domain::ports::{MintedToken, RenderedMessage};

use super::commit::{artist_recipient, enqueue_jobs, insert_history, stored_event};
use super::effects::{self, Scope};
use super::error::StoreError;
use super::outbound::{self, PendingSend, Recipients};
use super::{Setup, lead_context, leads, tokens};
use crate::system_events;

/// Locks the lead row (`FOR UPDATE`) and loads what the domain decides on. `None` when no such
/// lead exists.
pub(crate) async fn lock_lead(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    lead_id: LeadId,
    now: DateTime<Utc>,
) -> Result<Option<LeadContext>, StoreError> {
    let lead = match leads::lock(conn, lead_id, setup.studio.currency).await {
        Ok(lead) => lead,
        Err(StoreError::Db(crate::DbError::Query(diesel::result::Error::NotFound))) => {
            return Ok(None);
        }
        Err(other) => return Err(other),
    };
    lead_context::load(conn, lead, &setup.studio, now)
        .await
        .map(Some)
}

/// Writes `changes` (rendered as `messages`, with the `tokens` minted for their links): the lead
/// under its status guard, history, effects, tokens, outbound rows, then jobs and events.
pub(crate) async fn write_changes(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    changes: &LeadChanges,
    messages: &[RenderedMessage],
    minted: &[MintedToken],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let lead = &changes.lead;
    leads::update(conn, lead, changes.expected_status).await?;
    insert_history(conn, &changes.transitions).await?;
    let scope = Scope {
        setup,
        contact: lead.contact_id,
        inbound: None,
        now,
    };
    let followups = effects::apply(conn, &changes.effects, &scope).await?;
    tokens::insert(conn, minted, now).await?;
    let recipients = Recipients {
        client: lead.contact_id,
        artist: artist_recipient(conn, setup, messages, None, now).await?,
    };
    let sends = outbound::write(conn, &setup.artist, messages, &recipients, now).await?;
    let sends: Vec<&PendingSend> = followups.sends.iter().chain(&sends).collect();
    enqueue_jobs(conn, setup, &sends, followups.jobs, &changes.jobs).await?;
    for event in &changes.events {
        system_events::record(conn, &stored_event(event, lead.contact_id)).await?;
    }
    Ok(())
}
