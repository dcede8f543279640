//! `GET /admin/funnel`: how far the leads created since a cutoff ever got (http-api.md §5.15).
//!
//! "Ever reached" comes from `status_history`, not the current status, so a lead that was approved and
//! later cancelled counts as approved. Nothing here reads personal data, which is why a GDPR erase
//! leaves the counts unchanged.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::RunQueryDsl;
use serde::Serialize;

use crate::{Database, DbError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel::QueryableByName)]
pub struct FunnelCounts {
    #[diesel(sql_type = BigInt)]
    pub new_leads: i64,
    #[diesel(sql_type = BigInt)]
    pub qualifying_started: i64,
    #[diesel(sql_type = BigInt)]
    pub qualifying_completed: i64,
    #[diesel(sql_type = BigInt)]
    pub pending_approval: i64,
    #[diesel(sql_type = BigInt)]
    pub approved: i64,
    #[diesel(sql_type = BigInt)]
    pub rejected: i64,
    #[diesel(sql_type = BigInt)]
    pub awaiting_slot: i64,
    #[diesel(sql_type = BigInt)]
    pub deposit_link_sent: i64,
    #[diesel(sql_type = BigInt)]
    pub deposit_paid: i64,
    #[diesel(sql_type = BigInt)]
    pub booked: i64,
    #[diesel(sql_type = BigInt)]
    pub cancelled: i64,
    #[diesel(sql_type = BigInt)]
    pub refunded: i64,
    #[diesel(sql_type = BigInt)]
    pub needs_artist_reply: i64,
    #[diesel(sql_type = BigInt)]
    pub needs_follow_up: i64,
    #[diesel(sql_type = BigInt)]
    pub waitlisted: i64,
    #[diesel(sql_type = BigInt)]
    pub abandoned: i64,
    #[diesel(sql_type = BigInt)]
    pub stale: i64,
    #[diesel(sql_type = BigInt)]
    pub opted_out: i64,
}

/// Completion is the one stage that is not a status: the consultation ended in one of the completion
/// outcomes (consultation.md, completion order), or the lead records the moment it did.
const FUNNEL_SQL: &str = "
    WITH population AS (
        SELECT id, qualifying_completed_at, approved_at, deposit_sent_at, deposit_paid_at
        FROM leads WHERE created_at >= $1
    ),
    reached AS (
        SELECT h.lead_id,
               array_agg(DISTINCT h.to_status) AS statuses,
               bool_or(h.from_status = 'QUALIFYING' AND h.to_status IN
                       ('PENDING_APPROVAL', 'NEEDS_FOLLOW_UP', 'TOUR_CONVERSION_OFFERED', 'WAITLISTED')
                       OR h.reason_code IN ('completed', 'budget_below_minimum', 'city_not_served',
                                            'COVER_UP')) AS completed,
               bool_or(h.reason_code = 'approve') AS approved
        FROM status_history h JOIN population p ON p.id = h.lead_id
        GROUP BY h.lead_id
    )
    SELECT count(*) AS new_leads,
           count(*) FILTER (WHERE 'QUALIFYING' = ANY(r.statuses)) AS qualifying_started,
           count(*) FILTER (WHERE r.completed OR p.qualifying_completed_at IS NOT NULL)
               AS qualifying_completed,
           count(*) FILTER (WHERE 'PENDING_APPROVAL' = ANY(r.statuses)) AS pending_approval,
           count(*) FILTER (WHERE r.approved OR p.approved_at IS NOT NULL) AS approved,
           count(*) FILTER (WHERE 'REJECTED' = ANY(r.statuses)) AS rejected,
           count(*) FILTER (WHERE 'AWAITING_SLOT' = ANY(r.statuses)) AS awaiting_slot,
           count(*) FILTER (WHERE 'AWAITING_DEPOSIT' = ANY(r.statuses)
                            OR p.deposit_sent_at IS NOT NULL) AS deposit_link_sent,
           count(*) FILTER (WHERE 'DEPOSIT_PAID' = ANY(r.statuses)
                            OR p.deposit_paid_at IS NOT NULL) AS deposit_paid,
           count(*) FILTER (WHERE 'BOOKED' = ANY(r.statuses)) AS booked,
           count(*) FILTER (WHERE 'CANCELLED' = ANY(r.statuses)) AS cancelled,
           count(*) FILTER (WHERE 'REFUNDED' = ANY(r.statuses)) AS refunded,
           count(*) FILTER (WHERE 'NEEDS_ARTIST_REPLY' = ANY(r.statuses)) AS needs_artist_reply,
           count(*) FILTER (WHERE 'NEEDS_FOLLOW_UP' = ANY(r.statuses)) AS needs_follow_up,
           count(*) FILTER (WHERE 'WAITLISTED' = ANY(r.statuses)) AS waitlisted,
           count(*) FILTER (WHERE 'ABANDONED' = ANY(r.statuses)) AS abandoned,
           count(*) FILTER (WHERE 'STALE' = ANY(r.statuses)) AS stale,
           count(*) FILTER (WHERE 'OPTOUT' = ANY(r.statuses)) AS opted_out
    FROM population p LEFT JOIN reached r ON r.lead_id = p.id";

/// Counts over the leads created at or after `cutoff`.
pub async fn funnel_counts(db: &Database, cutoff: DateTime<Utc>) -> Result<FunnelCounts, DbError> {
    let mut conn = db.connection().await?;
    Ok(diesel::sql_query(FUNNEL_SQL)
        .bind::<Timestamptz, _>(cutoff)
        .get_result::<FunnelCounts>(&mut conn)
        .await?)
}
