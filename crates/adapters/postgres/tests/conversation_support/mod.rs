//! A client chatting with the studio through the real `InboundService` over `PgStore` on a fresh
//! database: fixed clock (a minute per message), lead ids from the database sequence, deterministic
//! action tokens, and a store wrapper that can hold a commit or tamper with its guard.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{InboundContent, InboundMessage};
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::model::{ArtistId, LeadId, LeadStatus, Phone};
use inkdesk_domain::parse::Places;
use inkdesk_domain::ports::{
    Begun, Clock, IdGenerator, PortError, Store, UnitOfWork, UnitOfWorkTicket,
};
use inkdesk_domain::rules::StudioRules;
use inkdesk_domain::service::{
    FrontDeskConfig, InboundService, LinkBuilder, Outcome, ServiceError,
};
use inkdesk_postgres::Database;
use inkdesk_postgres::conversation::{PgStore, StudioFacts};
use inkdesk_test_support::TestDb;
use tokio::sync::Notify;

pub const OPENING: &str =
    "Hi! I'd love a fine line swallow with a little banner, something delicate";

/// The answers after the opening message, one per step from `placement` to `timing`; taps carry
/// their reply id.
pub const ANSWERS: [(&str, Option<&str>); 12] = [
    ("Inner forearm", None),
    ("about 10 by 15cm", None),
    ("Fine line", None),
    ("2 · Medium", Some("ans:complexity:2")),
    ("No", None),
    ("no", None),
    ("£400-500", None),
    ("Leeds, UK", None),
    ("UK", None),
    ("@alex.ink", None),
    ("Studio in London", Some("ans:travel_city:studio")),
    ("Next 2-4 weeks", None),
];

pub fn client_phone() -> Phone {
    Phone::parse("447700900123").unwrap()
}

pub fn artist_phone() -> Phone {
    Phone::parse("447700900999").unwrap()
}

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 25, 14, 0, 0).unwrap()
}

pub fn rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.artist_name = "Sam Rivers".to_owned();
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

/// Lead ids from the real sequence (deterministic on a fresh database), tokens from a counter.
pub struct SequenceIds {
    store: Arc<PgStore>,
    tokens: AtomicU64,
}

impl IdGenerator for SequenceIds {
    async fn next_lead_id(&self) -> Result<LeadId, PortError> {
        self.store.reserve_lead_id().await
    }

    async fn action_token(&self) -> Result<String, PortError> {
        let n = self.tokens.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(format!("{n:A>43}"))
    }
}

/// What the tests do to commits.
#[derive(Default)]
pub struct Hooks {
    /// The next commit waits here until notified (after announcing itself on `commit_reached`).
    pub hold_next_commit: Mutex<Option<Arc<Notify>>>,
    pub commit_reached: Notify,
    /// Replaces the guard of the next commits, as if the lead had been loaded in another status.
    pub expected_status_override: Mutex<Option<LeadStatus>>,
}

/// `PgStore` with the test hooks.
pub struct HookedStore {
    inner: Arc<PgStore>,
    hooks: Arc<Hooks>,
}

impl Store for HookedStore {
    async fn begin(&self, inbound: InboundMessage, now: DateTime<Utc>) -> Result<Begun, PortError> {
        self.inner.begin(inbound, now).await
    }

    async fn commit(&self, mut work: UnitOfWork) -> Result<(), PortError> {
        let hold = self.hooks.hold_next_commit.lock().unwrap().take();
        if let Some(gate) = hold {
            self.hooks.commit_reached.notify_one();
            gate.notified().await;
        }
        if let Some(status) = *self.hooks.expected_status_override.lock().unwrap() {
            work.expected_status = Some(status);
        }
        self.inner.commit(work).await
    }

    async fn rollback(&self, ticket: UnitOfWorkTicket) -> Result<(), PortError> {
        self.inner.rollback(ticket).await
    }
}

pub type Service = InboundService<HookedStore, FixedClock, SequenceIds>;

/// A client and the studio's front desk on one fresh database.
pub struct Chat {
    pub db: TestDb,
    /// The store itself, for driving units of work by hand.
    pub store: Arc<PgStore>,
    pub hooks: Arc<Hooks>,
    pub service: Arc<Service>,
    pub clock: FixedClock,
    seq: AtomicU64,
}

impl Chat {
    pub async fn new() -> Self {
        let db = TestDb::fresh().await;
        let rules = rules();
        let database = Database::connect_lazy(db.url(), 6).unwrap();
        let pg = Arc::new(
            PgStore::new(database, ArtistId::default(), Some(artist_phone()))
                .with_studio(StudioFacts::from_rules(&rules))
                .with_spreadsheet_id("sheet-1"),
        );
        let hooks = Arc::new(Hooks::default());
        let hooked = HookedStore {
            inner: Arc::clone(&pg),
            hooks: Arc::clone(&hooks),
        };
        let clock = FixedClock(Arc::new(Mutex::new(start())));
        let ids = SequenceIds {
            store: Arc::clone(&pg),
            tokens: AtomicU64::new(0),
        };
        let mut places =
            Places::builtin().with_city(&rules.studio.home_city, Some(&rules.studio.home_country));
        for stop in &rules.tour.stops {
            places = places.with_city(&stop.city, Some(&stop.country));
        }
        let config = FrontDeskConfig {
            artist_number: Some(artist_phone()),
            pilot_allowlist: None,
            links: LinkBuilder {
                action_base_url: "https://ink.example.com".to_owned(),
                public_base_url: "https://ink.example.com".to_owned(),
                token_lifetime: TimeDelta::days(7),
            },
        };
        let service = InboundService::new(
            (hooked, clock.clone(), ids),
            rules,
            places,
            Catalogue::en_gb(),
            config,
        );
        Self {
            db,
            store: pg,
            hooks,
            service: Arc::new(service),
            clock,
            seq: AtomicU64::new(0),
        }
    }

    /// The next message from the client, a minute after the previous one.
    pub fn message(&self, content: InboundContent) -> InboundMessage {
        let n = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let now = self.clock.advance(TimeDelta::minutes(1));
        InboundMessage {
            provider_message_id: format!("wamid.{n}"),
            from: client_phone(),
            profile_name: Some("Alex".to_owned()),
            wa_timestamp: now,
            content,
        }
    }

    pub fn text(&self, body: &str) -> InboundMessage {
        self.message(InboundContent::Text {
            body: body.to_owned(),
        })
    }

    pub fn said(&self, body: &str, reply_id: Option<&str>) -> InboundMessage {
        match reply_id {
            Some(id) => self.message(InboundContent::Interactive {
                reply_id: id.to_owned(),
                title: body.to_owned(),
            }),
            None => self.text(body),
        }
    }

    pub async fn deliver(&self, inbound: InboundMessage) -> Result<Outcome, ServiceError> {
        self.service.handle_inbound(inbound).await
    }

    pub async fn send(&self, body: &str) -> Outcome {
        self.deliver(self.text(body)).await.unwrap()
    }

    pub async fn conn(&self) -> AsyncPgConnection {
        self.db.connect().await
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `SELECT count(*) FROM <from_where>`; the argument is test-written SQL only.
pub async fn count(conn: &mut AsyncPgConnection, from_where: &str) -> i64 {
    diesel::sql_query(format!("SELECT count(*) AS n FROM {from_where}"))
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

#[derive(diesel::QueryableByName)]
struct Word {
    #[diesel(sql_type = Text)]
    value: String,
}

/// One text column of each row, in order; `sql` selects it `AS value`.
pub async fn texts(conn: &mut AsyncPgConnection, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<Word>(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.value)
        .collect()
}

pub async fn text(conn: &mut AsyncPgConnection, sql: &str) -> String {
    let mut values = texts(conn, sql).await;
    assert_eq!(values.len(), 1, "{sql}: {values:?}");
    values.remove(0)
}
