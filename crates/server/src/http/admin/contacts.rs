//! Contacts and GDPR (http-api.md §5.18): search by number, export everything held, erase.
//!
//! The number travels in a POST body, never in a URL, so it stays out of access logs; the export and
//! erase routes name the contact by id.

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use inkdesk_domain::model::{ContactId, Phone};
use inkdesk_postgres::admin::{self, ContactExport, EraseOutcome, EraseRequest};
use inkdesk_postgres::system_events::{self, EventLevel, SystemEvent};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::params;
use super::storage_failure;
use crate::http::{ApiError, CorrelationId};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    phone: Option<String>,
}

#[derive(Serialize)]
struct SearchResult {
    items: Vec<ContactItem>,
}

#[derive(Serialize)]
struct ContactItem {
    contact_id: i64,
    phone_masked: Option<String>,
    profile_name: Option<String>,
    opted_out: bool,
    lead_ids: Vec<i64>,
}

pub async fn search(
    state: web::Data<AppState>,
    body: web::Json<SearchBody>,
) -> Result<HttpResponse, ApiError> {
    let phone = match body.phone.as_deref() {
        None => Err(params::invalid("phone", "is required")),
        Some(raw) => {
            Phone::parse(raw).map_err(|_| params::invalid("phone", "must be 8 to 15 digits"))
        }
    }?;
    let matches = admin::search_contacts(&state.database, phone.digits())
        .await
        .map_err(storage_failure)?;
    let items = matches
        .into_iter()
        .map(|found| ContactItem {
            contact_id: found.contact_id,
            phone_masked: found
                .phone
                .as_deref()
                .and_then(|digits| Phone::parse(digits).ok())
                .map(|phone| phone.masked()),
            profile_name: found.profile_name,
            opted_out: found.opted_out,
            lead_ids: found.lead_ids,
        })
        .collect();
    Ok(HttpResponse::Ok().json(SearchResult { items }))
}

/// The path names the contact by its id or by its phone number (`+447700900123` or 8–15 digits;
/// ids are shorter), so an export or erase can start from the number the client wrote from.
async fn contact_of(state: &AppState, raw: &str) -> Result<i64, ApiError> {
    let looks_like_phone = raw.starts_with('+') || raw.len() >= 8;
    if !looks_like_phone {
        return params::path_id(raw);
    }
    let phone = Phone::parse(raw).map_err(|_| ApiError::NotFound)?;
    admin::search_contacts(&state.database, phone.digits())
        .await
        .map_err(storage_failure)?
        .first()
        .map(|found| found.contact_id)
        .ok_or(ApiError::NotFound)
}

#[derive(Serialize)]
struct ExportDocument<'a> {
    exported_at: chrono::DateTime<Utc>,
    contact: &'a Value,
    leads: &'a [Value],
    answers: &'a [Value],
    inbound_messages: &'a [Value],
    outbound_messages: &'a [Value],
    status_history: &'a [Value],
    payments: &'a [Value],
    holds: &'a [Value],
    attachments: &'a [Value],
    system_events: &'a [Value],
}

impl<'a> ExportDocument<'a> {
    fn of(export: &'a ContactExport) -> Self {
        Self {
            exported_at: Utc::now(),
            contact: &export.contact,
            leads: &export.leads,
            answers: &export.answers,
            inbound_messages: &export.inbound_messages,
            outbound_messages: &export.outbound_messages,
            status_history: &export.status_history,
            payments: &export.payments,
            holds: &export.holds,
            attachments: &export.attachments,
            system_events: &export.system_events,
        }
    }
}

pub async fn export(
    state: web::Data<AppState>,
    request: HttpRequest,
    contact_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let contact_id = contact_of(&state, &contact_id).await?;
    let export = admin::export_contact(&state.database, contact_id)
        .await
        .map_err(storage_failure)?
        .ok_or(ApiError::NotFound)?;
    let payload = json!({ "contact_id": contact_id, "lead_ids": export.lead_ids });
    record(
        &state,
        &request,
        EventLevel::Info,
        "gdpr.export",
        contact_id,
        payload,
    )
    .await;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"contact-{contact_id}-export.json\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ExportDocument::of(&export)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseBody {
    confirm: Option<String>,
}

pub async fn erase(
    state: web::Data<AppState>,
    request: HttpRequest,
    contact_id: web::Path<String>,
    body: web::Json<EraseBody>,
) -> Result<HttpResponse, ApiError> {
    let contact_id = contact_of(&state, &contact_id).await?;
    if body.confirm.as_deref() != Some("ERASE") {
        return Err(params::invalid("confirm", "must be \"ERASE\""));
    }
    let settings = &state.settings;
    let erase = EraseRequest {
        contact_id,
        spreadsheet_id: (settings.google.sheets_enabled && settings.features.sheets).then(|| {
            settings
                .google
                .spreadsheet_id
                .clone()
                .unwrap_or_else(|| settings.studio_rules.studio.artist_id.0.clone())
        }),
        booked_live_days: i32::try_from(
            settings
                .studio_rules
                .booking
                .booked_lead_live_days_without_time,
        )
        .unwrap_or(i32::MAX),
        correlation_id: correlation_id(&request),
    };
    match admin::erase_contact(&state.database, &erase)
        .await
        .map_err(storage_failure)?
    {
        EraseOutcome::NotFound => Err(ApiError::NotFound),
        EraseOutcome::Blocked(reason) => Err(ApiError::EraseBlocked(reason.to_string())),
        EraseOutcome::Erased { lead_ids } => {
            tracing::warn!(contact_id, leads = lead_ids.len(), "gdpr.erase");
            Ok(HttpResponse::Ok().json(json!({
                "erased": true,
                "contact_id": contact_id,
                "lead_ids": lead_ids,
            })))
        }
    }
}

fn correlation_id(request: &HttpRequest) -> Option<String> {
    request
        .extensions()
        .get::<CorrelationId>()
        .map(|id| id.0.clone())
}

async fn record(
    state: &AppState,
    request: &HttpRequest,
    level: EventLevel,
    event_type: &str,
    contact_id: i64,
    payload: Value,
) {
    let event = SystemEvent {
        level,
        event_type: event_type.to_owned(),
        lead_id: None,
        contact_id: Some(ContactId(contact_id)),
        payload,
        correlation_id: correlation_id(request),
    };
    if let Err(error) = system_events::record_alone(&state.database, &event).await {
        tracing::warn!(event_type, error = %error, "could not record a system event");
    }
}
