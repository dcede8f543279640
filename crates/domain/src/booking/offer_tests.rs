use chrono::TimeZone;

use super::*;
use crate::consultation::Recipient;
use crate::copy::Catalogue;
use crate::model::LeadId;
use crate::service::render_text;
use crate::slots::{TimeRange, generate_slots};
use crate::status::PaymentFacts;
use crate::status::test_support::{calendar_lead, later, manual_lead};

fn rules() -> StudioRules {
    let mut rules = StudioRules::default();
    rules.studio.artist_name = "Sam Rivers".to_owned();
    rules
}

fn utc(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, month, day, hour, 0, 0).unwrap()
}

/// booking.md §3.2 Example A: MEDIUM, across the March clock change, one busy hour on Monday.
fn example_a() -> Vec<Slot> {
    let mut request = slot_request(&rules(), Some(SizeCategory::Medium), None, utc(3, 25, 15));
    request.busy = vec![TimeRange::new(utc(3, 29, 13), utc(3, 29, 14))];
    generate_slots(&request)
}

fn facts(cause: OfferCause, slots: Vec<Slot>) -> OfferFacts {
    OfferFacts {
        cause,
        slots,
        duration_minutes: 180,
        has_confirmed_hold: false,
        client: "Alex (+447700900123)".to_owned(),
    }
}

fn waiting() -> LeadContext {
    LeadContext::new(calendar_lead(LeadStatus::AwaitingSlot))
}

fn paid() -> LeadContext {
    let mut ctx = LeadContext::new(calendar_lead(LeadStatus::DepositPaid));
    ctx.payments = PaymentFacts::PAID;
    ctx
}

fn rendered(text: &Text) -> String {
    render_text(&Catalogue::en_gb(), Some(LeadId(42)), text).unwrap()
}

#[test]
fn a_waiting_lead_gets_the_numbered_offer_with_each_slot_in_its_own_zone() {
    let slots = example_a();
    assert_eq!(slots.len(), 8);
    let decision = offer_slots(
        &waiting(),
        facts(OfferCause::Approved, slots.clone()),
        &rules(),
        later(),
    );
    let OfferDecision::Offer { changes, offer } = decision else {
        panic!("expected an offer, got {decision:?}");
    };
    assert!(!changes.status_changed());
    assert_eq!(offer.slots, slots);
    assert_eq!(offer.duration_minutes, 180);
    assert_eq!(offer.zone, chrono_tz::Europe::London);
    assert!(offer.interactive);
    assert_eq!(changes.outbound.len(), 1);
    let message = &changes.outbound[0];
    assert_eq!(message.recipient, Recipient::Client);
    assert_eq!(message.kind(), MessageId::SLOT_OFFER);
    assert_eq!(message.parts.len(), 1, "the list carries how to answer");
    assert_eq!(message.replace_key.as_deref(), Some("offer:42"));
    let body = rendered(&message.parts[0]);
    assert!(body.contains("1. Fri 26 Mar, 15:00–18:00 GMT\n2. Sat 27 Mar, 10:00–13:00 GMT\n3. Mon 29 Mar, 10:00–13:00 BST"), "{body}");
    assert!(body.contains("8. Thu 1 Apr, 10:00–13:00 BST"), "{body}");
}

#[test]
fn without_interactive_messages_the_text_says_how_to_reply() {
    let mut rules = rules();
    rules.whatsapp.interactive = false;
    let decision = offer_slots(
        &waiting(),
        facts(OfferCause::Refresh, example_a()),
        &rules,
        later(),
    );
    let OfferDecision::Offer { changes, offer } = decision else {
        panic!("expected an offer");
    };
    assert!(!offer.interactive);
    let parts = &changes.outbound[0].parts;
    assert_eq!(parts[0].id, MessageId::SLOT_OFFER_REFRESH);
    assert_eq!(parts[1].id, MessageId::UI_SLOTS_PLAIN_REPLY);
    assert!(rendered(&parts[1]).starts_with("Reply with the number"));
}

#[test]
fn no_free_time_asks_a_waiting_client_for_time_windows() {
    let decision = offer_slots(
        &waiting(),
        facts(OfferCause::Approved, Vec::new()),
        &rules(),
        later(),
    );
    let OfferDecision::NoSlots { changes } = decision else {
        panic!("expected no slots");
    };
    assert_eq!(changes.lead.status(), LeadStatus::CollectingTimeWindows);
    assert_eq!(changes.transitions[0].reason_code, "no_free_slots");
    assert_eq!(changes.transitions[0].actor, Actor::System);
    assert_eq!(changes.outbound[0].kind(), MessageId::TIME_WINDOW_REQUEST);
    assert!(rendered(&changes.outbound[0].parts[0]).contains("London"));
    let event = &changes.events[0];
    assert_eq!(event.event_type, "calendar.no_slots_fallback");
    assert_eq!(event.payload["reason"], "no_free_slots");
    assert_eq!(event.payload["duration_minutes"], 180);
}

#[test]
fn a_paid_lead_without_a_booking_is_offered_times_and_with_one_is_left_alone() {
    let decision = offer_slots(
        &paid(),
        facts(OfferCause::PaidNeedsSlot, example_a()),
        &rules(),
        later(),
    );
    let OfferDecision::Offer { changes, .. } = decision else {
        panic!("expected an offer");
    };
    assert_eq!(
        changes.outbound[0].kind(),
        MessageId::PAYMENT_RECEIVED_NEEDS_SLOT
    );
    assert!(!changes.status_changed());

    let booked = OfferFacts {
        has_confirmed_hold: true,
        ..facts(OfferCause::PaidNeedsSlot, example_a())
    };
    assert_eq!(
        offer_slots(&paid(), booked, &rules(), later()),
        OfferDecision::NotWanted {
            status: LeadStatus::DepositPaid
        }
    );
}

#[test]
fn a_paid_lead_with_no_free_time_goes_to_the_artist() {
    let decision = offer_slots(
        &paid(),
        facts(OfferCause::PaidNeedsSlot, Vec::new()),
        &rules(),
        later(),
    );
    let OfferDecision::NoSlots { changes } = decision else {
        panic!("expected no slots");
    };
    assert_eq!(changes.lead.status(), LeadStatus::NeedsArtistReply);
    assert_eq!(changes.lead.return_status(), Some(LeadStatus::DepositPaid));
    assert_eq!(changes.transitions[0].reason_code, "PAID_NO_SLOT");
    let kinds: Vec<MessageId> = changes.outbound.iter().map(|m| m.kind()).collect();
    assert_eq!(
        kinds,
        [MessageId::HANDOVER_GENERIC, MessageId::ARTIST_HANDOVER]
    );
    let links: Vec<LinkAction> = changes.outbound[1]
        .action_links
        .iter()
        .map(|link| link.action)
        .collect();
    assert_eq!(links, [LinkAction::Resume, LinkAction::MarkBooked]);
    assert_eq!(
        changes.outbound[1].parts[0].param(CLIENT),
        Some(&crate::consultation::Param::Plain(
            "Alex (+447700900123)".to_owned()
        ))
    );
    assert_eq!(changes.events[0].event_type, "handover.started");
}

#[test]
fn leads_that_moved_on_or_book_manually_get_nothing() {
    for status in [
        LeadStatus::AwaitingDeposit,
        LeadStatus::Booked,
        LeadStatus::PendingApproval,
        LeadStatus::CollectingTimeWindows,
        LeadStatus::Cancelled,
    ] {
        let ctx = LeadContext::new(calendar_lead(status));
        let decision = offer_slots(
            &ctx,
            facts(OfferCause::Refresh, example_a()),
            &rules(),
            later(),
        );
        assert_eq!(decision, OfferDecision::NotWanted { status }, "{status}");
    }
    let manual = LeadContext::new(manual_lead(LeadStatus::DepositPaid));
    assert!(matches!(
        offer_slots(
            &manual,
            facts(OfferCause::PaidNeedsSlot, example_a()),
            &rules(),
            later()
        ),
        OfferDecision::NotWanted { .. }
    ));
}

#[test]
fn the_artist_can_offer_times_to_a_lead_collecting_time_windows() {
    let ctx = LeadContext::new(calendar_lead(LeadStatus::CollectingTimeWindows));
    let decision = offer_slots(
        &ctx,
        facts(OfferCause::Artist, example_a()),
        &rules(),
        later(),
    );
    let OfferDecision::Offer { changes, .. } = decision else {
        panic!("expected an offer");
    };
    assert_eq!(changes.lead.status(), LeadStatus::AwaitingSlot);
    assert_eq!(changes.transitions[0].reason_code, "artist_offered_slots");
}

#[test]
fn a_tour_stop_lead_is_offered_in_the_stop_zone() {
    let mut rules = rules();
    let stop: TourStop = toml::from_str(
        "city = \"Lisbon\"\ncountry = \"Portugal\"\nstart_date = \"2027-04-12\"\nend_date = \"2027-04-14\"\ntime_zone = \"Europe/Lisbon\"",
    )
    .unwrap();
    let key = stop.key();
    rules.tour.stops.push(stop);
    let mut lead = calendar_lead(LeadStatus::AwaitingSlot);
    lead.interpretation.tour_stop_key = Some(key.clone());
    let decision = offer_slots(
        &LeadContext::new(lead),
        facts(OfferCause::Approved, example_a()),
        &rules,
        later(),
    );
    assert!(
        matches!(&decision, OfferDecision::Offer { offer, .. } if offer.zone == chrono_tz::Europe::Lisbon),
        "{decision:?}"
    );
    assert_eq!(tour_stop(&rules, Some("gone-2020-01-01")), None);
    let request = slot_request(&rules, None, Some(&key), utc(4, 1, 9));
    assert_eq!(request.zone, chrono_tz::Europe::Lisbon);
    assert_eq!(request.session_minutes, 180);
    assert!(
        request
            .candidate_days()
            .iter()
            .all(|day| day.to_string().as_str() >= "2027-04-12")
    );
}
