//! `GET /admin/leads/{id}`: one lead with its contact, answers, history, payments, holds, offer,
//! attachments and outbound messages (http-api.md §5.3).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Double, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::lead_records::{
    ANSWERS_SQL, ATTACHMENTS_SQL, AnswerRow, AttachmentRow, HISTORY_SQL, HOLDS_SQL, HistoryRow,
    HoldRow, OPEN_OFFER_SQL, OUTBOUND_SQL, OfferRow, OutboundRow, PAYMENTS_SQL, PaymentRow,
    lead_rows,
};
use crate::{Database, DbError};

/// Everything the detail page shows, read in one read-only snapshot.
#[derive(Debug, Clone)]
pub struct LeadDetail {
    pub lead: LeadRow,
    pub contact: ContactRow,
    pub answers: Vec<AnswerRow>,
    pub history: Vec<HistoryRow>,
    pub payments: Vec<PaymentRow>,
    pub holds: Vec<HoldRow>,
    pub offer: Option<OfferRow>,
    pub attachments: Vec<AttachmentRow>,
    pub outbound_messages: Vec<OutboundRow>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct LeadRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub contact_id: i64,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Timestamptz)]
    pub status_entered_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub return_status: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub booking_mode: Option<String>,
    #[diesel(sql_type = SmallInt)]
    pub current_step: i16,
    #[diesel(sql_type = Nullable<Text>)]
    pub summary_text: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub handover_reason_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub handover_reason: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    pub handover_resumable: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    pub admin_notes: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_admin_action: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_admin_action_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub cancellation_reason: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub cancelled_by: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub qualifying_started_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub qualifying_completed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub approved_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(embed)]
    pub interpretation: InterpretationColumns,
    #[diesel(embed)]
    pub estimate: EstimateColumns,
    #[diesel(embed)]
    pub deposit: DepositColumns,
    #[diesel(embed)]
    pub booking: BookingColumns,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct InterpretationColumns {
    #[diesel(sql_type = Nullable<Double>)]
    pub dimensions_width_cm: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub dimensions_height_cm: Option<f64>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub complexity_level: Option<i16>,
    #[diesel(sql_type = Nullable<Bool>)]
    pub complexity_unsure: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    pub coverup: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    pub placement_hard: Option<bool>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub budget_amount_minor: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub budget_currency: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    pub budget_is_range: Option<bool>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub budget_gbp_minor: Option<i64>,
    #[diesel(sql_type = Bool)]
    pub budget_accepted_minimum: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub location_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub location_country: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    pub country_recognised: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    pub region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub instagram_handle: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub requested_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub booking_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub tour_stop_key: Option<String>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct EstimateColumns {
    #[diesel(sql_type = Nullable<Text>)]
    pub estimated_category: Option<String>,
    #[diesel(sql_type = Nullable<Double>)]
    pub estimated_days: Option<f64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub estimated_deposit_minor: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub price_min_minor: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub price_max_minor: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub region_min_budget_minor: Option<i64>,
    #[diesel(sql_type = Bool)]
    pub below_min_budget: bool,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DepositColumns {
    #[diesel(sql_type = Nullable<BigInt>)]
    pub deposit_amount_minor: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub deposit_currency: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub deposit_locked_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub deposit_rule_version: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub deposit_sent_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = SmallInt)]
    pub expiry_count: i16,
    #[diesel(sql_type = SmallInt)]
    pub link_reissue_count: i16,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct BookingColumns {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub appointment_start_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub appointment_end_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub confirmed_hold_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub calendar_event_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub booking_link: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub booking_tool: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub booking_link_sent_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = SmallInt)]
    pub reschedule_count: i16,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ContactRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub profile_name: Option<String>,
    #[diesel(sql_type = Bool)]
    pub opted_out: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_inbound_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub erased_at: Option<DateTime<Utc>>,
}

const LEAD_SQL: &str = "SELECT id, contact_id, status, status_entered_at, return_status, booking_mode,
        current_step, summary_text, handover_reason_code, handover_reason::text AS handover_reason,
        handover_resumable, admin_notes, last_admin_action, last_admin_action_at, cancellation_reason,
        cancelled_by, qualifying_started_at, qualifying_completed_at, approved_at, created_at, updated_at,
        dimensions_width_cm::float8 AS dimensions_width_cm,
        dimensions_height_cm::float8 AS dimensions_height_cm, complexity_level, complexity_unsure,
        coverup, placement_hard, budget_amount_minor, budget_currency::text AS budget_currency,
        budget_is_range, budget_gbp_minor, budget_accepted_minimum, location_city, location_country,
        country_recognised, region, instagram_handle, requested_city, booking_city, tour_stop_key,
        estimated_category, estimated_days::float8 AS estimated_days, estimated_deposit_minor,
        price_min_minor, price_max_minor, region_min_budget_minor, below_min_budget,
        deposit_amount_minor, deposit_currency::text AS deposit_currency, deposit_locked_at,
        deposit_rule_version, deposit_sent_at, expiry_count, link_reissue_count,
        appointment_start_at, appointment_end_at, confirmed_hold_id, calendar_event_id, booking_link,
        booking_tool, booking_link_sent_at, reschedule_count
    FROM leads WHERE id = $1";

/// The lead `id`, or `None` when there is no such lead.
pub async fn lead_detail(db: &Database, id: i64) -> Result<Option<LeadDetail>, DbError> {
    let mut conn = db.connection().await?;
    conn.transaction::<_, DbError, _>(async |conn| {
        read_only_snapshot(conn).await?;
        read_detail(conn, id).await
    })
    .await
}

/// One consistent view across the several statements of a page.
pub(super) async fn read_only_snapshot(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn read_detail(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> Result<Option<LeadDetail>, DbError> {
    let Some(lead) = diesel::sql_query(LEAD_SQL)
        .bind::<BigInt, _>(id)
        .get_results::<LeadRow>(conn)
        .await?
        .pop()
    else {
        return Ok(None);
    };
    let contact = diesel::sql_query(
        "SELECT id, phone, profile_name, opted_out, last_inbound_at, erased_at
         FROM contacts WHERE id = $1",
    )
    .bind::<BigInt, _>(lead.contact_id)
    .get_result::<ContactRow>(conn)
    .await?;
    Ok(Some(LeadDetail {
        answers: lead_rows(conn, ANSWERS_SQL, id).await?,
        history: lead_rows(conn, HISTORY_SQL, id).await?,
        payments: lead_rows(conn, PAYMENTS_SQL, id).await?,
        holds: lead_rows(conn, HOLDS_SQL, id).await?,
        offer: lead_rows(conn, OPEN_OFFER_SQL, id).await?.pop(),
        attachments: lead_rows(conn, ATTACHMENTS_SQL, id).await?,
        outbound_messages: lead_rows(conn, OUTBOUND_SQL, id).await?,
        lead,
        contact,
    }))
}
