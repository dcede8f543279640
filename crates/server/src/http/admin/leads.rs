//! `GET /admin/leads` and `GET /admin/leads/{id}` (http-api.md §5.2, §5.3).

use actix_web::{HttpResponse, web};
use inkdesk_domain::model::LeadStatus;
use inkdesk_postgres::admin::{self, LeadFilter, LeadListItem, LeadSort};
use serde::{Deserialize, Serialize};

use super::lead_view::LeadView;
use super::params::{self, Cursor, Fields};
use super::storage_failure;
use crate::http::ApiError;
use crate::state::AppState;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadsQuery {
    status: Option<String>,
    needs_action: Option<String>,
    phone_suffix: Option<String>,
    created_after: Option<String>,
    created_before: Option<String>,
    sort: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

#[derive(Serialize)]
struct LeadPage {
    items: Vec<LeadListItem>,
    next_cursor: Option<String>,
}

fn statuses(raw: &str) -> Result<Vec<String>, String> {
    let statuses = raw
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            name.parse::<LeadStatus>()
                .map(|status| status.as_str().to_owned())
                .map_err(|_| format!("unknown status '{name}'"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if statuses.is_empty() {
        return Err("must name at least one status".to_owned());
    }
    Ok(statuses)
}

fn phone_suffix(raw: &str) -> Result<String, String> {
    let digits = raw.trim();
    if (4..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits.to_owned())
    } else {
        Err("must be 4 to 15 digits".to_owned())
    }
}

fn sort(raw: &str) -> Result<LeadSort, String> {
    match raw.trim() {
        "created_desc" => Ok(LeadSort::CreatedDesc),
        "updated_desc" => Ok(LeadSort::UpdatedDesc),
        _ => Err("must be created_desc or updated_desc".to_owned()),
    }
}

/// Cursors of one sort order cannot continue the other.
fn cursor_list(sort: LeadSort) -> &'static str {
    match sort {
        LeadSort::CreatedDesc => "leads.created",
        LeadSort::UpdatedDesc => "leads.updated",
    }
}

impl LeadsQuery {
    fn filter(&self) -> Result<LeadFilter, ApiError> {
        let mut fields = Fields::default();
        let sort = fields
            .optional("sort", self.sort.as_deref(), sort)
            .unwrap_or_default();
        let filter = LeadFilter {
            statuses: fields.optional("status", self.status.as_deref(), statuses),
            needs_action: fields.optional(
                "needs_action",
                self.needs_action.as_deref(),
                params::flag,
            ),
            phone_suffix: fields.optional(
                "phone_suffix",
                self.phone_suffix.as_deref(),
                phone_suffix,
            ),
            created_after: fields.optional(
                "created_after",
                self.created_after.as_deref(),
                params::instant,
            ),
            created_before: fields.optional(
                "created_before",
                self.created_before.as_deref(),
                params::instant,
            ),
            sort,
            limit: fields
                .check(
                    "limit",
                    params::limit(self.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT),
                )
                .unwrap_or(DEFAULT_LIMIT),
            after: fields.optional("cursor", self.cursor.as_deref(), |raw| {
                Cursor::decode(cursor_list(sort), raw)
            }),
        };
        fields.finish()?;
        Ok(filter)
    }
}

pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<LeadsQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter()?;
    let page = admin::list_leads(&state.database, &filter)
        .await
        .map_err(storage_failure)?;
    Ok(HttpResponse::Ok().json(LeadPage {
        items: page.items,
        next_cursor: page
            .next
            .map(|key| Cursor::encode(cursor_list(filter.sort), key)),
    }))
}

pub async fn detail(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = params::path_id(&id)?;
    let detail = admin::lead_detail(&state.database, id)
        .await
        .map_err(storage_failure)?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(LeadView::new(&detail, &state.settings)))
}
