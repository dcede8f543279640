//! The outbound gateway's rows (data-and-ops.md §4.3–4.6, http-api.md §3.2.1): loading a message
//! for its send job under the contact's lock, recording what the domain's plan decided, standing a
//! template in for content while the window is closed, applying WhatsApp status callbacks, and
//! flushing deferred content when the contact writes.
//!
//! Every function runs on the caller's connection, inside the caller's transaction; none of them
//! talks to WhatsApp. Locks follow the global order: the contact before its outbound rows.

mod callback;
mod defer;
mod flush;
mod load;
mod mark;

use std::fmt;

use chrono::{DateTime, Utc};
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::Recipient;
use inkdesk_domain::model::{ContactId, LeadId};

pub use callback::{
    AppliedStatus, CallbackFollowUp, StatusCallback, StatusCallbackResult, apply_status_callback,
    apply_status_callback_alone,
};
pub use defer::{defer_with_template, defer_without_template};
pub use flush::{FlushReport, REFRESH_CAUSE, flush_deferred};
pub use load::{DeliveryRow, load_for_delivery};
pub use mark::{EndState, mark_contact_undeliverable, mark_dry_run_sent, mark_sent, mark_state};

use crate::DbError;
use crate::jobs::{JobId, NewJob, enqueue};

/// Database identity of an outbound message (`outbound_messages.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutboundId(pub i64);

impl fmt::Display for OutboundId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why WhatsApp refused or failed a message, as stored on the row: its code and title and
/// `error_data.details` — provider texts about the request, never the message body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryError {
    pub code: Option<i32>,
    pub title: Option<String>,
    pub details: Option<String>,
}

/// `outbound_messages.error_details` is `varchar(500)`.
const ERROR_DETAILS_MAX_CHARS: usize = 500;

impl DeliveryError {
    /// From a webhook error object; a code outside `int` range is dropped rather than wrapped.
    pub fn from_graph(code: Option<i64>, title: Option<String>, details: Option<String>) -> Self {
        Self {
            code: code.and_then(|code| i32::try_from(code).ok()),
            title,
            details,
        }
    }

    fn stored_details(&self) -> Option<String> {
        self.details
            .as_deref()
            .map(|details| details.chars().take(ERROR_DETAILS_MAX_CHARS).collect())
    }
}

/// The send job for a message: `whatsapp.send` to clients, `artist.notify` to the artist, both
/// ordered behind the contact's earlier messages. Records the job on the row.
async fn enqueue_send(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    contact: ContactId,
    recipient: Recipient,
    lead: Option<LeadId>,
    run_at: Option<DateTime<Utc>>,
) -> Result<JobId, DbError> {
    let mut job = match recipient {
        Recipient::Client => NewJob::whatsapp_send(id.0, contact),
        Recipient::Artist => NewJob::artist_notify(id.0, contact),
    };
    if let Some(lead) = lead {
        job = job.for_lead(lead);
    }
    if let Some(run_at) = run_at {
        job = job.not_before(run_at);
    }
    let job_id = enqueue(conn, &job).await?;
    diesel::sql_query("UPDATE outbound_messages SET job_id = $2 WHERE id = $1")
        .bind::<BigInt, _>(id.0)
        .bind::<BigInt, _>(job_id.0)
        .execute(conn)
        .await?;
    Ok(job_id)
}

/// A stored value this build cannot read (a kind or state written by a newer release).
fn unreadable(error: impl std::error::Error + Send + Sync + 'static) -> DbError {
    DbError::Query(diesel::result::Error::DeserializationError(Box::new(error)))
}
