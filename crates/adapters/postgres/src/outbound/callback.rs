//! WhatsApp status callbacks (http-api.md §3.2.1), one status object per call inside the caller's
//! transaction: the domain's monotonic rule decides the state, this stores it with the status's
//! timestamp and error, and carries out the follow-ups of a failure that need only the database.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Int4, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::Recipient;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_domain::outbound::{
    DeliveryStatus, FailedFollowUp, OutboundMode, OutboundState, StatusChange, apply_status,
    failed_follow_up,
};
use serde_json::json;

use super::load::lock_contact;
use super::mark::mark_contact_undeliverable;
use super::{DeliveryError, OutboundId, enqueue_send, unreadable};
use crate::DbError;
use crate::cached_sql::cached_sql;
use crate::system_events::{self, EventLevel, SystemEvent};

/// One `statuses[]` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCallback {
    pub provider_message_id: String,
    pub status: DeliveryStatus,
    pub timestamp: DateTime<Utc>,
    /// `errors[0]` of a `failed` status.
    pub error: Option<DeliveryError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusCallbackResult {
    /// No outbound message has this id: counted as ignored.
    Ignored,
    Applied(AppliedStatus),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedStatus {
    pub outbound_id: OutboundId,
    pub contact_id: ContactId,
    pub lead_id: Option<LeadId>,
    pub kind: MessageId,
    /// The row's state after the callback.
    pub state: OutboundState,
    pub follow_up: CallbackFollowUp,
}

/// What the caller still has to do, in the same transaction, because it needs the configuration
/// or the catalogue. Re-sends, skips and the contact's `undeliverable_at` are already done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackFollowUp {
    None,
    /// 131047 on content: load the row and run the domain's window-closed plan, then
    /// `defer_with_template` or `defer_without_template`.
    TakeTemplatePath,
    /// Write this artist notification about the message.
    NotifyArtist(MessageId),
}

#[derive(diesel::QueryableByName)]
struct Found {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    contact_id: i64,
}

#[derive(diesel::QueryableByName)]
struct Locked {
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient_role: String,
    #[diesel(sql_type = Text)]
    mode: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Int4>)]
    error_code: Option<i32>,
}

pub async fn apply_status_callback(
    conn: &mut AsyncPgConnection,
    callback: &StatusCallback,
    now: DateTime<Utc>,
) -> Result<StatusCallbackResult, DbError> {
    let found =
        cached_sql("SELECT id, contact_id FROM outbound_messages WHERE provider_message_id = $1")
            .bind::<Text, _>(&callback.provider_message_id)
            .get_result::<Found>(conn)
            .await
            .optional()?;
    let Some(found) = found else {
        return Ok(StatusCallbackResult::Ignored);
    };
    let id = OutboundId(found.id);
    let contact = ContactId(found.contact_id);
    let failed = callback.status == DeliveryStatus::Failed;
    // Only a failure's follow-ups touch the contact; taking its lock first keeps the global order.
    if failed {
        lock_contact(conn, contact).await?;
    }
    let Some(row) = lock_message(conn, id, &callback.provider_message_id).await? else {
        // Re-sent between the lookup and the lock: the id now belongs to no message.
        return Ok(StatusCallbackResult::Ignored);
    };
    let kind: MessageId = row.kind.parse().map_err(unreadable)?;
    let mode: OutboundMode = row.mode.parse().map_err(unreadable)?;
    let current: OutboundState = row.state.parse().map_err(unreadable)?;
    let change = apply_status(current, callback.status);
    let mut state = match change {
        StatusChange::MoveTo(next) => next,
        StatusChange::RecordOnly => current,
    };
    store(conn, id, state, callback).await?;
    let lead_id = row.lead_id.map(LeadId);
    let mut follow_up = CallbackFollowUp::None;
    if failed {
        let code = callback.error.as_ref().and_then(|error| error.code);
        record_failure(conn, id, contact, lead_id, kind, code).await?;
        if change == StatusChange::MoveTo(OutboundState::Failed) {
            let planned = failed_follow_up(
                kind,
                mode,
                code.map(i64::from),
                row.error_code.map(i64::from),
            );
            let recipient: Recipient = row.recipient_role.parse().map_err(unreadable)?;
            let target = Target {
                id,
                contact,
                lead_id,
                recipient,
            };
            (state, follow_up) = carry_out(conn, target, planned, now).await?;
        }
    }
    Ok(StatusCallbackResult::Applied(AppliedStatus {
        outbound_id: id,
        contact_id: contact,
        lead_id,
        kind,
        state,
        follow_up,
    }))
}

async fn lock_message(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    provider_message_id: &str,
) -> Result<Option<Locked>, DbError> {
    Ok(cached_sql(
        "SELECT lead_id, kind, recipient_role, mode, state, error_code FROM outbound_messages
         WHERE id = $1 AND provider_message_id = $2 FOR UPDATE",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Text, _>(provider_message_id)
    .get_result::<Locked>(conn)
    .await
    .optional()?)
}

/// The state, the status's own timestamp (the first one seen wins) and a failure's error.
async fn store(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    state: OutboundState,
    callback: &StatusCallback,
) -> Result<(), DbError> {
    let error = callback.error.clone().unwrap_or_default();
    cached_sql(
        "UPDATE outbound_messages
         SET state = $2,
             sent_at = CASE WHEN $3 = 'sent' THEN coalesce(sent_at, $4) ELSE sent_at END,
             delivered_at = CASE WHEN $3 = 'delivered' THEN coalesce(delivered_at, $4)
                                 ELSE delivered_at END,
             read_at = CASE WHEN $3 = 'read' THEN coalesce(read_at, $4) ELSE read_at END,
             failed_at = CASE WHEN $3 = 'failed' THEN coalesce(failed_at, $4) ELSE failed_at END,
             error_code = CASE WHEN $3 = 'failed' THEN $5 ELSE error_code END,
             error_title = CASE WHEN $3 = 'failed' THEN $6 ELSE error_title END,
             error_details = CASE WHEN $3 = 'failed' THEN $7 ELSE error_details END
         WHERE id = $1",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Text, _>(state.as_str())
    .bind::<Text, _>(callback.status.as_str())
    .bind::<Timestamptz, _>(callback.timestamp)
    .bind::<Nullable<Int4>, _>(error.code)
    .bind::<Nullable<Text>, _>(error.title.as_deref())
    .bind::<Nullable<Text>, _>(error.stored_details())
    .execute(conn)
    .await?;
    Ok(())
}

/// WARN `whatsapp.status_failed` `{outbound_message_id, code, kind}`.
async fn record_failure(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    contact: ContactId,
    lead_id: Option<LeadId>,
    kind: MessageId,
    code: Option<i32>,
) -> Result<(), DbError> {
    let event = SystemEvent {
        level: EventLevel::Warn,
        event_type: "whatsapp.status_failed".to_owned(),
        lead_id,
        contact_id: Some(contact),
        payload: json!({ "outbound_message_id": id.0, "code": code, "kind": kind.as_str() }),
        correlation_id: None,
    };
    system_events::record(conn, &event).await?;
    Ok(())
}

#[derive(Debug, Clone, Copy)]
struct Target {
    id: OutboundId,
    contact: ContactId,
    lead_id: Option<LeadId>,
    recipient: Recipient,
}

/// Runs the database-only follow-ups; returns the row's state afterwards and what is left.
async fn carry_out(
    conn: &mut AsyncPgConnection,
    target: Target,
    planned: FailedFollowUp,
    now: DateTime<Utc>,
) -> Result<(OutboundState, CallbackFollowUp), DbError> {
    let failed = OutboundState::Failed;
    Ok(match planned {
        FailedFollowUp::TakeTemplatePath => (failed, CallbackFollowUp::TakeTemplatePath),
        FailedFollowUp::SkipWindowClosed => {
            let skipped = OutboundState::SkippedWindowClosed;
            cached_sql("UPDATE outbound_messages SET state = $2 WHERE id = $1")
                .bind::<BigInt, _>(target.id.0)
                .bind::<Text, _>(skipped.as_str())
                .execute(conn)
                .await?;
            (skipped, CallbackFollowUp::None)
        }
        FailedFollowUp::ContactUndeliverable { notify_artist } => {
            mark_contact_undeliverable(conn, target.contact, now).await?;
            let follow_up = if notify_artist {
                CallbackFollowUp::NotifyArtist(MessageId::ARTIST_UNDELIVERABLE)
            } else {
                CallbackFollowUp::None
            };
            (failed, follow_up)
        }
        FailedFollowUp::ResendOnce { after } => {
            resend(conn, target, now + delay(after)).await?;
            (OutboundState::Queued, CallbackFollowUp::None)
        }
        FailedFollowUp::NotifyArtist(kind) => (failed, CallbackFollowUp::NotifyArtist(kind)),
        FailedFollowUp::Nothing => (failed, CallbackFollowUp::None),
    })
}

/// Back to `queued` with a new send job. The provider id is released (late callbacks for the old
/// attempt then match nothing); the error columns stay, which is how "only once" is remembered.
async fn resend(
    conn: &mut AsyncPgConnection,
    target: Target,
    run_at: DateTime<Utc>,
) -> Result<(), DbError> {
    cached_sql(
        "UPDATE outbound_messages SET state = 'queued', provider_message_id = NULL WHERE id = $1",
    )
    .bind::<BigInt, _>(target.id.0)
    .execute(conn)
    .await?;
    enqueue_send(
        conn,
        target.id,
        target.contact,
        target.recipient,
        target.lead_id,
        Some(run_at),
    )
    .await?;
    Ok(())
}

fn delay(after: Duration) -> TimeDelta {
    TimeDelta::from_std(after).unwrap_or(TimeDelta::MAX)
}

/// [`apply_status_callback`] in a transaction of its own (one per status object, http-api.md §3.2).
pub async fn apply_status_callback_alone(
    db: &crate::Database,
    callback: &StatusCallback,
    now: DateTime<Utc>,
) -> Result<StatusCallbackResult, DbError> {
    use diesel_async::AsyncConnection;
    let mut conn = db.connection().await?;
    conn.transaction::<_, DbError, _>(async |conn| apply_status_callback(conn, callback, now).await)
        .await
}
