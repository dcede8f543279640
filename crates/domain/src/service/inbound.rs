//! One inbound WhatsApp message, end to end inside the domain: load under lock, decide, render,
//! write everything in the same unit of work (consultation.md §5, data-and-ops.md §3).

use chrono::{DateTime, TimeDelta, Utc};

use super::render::{LinkBuilder, render_message};
use crate::consultation::{
    ConsultationInput, Decision, Disposition, InboundMessage, Modes, Silence, decide,
    may_create_lead,
};
use crate::copy::{Catalogue, MessageId, RenderError};
use crate::model::{LeadId, LeadStatus, Phone};
use crate::parse::Places;
use crate::ports::{Begun, Clock, IdGenerator, Loaded, PortError, Store, UnitOfWork};
use crate::rules::StudioRules;
use crate::status::{LeadResolution, LeadSummary, ResolutionPolicy, resolve_lead};

/// Deployment settings the inbound use case needs (from the environment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontDeskConfig {
    /// `ARTIST_WHATSAPP_NUMBER`: messages from it are the artist's own (P3).
    pub artist_number: Option<Phone>,
    /// `PILOT_ALLOWLIST_NUMBERS` when `PILOT_MODE_ENABLED=true`; `None` when pilot mode is off.
    /// An empty list blocks every client.
    pub pilot_allowlist: Option<Vec<Phone>>,
    pub links: LinkBuilder,
}

/// What handling one message came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// P1: already processed; nothing happened.
    pub duplicate: bool,
    pub disposition: Option<Disposition>,
    pub lead_id: Option<LeadId>,
    pub lead_status: Option<LeadStatus>,
    /// Kinds of the client messages written, in order.
    pub client_messages: Vec<MessageId>,
    /// Kinds of the artist notifications written, in order.
    pub artist_messages: Vec<MessageId>,
    /// Why the client gets no reply, when they get none.
    pub silence: Option<Silence>,
}

impl Outcome {
    fn duplicate() -> Self {
        Self {
            duplicate: true,
            disposition: None,
            lead_id: None,
            lead_status: None,
            client_messages: Vec::new(),
            artist_messages: Vec::new(),
            silence: None,
        }
    }

    fn of(decision: &Decision) -> Self {
        Self {
            duplicate: false,
            disposition: Some(decision.disposition),
            lead_id: decision.lead.as_ref().map(|lead| lead.id),
            lead_status: decision.lead.as_ref().map(|lead| lead.status()),
            client_messages: decision.client_kinds(),
            artist_messages: decision.artist_kinds(),
            silence: decision.silence,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A port failed; `PortError::is_retryable` says whether the provider should retry.
    #[error(transparent)]
    Port(#[from] PortError),
    /// A message could not be rendered (a catalogue override broke a text); nothing was written.
    #[error("could not render an outbound message: {0}")]
    Render(#[from] RenderError),
}

/// The inbound-message use case, generic over its ports.
pub struct InboundService<S, C, I> {
    store: S,
    clock: C,
    ids: I,
    rules: StudioRules,
    places: Places,
    catalogue: Catalogue,
    config: FrontDeskConfig,
}

impl<S, C, I> InboundService<S, C, I>
where
    S: Store + Sync,
    C: Clock + Sync,
    I: IdGenerator + Sync,
{
    /// `places` should already hold the studio's home city and tour-stop cities.
    pub fn new(
        ports: (S, C, I),
        rules: StudioRules,
        places: Places,
        catalogue: Catalogue,
        config: FrontDeskConfig,
    ) -> Self {
        let (store, clock, ids) = ports;
        Self {
            store,
            clock,
            ids,
            rules,
            places,
            catalogue,
            config,
        }
    }

    /// Handles one message in one unit of work. On any error the unit of work is rolled back
    /// (including the idempotency row), so the provider's retry processes the message again.
    pub async fn handle_inbound(&self, inbound: InboundMessage) -> Result<Outcome, ServiceError> {
        let now = self.clock.now().await;
        let loaded = match self.store.begin(inbound.clone(), now).await? {
            Begun::Duplicate => return Ok(Outcome::duplicate()),
            Begun::Loaded(loaded) => *loaded,
        };
        let ticket = loaded.ticket;
        match self.prepare(loaded, inbound, now).await {
            Ok(work) => {
                let outcome = Outcome::of(&work.decision);
                self.store.commit(work).await?;
                Ok(outcome)
            }
            Err(error) => {
                // The original error matters more than a failed rollback (the connection drop
                // rolls back anyway).
                let _ = self.store.rollback(ticket).await;
                Err(error)
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn set_pilot_allowlist_for_tests(&mut self, allowlist: Option<Vec<Phone>>) {
        self.config.pilot_allowlist = allowlist;
    }

    fn resolution_policy(&self) -> ResolutionPolicy {
        let conversation = &self.rules.conversation;
        ResolutionPolicy {
            booked_live_after_appointment: TimeDelta::hours(24),
            booked_live_without_time: TimeDelta::days(i64::from(
                self.rules.booking.booked_lead_live_days_without_time,
            )),
            abandoned_resume: TimeDelta::days(i64::from(conversation.abandoned_resume_days)),
            stale_reopen: TimeDelta::days(i64::from(conversation.stale_reopen_days)),
            closed_lead_grace: TimeDelta::hours(i64::from(conversation.closed_lead_grace_hours)),
        }
    }

    async fn prepare(
        &self,
        loaded: Loaded,
        inbound: InboundMessage,
        now: DateTime<Utc>,
    ) -> Result<UnitOfWork, ServiceError> {
        let Loaded {
            ticket,
            mut contact,
            leads,
            deferred_outbound,
            artist_inbox,
            panic_mode,
            reserved_lead_id,
        } = loaded;
        let from_artist = self.config.artist_number.as_ref() == Some(&inbound.from);
        contact.is_artist |= from_artist;
        let summaries: Vec<LeadSummary> = leads
            .iter()
            .map(|ctx| LeadSummary::from(&ctx.lead))
            .collect();
        let resolution = resolve_lead(&summaries, inbound.text(), &self.resolution_policy(), now);
        let resolved_id = match resolution {
            LeadResolution::Active(id)
            | LeadResolution::LiveBooked(id)
            | LeadResolution::ResumeAbandoned(id)
            | LeadResolution::ReopenStale(id)
            | LeadResolution::ClosedInGrace(id) => Some(id),
            LeadResolution::CreateLead => None,
        };
        let lead = resolved_id.and_then(|id| leads.into_iter().find(|ctx| ctx.lead.id == id));
        if let (Some(id), None) = (resolved_id, &lead) {
            // The store must load every lead resolution can pick; greeting an existing client
            // as a stranger would be worse than a retry.
            return Err(
                PortError::NotFound(format!("lead {id} was resolved but not loaded")).into(),
            );
        }
        let expected_status = lead.as_ref().map(|ctx| ctx.lead.status());
        let new_lead_id =
            if !contact.is_artist && may_create_lead(resolution, contact.is_opted_out()) {
                match reserved_lead_id {
                    Some(id) => Some(id),
                    None => Some(self.ids.next_lead_id().await?),
                }
            } else {
                None
            };
        let pilot_blocked = !contact.is_artist
            && self
                .config
                .pilot_allowlist
                .as_ref()
                .is_some_and(|allowed| !allowed.contains(&inbound.from));
        let input = ConsultationInput {
            inbound: inbound.clone(),
            contact,
            resolution,
            lead,
            new_lead_id,
            deferred_outbound,
            artist_inbox,
            modes: Modes {
                panic: panic_mode,
                pilot_blocked,
            },
            rules: &self.rules,
            places: &self.places,
            now,
        };
        let decision = decide(&input);
        let mut messages = Vec::with_capacity(decision.outbound.len());
        let mut tokens = Vec::new();
        for message in &decision.outbound {
            let mut secrets = Vec::with_capacity(message.action_links.len());
            for _ in &message.action_links {
                secrets.push(self.ids.action_token().await?);
            }
            let (rendered, minted) =
                render_message(&self.catalogue, &self.config.links, message, &secrets, now)?;
            messages.push(rendered);
            tokens.extend(minted);
        }
        let expected_status = if decision.lead_created {
            None
        } else {
            expected_status
        };
        Ok(UnitOfWork {
            ticket,
            inbound,
            expected_status,
            decision,
            messages,
            tokens,
        })
    }
}
