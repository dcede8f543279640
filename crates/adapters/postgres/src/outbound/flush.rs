//! Deferred content goes out when the contact writes (data-and-ops.md §4.6): P10 for clients, P3
//! for the artist, inside the inbound unit of work that already holds the contact's lock.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::Recipient;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_domain::outbound::kinds;

use super::{OutboundId, enqueue_send, unreadable};
use crate::DbError;
use crate::jobs::{NewJob, enqueue};

/// Deferred content older than this is left to the `deferred-expiry` sweep.
const FLUSH_WINDOW: TimeDelta = TimeDelta::days(7);
/// A deferred slot offer older than this is replaced by a fresh one: its times may be gone.
const OFFER_FRESH_FOR: TimeDelta = TimeDelta::hours(1);
/// The `slots.offer` cause for an offer refreshed on flush (its intro is `slot_offer_refresh`).
pub const REFRESH_CAUSE: &str = "deferred_refresh";

/// What a flush did, each list oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// Back to `queued` with a new send job.
    pub requeued: Vec<OutboundId>,
    /// Stale slot offers, `cancelled` in favour of a `slots.offer` job for their lead.
    pub refreshed: Vec<OutboundId>,
    /// Payment links whose payment is no longer `open`, now `cancelled`.
    pub cancelled: Vec<OutboundId>,
}

impl FlushReport {
    pub fn is_empty(&self) -> bool {
        self.requeued.is_empty() && self.refreshed.is_empty() && self.cancelled.is_empty()
    }
}

#[derive(diesel::QueryableByName)]
struct DeferredRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient_role: String,
    #[diesel(sql_type = Bool)]
    refresh_on_flush: bool,
    #[diesel(sql_type = Nullable<Text>)]
    payment_status: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

enum Fate {
    Requeue,
    Refresh(LeadId),
    Cancel,
}

pub async fn flush_deferred(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    now: DateTime<Utc>,
) -> Result<FlushReport, DbError> {
    let rows = diesel::sql_query(
        "SELECT o.id, o.lead_id, o.kind, o.recipient_role, o.refresh_on_flush,
                p.status AS payment_status, o.created_at
         FROM outbound_messages o
         LEFT JOIN payments p ON p.id = o.payment_id
         WHERE o.contact_id = $1 AND o.state = 'deferred' AND o.created_at > $2
         ORDER BY o.created_at, o.id
         FOR UPDATE OF o",
    )
    .bind::<BigInt, _>(contact.0)
    .bind::<Timestamptz, _>(now - FLUSH_WINDOW)
    .load::<DeferredRow>(conn)
    .await?;
    let mut report = FlushReport::default();
    for row in rows {
        let id = OutboundId(row.id);
        match fate(&row, now) {
            Fate::Requeue => {
                set_state(conn, id, "queued").await?;
                let recipient: Recipient = row.recipient_role.parse().map_err(unreadable)?;
                let lead = row.lead_id.map(LeadId);
                enqueue_send(conn, id, contact, recipient, lead, None).await?;
                report.requeued.push(id);
            }
            Fate::Refresh(lead) => {
                set_state(conn, id, "cancelled").await?;
                enqueue(conn, &NewJob::slots_offer(lead, REFRESH_CAUSE)).await?;
                report.refreshed.push(id);
            }
            Fate::Cancel => {
                set_state(conn, id, "cancelled").await?;
                report.cancelled.push(id);
            }
        }
    }
    cancel_unsent_stand_ins(conn, &report.requeued).await?;
    Ok(report)
}

fn fate(row: &DeferredRow, now: DateTime<Utc>) -> Fate {
    if row.refresh_on_flush
        && now - row.created_at > OFFER_FRESH_FOR
        && let Some(lead) = row.lead_id
    {
        return Fate::Refresh(LeadId(lead));
    }
    // A kind this build does not know carries no link it could check.
    let carries_link = row
        .kind
        .parse::<MessageId>()
        .is_ok_and(kinds::carries_payment_link);
    let payment_closed = row
        .payment_status
        .as_deref()
        .is_some_and(|status| status != "open");
    if carries_link && payment_closed {
        Fate::Cancel
    } else {
        Fate::Requeue
    }
}

async fn set_state(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    state: &str,
) -> Result<(), DbError> {
    diesel::sql_query("UPDATE outbound_messages SET state = $2 WHERE id = $1")
        .bind::<BigInt, _>(id.0)
        .bind::<Text, _>(state)
        .execute(conn)
        .await?;
    Ok(())
}

/// A template still waiting to ask the client to reply has nothing left to ask: the content it
/// stood in for is on its way.
async fn cancel_unsent_stand_ins(
    conn: &mut AsyncPgConnection,
    content: &[OutboundId],
) -> Result<(), DbError> {
    let ids: Vec<i64> = content.iter().map(|id| id.0).collect();
    diesel::sql_query(
        "UPDATE outbound_messages SET state = 'cancelled'
         WHERE stands_in_for = ANY($1) AND state = 'queued'",
    )
    .bind::<Array<BigInt>, _>(ids)
    .execute(conn)
    .await?;
    Ok(())
}
