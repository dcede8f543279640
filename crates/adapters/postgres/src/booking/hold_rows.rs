//! Reading, locking and changing `slot_holds` rows for the payment decisions. The exclusion
//! constraint is the arbiter of "is the time still free": a re-insert that violates it is the
//! "slot taken" outcome, reported as [`HoldConflict`] with the savepoint rolled back.

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{HoldRecord, HoldWrite};
use inkdesk_domain::model::LeadId;

use super::BookingError;
use crate::conversation::UnitError;

#[derive(diesel::QueryableByName)]
struct HoldRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Timestamptz)]
    start_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    end_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    expires_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    calendar_event_id: Option<String>,
    #[diesel(sql_type = Text)]
    calendar_event_state: String,
}

#[derive(diesel::QueryableByName)]
struct Reserved {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The re-inserted time overlaps another live hold of the artist.
#[derive(Debug)]
pub(crate) struct HoldConflict;

/// The lead's holds, locked in ascending id order (after the lead and its payments).
pub(crate) async fn lock_holds(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Result<Vec<HoldRecord>, BookingError> {
    let rows: Vec<HoldRow> = diesel::sql_query(
        "SELECT id, state, lower(session_range) AS start_at, upper(session_range) AS end_at,
                expires_at, calendar_event_id, calendar_event_state
         FROM slot_holds WHERE lead_id = $1 ORDER BY id FOR UPDATE",
    )
    .bind::<BigInt, _>(lead.0)
    .load(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let what = || format!("hold {}", row.id);
            Ok(HoldRecord {
                id: row.id,
                state: row
                    .state
                    .parse()
                    .map_err(|e| UnitError::unreadable(what(), e))?,
                start: row.start_at,
                end: row.end_at,
                expires_at: row.expires_at,
                calendar_event_id: row.calendar_event_id,
                calendar_event_state: row
                    .calendar_event_state
                    .parse()
                    .map_err(|e| UnitError::unreadable(what(), e))?,
            })
        })
        .collect()
}

/// An id for a hold about to be re-inserted; sequence values are not transactional, so an unused
/// one is simply skipped.
pub(crate) async fn reserve_hold_id(conn: &mut AsyncPgConnection) -> Result<i64, BookingError> {
    let Reserved { id } =
        diesel::sql_query("SELECT nextval(pg_get_serial_sequence('slot_holds', 'id')) AS id")
            .get_result(conn)
            .await?;
    Ok(id)
}

/// Applies `writes` in order inside a savepoint: either all of them or, on an exclusion
/// conflict, none (and `Ok(Err(HoldConflict))`).
pub(crate) async fn apply_hold_writes(
    conn: &mut AsyncPgConnection,
    writes: &[HoldWrite],
    now: DateTime<Utc>,
) -> Result<Result<(), HoldConflict>, BookingError> {
    if writes.is_empty() {
        return Ok(Ok(()));
    }
    let applied = conn
        .transaction::<_, DieselError, _>(async |conn| {
            for write in writes {
                apply(conn, write, now).await?;
            }
            Ok(())
        })
        .await;
    match applied {
        Ok(()) => Ok(Ok(())),
        Err(DieselError::DatabaseError(DatabaseErrorKind::ExclusionViolation, _)) => {
            Ok(Err(HoldConflict))
        }
        Err(other) => Err(other.into()),
    }
}

async fn apply(
    conn: &mut AsyncPgConnection,
    write: &HoldWrite,
    now: DateTime<Utc>,
) -> Result<(), DieselError> {
    match write {
        // The calendar event is owed from now on; its job records it as created.
        HoldWrite::Confirm { hold_id } => {
            diesel::sql_query(
                "UPDATE slot_holds
             SET state = 'confirmed', confirmed_at = $2, expires_at = NULL,
                 calendar_event_state = 'pending'
             WHERE id = $1",
            )
            .bind::<BigInt, _>(*hold_id)
            .bind::<Timestamptz, _>(now)
            .execute(conn)
            .await?
        }
        HoldWrite::Release { hold_id, reason } => {
            diesel::sql_query(
                "UPDATE slot_holds SET state = 'released', release_reason = $2, released_at = $3
             WHERE id = $1 AND state = 'held'",
            )
            .bind::<BigInt, _>(*hold_id)
            .bind::<Text, _>(*reason)
            .bind::<Timestamptz, _>(now)
            .execute(conn)
            .await?
        }
        HoldWrite::Extend { hold_id, until } => {
            diesel::sql_query(
                "UPDATE slot_holds SET expires_at = $2 WHERE id = $1 AND state = 'held'",
            )
            .bind::<BigInt, _>(*hold_id)
            .bind::<Timestamptz, _>(*until)
            .execute(conn)
            .await?
        }
        HoldWrite::Cancel { hold_id } => {
            diesel::sql_query(
                "UPDATE slot_holds
             SET state = 'cancelled', release_reason = 'cancelled', released_at = $2,
                 expires_at = NULL
             WHERE id = $1 AND state IN ('held', 'confirmed')",
            )
            .bind::<BigInt, _>(*hold_id)
            .bind::<Timestamptz, _>(now)
            .execute(conn)
            .await?
        }
        HoldWrite::Reinsert { new_id, from_hold } => {
            diesel::sql_query(
                "INSERT INTO slot_holds (id, artist_id, lead_id, slot_offer_id, session_range,
                                     blocked_range, state, expires_at, calendar_event_state,
                                     created_at, confirmed_at)
             OVERRIDING SYSTEM VALUE
             SELECT $1, artist_id, lead_id, slot_offer_id, session_range, blocked_range,
                    'confirmed', NULL, 'pending', $3, $3
             FROM slot_holds WHERE id = $2",
            )
            .bind::<BigInt, _>(*new_id)
            .bind::<BigInt, _>(*from_hold)
            .bind::<Timestamptz, _>(now)
            .execute(conn)
            .await?
        }
    };
    Ok(())
}
