//! The one place where failures become HTTP responses, in the error envelope of http-api.md §1.1.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use inkdesk_domain::booking::BookingRefusal;
use inkdesk_postgres::booking::BookingError;
use serde::Serialize;

/// Every failure a route can answer with. The message is the envelope's `detail`; it never carries SQL,
/// exception text or secrets.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("Not found")]
    NotFound,
    /// The lead's status or a guard does not allow the action.
    #[error("{0}")]
    InvalidStatus(String),
    /// A requested time overlaps a live hold.
    #[error("{0}")]
    SlotConflict(String),
    /// A field failed validation.
    #[error("{0}")]
    Unprocessable(String),
    #[error("Payload too large")]
    PayloadTooLarge,
    #[error("Service unavailable")]
    Unavailable,
    #[error("Internal server error")]
    Internal,
}

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound => "not_found",
            Self::InvalidStatus(_) => "invalid_status",
            Self::SlotConflict(_) => "slot_conflict",
            Self::Unprocessable(_) => "validation_error",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal_error",
        }
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    detail: String,
    code: &'a str,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::InvalidStatus(_) | Self::SlotConflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(Envelope {
            detail: self.to_string(),
            code: self.code(),
        })
    }
}

impl From<BookingError> for ApiError {
    fn from(error: BookingError) -> Self {
        match error {
            BookingError::LeadNotFound(_) => Self::NotFound,
            BookingError::Refused(BookingRefusal::Status(refused)) => {
                Self::InvalidStatus(refused.to_string())
            }
            BookingError::Refused(BookingRefusal::Invalid(detail)) => Self::Unprocessable(detail),
            BookingError::Refused(BookingRefusal::SlotTaken) => {
                Self::SlotConflict("The time overlaps a live hold.".into())
            }
            BookingError::Port(port) if port.is_retryable() => Self::Unavailable,
            BookingError::Render(_) | BookingError::Port(_) => {
                tracing::error!(error = %error, "booking use case failed");
                Self::Internal
            }
        }
    }
}
