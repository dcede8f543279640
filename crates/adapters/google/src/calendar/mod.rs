//! Google Calendar v3 (integrations.md §4.3, §4.4; booking.md §3.1, §3.9): free/busy, all-day events,
//! and the booking's event — inserted under a deterministic id, deleted, or erased (GDPR).

mod event_id;
mod events;
mod freebusy;

use chrono::{DateTime, Utc};
use inkdesk_domain::ports::{BusyInterval, CalendarAvailability, PortError};
use inkdesk_domain::provider::ProviderError;

use crate::api::{Api, ClientError, Timeouts};
use crate::auth::{CALENDAR_SCOPES, GoogleAuth};
use crate::encode;

pub use event_id::{EventId, EventIdError};
pub use events::{AllDayEvent, NewEvent};

pub const DEFAULT_CALENDAR_BASE_URL: &str = "https://www.googleapis.com";

/// Where the Calendar client talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarConfig {
    /// `GOOGLE_CALENDAR_BASE_URL`; tests point it at the fake.
    pub base_url: String,
    pub timeouts: Timeouts,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_CALENDAR_BASE_URL.to_owned(),
            timeouts: Timeouts::default(),
        }
    }
}

/// The Calendar API client. Cheap to clone; clones share one connection pool and token cache.
#[derive(Debug, Clone)]
pub struct CalendarClient {
    api: Api,
}

impl CalendarClient {
    /// Needs the process-wide rustls provider (ring) installed first, as `main` does.
    pub fn new(auth: GoogleAuth, config: CalendarConfig) -> Result<Self, ClientError> {
        let api = Api::new(
            auth,
            CALENDAR_SCOPES,
            "calendar",
            &config.base_url,
            "GOOGLE_CALENDAR_BASE_URL",
            config.timeouts,
        )?;
        Ok(Self { api })
    }

    /// The account the calendar must be shared with ("Make changes to events").
    pub fn client_email(&self) -> &str {
        self.api.auth().client_email()
    }

    /// The artist's calendar as the domain's [`CalendarAvailability`] port.
    pub fn for_calendar(&self, calendar_id: impl Into<String>) -> ArtistCalendar {
        ArtistCalendar {
            client: self.clone(),
            calendar_id: calendar_id.into(),
        }
    }

    fn events_url(&self, calendar_id: &str) -> String {
        format!(
            "{}/calendar/v3/calendars/{}/events",
            self.api.base_url,
            encode::segment(calendar_id)
        )
    }

    /// `…/events` or `…/events/<id>`, with a query string.
    fn events_url_with(
        &self,
        calendar_id: &str,
        event_id: Option<&EventId>,
        query: &[(&str, &str)],
    ) -> Result<reqwest::Url, ProviderError> {
        let mut url = self.events_url(calendar_id);
        if let Some(id) = event_id {
            // Event ids are base32hex, so they need no encoding.
            url.push('/');
            url.push_str(id.as_str());
        }
        encode::with_query(&url, query).ok_or_else(|| ProviderError::permanent("invalid_url"))
    }
}

/// One calendar (`GOOGLE_CALENDAR_ID`) behind the free/busy port.
#[derive(Debug, Clone)]
pub struct ArtistCalendar {
    client: CalendarClient,
    calendar_id: String,
}

impl CalendarAvailability for ArtistCalendar {
    /// freeBusy only: all-day events block local dates, which needs the studio's zone and the
    /// `block_all_day_events` rule, so callers combine [`CalendarClient::all_day_events`] themselves.
    async fn busy(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BusyInterval>, PortError> {
        Ok(self.client.free_busy(&self.calendar_id, from, to).await?)
    }
}
