//! What one inbound message causes, as data: the persistence side applies it in the message's one
//! transaction (data-and-ops.md §3) and delivery happens after commit.

use serde::Serialize;

use super::outbound::{OutboundMessage, Recipient};
use crate::copy::MessageId;
pub use crate::jobs::{JobKind, RetryPolicy};
use crate::model::string_enum::string_enum;
use crate::model::{Contact, Lead, LeadId, NewAnswer};
use crate::status::StatusHistoryEntry;

string_enum! {
    /// How the inbound message was handled (`inbound_messages.disposition`).
    pub enum Disposition as "inbound disposition" {
        /// Accepted as the answer to a question (or a time window, a tour or budget choice).
        Answer = "answer",
        /// A failed parse: a strike and a repair prompt.
        Repair = "repair",
        /// Re-asked without a strike (guards, greetings, media without a caption, stale buttons).
        Reprompt = "reprompt",
        /// A scheduling or price question answered with "later".
        Deflected = "deflected",
        /// `RESTART`, `CONTINUE`, a New-enquiry phrase.
        Command = "command",
        /// Kept for the artist as a client note.
        Note = "note",
        /// Older than the newest processed message (P9).
        Late = "late",
        /// Nothing to do (a reaction, extra media in a burst, a continue acknowledgement).
        Ignored = "ignored",
        /// From an opted-out contact (P5).
        BlockedOptout = "blocked_optout",
        /// From a number outside the pilot allow-list (P6).
        PilotBlocked = "pilot_blocked",
        /// Panic mode is on (P7).
        Panic = "panic",
        /// From the artist's own number (P3).
        Artist = "artist",
        /// A status acknowledgement was the reply.
        Ack = "ack",
        /// The message handed the lead over to the artist.
        Handover = "handover",
        OptOut = "opt_out",
        OptIn = "opt_in",
    }
}

string_enum! {
    /// Why a message gets no reply to the client (§6 "Silence is never accidental").
    pub enum Silence as "silence reason" {
        /// Older than the newest processed message (P9).
        LateMessage = "late_message",
        /// A continue acknowledgement after deferred messages were flushed (P10).
        ContinueAfterFlush = "continue_after_flush",
        /// The acknowledgement is inside its cooldown.
        AckCooldown = "ack_cooldown",
        /// Media inside a burst of media messages (§22.3).
        MediaBurst = "media_burst",
        /// Reactions are stored, never answered.
        Reaction = "reaction",
        /// An opted-out contact inside the notice cooldown.
        OptedOutNoticeCooldown = "opted_out_notice_cooldown",
        /// A pilot-blocked number inside the notice cooldown.
        PilotNoticeCooldown = "pilot_notice_cooldown",
        /// Panic mode, inside the panic reply cooldown.
        PanicCooldown = "panic_cooldown",
        /// An unsupported message type inside its reply cooldown.
        UnsupportedCooldown = "unsupported_cooldown",
        /// The artist's own number: notifications are flushed or the inbox status is in cooldown.
        ArtistNumber = "artist_number",
        /// The booking flow answers once the slot is held (`slot_held` follows the Checkout link).
        BookingFlowReplies = "booking_flow_replies",
        /// A fresh slot offer is being computed; the `slots.offer` job sends it.
        OfferFollows = "offer_follows",
        /// A new deposit link is being created; its job sends it.
        LinkFollows = "link_follows",
        /// A lead closed for good that the message still reached; the artist sees it.
        ClosedLead = "closed_lead",
        /// The status machine refused the move the message asked for (a WARN event says which);
        /// nothing was sent rather than something wrong.
        TransitionRefused = "transition_refused",
    }
}

string_enum! {
    /// Why fresh slots are wanted (`slots.offer` payload `cause`).
    pub enum OfferCause as "slot offer cause" {
        /// The client came back to a lead waiting for a slot (resume, welcome back).
        Resumed = "resumed",
        /// A deposit lapsed and the client wrote (calendar mode).
        Reoffer = "reoffer",
        /// The offered slot was too old or taken.
        Refresh = "refresh",
        /// The artist approved the lead (calendar mode): the first offer.
        Approved = "approved",
        /// The deposit lapsed and the hold was released (`hold_expired_reoffer`).
        HoldExpired = "hold_expired",
        /// Paid, but the held slot was lost (`payment_received_needs_slot`).
        PaidNeedsSlot = "paid_needs_slot",
        /// The artist asked for a new automatic offer (admin `offer-slots` without slots).
        Artist = "artist",
    }
}

/// A job the decision enqueues besides the send job each outbound message brings with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobRequest {
    /// Write the lead's row of the Sheets log from its current state; coalesced per lead.
    SheetsUpsert { lead_id: LeadId },
    /// Compute and send a fresh slot offer; coalesced per lead.
    SlotsOffer { lead_id: LeadId, cause: OfferCause },
    /// Create the Checkout session of a `created` payment (booking.md §3.7).
    StripeCreateCheckout { lead_id: LeadId, payment_id: i64 },
    /// Expire a payment's Checkout session at Stripe (harmless when already expired or paid).
    StripeExpireSession { lead_id: LeadId, payment_id: i64 },
    /// Create the calendar event of a confirmed hold (booking.md §3.9).
    CalendarCreateEvent { lead_id: LeadId, hold_id: i64 },
    /// Delete a hold's calendar event (cancel, reschedule).
    CalendarDeleteEvent {
        lead_id: LeadId,
        hold_id: i64,
        event_id: String,
    },
}

impl JobRequest {
    pub fn kind(&self) -> JobKind {
        match self {
            JobRequest::SheetsUpsert { .. } => JobKind::SheetsUpsert,
            JobRequest::SlotsOffer { .. } => JobKind::SlotsOffer,
            JobRequest::StripeCreateCheckout { .. } => JobKind::StripeCreateCheckout,
            JobRequest::StripeExpireSession { .. } => JobKind::StripeExpireSession,
            JobRequest::CalendarCreateEvent { .. } => JobKind::CalendarCreateEvent,
            JobRequest::CalendarDeleteEvent { .. } => JobKind::CalendarDeleteEvent,
        }
    }

    pub fn lead_id(&self) -> LeadId {
        match self {
            JobRequest::SheetsUpsert { lead_id }
            | JobRequest::SlotsOffer { lead_id, .. }
            | JobRequest::StripeCreateCheckout { lead_id, .. }
            | JobRequest::StripeExpireSession { lead_id, .. }
            | JobRequest::CalendarCreateEvent { lead_id, .. }
            | JobRequest::CalendarDeleteEvent { lead_id, .. } => *lead_id,
        }
    }

    /// `<kind>:<subject>`: an already queued job with this key is reused (§4.1). The subject is
    /// the lead, or the payment or hold the job is about.
    pub fn dedupe_key(&self) -> String {
        let subject = match self {
            JobRequest::SheetsUpsert { lead_id } | JobRequest::SlotsOffer { lead_id, .. } => {
                lead_id.0
            }
            JobRequest::StripeCreateCheckout { payment_id, .. }
            | JobRequest::StripeExpireSession { payment_id, .. } => *payment_id,
            JobRequest::CalendarCreateEvent { hold_id, .. }
            | JobRequest::CalendarDeleteEvent { hold_id, .. } => *hold_id,
        };
        format!("{}:{subject}", self.kind())
    }

    /// The job's payload (`jobs.payload`).
    pub fn payload(&self) -> serde_json::Value {
        match self {
            JobRequest::SheetsUpsert { lead_id } => serde_json::json!({ "lead_id": lead_id.0 }),
            JobRequest::SlotsOffer { lead_id, cause } => {
                serde_json::json!({ "lead_id": lead_id.0, "cause": cause.as_str() })
            }
            JobRequest::StripeCreateCheckout { payment_id, .. }
            | JobRequest::StripeExpireSession { payment_id, .. } => {
                serde_json::json!({ "payment_id": payment_id })
            }
            JobRequest::CalendarCreateEvent { hold_id, .. } => {
                serde_json::json!({ "hold_id": hold_id })
            }
            JobRequest::CalendarDeleteEvent {
                hold_id, event_id, ..
            } => serde_json::json!({ "hold_id": hold_id, "event_id": event_id }),
        }
    }
}

/// Changes to rows other than the contact and the lead, which only the store can address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Store the inbound message's media as an attachment of the lead and enqueue `media.fetch`.
    AttachMedia { lead_id: LeadId },
    /// Re-enqueue the contact's deferred outbound messages (data-and-ops.md §4.6).
    FlushDeferredOutbound,
    /// STOP: every queued or deferred outbound message to the contact becomes `blocked_optout`.
    BlockPendingOutbound,
    /// Release the lead's `held` holds (STOP on an unpaid lead, or the client asking for other
    /// times while a slot is held).
    ReleaseHeldHolds {
        lead_id: LeadId,
        reason: HoldRelease,
    },
    /// A `stripe.expire_session` job for each open Checkout session of the lead.
    ExpireOpenCheckoutSessions { lead_id: LeadId },
    /// Manual mode, deposit expired: create a new payment and its `stripe.create_checkout` job;
    /// the link goes out when the session exists.
    ReissueDepositLink { lead_id: LeadId },
    /// The lead changed status: action tokens minted before it are revoked (tokens of the new
    /// status are minted afterwards, with the artist message that carries them).
    RevokeActionTokens { lead_id: LeadId },
    /// The client picked slot `index` (1-based) of offer `offer_id`: the booking use case holds it.
    HoldSlot {
        lead_id: LeadId,
        offer_id: i64,
        index: usize,
    },
}

string_enum! {
    /// `slot_holds.release_reason` of holds released by a conversation.
    pub enum HoldRelease as "hold release reason" {
        OptOut = "opt_out",
        ClientChanged = "client_changed",
        /// The artist rejected the lead.
        Rejected = "rejected",
    }
}

string_enum! {
    /// Level of a system event.
    pub enum EventLevel as "event level" {
        Info = "INFO",
        Warn = "WARN",
        Error = "ERROR",
    }
}

/// A `system_events` row. The payload holds ids, codes, counts and masked numbers only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemEvent {
    pub event_type: String,
    pub level: EventLevel,
    pub lead_id: Option<LeadId>,
    pub payload: serde_json::Value,
}

impl SystemEvent {
    pub fn info(event_type: &str, lead_id: Option<LeadId>, payload: serde_json::Value) -> Self {
        Self {
            event_type: event_type.to_owned(),
            level: EventLevel::Info,
            lead_id,
            payload,
        }
    }

    pub fn warn(event_type: &str, lead_id: Option<LeadId>, payload: serde_json::Value) -> Self {
        Self {
            level: EventLevel::Warn,
            ..Self::info(event_type, lead_id, payload)
        }
    }
}

/// Everything one inbound message causes. Applied atomically; nothing here has happened yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The contact after the message (window clock, consent, cooldowns, profile name).
    pub contact: Contact,
    /// The lead the message belongs to, after the message; `None` when it belongs to none.
    pub lead: Option<Lead>,
    /// `lead` was created for this message (insert rather than update).
    pub lead_created: bool,
    pub answers: Vec<NewAnswer>,
    /// History rows, in order, each produced by `status::transition`.
    pub transitions: Vec<StatusHistoryEntry>,
    /// Client messages (at most two) and artist notifications, in sending order.
    pub outbound: Vec<OutboundMessage>,
    pub jobs: Vec<JobRequest>,
    pub effects: Vec<Effect>,
    pub events: Vec<SystemEvent>,
    pub disposition: Disposition,
    /// Set exactly when no message goes to the client.
    pub silence: Option<Silence>,
}

impl Decision {
    pub fn client_messages(&self) -> impl Iterator<Item = &OutboundMessage> {
        self.outbound
            .iter()
            .filter(|message| message.recipient == Recipient::Client)
    }

    pub fn artist_messages(&self) -> impl Iterator<Item = &OutboundMessage> {
        self.outbound
            .iter()
            .filter(|message| message.recipient == Recipient::Artist)
    }

    /// The kinds of the client messages, in order (what tests and logs compare).
    pub fn client_kinds(&self) -> Vec<MessageId> {
        self.client_messages()
            .map(|message| message.kind())
            .collect()
    }

    pub fn artist_kinds(&self) -> Vec<MessageId> {
        self.artist_messages()
            .map(|message| message.kind())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_kinds_are_the_ten_names_of_the_queue() {
        let names: Vec<_> = JobKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), 10);
        assert!(names.contains(&"sheets.upsert") && names.contains(&"media.fetch"));
        assert_eq!(JobKind::SheetsUpsert.retry_policy().max_attempts, 10);
    }

    #[test]
    fn coalesced_jobs_are_keyed_per_lead() {
        let job = JobRequest::SheetsUpsert {
            lead_id: LeadId(42),
        };
        assert_eq!(job.dedupe_key(), "sheets.upsert:42");
        assert_eq!(job.payload(), serde_json::json!({ "lead_id": 42 }));
    }

    #[test]
    fn dispositions_match_the_check_constraint() {
        assert_eq!(Disposition::ALL.len(), 16);
        assert_eq!(Disposition::BlockedOptout.as_str(), "blocked_optout");
    }
}
