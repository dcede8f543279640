//! The `slots.offer` job (booking.md §3.1–§3.4): read the artist's free/busy (and all-day events
//! when they block days) over the offer window, add the live holds, generate the slots for the
//! lead's session, and let `PgBooking::offer_slots` store and send them. No transaction is open
//! while Google answers.
//!
//! Google failures follow the queue: timeouts, 5xx and 429 retry; anything else dead-letters now.
//! When the job gives up, busy times are unknown, never free, so the lead falls back to time
//! windows (§3.1 step 5) before the queue records the dead letter.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use inkdesk_domain::booking::slot_request;
use inkdesk_domain::consultation::OfferCause;
use inkdesk_domain::model::LeadId;
use inkdesk_domain::provider::ProviderError;
use inkdesk_domain::rules::StudioRules;
use inkdesk_domain::slots::{SlotRequest, TimeRange, generate_slots};
use inkdesk_google::AllDayEvent;
use inkdesk_postgres::booking::{BookingError, OfferOutcome, PgBooking};
use inkdesk_postgres::jobs::{ClaimedJob, Outcome};
use serde::Deserialize;

use super::google_calendar::{ArtistCalendarAccess, CalendarSetupError, artist_calendar};
use crate::config::Settings;

/// `{lead_id, cause}` as enqueued.
#[derive(Deserialize)]
struct Payload {
    lead_id: i64,
    cause: String,
}

/// Runs `slots.offer` jobs; exists only in calendar mode.
pub struct SlotsOfferJob {
    booking: PgBooking,
    calendar: ArtistCalendarAccess,
    rules: Arc<StudioRules>,
}

/// Why the slots could not be computed.
enum ReadFailure {
    Calendar(ProviderError),
    Booking(BookingError),
}

impl SlotsOfferJob {
    /// `slot_count` is `SLOT_SUGGESTIONS_COUNT` when set (a compatibility override of
    /// `booking.slot_count`).
    pub fn new(
        booking: PgBooking,
        calendar: ArtistCalendarAccess,
        mut rules: StudioRules,
        slot_count: Option<u8>,
    ) -> Self {
        if let Some(count) = slot_count {
            rules.booking.slot_count = u32::from(count);
        }
        Self {
            booking,
            calendar,
            rules: Arc::new(rules),
        }
    }

    /// The handler, in calendar mode only.
    pub async fn from_settings(
        settings: &Settings,
        booking: PgBooking,
    ) -> Result<Option<Self>, CalendarSetupError> {
        let Some(calendar) = artist_calendar(settings).await? else {
            return Ok(None);
        };
        let rules = settings.studio_rules.clone();
        Ok(Some(Self::new(
            booking,
            calendar,
            rules,
            settings.slot_suggestions_count,
        )))
    }

    pub async fn run(&self, job: &ClaimedJob) -> Outcome {
        let Ok(payload) = Payload::deserialize(&job.payload) else {
            return Outcome::Failed(ProviderError::permanent("invalid_payload"));
        };
        let Ok(cause) = payload.cause.parse::<OfferCause>() else {
            return Outcome::Failed(ProviderError::permanent("unknown_offer_cause"));
        };
        let lead_id = LeadId(payload.lead_id);
        let now = Utc::now();
        let basis = match self.booking.offer_basis(lead_id, cause, now).await {
            Ok(Some(basis)) => basis,
            Ok(None) => {
                tracing::info!(
                    lead_id = lead_id.0,
                    cause = cause.as_str(),
                    "lead no longer waits for an offer"
                );
                return Outcome::Succeeded;
            }
            Err(error) => return booking_failure(lead_id, error),
        };
        let mut request = slot_request(
            &self.rules,
            basis.category,
            basis.tour_stop_key.as_deref(),
            now,
        );
        match self.read_busy_time(&mut request, now).await {
            Ok(()) => {}
            Err(ReadFailure::Booking(error)) => return booking_failure(lead_id, error),
            Err(ReadFailure::Calendar(error)) => {
                return self.calendar_failure(job, lead_id, error, now).await;
            }
        }
        let slots = generate_slots(&request);
        let offered = self
            .booking
            .offer_slots(lead_id, slots, cause, request.session_minutes, now)
            .await;
        match offered {
            Ok(outcome) => {
                log_outcome(lead_id, cause, &outcome);
                Outcome::Succeeded
            }
            Err(error) => booking_failure(lead_id, error),
        }
    }

    /// Fills the request's busy ranges, blocked dates and live holds over its search window. No
    /// window (a tour stop already over) leaves it empty: no slots.
    async fn read_busy_time(
        &self,
        request: &mut SlotRequest,
        now: DateTime<Utc>,
    ) -> Result<(), ReadFailure> {
        let Some(window) = request.search_window() else {
            return Ok(());
        };
        let ArtistCalendarAccess {
            client,
            calendar_id,
        } = &self.calendar;
        let busy = client
            .free_busy(calendar_id, window.start, window.end)
            .await
            .map_err(ReadFailure::Calendar)?;
        request.busy = busy
            .into_iter()
            .map(|range| TimeRange::new(range.start, range.end))
            .collect();
        if self.rules.booking.block_all_day_events {
            let all_day = client
                .all_day_events(calendar_id, window.start, window.end)
                .await
                .map_err(ReadFailure::Calendar)?;
            request.blocked_dates = blocked_dates(&all_day);
        }
        request.holds = self
            .booking
            .busy_holds(window.start, window.end, now)
            .await
            .map_err(ReadFailure::Booking)?;
        Ok(())
    }

    /// A failed calendar read retries while it may; on the last attempt, or a failure no retry
    /// fixes, the lead falls back to time windows and the job dead-letters.
    async fn calendar_failure(
        &self,
        job: &ClaimedJob,
        lead_id: LeadId,
        error: ProviderError,
        now: DateTime<Utc>,
    ) -> Outcome {
        let code = error.code().unwrap_or("calendar_error").to_owned();
        let retrying =
            matches!(error, ProviderError::Retryable { .. }) && job.attempt < job.max_attempts;
        tracing::warn!(
            lead_id = lead_id.0,
            attempt = job.attempt,
            class = error.class(),
            code = code.as_str(),
            retrying,
            "calendar free/busy read failed"
        );
        if retrying {
            return Outcome::Failed(error);
        }
        if let Err(fallback) = self.booking.calendar_unavailable(lead_id, &code, now).await {
            tracing::error!(lead_id = lead_id.0, error = %fallback, "time-window fallback failed");
        }
        // Permanent whatever the class, so the queue dead-letters now instead of retrying a
        // job whose fallback already ran.
        Outcome::Failed(ProviderError::permanent(code))
    }
}

/// Every local date an all-day event covers (`end` is exclusive, as Google sends it).
fn blocked_dates(events: &[AllDayEvent]) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = events
        .iter()
        .flat_map(|event| {
            event
                .start
                .iter_days()
                .take_while(move |day| *day < event.end)
        })
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn booking_failure(lead_id: LeadId, error: BookingError) -> Outcome {
    match error {
        // The lead is gone (erased): nothing left to offer.
        BookingError::LeadNotFound(_) => Outcome::Cancelled,
        BookingError::Port(port) if port.is_retryable() => {
            Outcome::Failed(ProviderError::retryable("database", None))
        }
        other => {
            tracing::error!(lead_id = lead_id.0, error = %other, "slot offer could not be written");
            Outcome::Failed(ProviderError::permanent("offer_not_written"))
        }
    }
}

fn log_outcome(lead_id: LeadId, cause: OfferCause, outcome: &OfferOutcome) {
    match outcome {
        OfferOutcome::Offered { offer_id, slots } => tracing::info!(
            lead_id = lead_id.0,
            cause = cause.as_str(),
            offer_id,
            slots,
            "slots offered"
        ),
        OfferOutcome::NoSlots { status } => tracing::info!(
            lead_id = lead_id.0,
            cause = cause.as_str(),
            status = status.as_str(),
            "no free slots"
        ),
        OfferOutcome::NotWanted { status } => tracing::info!(
            lead_id = lead_id.0,
            status = status.as_str(),
            "lead moved on before the offer was written"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_day_events_block_each_date_they_cover_once() {
        let d = |day| NaiveDate::from_ymd_opt(2027, 3, day).unwrap();
        let events = [
            AllDayEvent {
                start: d(29),
                end: d(31),
            },
            AllDayEvent {
                start: d(30),
                end: d(31),
            },
        ];
        assert_eq!(blocked_dates(&events), [d(29), d(30)]);
    }
}
