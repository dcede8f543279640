//! A lead with a Checkout session and a held slot, for the payment decisions' tests.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::LeadChanges;
use super::payment_case::PaymentCase;
use super::provider_reports::{CheckoutReport, SessionPayment};
use super::records::{CalendarEventState, HoldRecord, HoldState, PaymentRecord, PaymentStatus};
use crate::consultation::{Recipient, SystemEvent};
use crate::copy::MessageId;
use crate::model::{Currency, Lead, LeadId, LeadStatus, Money};
use crate::rules::StudioRules;
use crate::status::test_support::t0;

pub const HOLD: i64 = 55;
pub const PAYMENT: i64 = 117;
pub const SESSION: &str = "cs_test_a1";

pub fn rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.artist_name = "Sam Rivers".to_owned();
    rules
}

pub fn now() -> DateTime<Utc> {
    t0() + TimeDelta::hours(2)
}

/// Mon 29 Mar 2027, 10:00–13:00 BST.
pub fn slot_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 29, 9, 0, 0).unwrap()
}

pub fn payment(id: i64, status: PaymentStatus) -> PaymentRecord {
    PaymentRecord {
        id,
        lead_id: LeadId(42),
        amount: Money::gbp(15_000),
        status,
        hold_id: Some(HOLD),
        created_at: t0(),
        stripe_checkout_session_id: Some(SESSION.to_owned()),
        stripe_payment_intent_id: None,
        amount_received_minor: None,
        amount_refunded_minor: 0,
        requires_review: false,
        review_reason: None,
        livemode: Some(false),
        paid_at: None,
        expired_at: None,
        refunded_at: None,
    }
}

pub fn hold(id: i64, state: HoldState) -> HoldRecord {
    HoldRecord {
        id,
        state,
        start: slot_start(),
        end: slot_start() + TimeDelta::hours(3),
        expires_at: Some(t0() + TimeDelta::minutes(1430)),
        calendar_event_id: None,
        calendar_event_state: CalendarEventState::NoEvent,
    }
}

/// `lead` paying its open payment 117 for the held hold 55.
pub fn case(lead: Lead) -> PaymentCase {
    PaymentCase {
        lead,
        payment: payment(PAYMENT, PaymentStatus::Open),
        others: Vec::new(),
        holds: vec![hold(HOLD, HoldState::Held)],
        client: "Alex (+447700900123)".to_owned(),
    }
}

pub fn paid_report() -> CheckoutReport {
    CheckoutReport {
        session_id: SESSION.to_owned(),
        payment: SessionPayment::Paid,
        payment_mode: true,
        amount_total: Some(15_000),
        currency: Some(Currency::GBP),
        payment_intent: Some("pi_test_1".to_owned()),
        lead_hints: vec![LeadId(42)],
    }
}

/// `(from, to)` of each recorded transition.
pub fn moves(changes: &LeadChanges) -> Vec<(LeadStatus, LeadStatus)> {
    changes.transitions.iter().map(|t| (t.from, t.to)).collect()
}

/// The message ids of each client message, parts in order.
pub fn client_messages(changes: &LeadChanges) -> Vec<Vec<MessageId>> {
    messages_to(changes, Recipient::Client)
}

pub fn artist_messages(changes: &LeadChanges) -> Vec<Vec<MessageId>> {
    messages_to(changes, Recipient::Artist)
}

fn messages_to(changes: &LeadChanges, recipient: Recipient) -> Vec<Vec<MessageId>> {
    changes
        .outbound
        .iter()
        .filter(|m| m.recipient == recipient)
        .map(|m| m.parts.iter().map(|p| p.id).collect())
        .collect()
}

pub fn event_types(changes: &LeadChanges) -> Vec<(String, &'static str)> {
    changes
        .events
        .iter()
        .map(|e: &SystemEvent| (e.event_type.clone(), e.level.as_str()))
        .collect()
}
