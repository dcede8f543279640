//! The idempotency ledger (`processed_events`): a provider event takes effect once, however often the
//! provider delivers it and however many replicas receive it at the same moment.

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;

use crate::DbError;
use crate::cached_sql::cached_sql;

/// Who sent the event; the value of `processed_events.provider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventSource {
    Whatsapp,
    Stripe,
    Scheduler,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Whatsapp => "whatsapp",
            Self::Stripe => "stripe",
            Self::Scheduler => "scheduler",
        }
    }
}

/// Claims `(source, event_id)` inside the business transaction that handles the event: `true` the
/// first time, `false` for a duplicate. A concurrent delivery of the same event waits on this one's
/// row and sees a duplicate once it commits, or gets the claim if it rolls back, so a failed handling
/// is retried rather than lost.
pub async fn claim_event(
    conn: &mut AsyncPgConnection,
    source: EventSource,
    event_id: &str,
    kind: &str,
    lead_id: Option<LeadId>,
) -> Result<bool, DbError> {
    let inserted = cached_sql(
        "INSERT INTO processed_events (provider, event_id, kind, lead_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind::<Text, _>(source.as_str())
    .bind::<Text, _>(event_id)
    .bind::<Text, _>(kind)
    .bind::<Nullable<BigInt>, _>(lead_id.map(|lead| lead.0))
    .execute(conn)
    .await?;
    Ok(inserted == 1)
}
