//! GDPR erase of one contact, in one transaction (http-api.md §5.18, data-and-ops.md §9).
//!
//! Personal content goes: answers are deleted; message texts, media and location references,
//! attachment bytes and captions, notes, the summary, the Instagram handle, the cities, the profile
//! name and the phone are nulled. What the business must keep stays: ids, statuses, timestamps,
//! amounts and the status history, so the funnel counts do not move. The Sheets row and inkdesk's
//! calendar events are blanked by jobs after commit.

use diesel::sql_types::{Array, BigInt, Bool, Integer, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{ContactId, LeadId};
use serde_json::json;

use crate::jobs::{NewJob, enqueue};
use crate::system_events::{self, EventLevel, SystemEvent};
use crate::{Database, DbError};

#[derive(Debug, Clone)]
pub struct EraseRequest {
    pub contact_id: i64,
    /// The `sheets:<id>` ordering key of the row-blanking job.
    /// `None` while the lead log is off: no Sheets jobs are written.
    pub spreadsheet_id: Option<String>,
    /// A booked lead without an appointment time stays live this long after booking
    /// (`booking.booked_lead_live_days_without_time`).
    pub booked_live_days: i32,
    pub correlation_id: Option<String>,
}

/// Why an erase is refused: the studio still owes the client an appointment or money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EraseBlocked {
    #[error("Cannot erase a contact with an active enquiry")]
    ActiveLead,
    #[error("Cannot erase a contact with a live booking")]
    LiveBooking,
    #[error(
        "Cannot erase a contact with a paid deposit on an enquiry closed less than 30 days ago"
    )]
    PaidDeposit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EraseOutcome {
    NotFound,
    Blocked(EraseBlocked),
    Erased { lead_ids: Vec<i64> },
}

const ACTIVE_STATUSES: &str = "('NEW', 'QUALIFYING', 'NEEDS_ARTIST_REPLY', 'NEEDS_FOLLOW_UP', \
    'TOUR_CONVERSION_OFFERED', 'PENDING_APPROVAL', 'AWAITING_SLOT', 'COLLECTING_TIME_WINDOWS', \
    'AWAITING_DEPOSIT', 'DEPOSIT_EXPIRED', 'DEPOSIT_PAID', 'BOOKING_PENDING')";

pub async fn erase_contact(db: &Database, request: &EraseRequest) -> Result<EraseOutcome, DbError> {
    let mut conn = db.connection().await?;
    conn.transaction::<_, DbError, _>(async |conn| erase_in(conn, request).await)
        .await
}

#[derive(diesel::QueryableByName)]
struct LockedLead {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Bool)]
    active: bool,
    #[diesel(sql_type = Bool)]
    live_booking: bool,
    #[diesel(sql_type = Bool)]
    recent_paid_deposit: bool,
}

#[derive(diesel::QueryableByName)]
struct CalendarEvent {
    #[diesel(sql_type = BigInt)]
    hold_id: i64,
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
    #[diesel(sql_type = Text)]
    event_id: String,
}

async fn erase_in(
    conn: &mut AsyncPgConnection,
    request: &EraseRequest,
) -> Result<EraseOutcome, DbError> {
    let contact = request.contact_id;
    // Lock order: the contact, then its leads (data-and-ops.md §3).
    let found = diesel::sql_query("SELECT id FROM contacts WHERE id = $1 FOR UPDATE")
        .bind::<BigInt, _>(contact)
        .execute(conn)
        .await?;
    if found == 0 {
        return Ok(EraseOutcome::NotFound);
    }
    let leads = diesel::sql_query(format!(
        "SELECT l.id,
                l.status IN {ACTIVE_STATUSES} AS active,
                l.status = 'BOOKED' AND (l.appointment_end_at > now()
                    OR (l.appointment_end_at IS NULL
                        AND coalesce(l.booked_at, l.status_entered_at)
                            > now() - make_interval(days => $2))) AS live_booking,
                l.status_entered_at > now() - interval '30 days' AND EXISTS (
                    SELECT 1 FROM payments p WHERE p.lead_id = l.id
                      AND p.status IN ('paid', 'partially_refunded')) AS recent_paid_deposit
         FROM leads l WHERE l.contact_id = $1 ORDER BY l.id FOR UPDATE"
    ))
    .bind::<BigInt, _>(contact)
    .bind::<Integer, _>(request.booked_live_days)
    .load::<LockedLead>(conn)
    .await?;
    if let Some(blocked) = blocker(&leads) {
        return Ok(EraseOutcome::Blocked(blocked));
    }
    let lead_ids: Vec<i64> = leads.iter().map(|lead| lead.id).collect();

    for statement in ERASE_STATEMENTS {
        diesel::sql_query(*statement)
            .bind::<BigInt, _>(contact)
            .execute(conn)
            .await?;
    }
    for (lead, spreadsheet) in lead_ids
        .iter()
        .filter_map(|lead| Some((lead, request.spreadsheet_id.as_deref()?)))
    {
        enqueue(
            conn,
            &with_correlation(NewJob::sheets_upsert(LeadId(*lead), spreadsheet), request),
        )
        .await?;
    }
    for event in inkdesk_calendar_events(conn, &lead_ids).await? {
        let patch = json!({ "summary": "Erased client", "description": "" });
        let job = NewJob::calendar_update_event(
            LeadId(event.lead_id),
            event.hold_id,
            &event.event_id,
            patch,
        );
        enqueue(conn, &with_correlation(job, request)).await?;
    }
    system_events::record(
        conn,
        &SystemEvent {
            level: EventLevel::Warn,
            event_type: "gdpr.erase".to_owned(),
            lead_id: None,
            contact_id: Some(ContactId(contact)),
            payload: json!({ "contact_id": contact, "lead_ids": lead_ids }),
            correlation_id: request.correlation_id.clone(),
        },
    )
    .await?;
    Ok(EraseOutcome::Erased { lead_ids })
}

fn blocker(leads: &[LockedLead]) -> Option<EraseBlocked> {
    if leads.iter().any(|lead| lead.active) {
        Some(EraseBlocked::ActiveLead)
    } else if leads.iter().any(|lead| lead.live_booking) {
        Some(EraseBlocked::LiveBooking)
    } else if leads.iter().any(|lead| lead.recent_paid_deposit) {
        Some(EraseBlocked::PaidDeposit)
    } else {
        None
    }
}

fn with_correlation(job: NewJob, request: &EraseRequest) -> NewJob {
    match &request.correlation_id {
        Some(id) => job.correlated(id.clone()),
        None => job,
    }
}

/// Events inkdesk created on the artist's calendar for these leads; their title names the client.
async fn inkdesk_calendar_events(
    conn: &mut AsyncPgConnection,
    lead_ids: &[i64],
) -> Result<Vec<CalendarEvent>, DbError> {
    Ok(diesel::sql_query(
        "SELECT id AS hold_id, lead_id, calendar_event_id AS event_id FROM slot_holds
         WHERE lead_id = ANY($1) AND calendar_event_id IS NOT NULL
           AND calendar_event_state = 'created'
         ORDER BY id",
    )
    .bind::<Array<BigInt>, _>(lead_ids)
    .load::<CalendarEvent>(conn)
    .await?)
}

/// Each statement takes `$1 = contact id`. Messages about the contact's leads that went to the
/// artist (the summary, alerts) quote the client, so they are blanked too.
const ERASE_STATEMENTS: &[&str] = &[
    "DELETE FROM answers WHERE lead_id IN (SELECT id FROM leads WHERE contact_id = $1)",
    "UPDATE inbound_messages SET text = NULL, media = NULL, location = NULL
     WHERE contact_id = $1 OR lead_id IN (SELECT id FROM leads WHERE contact_id = $1)",
    "UPDATE outbound_messages
     SET body = '[removed]', interactive = NULL, template_params = NULL, error_details = NULL
     WHERE contact_id = $1 OR lead_id IN (SELECT id FROM leads WHERE contact_id = $1)",
    "UPDATE attachments
     SET content = NULL, caption = NULL, filename = NULL, whatsapp_media_id = NULL,
         last_error = NULL, state = 'erased'
     WHERE lead_id IN (SELECT id FROM leads WHERE contact_id = $1)",
    "UPDATE action_tokens SET revoked_at = now()
     WHERE lead_id IN (SELECT id FROM leads WHERE contact_id = $1)
       AND used_at IS NULL AND revoked_at IS NULL",
    "UPDATE leads
     SET summary_text = NULL, instagram_handle = NULL, admin_notes = NULL, handover_reason = NULL,
         travel_prompt = NULL, cancellation_reason = NULL, location_city = NULL,
         location_country = NULL, requested_city = NULL, booking_city = NULL,
         version = version + 1
     WHERE contact_id = $1",
    "UPDATE contacts
     SET phone = NULL, profile_name = NULL, cooldowns = '{}'::jsonb, erased_at = now()
     WHERE id = $1",
];
