//! The working state of one decision: copies of the contact and the lead that the handlers change,
//! and everything they decide, collected in order.

use chrono::{DateTime, TimeDelta, Utc};

use super::decision::{Decision, Disposition, Effect, JobRequest, Silence, SystemEvent};
use super::input::{ConsultationInput, LeadContext};
use super::outbound::{ActionLink, Button, OutboundMessage, Recipient, Text};
use crate::copy::MessageId;
use crate::copy::params::PROMPT;
use crate::model::{
    Actor, Answer, AnswerId, Contact, ContactCooldown, Lead, LeadCooldown, LeadId, LeadStatus,
    NewAnswer, QuestionKey,
};
use crate::parse::text::{KeywordText, keyword_form, normalise};
use crate::rules::StudioRules;
use crate::status::{StatusHistoryEntry, TransitionCause, TransitionReason, transition};

/// A saved state of the draft (see `Draft::checkpoint`).
pub(super) struct Checkpoint {
    contact: Contact,
    ctx: Option<LeadContext>,
    answers: usize,
    transitions: usize,
    outbound: usize,
    jobs: usize,
    effects: usize,
    events: usize,
    disposition: Option<Disposition>,
    silence: Option<Silence>,
}

pub(super) struct Draft<'i, 'a> {
    pub input: &'i ConsultationInput<'a>,
    pub contact: Contact,
    pub ctx: Option<LeadContext>,
    pub lead_created: bool,
    /// N and K forms of the message text, computed once.
    pub normal: String,
    pub k: KeywordText,
    answers: Vec<NewAnswer>,
    transitions: Vec<StatusHistoryEntry>,
    outbound: Vec<OutboundMessage>,
    jobs: Vec<JobRequest>,
    effects: Vec<Effect>,
    events: Vec<SystemEvent>,
    disposition: Option<Disposition>,
    silence: Option<Silence>,
}

impl<'i, 'a> Draft<'i, 'a> {
    pub fn new(input: &'i ConsultationInput<'a>) -> Self {
        let text = input.inbound.text();
        Self {
            input,
            contact: input.contact.clone(),
            ctx: input.lead.clone(),
            lead_created: false,
            normal: normalise(text),
            k: keyword_form(text),
            answers: Vec::new(),
            transitions: Vec::new(),
            outbound: Vec::new(),
            jobs: Vec::new(),
            effects: Vec::new(),
            events: Vec::new(),
            disposition: None,
            silence: None,
        }
    }

    pub fn rules(&self) -> &'a StudioRules {
        self.input.rules
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.input.now
    }

    pub fn artist_name(&self) -> &'a str {
        &self.input.rules.studio.artist_name
    }

    pub fn home_city(&self) -> &'a str {
        &self.input.rules.studio.home_city
    }

    pub fn reply_id(&self) -> Option<&'i str> {
        self.input.inbound.reply_id()
    }

    pub fn lead(&self) -> Option<&Lead> {
        self.ctx.as_ref().map(|ctx| &ctx.lead)
    }

    pub fn lead_mut(&mut self) -> Option<&mut Lead> {
        self.ctx.as_mut().map(|ctx| &mut ctx.lead)
    }

    pub fn lead_id(&self) -> Option<LeadId> {
        self.lead().map(|lead| lead.id)
    }

    pub fn status(&self) -> Option<LeadStatus> {
        self.lead().map(Lead::status)
    }

    pub fn answers(&self) -> &[Answer] {
        self.ctx.as_ref().map_or(&[], |ctx| ctx.answers.as_slice())
    }

    pub fn set_disposition(&mut self, disposition: Disposition) {
        self.disposition = Some(disposition);
    }

    pub fn disposition(&self) -> Option<Disposition> {
        self.disposition
    }

    /// Nothing is sent to the client, for this reason.
    pub fn silent(&mut self, reason: Silence, disposition: Disposition) {
        self.silence = Some(reason);
        self.disposition = Some(disposition);
    }

    pub fn client_message_count(&self) -> usize {
        self.outbound
            .iter()
            .filter(|message| message.recipient == Recipient::Client)
            .count()
    }

    pub fn reply(&mut self, text: Text) {
        self.reply_with_buttons(text, Vec::new());
    }

    pub fn reply_with_buttons(&mut self, text: Text, buttons: Vec<Button>) {
        let mut message = OutboundMessage::to_client(self.lead_id(), text);
        message.buttons = buttons;
        self.send(message);
    }

    pub fn send(&mut self, message: OutboundMessage) {
        self.outbound.push(message);
    }

    pub fn notify_artist(&mut self, text: Text, links: Vec<ActionLink>) {
        let message = OutboundMessage::to_artist(self.lead_id(), text, links);
        self.outbound.push(message);
    }

    pub fn job(&mut self, job: JobRequest) {
        if !self.jobs.contains(&job) {
            self.jobs.push(job);
        }
    }

    pub fn effect(&mut self, effect: Effect) {
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    pub fn event(&mut self, event: SystemEvent) {
        self.events.push(event);
    }

    /// Moves the lead through the one status machine, as the client. A refused move leaves the
    /// lead as it was and is recorded as a WARN event, so a stored lead the table does not expect
    /// never breaks the message's handling.
    pub fn move_to(&mut self, to: LeadStatus, reason: TransitionReason) -> bool {
        self.move_as(to, reason, Actor::Client)
    }

    pub fn move_as(&mut self, to: LeadStatus, reason: TransitionReason, actor: Actor) -> bool {
        let now = self.now();
        let Some(ctx) = self.ctx.as_mut() else {
            return false;
        };
        let cause = TransitionCause::new(reason, actor, ctx.payments);
        match transition(&mut ctx.lead, to, cause, now) {
            Ok(entry) => {
                self.transitions.push(entry);
                true
            }
            Err(error) => {
                let lead_id = ctx.lead.id;
                let from = ctx.lead.status();
                self.events.push(SystemEvent::warn(
                    "consultation.transition_refused",
                    Some(lead_id),
                    serde_json::json!({
                        "from_status": from.as_str(),
                        "to_status": to.as_str(),
                        "error": error.to_string(),
                    }),
                ));
                false
            }
        }
    }

    /// Stores an accepted answer (N of `raw`); the store links it to the inbound message row.
    pub fn store_answer(&mut self, key: QuestionKey, raw: &str, parsed: Option<serde_json::Value>) {
        let now = self.now();
        let Some(ctx) = self.ctx.as_mut() else {
            return;
        };
        let mut answer = NewAnswer::new(ctx.lead.id, key, raw, None);
        answer.parsed = parsed;
        if key == QuestionKey::TimeWindow {
            answer.round = Some(ctx.lead.conversation.time_window_round);
        }
        // Visible to the rest of this decision as the newest answer of its key.
        ctx.answers.push(Answer {
            id: AnswerId(i64::MAX),
            lead_id: answer.lead_id,
            question_key: answer.question_key,
            value_text: answer.value_text.clone(),
            parsed: answer.parsed.clone(),
            round: answer.round,
            inbound_message_id: None,
            created_at: now,
        });
        self.answers.push(answer);
    }

    /// Keeps the message text for the artist (`client_note`), when there is any.
    pub fn store_note(&mut self) {
        let text = self.input.inbound.text().to_owned();
        if !text.trim().is_empty() {
            self.store_answer(QuestionKey::ClientNote, &text, None);
        }
    }

    /// Attaches the message's media, if any, to the lead.
    pub fn attach_media(&mut self) {
        if self.input.inbound.media_kind().is_some()
            && let Some(lead_id) = self.lead_id()
        {
            self.effect(Effect::AttachMedia { lead_id });
        }
    }

    /// A per-lead cooldown: true (and restarted) when the action may happen now.
    pub fn lead_cooldown(&mut self, key: LeadCooldown, period: TimeDelta) -> bool {
        let now = self.now();
        self.lead_mut()
            .is_some_and(|lead| lead.conversation.cooldowns.try_start(key, period, now))
    }

    pub fn contact_cooldown(&mut self, key: ContactCooldown, period: TimeDelta) -> bool {
        let now = self.now();
        self.contact.cooldowns.try_start(key, period, now)
    }

    /// The status acknowledgement cooldown (`status_ack_cooldown_hours`).
    pub fn ack_period(&self) -> TimeDelta {
        TimeDelta::hours(i64::from(
            self.rules().conversation.status_ack_cooldown_hours,
        ))
    }

    /// Remembers the state so a tentative handling can be undone (`restore`).
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            contact: self.contact.clone(),
            ctx: self.ctx.clone(),
            answers: self.answers.len(),
            transitions: self.transitions.len(),
            outbound: self.outbound.len(),
            jobs: self.jobs.len(),
            effects: self.effects.len(),
            events: self.events.len(),
            disposition: self.disposition,
            silence: self.silence,
        }
    }

    pub fn restore(&mut self, checkpoint: Checkpoint) {
        self.contact = checkpoint.contact;
        self.ctx = checkpoint.ctx;
        self.answers.truncate(checkpoint.answers);
        self.transitions.truncate(checkpoint.transitions);
        self.outbound.truncate(checkpoint.outbound);
        self.jobs.truncate(checkpoint.jobs);
        self.effects.truncate(checkpoint.effects);
        self.events.truncate(checkpoint.events);
        self.disposition = checkpoint.disposition;
        self.silence = checkpoint.silence;
    }

    /// Puts the first client message inside `wrapper` (whose `{prompt}` takes it). False when
    /// there is no client message.
    pub fn wrap_first_reply(&mut self, wrapper: MessageId) -> bool {
        let Some(message) = self
            .outbound
            .iter_mut()
            .find(|message| message.recipient == Recipient::Client)
        else {
            return false;
        };
        let inner = std::mem::take(&mut message.parts);
        let mut parts = inner.into_iter();
        let Some(first) = parts.next() else {
            return false;
        };
        let mut wrapped = vec![Text::new(wrapper).with_text(PROMPT, first)];
        wrapped.extend(parts);
        message.parts = wrapped;
        true
    }

    pub fn finish(mut self) -> Decision {
        if let Some(lead_id) = self.lead_id()
            && !self.transitions.is_empty()
        {
            self.effect(Effect::RevokeActionTokens { lead_id });
            self.job(JobRequest::SheetsUpsert { lead_id });
        }
        let silence = if self.client_message_count() > 0 {
            None
        } else {
            Some(self.silence.unwrap_or(Silence::TransitionRefused))
        };
        Decision {
            contact: self.contact,
            lead: self.ctx.map(|ctx| ctx.lead),
            lead_created: self.lead_created,
            answers: self.answers,
            transitions: self.transitions,
            outbound: self.outbound,
            jobs: self.jobs,
            effects: self.effects,
            events: self.events,
            disposition: self.disposition.unwrap_or(Disposition::Ignored),
            silence,
        }
    }
}
