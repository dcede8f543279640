//! Row counts read at scrape time for the `inkdesk_leads` and `inkdesk_outbound_messages` gauges
//! (data-and-ops.md §8.3). They describe the shared database, not one replica, which is why they are
//! gauges read here rather than counters kept in memory.

use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use inkdesk_domain::model::LeadStatus;

use crate::{Database, DbError};

/// Leads per status, every status present (zero when none), in declaration order.
pub async fn leads_by_status(db: &Database) -> Result<Vec<(LeadStatus, i64)>, DbError> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        status: String,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = db.connection().await?;
    let rows = diesel::sql_query("SELECT status, count(*) AS n FROM leads GROUP BY status")
        .load::<Row>(&mut conn)
        .await?;
    Ok(LeadStatus::ALL
        .iter()
        .map(|status| {
            let n = rows
                .iter()
                .find(|row| row.status == status.as_str())
                .map_or(0, |row| row.n);
            (*status, n)
        })
        .collect())
}

/// Outbound messages per recipient role and state, as stored.
#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct OutboundCount {
    #[diesel(sql_type = Text)]
    pub recipient_role: String,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

pub async fn outbound_by_state(db: &Database) -> Result<Vec<OutboundCount>, DbError> {
    let mut conn = db.connection().await?;
    Ok(diesel::sql_query(
        "SELECT recipient_role, state, count(*) AS n FROM outbound_messages
         GROUP BY recipient_role, state ORDER BY recipient_role, state",
    )
    .load::<OutboundCount>(&mut conn)
    .await?)
}

/// Status changes committed so far, by `from` and `to` (`status_history` keeps every one; an
/// erased contact's history is kept anonymously), so the count only grows.
#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct TransitionCount {
    #[diesel(sql_type = Text)]
    pub from_status: String,
    #[diesel(sql_type = Text)]
    pub to_status: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

pub async fn transitions(db: &Database) -> Result<Vec<TransitionCount>, DbError> {
    let mut conn = db.connection().await?;
    Ok(diesel::sql_query(
        "SELECT coalesce(from_status, 'NEW') AS from_status, to_status, count(*) AS n
         FROM status_history GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .load::<TransitionCount>(&mut conn)
    .await?)
}
