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
    /// No credentials (http-api.md §1.2).
    #[error("{0}")]
    Unauthorized(&'static str),
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
    /// Field-level validation failed; the envelope lists each field.
    #[error("Invalid request")]
    Validation(Vec<FieldError>),
    /// A GDPR erase refused while the studio still owes the contact a booking or money.
    #[error("{0}")]
    EraseBlocked(String),
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
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound => "not_found",
            Self::InvalidStatus(_) => "invalid_status",
            Self::SlotConflict(_) => "slot_conflict",
            Self::Unprocessable(_) => "validation_error",
            Self::Validation(_) => "validation_error",
            Self::EraseBlocked(_) => "erase_blocked",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal_error",
        }
    }
}

/// One entry of a validation error's `errors` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    detail: String,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::InvalidStatus(_) | Self::SlotConflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::EraseBlocked(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(Envelope {
            detail: self.to_string(),
            code: self.code(),
            errors: match self {
                Self::Validation(errors) => Some(errors),
                _ => None,
            },
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
            BookingError::Refused(BookingRefusal::NotAllowed(detail)) => {
                Self::InvalidStatus(detail)
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
