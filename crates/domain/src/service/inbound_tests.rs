//! The use case's own mechanics: idempotency, ordering, rollback, and the pipeline gates.

use std::sync::Arc;

use chrono::TimeDelta;

use super::test_support::{
    Chat, artist_phone, block_on, client_phone, lock, rules, service, service_with_ids,
};
use crate::consultation::{Disposition, InboundContent, InboundMessage, Silence};
use crate::copy::MessageId as Id;
use crate::model::LeadStatus;
use crate::ports::{MockClock, MockIdGenerator, MockStore, PortError};
use crate::service::{FrontDeskConfig, InboundService, LinkBuilder, ServiceError};

fn message(id: &str, body: &str, at: chrono::DateTime<chrono::Utc>) -> InboundMessage {
    InboundMessage {
        provider_message_id: id.to_owned(),
        from: client_phone(),
        profile_name: None,
        wa_timestamp: at,
        content: InboundContent::Text {
            body: body.to_owned(),
        },
    }
}

#[test]
fn a_duplicate_delivery_changes_nothing() {
    let chat = Chat::new(rules());
    let now = super::test_support::start();
    let first = block_on(chat.service.handle_inbound(message("wamid.A", "Hi", now))).unwrap();
    assert_eq!(first.client_messages, [Id::WELCOME]);
    let again = block_on(chat.service.handle_inbound(message("wamid.A", "Hi", now))).unwrap();
    assert!(again.duplicate);
    assert_eq!(lock(&chat.world).committed.len(), 1);
}

#[test]
fn a_message_older_than_the_newest_processed_one_is_late() {
    let chat = Chat::new(rules());
    let now = super::test_support::start();
    block_on(chat.service.handle_inbound(message("wamid.1", "Hi", now))).unwrap();
    let earlier = now - TimeDelta::seconds(30);
    let late = block_on(
        chat.service
            .handle_inbound(message("wamid.0", "hello", earlier)),
    )
    .unwrap();
    assert_eq!(late.disposition, Some(Disposition::Late));
    assert_eq!(late.silence, Some(Silence::LateMessage));
    assert!(late.client_messages.is_empty());
}

#[test]
fn a_failing_commit_is_reported_and_a_render_failure_rolls_back() {
    let mut store = MockStore::new();
    store
        .expect_begin()
        .returning(|_, _| Box::pin(async { Err(PortError::Unavailable("database down".into())) }));
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Box::pin(async { super::test_support::start() }));
    let ids = MockIdGenerator::new();
    let config = FrontDeskConfig {
        artist_number: None,
        pilot_allowlist: None,
        links: LinkBuilder {
            action_base_url: "https://ink.example.com".into(),
            public_base_url: "https://ink.example.com".into(),
            token_lifetime: TimeDelta::days(7),
        },
    };
    let rules = rules();
    let places = super::test_support::places(&rules);
    let service = InboundService::new(
        (store, clock, ids),
        rules,
        places,
        crate::copy::Catalogue::en_gb(),
        config,
    );
    let error =
        block_on(service.handle_inbound(message("wamid.1", "Hi", super::test_support::start())))
            .unwrap_err();
    assert!(
        matches!(error, ServiceError::Port(ref e) if e.is_retryable()),
        "{error}"
    );
}

#[test]
fn a_port_failure_after_begin_rolls_the_unit_of_work_back() {
    let world = Arc::default();
    let mut ids = MockIdGenerator::new();
    ids.expect_next_lead_id()
        .returning(|| Box::pin(async { Err(PortError::Conflict("sequence".into())) }));
    let svc = service_with_ids(&world, rules(), ids);
    let result =
        block_on(svc.handle_inbound(message("wamid.1", "Hi", super::test_support::start())));
    assert!(matches!(
        result,
        Err(ServiceError::Port(PortError::Conflict(_)))
    ));
    assert_eq!(lock(&world).rollbacks, 1);
    assert!(lock(&world).committed.is_empty());
}

#[test]
fn the_artists_own_number_gets_the_inbox_status_not_a_consultation() {
    let chat = Chat::new(rules());
    let mut inbound = message("wamid.9", "STOP", super::test_support::start());
    inbound.from = artist_phone();
    let outcome = block_on(chat.service.handle_inbound(inbound)).unwrap();
    assert_eq!(outcome.disposition, Some(Disposition::Artist));
    assert_eq!(outcome.artist_messages, [Id::ARTIST_INBOX_STATUS]);
    assert!(outcome.client_messages.is_empty());
    assert!(outcome.lead_id.is_none(), "no lead for the artist");
    assert!(!lock(&chat.world).contact.as_ref().unwrap().is_opted_out());
}

#[test]
fn panic_mode_answers_with_the_panic_reply_once() {
    let mut chat = Chat::new(rules());
    chat.send("Hi! I'd love a fine line swallow with a little banner");
    lock(&chat.world).panic = true;
    let first = chat.send("Inner forearm");
    assert_eq!(first.client_messages, [Id::PANIC_RESPONSE]);
    assert_eq!(first.artist_messages, [Id::ARTIST_CLIENT_MESSAGES]);
    let second = chat.send("hello?");
    assert_eq!(second.silence, Some(Silence::PanicCooldown));
    assert_eq!(
        chat.lead().conversation.current_step.index(),
        1,
        "no conversation processing"
    );
    // STOP still works in panic mode.
    assert_eq!(
        chat.send("STOP").client_messages,
        [Id::OPT_OUT_CONFIRMATION]
    );
}

#[test]
fn a_data_request_from_a_new_contact_opens_no_lead() {
    let mut chat = Chat::new(rules());
    let outcome = chat.send("please delete my data");
    assert_eq!(outcome.client_messages, [Id::HANDOVER_DATA_REQUEST]);
    assert_eq!(outcome.artist_messages, [Id::ARTIST_DATA_REQUEST]);
    assert!(outcome.lead_id.is_none());
    let body = &chat.last_work().messages[1].bodies[0];
    assert!(body.contains("/admin/contacts/17/export"), "{body}");
}

#[test]
fn a_human_request_hands_over_and_a_question_mark_does_not() {
    let mut chat = Chat::new(rules());
    chat.send("Hi! I'd love a fine line swallow with a little banner");
    let question = chat.send("are you human?");
    assert_eq!(question.lead_status, Some(LeadStatus::Qualifying));
    let human = chat.send("can I talk to someone?");
    assert_eq!(human.client_messages, [Id::HANDOVER_HUMAN]);
    assert_eq!(human.lead_status, Some(LeadStatus::NeedsArtistReply));
}

#[test]
fn a_client_back_from_abandoned_gets_welcome_back_in_front_of_the_next_question() {
    use crate::status::{PaymentFacts, TransitionCause, TransitionReason, transition};
    let mut chat = Chat::new(rules());
    chat.send("Hi! I'd love a fine line swallow with a little banner");
    chat.advance(TimeDelta::hours(49));
    {
        let mut world = lock(&chat.world);
        let now = world.now();
        let lead = &mut world.leads[0].lead;
        let cause = TransitionCause::new(
            TransitionReason::ClientSilent,
            crate::model::Actor::Scheduler,
            PaymentFacts::NONE,
        );
        transition(lead, LeadStatus::Abandoned, cause, now).unwrap();
    }
    let back = chat.send("Inner forearm");
    assert_eq!(back.lead_status, Some(LeadStatus::Qualifying));
    assert_eq!(
        chat.last_work().decision.outbound[0].ids(),
        [Id::WELCOME_BACK, Id::ASK_QUESTION, Id::Q_DIMENSIONS]
    );
    let unclear = chat.send("hmm");
    assert_eq!(unclear.client_messages, [Id::REPAIR_DIMENSIONS]);
}

#[test]
fn deferred_messages_are_flushed_and_a_plain_ok_then_ends_processing() {
    let mut chat = Chat::new(rules());
    chat.send("Hi! I'd love a fine line swallow with a little banner");
    lock(&chat.world).deferred = 2;
    let ok = chat.send("ok");
    assert_eq!(ok.silence, Some(Silence::ContinueAfterFlush));
    let effects = chat.last_work().decision.effects;
    assert!(effects.contains(&crate::consultation::Effect::FlushDeferredOutbound));
    assert_eq!(chat.lead().conversation.current_step.index(), 1);
    // Anything else is processed as usual after the flush.
    assert_eq!(
        chat.send("Inner forearm").client_messages,
        [Id::ASK_QUESTION]
    );
}

#[test]
fn a_pilot_blocked_number_gets_the_notice_once_a_week_and_no_lead() {
    let world = Arc::default();
    let mut svc = service(&world, rules());
    svc.set_pilot_allowlist_for_tests(Some(Vec::new()));
    let now = super::test_support::start();
    let first = block_on(svc.handle_inbound(message("wamid.1", "Hi", now))).unwrap();
    assert_eq!(first.client_messages, [Id::PILOT_NOTICE]);
    assert_eq!(first.disposition, Some(Disposition::PilotBlocked));
    assert!(first.lead_id.is_none());
    let second = block_on(svc.handle_inbound(message("wamid.2", "Hi?", now))).unwrap();
    assert_eq!(second.silence, Some(Silence::PilotNoticeCooldown));
    let event = lock(&world).committed[0].decision.events[0].clone();
    assert_eq!(event.event_type, "pilot_mode.blocked");
    assert_eq!(event.payload["phone_masked"], client_phone().masked());
    // STOP still works for a blocked number.
    let stop = block_on(svc.handle_inbound(message("wamid.3", "STOP", now))).unwrap();
    assert_eq!(stop.client_messages, [Id::OPT_OUT_CONFIRMATION]);
}
