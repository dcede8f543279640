//! The simulated clients: each walks fresh phone numbers through a whole consultation, one signed
//! webhook at a time, and times every request from send to the last byte of the answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use inkdesk_test_support::fake_whatsapp::FakeWhatsApp;
use inkdesk_test_support::fake_whatsapp::webhook::{
    SIGNATURE_HEADER, sign_webhook, text_message_payload,
};
use tokio::task::JoinSet;

use crate::support::{APP_SECRET, CONSULTATION};

/// How many distinct error descriptions are kept for the report.
const ERROR_SAMPLES: usize = 5;

/// A reply slower than this counts as an error (and the client moves on).
const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Plan {
    /// `…/webhooks/whatsapp` of the server under test.
    pub url: String,
    pub clients: usize,
    /// Stop starting consultations after this many (across all clients).
    pub conversations: Option<u64>,
    /// Stop sending once this long has passed, even mid-consultation.
    pub seconds: Option<u64>,
    /// Keeps the phone numbers and message ids of the phases apart.
    pub phase: u8,
    /// Conversation mode: after each webhook the client waits until the bot's reply reaches this
    /// fake Graph API, then answers (no think time). `None`: the next answer follows the 200 at
    /// once (flood mode, a closed loop that measures capacity).
    pub replies: Option<Arc<FakeWhatsApp>>,
}

#[derive(Default)]
pub struct Tally {
    /// Every answered-200 request's latency, in microseconds.
    pub latencies_us: Vec<u32>,
    /// Conversation mode: from sending a webhook to the bot's reply reaching the fake, in µs.
    pub reply_latencies_us: Vec<u32>,
    pub ok: u64,
    pub errors: u64,
    pub error_samples: Vec<String>,
    pub late: u64,
    pub duplicates: u64,
    /// Consultations whose 13 messages were all sent.
    pub conversations: u64,
    /// From the first request to the last client finishing.
    pub elapsed: Duration,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        self.reply_latencies_us.extend(other.reply_latencies_us);
        self.ok += other.ok;
        self.errors += other.errors;
        self.late += other.late;
        self.duplicates += other.duplicates;
        self.conversations += other.conversations;
        for sample in other.error_samples {
            if self.error_samples.len() < ERROR_SAMPLES && !self.error_samples.contains(&sample) {
                self.error_samples.push(sample);
            }
        }
    }

    /// Nearest-rank percentiles over every recorded latency (exact: all samples are kept), in ms.
    pub fn percentiles_ms<const N: usize>(&self, ranks: [f64; N]) -> [f64; N] {
        percentiles_ms(&self.latencies_us, ranks)
    }

    /// The same over reply latencies (conversation mode).
    pub fn reply_percentiles_ms<const N: usize>(&self, ranks: [f64; N]) -> [f64; N] {
        percentiles_ms(&self.reply_latencies_us, ranks)
    }

    fn error(&mut self, description: String) {
        self.errors += 1;
        if self.error_samples.len() < ERROR_SAMPLES && !self.error_samples.contains(&description) {
            self.error_samples.push(description);
        }
    }
}

fn percentiles_ms<const N: usize>(samples: &[u32], ranks: [f64; N]) -> [f64; N] {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    ranks.map(|rank| {
        if sorted.is_empty() {
            return 0.0;
        }
        let index = ((rank / 100.0) * sorted.len() as f64).ceil() as usize;
        let index = index.clamp(1, sorted.len()) - 1;
        f64::from(sorted[index]) / 1000.0
    })
}

/// Runs the plan's clients to completion and merges what they saw.
pub async fn drive(plan: Plan) -> Tally {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.clients)
        .build()
        .expect("an HTTP client");
    let plan = Arc::new(plan);
    let next_conversation = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = plan.seconds.map(|s| started + Duration::from_secs(s));
    // Conversations happened "an hour ago", so the 24-hour window is open and every message is
    // newer than the one before it.
    let t0 = wa_now() - 3600;
    let mut clients = JoinSet::new();
    for _ in 0..plan.clients {
        let client = Client {
            http: http.clone(),
            plan: plan.clone(),
            next_conversation: next_conversation.clone(),
            deadline,
            t0,
        };
        clients.spawn(client.run());
    }
    let mut tally = Tally::default();
    while let Some(done) = clients.join_next().await {
        match done {
            Ok(client_tally) => tally.merge(client_tally),
            Err(e) => tally.error(format!("client task failed: {e}")),
        }
    }
    tally.elapsed = started.elapsed();
    tally
}

struct Client {
    http: reqwest::Client,
    plan: Arc<Plan>,
    next_conversation: Arc<AtomicU64>,
    deadline: Option<Instant>,
    t0: i64,
}

impl Client {
    async fn run(self) -> Tally {
        let mut tally = Tally::default();
        loop {
            let k = self.next_conversation.fetch_add(1, Ordering::Relaxed);
            if self.plan.conversations.is_some_and(|cap| k >= cap) {
                return tally;
            }
            // 12 digits, distinct per phase and conversation: every consultation is a new contact.
            let phone = format!("447{}{k:08}", self.plan.phase);
            let inbox = self.plan.replies.as_ref().map(|fake| fake.inbox(&phone));
            for (n, text) in CONSULTATION.iter().enumerate() {
                if self.deadline.is_some_and(|d| Instant::now() >= d) {
                    return tally;
                }
                let id = format!("wamid.bench{}.{k}.{n}", self.plan.phase);
                let at = self.t0 + i64::try_from(n).unwrap_or(0);
                let seen = inbox.as_ref().map_or(0, |inbox| inbox.received());
                let started = Instant::now();
                let answered = self
                    .send(&mut tally, text_message_payload(&phone, &id, text, at))
                    .await;
                if let (Some(inbox), true) = (&inbox, answered) {
                    match tokio::time::timeout(REPLY_TIMEOUT, inbox.wait_beyond(seen)).await {
                        Ok(()) => tally.reply_latencies_us.push(micros(started.elapsed())),
                        Err(_) => tally.error(format!("no reply within {REPLY_TIMEOUT:?}")),
                    }
                }
            }
            if let Some(fake) = &self.plan.replies {
                fake.close_inbox(&phone);
            }
            tally.conversations += 1;
        }
    }

    /// Sends one webhook; `true` when it was answered 200 and `received`.
    async fn send(&self, tally: &mut Tally, body: Vec<u8>) -> bool {
        let signature = sign_webhook(APP_SECRET.as_bytes(), &body);
        let started = Instant::now();
        let response = self
            .http
            .post(&self.plan.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await;
        let answer = match response {
            Ok(response) => {
                let status = response.status().as_u16();
                response.bytes().await.map(|bytes| (status, bytes))
            }
            Err(e) => Err(e),
        };
        let elapsed = started.elapsed();
        let (status, bytes) = match answer {
            Ok(answer) => answer,
            Err(e) => {
                tally.error(format!("request failed: {e}"));
                return false;
            }
        };
        let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        if status != 200 || parsed["received"] != serde_json::Value::Bool(true) {
            let text = String::from_utf8_lossy(&bytes);
            tally.error(format!(
                "HTTP {status}: {}",
                text.chars().take(200).collect::<String>()
            ));
            return false;
        }
        tally.ok += 1;
        tally.late += parsed["late"].as_u64().unwrap_or(0);
        tally.duplicates += parsed["duplicates"].as_u64().unwrap_or(0);
        tally.latencies_us.push(micros(elapsed));
        true
    }
}

fn micros(elapsed: Duration) -> u32 {
    u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX)
}

/// Unix seconds, as WhatsApp timestamps are written.
fn wa_now() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    i64::try_from(now).unwrap_or(i64::MAX)
}
