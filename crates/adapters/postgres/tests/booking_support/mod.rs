//! Many clients of one studio picking slots through the real `InboundService` over `PgStore`: a
//! fixed clock, lead ids from the database sequence, and leads put into a booking status with SQL
//! (the approval and offer use cases are not what these tests are about).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use diesel::sql_types::{BigInt, Jsonb, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use inkdesk_domain::consultation::{InboundContent, InboundMessage};
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::model::{ArtistId, LeadId, Phone};
use inkdesk_domain::parse::Places;
use inkdesk_domain::ports::{Clock, IdGenerator, PortError};
use inkdesk_domain::rules::StudioRules;
use inkdesk_domain::service::{FrontDeskConfig, InboundService, LinkBuilder, Outcome};
use inkdesk_postgres::Database;
use inkdesk_postgres::booking::{BookingParts, PgBooking};
use inkdesk_postgres::conversation::{PgStore, StudioFacts, UnitCopy, reserve_lead_id};
use inkdesk_test_support::TestDb;

pub const OPENING: &str =
    "Hi! I'd love a fine line swallow with a little banner, something delicate";

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 25, 14, 0, 0).unwrap()
}

/// A UTC studio, so instants read like the wall clock.
pub fn rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.artist_name = "Sam Rivers".to_owned();
    rules.studio.time_zone = chrono_tz::UTC;
    rules
}

#[derive(Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    pub fn at(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }

    pub fn advance(&self, by: TimeDelta) -> DateTime<Utc> {
        let mut now = self.0.lock().unwrap();
        *now += by;
        *now
    }
}

impl Clock for FixedClock {
    async fn now(&self) -> DateTime<Utc> {
        self.at()
    }
}

pub struct SequenceIds {
    db: Database,
    tokens: AtomicU64,
}

impl IdGenerator for SequenceIds {
    async fn next_lead_id(&self) -> Result<LeadId, PortError> {
        reserve_lead_id(&self.db).await
    }

    async fn action_token(&self) -> Result<String, PortError> {
        let n = self.tokens.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(format!("{n:A>43}"))
    }
}

pub type Service = InboundService<PgStore, FixedClock, SequenceIds>;

/// The studio's front desk on a fresh database, with a pool wide enough for many clients at once.
pub struct Desk {
    pub db: TestDb,
    pub database: Database,
    pub service: Arc<Service>,
    pub clock: FixedClock,
    seq: AtomicU64,
}

impl Desk {
    pub async fn new(pool: usize) -> Self {
        let db = TestDb::fresh().await;
        let rules = rules();
        let database = Database::connect_lazy(db.url(), pool).unwrap();
        let artist = Phone::parse("447700900999").unwrap();
        let store = PgStore::new(database.clone(), ArtistId::default(), Some(artist.clone()))
            .with_studio(StudioFacts::from_rules(&rules))
            .with_spreadsheet_id("sheet-1")
            .with_copy(UnitCopy {
                catalogue: Catalogue::en_gb(),
                links: LinkBuilder {
                    action_base_url: "https://ink.example.com".to_owned(),
                    public_base_url: "https://ink.example.com".to_owned(),
                    token_lifetime: TimeDelta::days(7),
                },
                artist_name: rules.studio.artist_name.clone(),
            });
        let clock = FixedClock(Arc::new(Mutex::new(start())));
        let ids = SequenceIds {
            db: database.clone(),
            tokens: AtomicU64::new(0),
        };
        let places =
            Places::builtin().with_city(&rules.studio.home_city, Some(&rules.studio.home_country));
        let config = FrontDeskConfig {
            artist_number: Some(artist),
            pilot_allowlist: None,
            links: LinkBuilder {
                action_base_url: "https://ink.example.com".to_owned(),
                public_base_url: "https://ink.example.com".to_owned(),
                token_lifetime: TimeDelta::days(7),
            },
        };
        let service = InboundService::new(
            (store, clock.clone(), ids),
            rules,
            places,
            Catalogue::en_gb(),
            config,
        );
        Self {
            db,
            database,
            service: Arc::new(service),
            clock,
            seq: AtomicU64::new(0),
        }
    }

    /// A text from client number `n` (`4477009<n>` padded), a minute after the previous message.
    pub fn text(&self, client: u32, body: &str) -> InboundMessage {
        let n = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        InboundMessage {
            provider_message_id: format!("wamid.{n}"),
            from: phone(client),
            profile_name: Some(format!("Client {client}")),
            wa_timestamp: self.clock.advance(TimeDelta::minutes(1)),
            content: InboundContent::Text {
                body: body.to_owned(),
            },
        }
    }

    pub async fn send(&self, client: u32, body: &str) -> Outcome {
        self.service
            .handle_inbound(self.text(client, body))
            .await
            .unwrap()
    }

    /// The booking use cases over the same database and studio.
    pub fn booking(&self) -> PgBooking {
        let rules = rules();
        let artist = Phone::parse("447700900999").ok();
        let store = PgStore::new(self.database.clone(), ArtistId::default(), artist)
            .with_studio(StudioFacts::from_rules(&rules))
            .with_spreadsheet_id("sheet-1");
        let minted = Arc::new(AtomicU64::new(0));
        let parts = BookingParts {
            db: self.database.clone(),
            places: Arc::new(Places::builtin()),
            rules: Arc::new(rules),
            catalogue: Arc::new(Catalogue::en_gb()),
            links: LinkBuilder {
                action_base_url: "https://ink.example.com".to_owned(),
                public_base_url: "https://ink.example.com".to_owned(),
                token_lifetime: TimeDelta::days(7),
            },
            mint_token: Arc::new(move || {
                let n = minted.fetch_add(1, Ordering::Relaxed) + 1;
                Ok(format!("{n:B>43}"))
            }),
        };
        PgBooking::new(&store, parts)
    }

    pub async fn conn(&self) -> AsyncPgConnection {
        self.db.connect().await
    }

    /// A new lead for `client`, approved in `mode` and moved to `status` (with SQL).
    pub async fn lead_in(&self, client: u32, status: &str, mode: &str) -> i64 {
        let lead = self.send(client, OPENING).await.lead_id.unwrap().0;
        let mut conn = self.conn().await;
        diesel::sql_query(
            "UPDATE leads SET status = $2, booking_mode = $3, status_entered_at = $4,
                              qualifying_completed_at = $4, approved_at = $4
             WHERE id = $1",
        )
        .bind::<BigInt, _>(lead)
        .bind::<Text, _>(status)
        .bind::<Text, _>(mode)
        .bind::<Timestamptz, _>(self.clock.at())
        .execute(&mut conn)
        .await
        .unwrap();
        lead
    }

    /// An open offer for `lead` with `slots` numbered from 1, made at the desk's clock.
    pub async fn offer(&self, lead: i64, slots: &[(DateTime<Utc>, DateTime<Utc>)]) -> i64 {
        let slots: Vec<_> = slots
            .iter()
            .enumerate()
            .map(|(at, (start, end))| {
                serde_json::json!({ "index": at + 1, "start": start, "end": end, "taken": false })
            })
            .collect();
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = BigInt)]
            id: i64,
        }
        let mut conn = self.conn().await;
        diesel::sql_query(
            "INSERT INTO slot_offers (artist_id, lead_id, slots, duration_minutes, state, created_at)
             VALUES ('default', $1, $2, 180, 'open', $3) RETURNING id",
        )
        .bind::<BigInt, _>(lead)
        .bind::<Jsonb, _>(serde_json::Value::Array(slots))
        .bind::<Timestamptz, _>(self.clock.at())
        .get_result::<Id>(&mut conn)
        .await
        .unwrap()
        .id
    }
}

pub fn phone(client: u32) -> Phone {
    Phone::parse(&format!("4477009{client:05}")).unwrap()
}

/// `at` days after the start, at `hour:minute` UTC.
pub fn day_at(days: i64, hour: u32, minute: u32) -> DateTime<Utc> {
    let date = (start() + TimeDelta::days(days)).date_naive();
    Utc.from_utc_datetime(&date.and_hms_opt(hour, minute, 0).unwrap())
}

#[derive(diesel::QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `SELECT count(*) FROM <from_where>`; test-written SQL only.
pub async fn count(conn: &mut AsyncPgConnection, from_where: &str) -> i64 {
    diesel::sql_query(format!("SELECT count(*) AS n FROM {from_where}"))
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

/// Every `value` of a test-written query, in its order.
pub async fn texts(conn: &mut AsyncPgConnection, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<Value>(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.value)
        .collect()
}

pub async fn text(conn: &mut AsyncPgConnection, sql: &str) -> String {
    let mut all = texts(conn, sql).await;
    assert_eq!(all.len(), 1, "{sql}: {all:?}");
    all.remove(0)
}

/// Runs test-written statements (several allowed).
pub async fn execute(conn: &mut AsyncPgConnection, sql: &str) {
    conn.batch_execute(sql).await.unwrap();
}
