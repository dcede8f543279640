//! The calendar jobs (booking.md §3.9) against the fake Google and a real database: one event per
//! booking however often the job runs, retries with backoff for what may pass, a dead letter with
//! the artist told for what will not, and the event removed when the booking is cancelled.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod booking_fixtures;
mod support;

use std::sync::Arc;
use std::time::Duration;

use booking_fixtures::{Deposit, awaiting_deposit, execute, slot_start};
use chrono::{DateTime, Utc};
use inkdesk_domain::booking::CancelRequest;
use inkdesk_domain::model::{CancelledBy, LeadId};
use inkdesk_postgres::booking::PgBooking;
use inkdesk_postgres::jobs::{Completed, Jitter, JobKind, JobQueue, NewJob, Outcome};
use inkdesk_postgres::{Database, enqueue};
use inkdesk_server::booking::calendar_job::CalendarJobs;
use inkdesk_server::config::{Secret, Settings};
use inkdesk_server::workers::JobHandler;
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_google::{FAKE_CALENDAR_ID, FakeApi, FakeFailure, FakeGoogle};

const CLIENT: &str = "447700900123";
const WORKER: &str = "calendar-test-worker";

/// The shortest delay the backoff allows: retries are exactly `base / 2` away.
struct Lowest;

impl Jitter for Lowest {
    fn up_to(&self, _max: u64) -> u64 {
        0
    }
}

struct CalendarApp {
    db: TestDb,
    google: FakeGoogle,
    booking: PgBooking,
    jobs: CalendarJobs,
    queue: JobQueue,
}

impl CalendarApp {
    async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let google = FakeGoogle::start().await;
        let settings = calendar_settings(&db, &google);
        let database = Database::connect_lazy(db.url(), 5).unwrap();
        let booking = inkdesk_server::booking::build(&settings, &database).unwrap();
        let jobs = CalendarJobs::from_settings(&settings, booking.clone())
            .await
            .unwrap()
            .expect("calendar mode is configured");
        let queue = JobQueue::with_jitter(database, Arc::new(Lowest));
        Self {
            db,
            google,
            booking,
            jobs,
            queue,
        }
    }

    /// A lead booked on its held slot (as a paid webhook leaves it), with the event still owed.
    async fn booked(&self) -> Deposit {
        let deposit = awaiting_deposit(&self.db, CLIENT, "cs_test_cal", slot_start(7)).await;
        execute(
            &self.db,
            &format!(
                "UPDATE slot_holds SET state = 'confirmed', confirmed_at = now(), expires_at = NULL,
                        calendar_event_state = 'pending' WHERE id = {hold};
                 UPDATE payments SET status = 'paid', paid_at = now() WHERE id = {payment};
                 UPDATE leads SET status = 'BOOKED', booked_at = now(), deposit_paid_at = now(),
                        confirmed_hold_id = {hold}, appointment_start_at = '{start}',
                        appointment_end_at = '{end}' WHERE id = {lead}",
                hold = deposit.hold_id,
                payment = deposit.payment_id,
                lead = deposit.lead_id,
                start = deposit.start.to_rfc3339(),
                end = deposit.end.to_rfc3339(),
            ),
        )
        .await;
        deposit
    }

    async fn enqueue(&self, job: NewJob) {
        let conn = self.db.connect().await;
        enqueue(&conn, &job).await.unwrap();
    }

    /// Claims the due job of `kind`, runs it and records the outcome, as a worker would.
    async fn run_next(&self, kind: JobKind) -> (Outcome, Completed) {
        let mut claimed = self
            .queue
            .claim_kinds(WORKER, 1, Duration::from_secs(60), &[kind])
            .await
            .unwrap();
        let job = claimed.pop().expect("a due job");
        let outcome = self.jobs.run(&job).await;
        let completed = self.queue.complete(&job, &outcome).await.unwrap();
        (outcome, completed)
    }

    async fn make_due(&self) {
        execute(
            &self.db,
            "UPDATE jobs SET run_at = now() WHERE state = 'queued'",
        )
        .await;
    }

    async fn count(&self, sql: &str) -> i64 {
        support::count(&self.db, sql).await
    }
}

fn calendar_settings(db: &TestDb, google: &FakeGoogle) -> Settings {
    let mut settings = support::settings(db.url(), None);
    settings.google.calendar_enabled = true;
    settings.features.calendar = true;
    settings.google.calendar_id = Some(FAKE_CALENDAR_ID.to_owned());
    settings.google.service_account_json = Some(Secret::new(google.service_account_json()));
    settings.google.oauth_token_url = Some(google.token_url());
    settings.google.calendar_base_url = Some(google.base_url());
    settings
}

fn create_job(deposit: &Deposit) -> NewJob {
    NewJob::calendar_create_event(LeadId(deposit.lead_id), deposit.hold_id)
}

fn event_time(event: &serde_json::Value, end: &str) -> DateTime<Utc> {
    let text = event[end]["dateTime"].as_str().unwrap();
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread")]
async fn one_event_per_booking_even_when_the_job_runs_twice() {
    let app = CalendarApp::start().await;
    let deposit = app.booked().await;
    let event_id = format!("ink{}h{}", deposit.lead_id, deposit.hold_id);

    app.enqueue(create_job(&deposit)).await;
    let (outcome, completed) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert_eq!(
        (outcome, completed),
        (Outcome::Succeeded, Completed::Succeeded)
    );
    // A replay (a retry after a lost answer) meets its own event: 409, then GET, then success.
    app.enqueue(create_job(&deposit)).await;
    let (outcome, _) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert_eq!(outcome, Outcome::Succeeded);

    let events = app.google.events(FAKE_CALENDAR_ID);
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event["id"].as_str(), Some(event_id.as_str()));
    assert_eq!(event_time(event, "start"), deposit.start);
    assert_eq!(event_time(event, "end"), deposit.end);
    assert_eq!(event["start"]["timeZone"].as_str(), Some("Europe/London"));
    assert_eq!(
        event["extendedProperties"]["private"]["inkdesk_hold_id"].as_str(),
        Some(deposit.hold_id.to_string().as_str())
    );
    let summary = event["summary"].as_str().unwrap();
    assert_eq!(summary, format!("Tattoo — Alex (#{})", deposit.lead_id));
    let methods: Vec<String> = app
        .google
        .requests_to(FakeApi::Calendar)
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, ["POST", "POST", "GET"]);

    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE id = {} AND calendar_event_state = 'created' AND calendar_event_id = '{event_id}'",
                deposit.hold_id
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM leads WHERE id = {} AND calendar_event_id = '{event_id}' AND status = 'BOOKED'",
                deposit.lead_id
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM system_events WHERE event_type = 'calendar.event_created' AND lead_id = {}",
                deposit.lead_id
            ),
            2,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn token_and_calendar_server_errors_are_retried_with_backoff() {
    let app = CalendarApp::start().await;
    let deposit = app.booked().await;
    app.enqueue(create_job(&deposit)).await;

    app.google
        .fail_next(FakeApi::Token, 1, FakeFailure::http(503));
    let before = Utc::now();
    let (outcome, completed) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert!(
        matches!(outcome, Outcome::Failed(ref e) if e.class() == "retryable"),
        "{outcome:?}"
    );
    let Completed::Retrying { run_at } = completed else {
        panic!("expected a retry, got {completed:?}");
    };
    // Calendar jobs back off from 10 s; the first retry is at least half of that away.
    assert!(run_at >= before + chrono::TimeDelta::seconds(4), "{run_at}");
    assert!(app.google.events(FAKE_CALENDAR_ID).is_empty());

    app.make_due().await;
    app.google
        .fail_next(FakeApi::Calendar, 1, FakeFailure::http(503));
    let (_, completed) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert!(
        matches!(completed, Completed::Retrying { .. }),
        "{completed:?}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM jobs WHERE state = 'queued' AND attempts = 2")
            .await,
        1
    );

    app.make_due().await;
    let (outcome, _) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert_eq!(outcome, Outcome::Succeeded);
    assert_eq!(app.google.events(FAKE_CALENDAR_ID).len(), 1);
    assert_eq!(
        app.count("SELECT count(*) FROM system_events WHERE event_type = 'calendar.event_failure'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_dead_letters_and_tells_the_artist_while_the_booking_stands() {
    let app = CalendarApp::start().await;
    let deposit = app.booked().await;
    app.enqueue(create_job(&deposit)).await;
    app.google
        .fail_next(FakeApi::Calendar, 1, FakeFailure::google(403, "forbidden"));
    let (_, completed) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert_eq!(completed, Completed::DeadLettered);
    let lead = deposit.lead_id;
    for (sql, expected) in [
        (
            format!(
                "SELECT count(*) FROM slot_holds WHERE id = {} AND calendar_event_state = 'failed' AND state = 'confirmed'",
                deposit.hold_id
            ),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM system_events WHERE event_type = 'calendar.event_failure' AND level = 'ERROR' AND lead_id = {lead}"
            ),
            1,
        ),
        (
            "SELECT count(*) FROM system_events WHERE event_type = 'job.dead_lettered'".to_owned(),
            1,
        ),
        (
            format!(
                "SELECT count(*) FROM outbound_messages WHERE kind = 'artist.calendar_failed' AND lead_id = {lead}"
            ),
            1,
        ),
        (
            format!("SELECT count(*) FROM leads WHERE id = {lead} AND status = 'BOOKED'"),
            1,
        ),
        (
            "SELECT count(*) FROM jobs WHERE kind = 'calendar.create_event' AND state = 'dead'"
                .to_owned(),
            1,
        ),
    ] {
        assert_eq!(app.count(&sql).await, expected, "{sql}");
    }
    assert!(app.google.events(FAKE_CALENDAR_ID).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_the_booking_removes_its_event_and_skips_a_late_create() {
    let app = CalendarApp::start().await;
    let deposit = app.booked().await;
    app.enqueue(create_job(&deposit)).await;
    app.run_next(JobKind::CalendarCreateEvent).await;
    assert_eq!(app.google.events(FAKE_CALENDAR_ID).len(), 1);

    let request = CancelRequest {
        reason: "client moving abroad".to_owned(),
        notify_client: true,
        requested_by: CancelledBy::Client,
    };
    let receipt = app
        .booking
        .cancel(LeadId(deposit.lead_id), &request, Utc::now())
        .await
        .unwrap();
    assert!(receipt.deposit_paid);
    let (outcome, _) = app.run_next(JobKind::CalendarDeleteEvent).await;
    assert_eq!(outcome, Outcome::Succeeded);
    assert!(app.google.events(FAKE_CALENDAR_ID).is_empty());
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM slot_holds WHERE id = {} AND state = 'cancelled' AND calendar_event_state = 'deleted'",
            deposit.hold_id
        ))
        .await,
        1
    );

    // A create job still queued for the cancelled booking finds nothing to do.
    app.enqueue(create_job(&deposit)).await;
    let (outcome, completed) = app.run_next(JobKind::CalendarCreateEvent).await;
    assert_eq!(
        (outcome, completed),
        (Outcome::Cancelled, Completed::Cancelled)
    );
    assert!(app.google.events(FAKE_CALENDAR_ID).is_empty());
}
