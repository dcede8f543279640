//! What the Google Sheets lead log (integrations.md §4.2) reads about one lead, and the row it
//! remembers for it afterwards (`sheet_rows`).
//!
//! The facts are read at run time, so a coalesced `sheets.upsert` job always writes the lead's
//! latest state. They are plain data: turning them into the sheet's columns is the server's job
//! (this crate must not know the Google adapter).

mod stored;

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Int4, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use inkdesk_domain::model::{Dimensions, LeadId};

use crate::cached_sql::cached_sql;
use crate::{Database, DbError};
use stored::{LOAD, Stored};

/// Everything one lead's row shows, read in one statement (one snapshot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadLogFacts {
    pub lead_id: LeadId,
    pub status: String,
    /// The contact was erased (GDPR): the row keeps only the lead id and status.
    pub erased: bool,
    pub contact: ContactFacts,
    pub instagram_handle: Option<String>,
    pub answers: AnswerFacts,
    pub dimensions: Option<Dimensions>,
    pub complexity_level: Option<i16>,
    pub complexity_unsure: Option<bool>,
    /// `yes`, `no` or `unsure`.
    pub coverup: Option<String>,
    /// Attachments downloaded and kept (`stored`).
    pub stored_media: i64,
    pub location_city: Option<String>,
    pub location_country: Option<String>,
    pub region: Option<String>,
    pub requested_city: Option<String>,
    /// The first guest-spot city offered, else the accepted one.
    pub offered_tour_city: Option<String>,
    pub tour_offer_accepted: Option<bool>,
    pub waitlisted: bool,
    pub budget_amount_minor: Option<i64>,
    pub budget_currency: Option<String>,
    pub region_min_budget_minor: Option<i64>,
    pub below_min_budget: bool,
    pub estimated_category: Option<String>,
    pub estimated_deposit_minor: Option<i64>,
    pub price_min_minor: Option<i64>,
    pub price_max_minor: Option<i64>,
    pub latest_payment: Option<PaymentFacts>,
    pub latest_hold: Option<HoldFacts>,
    /// The lead's booked appointment, when one is recorded on the lead itself.
    pub appointment_start_at: Option<DateTime<Utc>>,
    pub appointment_end_at: Option<DateTime<Utc>>,
    pub calendar_event_id: Option<String>,
    pub handover_reason: Option<String>,
    pub admin_notes: Option<String>,
    pub last_dead_job: Option<DeadJobFacts>,
    pub funnel: FunnelTimes,
    /// The row this lead was last written to in this spreadsheet, to be checked before use.
    pub remembered_row: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactFacts {
    pub phone: Option<String>,
    pub profile_name: Option<String>,
    pub opted_out: bool,
}

/// The latest answer per question the row shows; reference answers all of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerFacts {
    pub idea: Option<String>,
    pub placement: Option<String>,
    pub style: Option<String>,
    pub reference_texts: Vec<String>,
}

/// The lead's most recent payment (its real Checkout link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFacts {
    pub checkout_url: Option<String>,
    pub stripe_session_id: Option<String>,
}

/// The lead's most recent slot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldFacts {
    /// `held`, `confirmed`, `released` or `cancelled`.
    pub state: String,
    pub calendar_event_id: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

/// The lead's most recently dead-lettered job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadJobFacts {
    pub kind: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunnelTimes {
    pub created_at: Option<DateTime<Utc>>,
    pub last_client_message_at: Option<DateTime<Utc>>,
    pub qualifying_started_at: Option<DateTime<Utc>>,
    pub qualifying_completed_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub rejected_at: Option<DateTime<Utc>>,
    pub stale_at: Option<DateTime<Utc>>,
    pub abandoned_at: Option<DateTime<Utc>>,
    pub needs_follow_up_at: Option<DateTime<Utc>>,
    pub needs_artist_reply_at: Option<DateTime<Utc>>,
    pub deposit_sent_at: Option<DateTime<Utc>>,
    pub deposit_paid_at: Option<DateTime<Utc>>,
    pub booking_pending_at: Option<DateTime<Utc>>,
    pub booked_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
}

/// The lead's facts as they stand, with the row remembered for `spreadsheet_id`; `None` when no
/// such lead exists.
pub async fn load(
    db: &Database,
    lead: LeadId,
    spreadsheet_id: &str,
) -> Result<Option<LeadLogFacts>, DbError> {
    let mut conn = db.connection().await?;
    let stored: Option<Stored> = cached_sql(LOAD)
        .bind::<BigInt, _>(lead.0)
        .bind::<Text, _>(spreadsheet_id)
        .get_result(&mut conn)
        .await
        .optional()?;
    Ok(stored.map(Stored::into_facts))
}

/// Remembers where the lead's row was written, so the next upsert can check one cell instead of
/// reading column A.
pub async fn remember_row(
    db: &Database,
    lead: LeadId,
    spreadsheet_id: &str,
    row_number: u32,
    synced_at: DateTime<Utc>,
) -> Result<(), DbError> {
    let row = i32::try_from(row_number).unwrap_or(i32::MAX);
    let mut conn = db.connection().await?;
    cached_sql(
        "INSERT INTO sheet_rows (lead_id, spreadsheet_id, row_number, synced_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (lead_id) DO UPDATE
         SET spreadsheet_id = EXCLUDED.spreadsheet_id, row_number = EXCLUDED.row_number,
             synced_at = EXCLUDED.synced_at",
    )
    .bind::<BigInt, _>(lead.0)
    .bind::<Text, _>(spreadsheet_id)
    .bind::<Int4, _>(row)
    .bind::<Timestamptz, _>(synced_at)
    .execute(&mut conn)
    .await?;
    Ok(())
}
