//! A real Postgres, the fake Graph API and a worker pool running the delivery handler. Rows are
//! written with plain SQL, so the tests do not depend on the code under test to set them up.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::sql_types::{BigInt, Bool, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::model::{ContactId, LeadId, Phone};
use inkdesk_domain::rules::Templates;
use inkdesk_postgres::jobs::{JobId, JobQueue, NewJob, enqueue};
use inkdesk_postgres::outbound::OutboundId;
use inkdesk_postgres::{Database, DbError};
use inkdesk_server::delivery::{Delivery, DeliverySettings};
use inkdesk_server::heartbeat::Heartbeats;
use inkdesk_server::workers::{WorkerConfig, WorkerPool};
use inkdesk_test_support::TestDb;
use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use inkdesk_whatsapp::{CloudApiClient, CloudApiConfig, Timeouts};
use serde_json::Value;

mod reads;

pub use reads::*;

pub const CLIENT_PHONE: &str = "447700900123";
pub const ARTIST_PHONE: &str = "447700900999";

/// Everything a delivery test talks to.
pub struct Harness {
    pub db: TestDb,
    pub fake: FakeWhatsApp,
    pub conn: AsyncPgConnection,
    pub database: Database,
}

impl Harness {
    pub async fn start() -> Self {
        inkdesk_test_support::init_crypto();
        let db = TestDb::fresh().await;
        let mut conn = db.connect().await;
        diesel::sql_query("INSERT INTO artists (id) VALUES ('default')")
            .execute(&mut conn)
            .await
            .unwrap();
        let database = Database::connect_lazy(db.url(), 4).unwrap();
        Self {
            db,
            fake: FakeWhatsApp::start().await,
            conn,
            database,
        }
    }

    pub fn delivery(&self, settings: DeliverySettings) -> Delivery {
        let config = CloudApiConfig {
            base_url: self.fake.base_url(),
            api_version: self.fake.api_version(),
            phone_number_id: self.fake.phone_number_id(),
            access_token: self.fake.access_token(),
            timeouts: Timeouts {
                connect: Duration::from_secs(2),
                api: Duration::from_secs(5),
                download: Duration::from_secs(5),
            },
        };
        let client = CloudApiClient::new(config).unwrap();
        Delivery::new(self.database.clone(), client, settings)
    }

    /// A pool of two workers polling every 20 ms.
    pub fn start_pool(&self, settings: DeliverySettings) -> WorkerPool {
        let config = WorkerConfig::new(2, Duration::from_millis(20), Duration::from_secs(5));
        WorkerPool::start(
            JobQueue::new(self.database.clone()),
            Arc::new(self.delivery(settings)),
            config,
            Arc::new(Heartbeats::default()),
        )
    }

    /// Waits until every job is finished. With `hurry`, a job waiting for its retry is made due at
    /// once, so backoff (5 s and up) does not slow the test down.
    pub async fn settle(&mut self, hurry: bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let open = self.open_jobs().await;
            if open.is_empty() {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "jobs did not finish: {open:?}"
            );
            if hurry {
                diesel::sql_query(
                    "UPDATE jobs SET run_at = now() WHERE state = 'queued' AND attempts > 0",
                )
                .execute(&mut self.conn)
                .await
                .unwrap();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn open_jobs(&mut self) -> Vec<StoredJob> {
        all_jobs(&mut self.conn)
            .await
            .into_iter()
            .filter(|job| matches!(job.state.as_str(), "queued" | "running"))
            .collect()
    }

    /// Waits until `job` has been attempted `attempts` times and is waiting again.
    pub async fn wait_for_retry(&mut self, job: JobId, attempts: i32) -> StoredJob {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let stored = stored_job(&mut self.conn, job).await;
            if stored.state == "queued" && stored.attempts >= attempts {
                return stored;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "job was not retried: {stored:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Sends for real, notifications on, the artist at [`ARTIST_PHONE`], the default templates.
pub fn settings() -> DeliverySettings {
    DeliverySettings {
        dry_run: false,
        notifications_enabled: true,
        artist_number: Some(Phone::parse(ARTIST_PHONE).unwrap()),
        window_safety_margin: TimeDelta::seconds(60),
        templates: Templates::default(),
        catalogue: Arc::new(Catalogue::en_gb()),
    }
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// A contact of the default artist; `last_inbound_at` is the window clock.
pub struct NewContact {
    pub phone: &'static str,
    pub last_inbound_at: Option<DateTime<Utc>>,
    pub opted_out: bool,
    pub is_artist: bool,
}

impl NewContact {
    /// A client who wrote an hour ago: the window is open.
    pub fn client() -> Self {
        Self {
            phone: CLIENT_PHONE,
            last_inbound_at: Some(Utc::now() - TimeDelta::hours(1)),
            opted_out: false,
            is_artist: false,
        }
    }

    pub fn artist() -> Self {
        Self {
            phone: ARTIST_PHONE,
            is_artist: true,
            ..Self::client()
        }
    }

    pub fn last_wrote(mut self, at: Option<DateTime<Utc>>) -> Self {
        self.last_inbound_at = at;
        self
    }

    pub fn opted_out(mut self) -> Self {
        self.opted_out = true;
        self
    }

    pub fn phone(mut self, phone: &'static str) -> Self {
        self.phone = phone;
        self
    }

    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> ContactId {
        let row: Id = diesel::sql_query(
            "INSERT INTO contacts (artist_id, phone, profile_name, is_artist, opted_out,
                                   opted_out_at, last_inbound_at, last_inbound_received_at)
             VALUES ('default', $1, 'Sam Rivers', $2, $3, CASE WHEN $3 THEN now() END, $4, $4)
             RETURNING id",
        )
        .bind::<Text, _>(self.phone)
        .bind::<Bool, _>(self.is_artist)
        .bind::<Bool, _>(self.opted_out)
        .bind::<Nullable<Timestamptz>, _>(self.last_inbound_at)
        .get_result(conn)
        .await
        .unwrap();
        ContactId(row.id)
    }
}

pub async fn lead(conn: &mut AsyncPgConnection, contact: ContactId) -> LeadId {
    let row: Id = diesel::sql_query(
        "INSERT INTO leads (artist_id, contact_id, status) VALUES ('default', $1, 'QUALIFYING')
         RETURNING id",
    )
    .bind::<BigInt, _>(contact.0)
    .get_result(conn)
    .await
    .unwrap();
    LeadId(row.id)
}

/// A queued outbound row and its send job, as the conversation store writes them.
pub struct NewMessage {
    pub contact: ContactId,
    pub lead: Option<LeadId>,
    pub kind: &'static str,
    pub body: String,
    pub interactive: Option<Value>,
}

impl NewMessage {
    pub fn text(contact: ContactId, lead: Option<LeadId>, kind: &'static str) -> Self {
        Self {
            contact,
            lead,
            kind,
            body: "Got it. Next: roughly how big should it be?".to_owned(),
            interactive: None,
        }
    }

    pub fn buttons(mut self, buttons: Value) -> Self {
        self.interactive = Some(serde_json::json!({ "type": "button", "buttons": buttons }));
        self
    }

    pub async fn queue(&self, conn: &mut AsyncPgConnection) -> (OutboundId, JobId) {
        let to_artist = self.kind.starts_with("artist.");
        let row: Id = diesel::sql_query(
            "INSERT INTO outbound_messages (artist_id, contact_id, lead_id, kind, recipient_role,
                                            mode, body, interactive, state)
             VALUES ('default', $1, $2, $3, $4, $5, $6, $7, 'queued') RETURNING id",
        )
        .bind::<BigInt, _>(self.contact.0)
        .bind::<Nullable<BigInt>, _>(self.lead.map(|lead| lead.0))
        .bind::<Text, _>(self.kind)
        .bind::<Text, _>(if to_artist { "artist" } else { "client" })
        .bind::<Text, _>(if self.interactive.is_some() {
            "interactive"
        } else {
            "text"
        })
        .bind::<Text, _>(&self.body)
        .bind::<Nullable<Jsonb>, _>(self.interactive.clone())
        .get_result(conn)
        .await
        .unwrap();
        let mut job = if to_artist {
            NewJob::artist_notify(row.id, self.contact)
        } else {
            NewJob::whatsapp_send(row.id, self.contact)
        };
        if let Some(lead) = self.lead {
            job = job.for_lead(lead);
        }
        let job_id = conn
            .transaction::<_, DbError, _>(async |conn| enqueue(conn, &job).await)
            .await
            .unwrap();
        diesel::sql_query("UPDATE outbound_messages SET job_id = $2 WHERE id = $1")
            .bind::<BigInt, _>(row.id)
            .bind::<BigInt, _>(job_id.0)
            .execute(conn)
            .await
            .unwrap();
        (OutboundId(row.id), job_id)
    }
}
