//! A small in-memory world behind mockall mocks of the ports, so whole conversations run through
//! the real use case: the store mock loads from and commits into the world.

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::{FrontDeskConfig, InboundService, LinkBuilder, Outcome};
use crate::consultation::{InboundContent, InboundMessage, LeadContext};
use crate::copy::{Catalogue, MessageId};
use crate::model::{
    Answer, AnswerId, ArtistId, Contact, ContactId, Lead, LeadId, LeadStatus, Phone, QuestionKey,
};
use crate::parse::Places;
use crate::ports::{
    Begun, Loaded, MockClock, MockIdGenerator, MockStore, UnitOfWork, UnitOfWorkTicket,
};
use crate::rules::StudioRules;

/// Runs a future whose ports answer at once (mocks never wait).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}

pub fn client_phone() -> Phone {
    Phone::parse("447700900123").unwrap()
}

pub fn artist_phone() -> Phone {
    Phone::parse("447700900999").unwrap()
}

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 25, 14, 0, 0).unwrap()
}

/// What the store holds.
#[derive(Debug, Default)]
pub struct World {
    pub now: Option<DateTime<Utc>>,
    pub contact: Option<Contact>,
    pub leads: Vec<LeadContext>,
    pub processed: Vec<String>,
    pub committed: Vec<UnitOfWork>,
    pub rollbacks: u32,
    pub next_lead_id: i64,
    pub next_answer_id: i64,
    pub next_token: u64,
    pub panic: bool,
    /// Deferred outbound messages waiting for the contact to write (P10).
    pub deferred: u32,
}

impl World {
    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(start)
    }

    /// The newest active, the newest booked and the newest lead, each once (`Loaded::leads`).
    fn candidates(&self) -> Vec<LeadContext> {
        let newest = |filter: &dyn Fn(&Lead) -> bool| {
            self.leads
                .iter()
                .filter(|ctx| filter(&ctx.lead))
                .max_by_key(|ctx| (ctx.lead.created_at, ctx.lead.id))
                .cloned()
        };
        let mut out: Vec<LeadContext> = Vec::new();
        for candidate in [
            newest(&|lead| lead.status().is_active()),
            newest(&|lead| lead.status() == LeadStatus::Booked),
            newest(&|_| true),
        ]
        .into_iter()
        .flatten()
        {
            if !out.iter().any(|ctx| ctx.lead.id == candidate.lead.id) {
                out.push(candidate);
            }
        }
        out
    }

    fn begin(&mut self, inbound: &InboundMessage) -> Begun {
        if self.processed.contains(&inbound.provider_message_id) {
            return Begun::Duplicate;
        }
        let now = self.now();
        let contact = self
            .contact
            .get_or_insert_with(|| {
                Contact::new(
                    ContactId(17),
                    ArtistId::default(),
                    inbound.from.clone(),
                    now,
                )
            })
            .clone();
        Begun::Loaded(Box::new(Loaded {
            ticket: UnitOfWorkTicket(1),
            contact,
            leads: self.candidates(),
            deferred_outbound: self.deferred,
            artist_inbox: Default::default(),
            panic_mode: self.panic,
            reserved_lead_id: None,
        }))
    }

    fn commit(&mut self, work: UnitOfWork) {
        let now = self.now();
        self.processed
            .push(work.inbound.provider_message_id.clone());
        self.contact = Some(work.decision.contact.clone());
        if let Some(lead) = &work.decision.lead {
            let at = self.leads.iter().position(|ctx| ctx.lead.id == lead.id);
            let ctx = match at {
                Some(at) => &mut self.leads[at],
                None => {
                    self.leads.push(LeadContext::new(lead.clone()));
                    self.leads.last_mut().unwrap()
                }
            };
            ctx.lead = lead.clone();
            ctx.recent_client_texts.push(work.inbound.text().to_owned());
            if matches!(work.inbound.content, InboundContent::Media { .. }) {
                ctx.last_media_at = Some(work.inbound.wa_timestamp);
            }
            for answer in &work.decision.answers {
                self.next_answer_id += 1;
                ctx.answers.push(Answer {
                    id: AnswerId(self.next_answer_id),
                    lead_id: answer.lead_id,
                    question_key: answer.question_key,
                    value_text: answer.value_text.clone(),
                    parsed: answer.parsed.clone(),
                    round: answer.round,
                    inbound_message_id: None,
                    created_at: now,
                });
            }
        }
        self.committed.push(work);
    }
}

pub type SharedWorld = Arc<Mutex<World>>;

pub fn lock(world: &SharedWorld) -> MutexGuard<'_, World> {
    world
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.artist_name = "Sam Rivers".to_owned();
    rules
}

pub fn places(rules: &StudioRules) -> Places {
    let mut places =
        Places::builtin().with_city(&rules.studio.home_city, Some(&rules.studio.home_country));
    for stop in &rules.tour.stops {
        places = places.with_city(&stop.city, Some(&stop.country));
    }
    places
}

pub type Service = InboundService<MockStore, MockClock, MockIdGenerator>;

/// The use case over mocks wired to `world`.
pub fn service(world: &SharedWorld, rules: StudioRules) -> Service {
    service_with_ids(world, rules, id_generator(world))
}

fn id_generator(world: &SharedWorld) -> MockIdGenerator {
    let mut ids = MockIdGenerator::new();
    let w = Arc::clone(world);
    ids.expect_next_lead_id().returning(move || {
        let mut world = lock(&w);
        world.next_lead_id += 1;
        let id = LeadId(41 + world.next_lead_id);
        Box::pin(async move { Ok(id) })
    });
    let w = Arc::clone(world);
    ids.expect_action_token().returning(move || {
        let mut world = lock(&w);
        world.next_token += 1;
        let token = format!("{:A>43}", world.next_token);
        Box::pin(async move { Ok(token) })
    });
    ids
}

/// The use case over mocks wired to `world`, with the given id generator.
pub fn service_with_ids(world: &SharedWorld, rules: StudioRules, ids: MockIdGenerator) -> Service {
    let mut store = MockStore::new();
    let w = Arc::clone(world);
    store.expect_begin().returning(move |inbound, _| {
        let begun = lock(&w).begin(&inbound);
        Box::pin(async move { Ok(begun) })
    });
    let w = Arc::clone(world);
    store.expect_commit().returning(move |work| {
        lock(&w).commit(work);
        Box::pin(async { Ok(()) })
    });
    let w = Arc::clone(world);
    store.expect_rollback().returning(move |_| {
        lock(&w).rollbacks += 1;
        Box::pin(async { Ok(()) })
    });
    let mut clock = MockClock::new();
    let w = Arc::clone(world);
    clock.expect_now().returning(move || {
        let now = lock(&w).now();
        Box::pin(async move { now })
    });
    let places = places(&rules);
    let config = FrontDeskConfig {
        artist_number: Some(artist_phone()),
        pilot_allowlist: None,
        links: LinkBuilder {
            action_base_url: "https://ink.example.com".to_owned(),
            public_base_url: "https://ink.example.com".to_owned(),
            token_lifetime: TimeDelta::days(7),
        },
    };
    InboundService::new(
        (store, clock, ids),
        rules,
        places,
        Catalogue::en_gb(),
        config,
    )
}

/// A client writing to the studio, one message at a time, a minute apart.
pub struct Chat {
    pub world: SharedWorld,
    pub service: Service,
    seq: u32,
}

impl Chat {
    pub fn new(rules: StudioRules) -> Self {
        let world: SharedWorld = Arc::default();
        let service = service(&world, rules);
        Self {
            world,
            service,
            seq: 0,
        }
    }

    pub fn send_content(&mut self, content: InboundContent) -> Outcome {
        self.seq += 1;
        let now = {
            let mut world = lock(&self.world);
            let now = world.now() + TimeDelta::minutes(1);
            world.now = Some(now);
            now
        };
        let inbound = InboundMessage {
            provider_message_id: format!("wamid.{}", self.seq),
            from: client_phone(),
            profile_name: Some("Alex".to_owned()),
            wa_timestamp: now,
            content,
        };
        block_on(self.service.handle_inbound(inbound)).unwrap()
    }

    pub fn send(&mut self, text: &str) -> Outcome {
        self.send_content(InboundContent::Text {
            body: text.to_owned(),
        })
    }

    pub fn tap(&mut self, reply_id: &str, title: &str) -> Outcome {
        self.send_content(InboundContent::Interactive {
            reply_id: reply_id.to_owned(),
            title: title.to_owned(),
        })
    }

    pub fn last_work(&self) -> UnitOfWork {
        lock(&self.world).committed.last().cloned().unwrap()
    }

    pub fn lead(&self) -> Lead {
        lock(&self.world)
            .leads
            .last()
            .map(|ctx| ctx.lead.clone())
            .unwrap()
    }

    pub fn advance(&self, by: TimeDelta) {
        let mut world = lock(&self.world);
        let now = world.now() + by;
        world.now = Some(now);
    }

    /// Every client message kind written so far, in order.
    pub fn all_client_kinds(&self) -> Vec<MessageId> {
        lock(&self.world)
            .committed
            .iter()
            .flat_map(|work| work.decision.client_kinds())
            .collect()
    }
}

pub const OPENING: &str =
    "Hi! I'd love a fine line swallow with a little banner, something delicate";

/// The answers after the opening message, one per step from `placement` to `timing`.
pub fn answers() -> Vec<(&'static str, Option<&'static str>)> {
    vec![
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
    ]
}

pub fn say(chat: &mut Chat, text: &str, reply_id: Option<&str>) -> Outcome {
    match reply_id {
        Some(id) => chat.tap(id, text),
        None => chat.send(text),
    }
}

/// Opens a consultation and answers up to (not including) `stop_at`, replacing answers by key.
pub fn answer_until(
    chat: &mut Chat,
    stop_at: Option<QuestionKey>,
    replace: &[(QuestionKey, &'static str)],
) {
    chat.send(OPENING);
    for (at, (text, reply_id)) in answers().into_iter().enumerate() {
        let key = QuestionKey::CONSULTATION[at + 1];
        if Some(key) == stop_at {
            return;
        }
        match replace.iter().find(|(k, _)| *k == key) {
            Some((_, text)) => say(chat, text, None),
            None => say(chat, text, reply_id),
        };
    }
}
