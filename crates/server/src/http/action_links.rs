//! `GET/POST /a/{token}` (http-api.md §4.2): the artist's one-tap links. GET shows a confirm page and
//! changes nothing; POST consumes the token and runs the same use case as the admin endpoint, in one
//! transaction. The token itself never reaches a log line, an event or an error message.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError, web};
use chrono::Utc;
use inkdesk_domain::consultation::LinkAction;
use inkdesk_domain::model::{BookingMode, LeadId, LeadStatus};
use inkdesk_domain::ports::hash_action_token;
use inkdesk_postgres::booking::{ActionLinkView, LinkState, LinkUse};
use serde::Deserialize;

use super::ApiError;
use super::pages::{escape, page};
use crate::state::AppState;

/// 32 bytes in base64url without padding.
const TOKEN_LENGTH: usize = 43;
const SUMMARY_EXCERPT_CHARS: usize = 600;

fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_LENGTH
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn invalid_link() -> HttpResponse {
    page(
        StatusCode::NOT_FOUND,
        "This link isn't valid",
        "<p>Check that you opened the whole link from the message.</p>",
    )
}

/// Used and unknown links answer with the same status, so a link's existence cannot be probed.
fn refused(view: &ActionLinkView) -> HttpResponse {
    match view.state {
        LinkState::Used => page(
            StatusCode::NOT_FOUND,
            "This action link has already been used",
            "<p>Nothing else was changed.</p>",
        ),
        LinkState::Revoked => page(
            StatusCode::GONE,
            "This action link is no longer valid because the enquiry has moved on",
            "<p>Open the enquiry in the admin pages to see where it stands.</p>",
        ),
        LinkState::Expired => page(
            StatusCode::GONE,
            "This action link has expired",
            "<p>Links are valid for seven days.</p>",
        ),
        LinkState::WrongStatus { required } => wrong_status(view.status, required),
        LinkState::Live => page(
            StatusCode::CONFLICT,
            "This action could not be completed",
            "<p>Nothing was changed.</p>",
        ),
    }
}

fn wrong_status(actual: LeadStatus, required: LeadStatus) -> HttpResponse {
    let body = format!(
        "<p>Cannot perform this action. Lead is in status '{}', but requires '{}'.</p>",
        escape(actual.as_str()),
        escape(required.as_str())
    );
    page(
        StatusCode::CONFLICT,
        "This action is no longer possible",
        &body,
    )
}

fn title(action: LinkAction, lead: LeadId) -> String {
    let verb = match action {
        LinkAction::Approve => "Approve",
        LinkAction::Reject => "Reject",
        LinkAction::Resume => "Resume automation for",
        LinkAction::SendDeposit => "Send a deposit link for",
        LinkAction::MarkBooked => "Mark as booked",
    };
    format!("{verb} enquiry #{}", lead.0)
}

fn consequence(action: LinkAction, mode: BookingMode, client: &str) -> String {
    match (action, mode) {
        (LinkAction::Approve, BookingMode::Calendar) => {
            format!("{client} will be sent available times.")
        }
        (LinkAction::Approve, BookingMode::Manual) => {
            format!("{client} will be sent a deposit link.")
        }
        (LinkAction::Reject, _) => format!("{client} will be told you can't take this on."),
        (LinkAction::Resume, _) => {
            format!("The assistant will pick up the conversation with {client}.")
        }
        (LinkAction::SendDeposit, _) => format!("{client} will be sent a fresh deposit link."),
        (LinkAction::MarkBooked, _) => format!("{client} will be told the booking is confirmed."),
    }
}

fn confirm_page(view: &ActionLinkView, token: &str, state: &AppState) -> HttpResponse {
    let client = view.client_first_name.as_deref().unwrap_or("The client");
    let summary: String = view
        .summary
        .as_deref()
        .unwrap_or("")
        .chars()
        .take(SUMMARY_EXCERPT_CHARS)
        .collect();
    let expires = view
        .expires_at
        .with_timezone(&state.settings.studio_rules.studio.time_zone)
        .format("%a %-d %b %Y")
        .to_string();
    let body = format!(
        "<p>Client: {client}<br>Status: {status}</p>\n<blockquote>{summary}</blockquote>\n\
         <p>{consequence}</p>\n\
         <form method=\"post\" action=\"/a/{token}\">\
         <input type=\"hidden\" name=\"confirm\" value=\"yes\">\
         <button type=\"submit\">Confirm</button></form>\n\
         <p><small>Single use, expires {expires}.</small></p>",
        client = escape(client),
        status = escape(view.status.as_str()),
        summary = escape(&summary),
        consequence = escape(&consequence(
            view.action,
            state.settings.lead_booking_mode(),
            client
        )),
        token = escape(token),
        expires = escape(&expires),
    );
    page(StatusCode::OK, &title(view.action, view.lead_id), &body)
}

fn error_page(error: ApiError) -> HttpResponse {
    let status = error.status_code();
    let detail = match &error {
        ApiError::InvalidStatus(detail)
        | ApiError::SlotConflict(detail)
        | ApiError::Unprocessable(detail) => detail.clone(),
        ApiError::Unavailable => "The service is busy; try again in a minute.".to_owned(),
        _ => "Something went wrong; nothing was changed.".to_owned(),
    };
    page(
        status,
        "This action could not be completed",
        &format!("<p>{}</p>", escape(&detail)),
    )
}

pub async fn show(token: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let token = token.into_inner();
    if !well_formed(&token) {
        return invalid_link();
    }
    let Some(booking) = &state.booking else {
        return error_page(ApiError::Unavailable);
    };
    match booking
        .inspect_link(&hash_action_token(&token), Utc::now())
        .await
    {
        Ok(None) => invalid_link(),
        Ok(Some(view)) if view.state == LinkState::Live => confirm_page(&view, &token, &state),
        Ok(Some(view)) => refused(&view),
        Err(error) => error_page(error.into()),
    }
}

#[derive(Deserialize)]
pub struct Confirmation {
    confirm: Option<String>,
}

pub async fn execute(
    token: web::Path<String>,
    form: Option<web::Form<Confirmation>>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let token = token.into_inner();
    if !well_formed(&token) {
        return invalid_link();
    }
    if form.and_then(|form| form.into_inner().confirm).as_deref() != Some("yes") {
        return page(
            StatusCode::BAD_REQUEST,
            "Please confirm from the link's page",
            "<p>Open the link again and press the button.</p>",
        );
    }
    let Some(booking) = &state.booking else {
        return error_page(ApiError::Unavailable);
    };
    let used = booking
        .use_link(
            &hash_action_token(&token),
            state.settings.lead_booking_mode(),
            Utc::now(),
        )
        .await;
    match used {
        Ok(LinkUse::Done {
            lead_id,
            action,
            status,
        }) => {
            let body = format!(
                "<p>Done — {}. The enquiry is now {}.</p>",
                escape(&title(action, lead_id).to_lowercase()),
                escape(status.as_str())
            );
            page(StatusCode::OK, "Done", &body)
        }
        Ok(LinkUse::Unknown) => invalid_link(),
        Ok(LinkUse::Refused(view)) => refused(&view),
        Err(error) => error_page(error.into()),
    }
}
