//! Outside services, called only by jobs and never inside a business transaction. Small on
//! purpose: the booking, Sheets and delivery issues fill in what their jobs need.

use std::future::Future;

use chrono::{DateTime, Utc};

use super::PortError;
use crate::model::{LeadId, Money, Phone};

/// A busy range of the artist's calendar, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusyInterval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Free/busy of the artist's calendar (booking.md §3.1).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait CalendarAvailability {
    /// Busy ranges overlapping `[from, to)`.
    fn busy(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<BusyInterval>, PortError>> + Send;
}

/// A Checkout session to create for a deposit (booking.md §3.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRequest {
    pub lead_id: LeadId,
    pub payment_id: i64,
    pub amount: Money,
    pub expires_at: DateTime<Utc>,
    /// Stripe's idempotency key, stable across retries of the same payment.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    pub session_id: String,
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Stripe Checkout.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait PaymentGateway {
    fn create_checkout(
        &self,
        request: CheckoutRequest,
    ) -> impl Future<Output = Result<CheckoutSession, PortError>> + Send;

    /// Expires an open session; already expired or completed sessions are not an error.
    fn expire_session(
        &self,
        session_id: String,
    ) -> impl Future<Output = Result<(), PortError>> + Send;
}

/// The Google Sheets lead log (integrations.md §4.2).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait LeadSheet {
    /// Writes the lead's row from its current state (cells in column order).
    fn upsert_row(
        &self,
        lead_id: LeadId,
        cells: Vec<String>,
    ) -> impl Future<Output = Result<(), PortError>> + Send;
}

/// A message accepted by WhatsApp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub provider_message_id: String,
}

/// The WhatsApp Cloud API, as the outbound gateway uses it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Messenger {
    /// A free-form text (inside the 24-hour window).
    fn send_text(
        &self,
        to: Phone,
        body: String,
    ) -> impl Future<Output = Result<SentMessage, PortError>> + Send;

    /// Text with up to three reply buttons `(id, title)`.
    fn send_buttons(
        &self,
        to: Phone,
        body: String,
        buttons: Vec<(String, String)>,
    ) -> impl Future<Output = Result<SentMessage, PortError>> + Send;

    /// An approved template (outside the window).
    fn send_template(
        &self,
        to: Phone,
        template_name: String,
        language: String,
        params: Vec<String>,
    ) -> impl Future<Output = Result<SentMessage, PortError>> + Send;
}
