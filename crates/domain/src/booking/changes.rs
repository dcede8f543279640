//! What a booking use case changes about one lead, as data.

use chrono::{DateTime, Utc};

use crate::consultation::{
    ActionLink, Decision, Effect, JobRequest, OutboundMessage, SystemEvent, Text,
};
use crate::model::{Actor, Lead, LeadStatus};
use crate::status::{
    PaymentFacts, StatusHistoryEntry, TransitionCause, TransitionError, TransitionReason,
    transition,
};

/// The lead after a use case decided, with everything the same transaction writes besides the
/// booking rows (offers, holds, payments) the use case writes itself.
///
/// Written with `UPDATE … WHERE status = expected_status`, so a concurrent change of the lead makes
/// the whole transaction fail rather than overwrite it.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadChanges {
    pub expected_status: LeadStatus,
    pub lead: Lead,
    /// What the guards know about the lead's payments (updated by the use case as it goes).
    pub payments: PaymentFacts,
    pub transitions: Vec<StatusHistoryEntry>,
    pub outbound: Vec<OutboundMessage>,
    pub jobs: Vec<JobRequest>,
    pub effects: Vec<Effect>,
    pub events: Vec<SystemEvent>,
}

impl LeadChanges {
    pub fn new(lead: Lead, payments: PaymentFacts) -> Self {
        Self {
            expected_status: lead.status(),
            lead,
            payments,
            transitions: Vec::new(),
            outbound: Vec::new(),
            jobs: Vec::new(),
            effects: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The lead's part of a consultation decision (an artist command decided by the consultation
    /// handlers); `None` when the decision has no lead.
    pub fn from_decision(
        decision: Decision,
        expected_status: LeadStatus,
        payments: PaymentFacts,
    ) -> Option<Self> {
        Some(Self {
            expected_status,
            lead: decision.lead?,
            payments,
            transitions: decision.transitions,
            outbound: decision.outbound,
            jobs: decision.jobs,
            effects: decision.effects,
            events: decision.events,
        })
    }

    /// Moves the lead through the status machine. The first move also revokes the action tokens
    /// minted for the old status and refreshes the Sheets row (consultation.md §3.1).
    pub fn move_to(
        &mut self,
        to: LeadStatus,
        reason: TransitionReason,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<(), TransitionError> {
        let cause = TransitionCause::new(reason, actor, self.payments);
        let entry = transition(&mut self.lead, to, cause, now)?;
        if self.transitions.is_empty() {
            let lead_id = self.lead.id;
            self.effects.push(Effect::RevokeActionTokens { lead_id });
            self.job(JobRequest::SheetsUpsert { lead_id });
        }
        self.transitions.push(entry);
        Ok(())
    }

    pub fn status_changed(&self) -> bool {
        !self.transitions.is_empty()
    }

    /// A message to the client, as one WhatsApp text of one or more parts.
    pub fn tell_client(&mut self, parts: Vec<Text>) {
        let mut parts = parts.into_iter();
        let Some(first) = parts.next() else {
            return;
        };
        let mut message = OutboundMessage::to_client(Some(self.lead.id), first);
        message.parts.extend(parts);
        self.outbound.push(message);
    }

    /// A notification to the artist with its one-tap links.
    pub fn tell_artist(&mut self, text: Text, links: Vec<ActionLink>) {
        self.outbound
            .push(OutboundMessage::to_artist(Some(self.lead.id), text, links));
    }

    /// Enqueues a job once (a repeated request for the same job is dropped).
    pub fn job(&mut self, request: JobRequest) {
        if !self.jobs.contains(&request) {
            self.jobs.push(request);
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
}
