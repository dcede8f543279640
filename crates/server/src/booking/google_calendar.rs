//! The artist's Google Calendar as configured (booking.md §1): present only in calendar mode
//! (`FEATURE_CALENDAR_ENABLED` and `GOOGLE_CALENDAR_ENABLED`), with the service account of
//! `GOOGLE_SERVICE_ACCOUNT_JSON`. Built once at start-up so a bad key stops the process.

use inkdesk_google::{
    AuthSetupError, CalendarClient, CalendarConfig, ClientError, CredentialsError, GoogleAuth,
    ServiceAccountCredentials,
};

use crate::config::{BookingMode, Settings};

/// Calendar mode is on but the calendar cannot be used. Messages name settings, never values.
#[derive(Debug, thiserror::Error)]
pub enum CalendarSetupError {
    #[error("calendar mode needs GOOGLE_CALENDAR_ID")]
    NoCalendarId,
    #[error("calendar mode needs GOOGLE_SERVICE_ACCOUNT_JSON")]
    NoCredentials,
    #[error("GOOGLE_SERVICE_ACCOUNT_JSON: {0}")]
    Credentials(#[from] CredentialsError),
    #[error("Google authentication: {0}")]
    Auth(#[from] AuthSetupError),
    #[error("Google Calendar client: {0}")]
    Client(#[from] ClientError),
}

/// A calendar client and the calendar it reads.
#[derive(Debug, Clone)]
pub struct ArtistCalendarAccess {
    pub client: CalendarClient,
    pub calendar_id: String,
}

/// The configured calendar, or `None` outside calendar mode.
pub async fn artist_calendar(
    settings: &Settings,
) -> Result<Option<ArtistCalendarAccess>, CalendarSetupError> {
    if settings.booking_mode() != BookingMode::Calendar {
        return Ok(None);
    }
    let google = &settings.google;
    let calendar_id = google
        .calendar_id
        .clone()
        .ok_or(CalendarSetupError::NoCalendarId)?;
    let key = google
        .service_account_json
        .as_ref()
        .ok_or(CalendarSetupError::NoCredentials)?;
    let credentials = ServiceAccountCredentials::from_env_value(key.expose())?;
    let auth = GoogleAuth::new(credentials, google.oauth_token_url.as_deref()).await?;
    let mut config = CalendarConfig::default();
    if let Some(base_url) = &google.calendar_base_url {
        config.base_url = base_url.clone();
    }
    let client = CalendarClient::new(auth, config)?;
    tracing::info!(
        client_email = client.client_email(),
        "calendar mode; the calendar must be shared with this account (make changes to events)"
    );
    Ok(Some(ArtistCalendarAccess {
        client,
        calendar_id,
    }))
}
