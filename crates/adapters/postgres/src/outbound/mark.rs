//! Recording what became of a send: accepted, or ended without leaving (blocked, skipped,
//! cancelled, failed), and a contact WhatsApp cannot reach.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Int4, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::ContactId;
use inkdesk_domain::outbound::OutboundState;

use super::{DeliveryError, OutboundId};
use crate::DbError;
use crate::cached_sql::cached_sql;

/// The states a queued message ends in without having been accepted by WhatsApp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndState {
    BlockedOptOut,
    SkippedWindowClosed,
    Cancelled,
    Failed,
}

impl EndState {
    pub fn state(self) -> OutboundState {
        match self {
            Self::BlockedOptOut => OutboundState::BlockedOptOut,
            Self::SkippedWindowClosed => OutboundState::SkippedWindowClosed,
            Self::Cancelled => OutboundState::Cancelled,
            Self::Failed => OutboundState::Failed,
        }
    }
}

/// WhatsApp accepted the message: `sent`, its `provider_message_id` and `sent_at`, and for client
/// messages the lead's `last_bot_message_at`.
///
/// The send happened whatever the row says now (a STOP or a replacing message may have landed while
/// the call was in flight), so the state becomes `sent` unless a callback already moved it further.
/// The lead is updated before the message, keeping the lead → message lock order of the inbound
/// unit of work. Returns false when the row does not exist.
pub async fn mark_sent(
    conn: &AsyncPgConnection,
    id: OutboundId,
    provider_message_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    // Pipelined: both go out together and run in this order (lead, then message).
    let mut lead_conn = conn;
    let mut message_conn = conn;
    let lead = cached_sql(
        "UPDATE leads SET last_bot_message_at = greatest(last_bot_message_at, $2)
         WHERE id = (SELECT lead_id FROM outbound_messages
                     WHERE id = $1 AND recipient_role = 'client')",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Timestamptz, _>(now)
    .execute(&mut lead_conn);
    let message = cached_sql(
        "UPDATE outbound_messages
         SET state = CASE WHEN state IN ('delivered', 'read') THEN state ELSE 'sent' END,
             provider_message_id = $2,
             sent_at = coalesce(sent_at, $3)
         WHERE id = $1",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Text, _>(provider_message_id)
    .bind::<Timestamptz, _>(now)
    .execute(&mut message_conn);
    let (_, updated) = tokio::try_join!(lead, message)?;
    Ok(updated == 1)
}

/// A dry run's "send": `sent` with `provider_message_id = dryrun.<id>`.
pub async fn mark_dry_run_sent(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    mark_sent(conn, id, &format!("dryrun.{id}"), now).await
}

/// Ends a still-queued message in `state`, with the error that caused a failure. Returns false
/// (and changes nothing) when the row is no longer queued.
pub async fn mark_state(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    state: EndState,
    error: Option<&DeliveryError>,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let error = error.cloned().unwrap_or_default();
    let failed_at = (state == EndState::Failed).then_some(now);
    let updated = cached_sql(
        "UPDATE outbound_messages
         SET state = $2,
             error_code = coalesce($3, error_code),
             error_title = coalesce($4, error_title),
             error_details = coalesce($5, error_details),
             failed_at = coalesce(failed_at, $6)
         WHERE id = $1 AND state = 'queued'",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Text, _>(state.state().as_str())
    .bind::<Nullable<Int4>, _>(error.code)
    .bind::<Nullable<Text>, _>(error.title.as_deref())
    .bind::<Nullable<Text>, _>(error.stored_details())
    .bind::<Nullable<Timestamptz>, _>(failed_at)
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// WhatsApp error 131026: the number cannot receive messages. Returns false when the contact does
/// not exist.
pub async fn mark_contact_undeliverable(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let updated = cached_sql("UPDATE contacts SET undeliverable_at = $2 WHERE id = $1")
        .bind::<BigInt, _>(contact.0)
        .bind::<Timestamptz, _>(now)
        .execute(conn)
        .await?;
    Ok(updated == 1)
}
