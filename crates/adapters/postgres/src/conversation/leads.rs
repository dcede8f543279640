//! Reading, locking and writing lead rows for a unit of work.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use std::sync::OnceLock;

use diesel::sql_types::{Array, BigInt, Int2, Int4, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{ArtistId, ContactId, Currency, Lead, LeadId, LeadStatus};
use serde::Serialize;
use serde_json::{Map, Value};

use super::error::StoreError;
use super::lead_columns::{
    EstimateColumns, FunnelColumns, InterpretationColumns, LeadColumns, ScaledColumns, StateColumns,
};
use super::lead_mapping::unreadable_lead;
use crate::cached_sql::cached_sql;
use crate::schema::leads;

#[derive(QueryableByName)]
#[diesel(check_for_backend(diesel::pg::Pg))]
struct StoredLead {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    artist_id: String,
    #[diesel(sql_type = BigInt)]
    contact_id: i64,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(embed)]
    state: StateColumns,
    #[diesel(embed)]
    interpretation: InterpretationColumns,
    #[diesel(embed)]
    estimate: EstimateColumns,
    #[diesel(embed)]
    funnel: FunnelColumns,
    #[diesel(sql_type = Nullable<Int4>)]
    width_centi_cm: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    height_centi_cm: Option<i32>,
    #[diesel(sql_type = Nullable<Int2>)]
    days_tenths: Option<i16>,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Reserved {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

fn active_statuses() -> Vec<&'static str> {
    LeadStatus::ALL
        .iter()
        .filter(|status| status.is_active())
        .map(|status| status.as_str())
        .collect()
}

/// The contact's leads that resolution can pick — newest active, newest `BOOKED`, newest overall,
/// each once — locked in that order and read after their lock, so what is returned is current.
pub(super) async fn lock_candidates(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    studio_currency: Currency,
) -> Result<Vec<Lead>, StoreError> {
    let candidates: Vec<Candidate> = cached_sql(
        "(SELECT id FROM leads WHERE contact_id = $1 AND status = ANY($2)
          ORDER BY created_at DESC, id DESC LIMIT 1)
         UNION ALL
         (SELECT id FROM leads WHERE contact_id = $1 AND status = 'BOOKED'
          ORDER BY created_at DESC, id DESC LIMIT 1)
         UNION ALL
         (SELECT id FROM leads WHERE contact_id = $1
          ORDER BY created_at DESC, id DESC LIMIT 1)",
    )
    .bind::<BigInt, _>(contact.0)
    .bind::<Array<Text>, _>(active_statuses())
    .load(conn)
    .await?;
    let mut ids: Vec<i64> = Vec::with_capacity(candidates.len());
    for Candidate { id } in candidates {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut leads = Vec::with_capacity(ids.len());
    for id in ids {
        leads.push(lock(conn, LeadId(id), studio_currency).await?);
    }
    Ok(leads)
}

pub(super) async fn lock(
    conn: &mut AsyncPgConnection,
    id: LeadId,
    studio_currency: Currency,
) -> Result<Lead, StoreError> {
    let stored: StoredLead = cached_sql(
        "SELECT *,
                (dimensions_width_cm * 100)::int4 AS width_centi_cm,
                (dimensions_height_cm * 100)::int4 AS height_centi_cm,
                (estimated_days * 10)::int2 AS days_tenths
         FROM leads WHERE id = $1 FOR UPDATE",
    )
    .bind::<BigInt, _>(id.0)
    .get_result(conn)
    .await?;
    stored.into_lead(studio_currency)
}

impl StoredLead {
    fn into_lead(self, studio_currency: Currency) -> Result<Lead, StoreError> {
        let unreadable = unreadable_lead(self.id);
        let columns = LeadColumns {
            state: self.state,
            interpretation: self.interpretation,
            estimate: self.estimate,
            funnel: self.funnel,
            scaled: ScaledColumns {
                width_centi_cm: self.width_centi_cm,
                height_centi_cm: self.height_centi_cm,
                days_tenths: self.days_tenths,
            },
        };
        let record = columns.status_record().map_err(&unreadable)?;
        let mut lead = Lead::restore(
            LeadId(self.id),
            ArtistId(self.artist_id),
            ContactId(self.contact_id),
            self.created_at,
            record,
        )
        .map_err(|e| unreadable(e.to_string()))?;
        columns
            .fill(&mut lead, studio_currency)
            .map_err(unreadable)?;
        Ok(lead)
    }
}

/// Takes the next lead id from the table's identity sequence (outside any transaction: a sequence
/// never rolls back, so a gap is the only cost of an abandoned message).
pub(super) async fn reserve_id(conn: &mut AsyncPgConnection) -> Result<LeadId, StoreError> {
    let Reserved { id } = cached_sql("SELECT nextval(pg_get_serial_sequence('leads', 'id')) AS id")
        .get_result(conn)
        .await?;
    Ok(LeadId(id))
}

/// Inserts a lead created by this message under its reserved id. The partial unique index turns a
/// second active lead for the contact into a conflict.
pub(super) async fn insert(mut conn: &AsyncPgConnection, lead: &Lead) -> Result<(), StoreError> {
    cached_sql(
        "INSERT INTO leads (id, artist_id, contact_id, status, status_entered_at, created_at)
         OVERRIDING SYSTEM VALUE
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind::<BigInt, _>(lead.id.0)
    .bind::<Text, _>(&lead.artist_id.0)
    .bind::<BigInt, _>(lead.contact_id.0)
    .bind::<Text, _>(lead.status().as_str())
    .bind::<Timestamptz, _>(lead.status_entered_at())
    .bind::<Timestamptz, _>(lead.created_at)
    .execute(&mut conn)
    .await?;
    write_columns(conn, lead, None).await
}

/// Writes every column of `lead`. With `expected`, only while the row still has that status
/// (data-and-ops.md §3, consultation.md §3.1): zero rows is `StoreError::LeadMoved`.
pub(super) async fn update(
    conn: &AsyncPgConnection,
    lead: &Lead,
    expected: LeadStatus,
) -> Result<(), StoreError> {
    write_columns(conn, lead, Some(expected)).await
}

async fn write_columns(
    mut conn: &AsyncPgConnection,
    lead: &Lead,
    expected: Option<LeadStatus>,
) -> Result<(), StoreError> {
    let unreadable = |e: serde_json::Error| unreadable_lead(lead.id.0)(e.to_string());
    let columns = LeadColumns::of(lead).map_err(unreadable)?;
    let values = serde_json::to_value(ColumnValues {
        state: &columns.state,
        interpretation: &columns.interpretation,
        estimate: &columns.estimate,
        funnel: &columns.funnel,
    })
    .map_err(unreadable)?;
    let Value::Object(named) = &values else {
        return Err(unreadable_lead(lead.id.0)(
            "the lead's columns are not an object".into(),
        ));
    };
    let written = cached_sql(write_statement(named))
        .bind::<BigInt, _>(lead.id.0)
        .bind::<Jsonb, _>(&values)
        .bind::<Nullable<Int4>, _>(columns.scaled.width_centi_cm)
        .bind::<Nullable<Int4>, _>(columns.scaled.height_centi_cm)
        .bind::<Nullable<Int2>, _>(columns.scaled.days_tenths)
        .bind::<Int4, _>(i32::from(expected.is_some()))
        .bind::<Nullable<Text>, _>(expected.map(|status| status.as_str()))
        .execute(&mut conn)
        .await?;
    if written == 0 {
        return Err(StoreError::LeadMoved {
            lead: lead.id,
            expected: expected.unwrap_or(LeadStatus::New),
            new_status: lead.status(),
        });
    }
    Ok(())
}

/// Every column a unit of work writes, by name, as one JSON object (the column groups exist only
/// because diesel's tables stop at 32 columns).
#[derive(Serialize)]
struct ColumnValues<'a> {
    #[serde(flatten)]
    state: &'a StateColumns,
    #[serde(flatten)]
    interpretation: &'a InterpretationColumns,
    #[serde(flatten)]
    estimate: &'a EstimateColumns,
    #[serde(flatten)]
    funnel: &'a FunnelColumns,
}

/// One `UPDATE` for the whole row: the columns come from `jsonb_populate_record`, so the statement
/// text is fixed (and prepared once per connection) while the row is written once, not per group.
/// With an expected status the row is written only while it still has it, and its version moves.
fn write_statement(named: &Map<String, Value>) -> &'static str {
    static STATEMENT: OnceLock<&'static str> = OnceLock::new();
    STATEMENT.get_or_init(|| {
        // The names are the column structs' field names: fixed identifiers, never input.
        let columns: Vec<&str> = named.keys().map(String::as_str).collect();
        let values: Vec<String> = columns.iter().map(|name| format!("r.{name}")).collect();
        let sql = format!(
            "UPDATE leads SET ({}) = (SELECT {} FROM jsonb_populate_record(NULL::leads, $2) r),
                 dimensions_width_cm = $3::numeric / 100,
                 dimensions_height_cm = $4::numeric / 100,
                 estimated_days = $5::numeric / 10,
                 version = version + $6
             WHERE id = $1 AND ($7::text IS NULL OR status = $7)",
            columns.join(", "),
            values.join(", ")
        );
        Box::leak(sql.into_boxed_str())
    })
}

/// The lead's status as committed by someone else (for the conflict event written after rollback).
pub(super) async fn current_status(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
) -> Result<Option<String>, StoreError> {
    Ok(leads::table
        .find(lead.0)
        .select(leads::status)
        .get_result(conn)
        .await
        .optional()?)
}

#[cfg(test)]
#[path = "lead_round_trip_tests.rs"]
mod tests;
