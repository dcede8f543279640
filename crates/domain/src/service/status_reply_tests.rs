//! §6: a text message in every status other than `QUALIFYING` gets the reply the spec names (or a
//! stated reason for silence). One row per status, decided directly by the engine.

use chrono::{DateTime, TimeDelta, Utc};

use super::test_support::{places, rules, start};
use crate::consultation::{
    ConsultationInput, Decision, InboundContent, InboundMessage, LeadContext, Modes, OpenCheckout,
    Silence, decide,
};
use crate::copy::MessageId as Id;
use crate::model::{
    ArtistId, BookingMode, Contact, ContactId, FunnelTimestamps, Handover, HandoverReason, Lead,
    LeadId, LeadStatus, Money, StatusRecord,
};
use crate::status::{LeadResolution, PaymentFacts};

fn lead_in(status: LeadStatus, mode: BookingMode) -> Lead {
    use LeadStatus::*;
    let t0 = start() - TimeDelta::hours(2);
    let approved = matches!(
        status,
        AwaitingSlot
            | CollectingTimeWindows
            | AwaitingDeposit
            | DepositExpired
            | DepositPaid
            | BookingPending
            | Booked
            | Cancelled
            | Refunded
    );
    let (return_status, handover) = match status {
        NeedsArtistReply => (
            Some(PendingApproval),
            Some(Handover::new(
                HandoverReason::HumanRequest,
                "asked for the artist",
            )),
        ),
        Abandoned => (Some(Qualifying), None),
        _ => (None, None),
    };
    let state = StatusRecord {
        status,
        status_entered_at: t0,
        return_status,
        booking_mode: approved.then_some(mode),
        handover,
        funnel: FunnelTimestamps {
            qualifying_started_at: Some(t0),
            qualifying_completed_at: (!matches!(status, New | Qualifying)).then_some(t0),
            approved_at: approved.then_some(t0),
            abandoned_at: (status == Abandoned).then_some(t0),
            stale_at: (status == Stale).then_some(t0),
            ..FunnelTimestamps::default()
        },
    };
    Lead::restore(LeadId(42), ArtistId::default(), ContactId(17), t0, state).unwrap()
}

fn resolution_for(status: LeadStatus) -> LeadResolution {
    let id = LeadId(42);
    match status {
        LeadStatus::Booked => LeadResolution::LiveBooked(id),
        LeadStatus::Abandoned => LeadResolution::ResumeAbandoned(id),
        LeadStatus::Stale => LeadResolution::ReopenStale(id),
        s if s.is_closed() => LeadResolution::ClosedInGrace(id),
        _ => LeadResolution::Active(id),
    }
}

fn decide_in(status: LeadStatus, mode: BookingMode, text: &str, now: DateTime<Utc>) -> Decision {
    let rules = rules();
    let places = places(&rules);
    let mut ctx = LeadContext::new(lead_in(status, mode));
    if matches!(
        status,
        LeadStatus::DepositPaid | LeadStatus::BookingPending | LeadStatus::Booked
    ) {
        ctx.payments = PaymentFacts::PAID;
    }
    if status == LeadStatus::AwaitingDeposit {
        ctx.open_checkout = Some(OpenCheckout {
            url: "https://checkout.stripe.com/c/pay/cs_test".into(),
            amount: Money::gbp(15_000),
            expires_at: now + TimeDelta::hours(20),
        });
    }
    let phone = super::test_support::client_phone();
    let input = ConsultationInput {
        inbound: InboundMessage {
            provider_message_id: "wamid.row".into(),
            from: phone.clone(),
            profile_name: None,
            wa_timestamp: now,
            content: InboundContent::Text { body: text.into() },
        },
        contact: Contact::new(ContactId(17), ArtistId::default(), phone, start()),
        resolution: resolution_for(status),
        lead: Some(ctx),
        new_lead_id: None,
        deferred_outbound: 0,
        artist_inbox: Default::default(),
        modes: Modes::default(),
        rules: &rules,
        places: &places,
        now,
    };
    decide(&input)
}

/// `(status, booking mode, message, client message ids of the reply, status after, silence)`.
type Row = (
    LeadStatus,
    BookingMode,
    &'static str,
    &'static [Id],
    LeadStatus,
    Option<Silence>,
);

fn rows() -> Vec<Row> {
    use BookingMode::{Calendar, Manual};
    use LeadStatus::*;
    vec![
        (
            New,
            Calendar,
            "Hi! I'd love a fine line swallow with a little banner",
            &[Id::WELCOME_WITH_IDEA],
            Qualifying,
            None,
        ),
        (
            NeedsArtistReply,
            Calendar,
            "any news?",
            &[Id::HANDOVER_HOLD],
            NeedsArtistReply,
            None,
        ),
        (
            NeedsArtistReply,
            Calendar,
            "CONTINUE",
            &[Id::RESUMED, Id::PENDING_APPROVAL_ACK],
            PendingApproval,
            None,
        ),
        (
            NeedsFollowUp,
            Calendar,
            "yes",
            &[Id::COMPLETION],
            PendingApproval,
            None,
        ),
        (
            TourConversionOffered,
            Calendar,
            "hmm",
            &[Id::REPAIR_TOUR_CHOICE],
            TourConversionOffered,
            None,
        ),
        (
            Waitlisted,
            Calendar,
            "any dates yet?",
            &[Id::WAITLISTED_ACK],
            Waitlisted,
            None,
        ),
        (
            PendingApproval,
            Calendar,
            "also I'd like it in colour",
            &[Id::PENDING_APPROVAL_ACK],
            PendingApproval,
            None,
        ),
        (
            Rejected,
            Calendar,
            "why not?",
            &[Id::REJECTED_ACK],
            Rejected,
            None,
        ),
        (
            AwaitingSlot,
            Calendar,
            "when are the times?",
            &[Id::SLOTS_COMING],
            AwaitingSlot,
            None,
        ),
        (
            CollectingTimeWindows,
            Calendar,
            "Saturday mornings or any time on the 14th",
            &[Id::TIME_WINDOWS_COLLECTED],
            NeedsArtistReply,
            None,
        ),
        (
            AwaitingDeposit,
            Calendar,
            "ok thanks",
            &[Id::AWAITING_DEPOSIT_ACK],
            AwaitingDeposit,
            None,
        ),
        (
            DepositExpired,
            Calendar,
            "sorry, missed it",
            &[],
            AwaitingSlot,
            Some(Silence::OfferFollows),
        ),
        (
            DepositExpired,
            Manual,
            "hello",
            &[Id::DEPOSIT_EXPIRED],
            DepositExpired,
            None,
        ),
        (
            DepositPaid,
            Calendar,
            "great thanks",
            &[Id::PAYMENT_RECEIVED_ACK],
            DepositPaid,
            None,
        ),
        (
            BookingPending,
            Manual,
            "when is it?",
            &[Id::BOOKING_PENDING_ACK],
            BookingPending,
            None,
        ),
        (
            Booked,
            Calendar,
            "see you then",
            &[Id::BOOKED_ACK_WITHOUT_TIME],
            Booked,
            None,
        ),
        (
            Booked,
            Calendar,
            "can I reschedule?",
            &[Id::HANDOVER_RESCHEDULE],
            NeedsArtistReply,
            None,
        ),
        (
            Cancelled,
            Calendar,
            "ok",
            &[Id::CANCELLED_ACK],
            Cancelled,
            None,
        ),
        (
            Refunded,
            Calendar,
            "thanks",
            &[Id::CANCELLED_ACK],
            Refunded,
            None,
        ),
        (
            Abandoned,
            Calendar,
            "hi there",
            &[Id::WELCOME_BACK, Id::Q_IDEA],
            Qualifying,
            None,
        ),
        (
            Stale,
            Calendar,
            "any update?",
            &[Id::PENDING_APPROVAL_ACK],
            PendingApproval,
            None,
        ),
    ]
}

#[test]
fn every_status_replies_as_the_spec_names() {
    for (status, mode, text, expected, after, silence) in rows() {
        let decision = decide_in(status, mode, text, start());
        let ids: Vec<Id> = decision.client_messages().flat_map(|m| m.ids()).collect();
        let shown: Vec<Id> = ids
            .iter()
            .copied()
            .filter(|id| expected.contains(id))
            .collect();
        assert_eq!(shown, expected, "{status} / {text:?}: got {ids:?}");
        let first_kinds = decision.client_kinds();
        assert_eq!(first_kinds.first(), expected.first(), "{status} / {text:?}");
        assert_eq!(
            decision.lead.as_ref().map(|l| l.status()),
            Some(after),
            "{status} / {text:?}"
        );
        assert_eq!(decision.silence, silence, "{status} / {text:?}");
        assert!(decision.client_messages().count() <= 2);
    }
}

#[test]
fn every_status_but_qualifying_and_optout_has_a_row() {
    let covered: Vec<LeadStatus> = rows().iter().map(|row| row.0).collect();
    for status in LeadStatus::ALL {
        let exempt = matches!(status, LeadStatus::Qualifying | LeadStatus::OptOut);
        assert!(exempt || covered.contains(status), "{status} has no row");
    }
}

#[test]
fn acknowledgements_respect_their_cooldown() {
    let rules = rules();
    let _ = &rules;
    let decision = decide_in(
        LeadStatus::PendingApproval,
        BookingMode::Calendar,
        "hi",
        start(),
    );
    let lead = decision.lead.clone().unwrap();
    assert!(
        lead.conversation
            .cooldowns
            .last(crate::model::LeadCooldown::StatusAck)
            .is_some()
    );
}
