//! One-tap action tokens (http-api.md §4.1): only their SHA-256 is stored. A status change revokes
//! the lead's unused tokens; the tokens of the new status are written after it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::ports::MintedToken;

use super::error::StoreError;
use crate::schema::action_tokens;

pub(super) async fn revoke_unused(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    diesel::update(
        action_tokens::table
            .filter(action_tokens::lead_id.eq(lead.0))
            .filter(action_tokens::used_at.is_null())
            .filter(action_tokens::revoked_at.is_null()),
    )
    .set(action_tokens::revoked_at.eq(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    tokens: &[MintedToken],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if tokens.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = tokens
        .iter()
        .map(|token| {
            (
                action_tokens::token_hash.eq(token.token_hash.to_vec()),
                action_tokens::lead_id.eq(token.lead_id.0),
                action_tokens::action.eq(token.action.as_str()),
                action_tokens::required_status.eq(token.required_status.as_str()),
                action_tokens::created_at.eq(now),
                action_tokens::expires_at.eq(token.expires_at),
            )
        })
        .collect();
    diesel::insert_into(action_tokens::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}
