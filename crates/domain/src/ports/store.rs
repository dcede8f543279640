//! The conversation store: one unit of work per inbound message (data-and-ops.md §3). `begin`
//! opens it and takes the locks, `commit` writes the decision atomically, `rollback` gives up.
//!
//! An adapter keeps the transaction open between `begin` and `commit`/`rollback`, keyed by the
//! ticket; every lock is released by either. The use case always ends what it begins.

use std::future::Future;

use chrono::{DateTime, Utc};

use super::PortError;
use crate::consultation::{
    ArtistInbox, Decision, InboundMessage, LeadContext, LinkAction, OutboundMessage,
};
use crate::model::{Contact, LeadId, LeadStatus};

/// The open unit of work (an adapter-chosen handle, e.g. a connection slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnitOfWorkTicket(pub u64);

/// What `begin` loaded, with the contact and the candidate leads locked.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub ticket: UnitOfWorkTicket,
    /// The contact `(artist, from)`, created (opted in, no window yet) if it did not exist.
    pub contact: Contact,
    /// The contact's leads that lead resolution can pick (consultation.md §4): the newest active
    /// lead, the newest `BOOKED` lead and the newest lead overall (at most three, each once),
    /// locked in that order, each with its answers and facts.
    pub leads: Vec<LeadContext>,
    /// Outbound messages to the contact in state `deferred` (P10).
    pub deferred_outbound: u32,
    /// Counts for `artist.inbox_status`, when the message is from the artist's own number.
    pub artist_inbox: ArtistInbox,
    /// `runtime_settings.panic_mode`, read in the same transaction (P7).
    pub panic_mode: bool,
    /// A lead id reserved inside this unit of work when the contact has no active lead, so that
    /// creating a lead costs no transaction of its own (one transaction per inbound message).
    pub reserved_lead_id: Option<LeadId>,
}

/// The outcome of `begin`.
#[derive(Debug, Clone, PartialEq)]
pub enum Begun {
    /// P1: the message id was already processed. The store has already ended the unit of work;
    /// nothing else happens.
    Duplicate,
    Loaded(Box<Loaded>),
}

/// A reply button as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedButton {
    pub id: String,
    pub title: String,
}

/// An outbound message with its text rendered from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMessage {
    pub message: OutboundMessage,
    /// The body; artist texts over WhatsApp's limit come as several ordered parts of the same
    /// kind (§24 rule 8), each its own outbound row.
    pub bodies: Vec<String>,
    pub buttons: Vec<RenderedButton>,
}

/// An action token minted for an artist message; only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintedToken {
    pub token_hash: [u8; 32],
    pub lead_id: LeadId,
    pub action: LinkAction,
    pub required_status: LeadStatus,
    pub expires_at: DateTime<Utc>,
}

/// Everything one inbound message writes, in one transaction: the inbound message row (with the
/// decision's disposition), the contact, the lead (insert when created, else
/// `UPDATE … WHERE status = <status before>`), answers, status history, outbound rows with their
/// `whatsapp.send` / `artist.notify` jobs, the other jobs, the effects and the system events.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitOfWork {
    pub ticket: UnitOfWorkTicket,
    pub inbound: InboundMessage,
    /// The lead's status when it was loaded (`None` for a lead created by this message): the
    /// guard of the conditional update.
    pub expected_status: Option<LeadStatus>,
    pub decision: Decision,
    /// `decision.outbound`, rendered, in the same order.
    pub messages: Vec<RenderedMessage>,
    /// Tokens minted after the transitions (so they are not revoked by them).
    pub tokens: Vec<MintedToken>,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Store {
    /// P1 and P2: records the message id (a duplicate ends here), upserts and locks the contact,
    /// then locks and loads the candidate leads.
    fn begin(
        &self,
        inbound: InboundMessage,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Begun, PortError>> + Send;

    /// Writes the unit of work and commits. `PortError::Conflict` when the lead's status was no
    /// longer `expected_status`; everything is rolled back then.
    fn commit(&self, work: UnitOfWork) -> impl Future<Output = Result<(), PortError>> + Send;

    /// Rolls the unit of work back, including the P1 row, so the provider's retry is processed.
    fn rollback(
        &self,
        ticket: UnitOfWorkTicket,
    ) -> impl Future<Output = Result<(), PortError>> + Send;
}
