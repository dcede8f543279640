//! The facts a payment decision is taken on (one locked lead with its payments and holds) and the
//! draft the decisions of `payment`, `expiry` and `refund` fill in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use super::LeadChanges;
use super::records::{BookingWrites, EventOutcome, HoldRecord, HoldWrite, PaymentRecord, facts_of};
use crate::consultation::{EventLevel, SystemEvent, Text};
use crate::copy::params::{AMOUNT, CLIENT, LEAD_REF, REASON};
use crate::copy::{MessageId, format_money};
use crate::model::{Actor, Lead, LeadStatus, Money};
use crate::rules::StudioRules;
use crate::status::{TransitionError, TransitionReason};

/// One locked lead with the payment an event is about.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentCase {
    pub lead: Lead,
    /// The payment the event is about.
    pub payment: PaymentRecord,
    /// The lead's other payment rows.
    pub others: Vec<PaymentRecord>,
    /// The lead's holds, live or not.
    pub holds: Vec<HoldRecord>,
    /// How the artist's notifications name the client (`Sam (+447700900123)`).
    pub client: String,
}

impl PaymentCase {
    pub fn hold(&self, id: i64) -> Option<&HoldRecord> {
        self.holds.iter().find(|hold| hold.id == id)
    }

    /// The lead has a payment created after this one (an old link lapsing changes nothing).
    pub fn has_newer_payment(&self) -> bool {
        self.others
            .iter()
            .any(|other| other.is_newer_than(&self.payment))
    }

    /// Another payment of the lead already holds money: this one would be a double payment.
    pub fn other_payment_holds_money(&self) -> bool {
        self.others.iter().any(|other| other.status.holds_money())
    }

    /// The lead waits for a deposit or a slot (booking.md §3.8 step 7, first row). A handover
    /// counts once the lead was approved.
    pub fn lead_is_payable(&self) -> bool {
        use LeadStatus::*;
        match self.lead.status() {
            AwaitingDeposit | DepositExpired | AwaitingSlot | CollectingTimeWindows => true,
            NeedsArtistReply => {
                self.lead.booking_mode().is_some() && self.lead.funnel().approved_at.is_some()
            }
            _ => false,
        }
    }
}

/// What one provider event changes: the lead (through `transition`), booking rows, the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentDecision {
    pub changes: LeadChanges,
    pub writes: BookingWrites,
    pub outcome: EventOutcome,
}

impl PaymentDecision {
    /// The lead's status after the decision.
    pub fn status(&self) -> LeadStatus {
        self.changes.lead.status()
    }
}

/// A decision being written: working copies of the case's payments, the lead's changes, writes.
pub(super) struct PaymentDraft<'a> {
    pub case: &'a PaymentCase,
    pub rules: &'a StudioRules,
    pub now: DateTime<Utc>,
    pub payment: PaymentRecord,
    pub others: Vec<PaymentRecord>,
    pub changes: LeadChanges,
    pub holds: Vec<HoldWrite>,
    pub cancel_deferred_links_of: Option<i64>,
    pub outcome: EventOutcome,
}

impl<'a> PaymentDraft<'a> {
    pub fn new(case: &'a PaymentCase, rules: &'a StudioRules, now: DateTime<Utc>) -> Self {
        let mut all: Vec<&PaymentRecord> = case.others.iter().collect();
        all.push(&case.payment);
        Self {
            case,
            rules,
            now,
            payment: case.payment.clone(),
            others: case.others.clone(),
            changes: LeadChanges::new(case.lead.clone(), facts_of(&all)),
            holds: Vec::new(),
            cancel_deferred_links_of: None,
            outcome: EventOutcome::Processed,
        }
    }

    /// Moves the lead, with guard facts that include the payment changes made so far.
    pub fn move_to(
        &mut self,
        to: LeadStatus,
        reason: TransitionReason,
        actor: Actor,
    ) -> Result<(), TransitionError> {
        let mut all: Vec<&PaymentRecord> = self.others.iter().collect();
        all.push(&self.payment);
        self.changes.payments = facts_of(&all);
        self.changes.move_to(to, reason, actor, self.now)
    }

    pub fn hold_write(&mut self, write: HoldWrite) {
        self.holds.push(write);
    }

    pub fn artist_name(&self) -> &str {
        &self.rules.studio.artist_name
    }

    /// The zone the lead's appointment is told in: its tour stop's, else the studio's.
    pub fn zone(&self) -> Tz {
        lead_zone(self.rules, &self.case.lead)
    }

    pub fn lead_ref(&self) -> String {
        self.case.lead.id.to_string()
    }

    /// `artist.payment_review` ("refund if appropriate").
    pub fn tell_artist_to_review(&mut self, amount: Money, reason: &str) {
        let text = Text::new(MessageId::ARTIST_PAYMENT_REVIEW)
            .with(LEAD_REF, self.lead_ref())
            .with(CLIENT, self.case.client.clone())
            .with(AMOUNT, format_money(amount))
            .with(REASON, reason);
        self.changes.tell_artist(text, Vec::new());
    }

    pub fn event(&mut self, level: EventLevel, event_type: &str, payload: Value) {
        let mut event = SystemEvent::info(event_type, Some(self.case.lead.id), payload);
        event.level = level;
        self.changes.event(event);
    }

    pub fn finish(self) -> PaymentDecision {
        let case = self.case;
        let mut payments: Vec<PaymentRecord> = Vec::new();
        if self.payment != case.payment {
            payments.push(self.payment);
        }
        payments.extend(
            self.others
                .into_iter()
                .filter(|other| !case.others.contains(other)),
        );
        PaymentDecision {
            changes: self.changes,
            writes: BookingWrites {
                payments,
                holds: self.holds,
                cancel_deferred_links_of: self.cancel_deferred_links_of,
            },
            outcome: self.outcome,
        }
    }
}

/// The zone a lead's times are told in: its tour stop's when the stop names one, else the studio's.
pub fn lead_zone(rules: &StudioRules, lead: &Lead) -> Tz {
    lead.interpretation
        .tour_stop_key
        .as_deref()
        .and_then(|key| rules.tour.stops.iter().find(|stop| stop.key() == key))
        .and_then(|stop| stop.time_zone)
        .unwrap_or(rules.studio.time_zone)
}
