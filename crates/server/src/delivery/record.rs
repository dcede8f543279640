//! Step three of a send job, in a new short transaction: what WhatsApp answered becomes the row's
//! state (integrations.md §2.3), and the returned outcome tells the queue whether to retry.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::outbound::{
    FailureAction, SendFailureEvent, on_retries_exhausted, on_send_failure,
};
use inkdesk_domain::provider::ProviderError;
use inkdesk_postgres::DbError;
use inkdesk_postgres::jobs::{ClaimedJob, Outcome, succeed_in};
use inkdesk_postgres::outbound::{
    DeliveryError, EndState, mark_contact_undeliverable, mark_sent, mark_state,
};
use inkdesk_postgres::system_events::{self, EventLevel, SystemEvent};
use inkdesk_whatsapp::ProviderMessageId;
use serde_json::json;

use super::DeliverySettings;
use super::plan::{Pending, plan_after_window_closed};
use crate::workers::Ran;

/// What the Graph API answered, after the one plain-text retry if there was one.
pub(super) type SendResult = Result<ProviderMessageId, ProviderError>;

/// Records the send's result; with `finish_job`, an accepted send also ends the job here, its
/// statement pipelined with the row's (one round trip; the lead's lock is held no longer).
pub(super) async fn record_result(
    conn: &mut AsyncPgConnection,
    settings: &DeliverySettings,
    job: &ClaimedJob,
    pending: &Pending,
    result: &SendResult,
    now: DateTime<Utc>,
    finish_job: bool,
) -> Result<Recorded, DbError> {
    match result {
        Ok(provider_id) if finish_job => {
            let shared: &AsyncPgConnection = conn;
            let (_, completed) = tokio::try_join!(
                mark_sent(shared, pending.id, provider_id.as_str(), now),
                succeed_in(shared, job),
            )?;
            Ok(Recorded::quiet(Ran::Recorded(completed)))
        }
        Ok(provider_id) => {
            mark_sent(conn, pending.id, provider_id.as_str(), now).await?;
            Ok(Recorded::quiet(Ran::Outcome(Outcome::Succeeded)))
        }
        Err(error) => record_failure(conn, settings, job, pending, error, now).await,
    }
}

/// What recording decided: the job's ending, and the artist alert to write once it is committed.
#[derive(Debug)]
pub(super) struct Recorded {
    pub ran: Ran,
    pub alert: Option<MessageId>,
}

impl Recorded {
    fn quiet(ran: Ran) -> Self {
        Self { ran, alert: None }
    }

    fn failed(error: &ProviderError, alert: Option<MessageId>) -> Self {
        Self {
            ran: Ran::Outcome(Outcome::Failed(error.clone())),
            alert,
        }
    }
}

async fn record_failure(
    conn: &mut AsyncPgConnection,
    settings: &DeliverySettings,
    job: &ClaimedJob,
    pending: &Pending,
    error: &ProviderError,
    now: DateTime<Utc>,
) -> Result<Recorded, DbError> {
    // Step two already had its chance at the plain-text retry, so the domain is told it was made.
    let action = on_send_failure(pending.kind, pending.mode, &as_seen_by_domain(error), true);
    let action = match action {
        FailureAction::RetryLater if job.attempt < job.max_attempts => {
            return Ok(Recorded::failed(error, None));
        }
        // The queue dead-letters this attempt; the row must not stay `queued` for ever.
        FailureAction::RetryLater => on_retries_exhausted(pending.kind),
        other => other,
    };
    match action {
        FailureAction::TakeTemplatePath => {
            tracing::info!(
                outbound_id = pending.id.0,
                kind = pending.kind.as_str(),
                "WhatsApp reports the window closed; taking the template path"
            );
            plan_after_window_closed(conn, settings, pending.id, now)
                .await
                .map(|outcome| Recorded::quiet(Ran::Outcome(outcome)))
        }
        FailureAction::ContactUndeliverable { notify_artist } => {
            mark_state(
                conn,
                pending.id,
                EndState::Failed,
                Some(&stored(error)),
                now,
            )
            .await?;
            mark_contact_undeliverable(conn, pending.contact_id, now).await?;
            tracing::warn!(
                outbound_id = pending.id.0,
                kind = pending.kind.as_str(),
                to = pending.to.masked(),
                artist_alerted = notify_artist,
                "the number cannot receive WhatsApp messages; contact marked undeliverable"
            );
            let alert = notify_artist.then_some(MessageId::ARTIST_UNDELIVERABLE);
            Ok(Recorded::failed(error, alert))
        }
        FailureAction::GiveUp {
            event,
            notify_artist,
        } => {
            give_up(conn, job, pending, error, event, now).await?;
            Ok(Recorded::failed(error, notify_artist))
        }
        // Not returned once the text retry counts as made, nor after the remapping above.
        FailureAction::RetryLater | FailureAction::RetryAsText => Ok(Recorded::failed(error, None)),
    }
}

/// → `failed` with the error, and the ERROR event of the give-up; the queue then dead-letters the
/// job, which writes `job.dead_lettered` on its own.
async fn give_up(
    conn: &mut AsyncPgConnection,
    job: &ClaimedJob,
    pending: &Pending,
    error: &ProviderError,
    event: SendFailureEvent,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let failed = mark_state(
        conn,
        pending.id,
        EndState::Failed,
        Some(&stored(error)),
        now,
    )
    .await?;
    if !failed {
        // Something else ended the row while the send was in flight (a STOP, a replacement).
        return Ok(());
    }
    let event = SystemEvent {
        level: EventLevel::Error,
        event_type: event.event_type().to_owned(),
        lead_id: pending.lead_id,
        contact_id: Some(pending.contact_id),
        payload: json!({
            "outbound_message_id": pending.id.0,
            "kind": pending.kind.as_str(),
            "code": error.code(),
        }),
        correlation_id: job.correlation_id.clone(),
    };
    system_events::record(conn, &event).await?;
    tracing::error!(
        outbound_id = pending.id.0,
        kind = pending.kind.as_str(),
        error_class = error.class(),
        error_code = error.code().unwrap_or_default(),
        "{}",
        event.event_type
    );
    Ok(())
}

/// Our own client refuses a message that breaks WhatsApp's limits before sending it
/// (`invalid_message.<field>`). For an interactive message that is the same mistake as Meta's
/// 131009, and deserves the same plain-text retry rather than a dead letter.
pub(super) fn as_seen_by_domain(error: &ProviderError) -> ProviderError {
    match error {
        ProviderError::Permanent { code } if code.starts_with("invalid_message.") => {
            ProviderError::permanent("131009")
        }
        other => other.clone(),
    }
}

/// The row's error columns: the Graph code when there is one, and our classification as the title
/// (the provider's own texts are not carried by the classified error).
fn stored(error: &ProviderError) -> DeliveryError {
    DeliveryError {
        code: error.code().and_then(|code| code.parse().ok()),
        title: Some(error.to_string()),
        details: None,
    }
}
