//! `GET /admin/leads`: filtered, newest-first pages of leads (http-api.md §5.2).

use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use serde::Serialize;

use super::{Page, PageKey};
use crate::{Database, DbError};

/// The statuses in which the lead waits for the artist; a payment flagged for review counts too.
pub(super) const NEEDS_ACTION_SQL: &str = "(l.status IN ('PENDING_APPROVAL', 'STALE', \
     'NEEDS_ARTIST_REPLY', 'NEEDS_FOLLOW_UP', 'DEPOSIT_PAID', 'BOOKING_PENDING') \
     OR EXISTS (SELECT 1 FROM payments p WHERE p.lead_id = l.id AND p.requires_review))";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadSort {
    #[default]
    CreatedDesc,
    UpdatedDesc,
}

impl LeadSort {
    fn column(self) -> &'static str {
        match self {
            Self::CreatedDesc => "created_at",
            Self::UpdatedDesc => "updated_at",
        }
    }
}

/// Every filter of §5.2, already validated (statuses exist, the suffix is digits only).
#[derive(Debug, Clone, Default)]
pub struct LeadFilter {
    pub statuses: Option<Vec<String>>,
    pub needs_action: Option<bool>,
    pub phone_suffix: Option<String>,
    /// Inclusive.
    pub created_after: Option<DateTime<Utc>>,
    /// Exclusive.
    pub created_before: Option<DateTime<Utc>>,
    pub sort: LeadSort,
    pub limit: i64,
    pub after: Option<PageKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, diesel::QueryableByName)]
pub struct LeadListItem {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub wa_from: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub client_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = SmallInt)]
    pub current_step: i16,
    #[diesel(sql_type = Nullable<Text>)]
    pub estimated_category: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub booking_mode: Option<String>,
    #[diesel(sql_type = Bool)]
    pub needs_action: bool,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub status_entered_at: DateTime<Utc>,
    /// The sort column's value, for the next page's key.
    #[serde(skip)]
    #[diesel(sql_type = Timestamptz)]
    pub sort_at: DateTime<Utc>,
}

pub async fn list_leads(db: &Database, filter: &LeadFilter) -> Result<Page<LeadListItem>, DbError> {
    let column = filter.sort.column();
    // The sort column comes from a closed enum, never from the request; every value is a bind.
    let sql = format!(
        "SELECT l.id, c.phone AS wa_from, c.profile_name AS client_name, l.status, l.current_step,
                l.estimated_category, l.booking_mode, {NEEDS_ACTION_SQL} AS needs_action,
                l.created_at, l.updated_at, l.status_entered_at, l.{column} AS sort_at
         FROM leads l JOIN contacts c ON c.id = l.contact_id
         WHERE ($1::text[] IS NULL OR l.status = ANY($1))
           AND ($2::bool IS NULL OR {NEEDS_ACTION_SQL} = $2)
           AND ($3::text IS NULL OR c.phone LIKE '%' || $3)
           AND ($4::timestamptz IS NULL OR l.created_at >= $4)
           AND ($5::timestamptz IS NULL OR l.created_at < $5)
           AND ($6::timestamptz IS NULL OR (l.{column}, l.id) < ($6, $7))
         ORDER BY l.{column} DESC, l.id DESC
         LIMIT $8"
    );
    let mut conn = db.connection().await?;
    let rows = diesel::sql_query(sql)
        .bind::<Nullable<Array<Text>>, _>(filter.statuses.as_deref())
        .bind::<Nullable<Bool>, _>(filter.needs_action)
        .bind::<Nullable<Text>, _>(filter.phone_suffix.as_deref())
        .bind::<Nullable<Timestamptz>, _>(filter.created_after)
        .bind::<Nullable<Timestamptz>, _>(filter.created_before)
        .bind::<Nullable<Timestamptz>, _>(filter.after.map(|key| key.at))
        .bind::<BigInt, _>(filter.after.map_or(0, |key| key.id))
        .bind::<BigInt, _>(filter.limit + 1)
        .load::<LeadListItem>(&mut conn)
        .await?;
    Ok(Page::from_rows(rows, filter.limit, |item| PageKey {
        at: item.sort_at,
        id: item.id,
    }))
}
