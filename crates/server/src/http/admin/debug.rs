//! `GET /admin/debug/lead/{id}` (http-api.md §5.17): the lead detail plus the raw trail behind it.

use actix_web::{HttpResponse, web};
use inkdesk_postgres::admin;
use serde::Serialize;
use serde_json::Value;

use super::lead_view::LeadView;
use super::params;
use super::storage_failure;
use crate::http::ApiError;
use crate::state::AppState;

#[derive(Serialize)]
struct DebugView<'a> {
    lead: LeadView<'a>,
    inbound_messages: &'a [Value],
    outbound_messages: &'a [Value],
    jobs: &'a [Value],
    payments: &'a [Value],
    holds: &'a [Value],
    offers: &'a [Value],
    status_history: &'a [Value],
    system_events: &'a [Value],
    processed_events: &'a [Value],
    tokens: &'a [Value],
}

pub async fn lead(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = params::path_id(&id)?;
    let debug = admin::lead_debug(&state.database, id)
        .await
        .map_err(storage_failure)?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(DebugView {
        lead: LeadView::new(&debug.detail, &state.settings),
        inbound_messages: &debug.inbound_messages,
        outbound_messages: &debug.outbound_messages,
        jobs: &debug.jobs,
        payments: &debug.payments,
        holds: &debug.holds,
        offers: &debug.offers,
        status_history: &debug.status_history,
        system_events: &debug.system_events,
        processed_events: &debug.processed_events,
        tokens: &debug.tokens,
    }))
}
