//! Spec case tables inside the flow: guards (§11), deflections and in-flow handovers (§13),
//! keyword cases (§25.5), non-text messages (§22.3) and the budget step (§25.2 in-flow).

use chrono::TimeDelta;

use super::test_support::{Chat, OPENING, answer_until, rules};
use crate::consultation::{InboundContent, MediaKind, Silence};
use crate::copy::MessageId as Id;
use crate::model::{HandoverReason, LeadStatus, QuestionKey, StrikeField};

fn at(step: QuestionKey) -> Chat {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, Some(step), &[]);
    chat
}

fn image(caption: Option<&str>) -> InboundContent {
    InboundContent::Media {
        kind: MediaKind::Image,
        media_id: "media.1".into(),
        caption: caption.map(str::to_owned),
        mime_type: Some("image/jpeg".into()),
        filename: None,
    }
}

fn step(chat: &Chat) -> QuestionKey {
    chat.lead().conversation.current_step.key()
}

#[test]
fn wrong_field_answers_at_idea_and_placement_are_reprompted_without_a_strike() {
    let mut chat = Chat::new(rules());
    assert_eq!(
        chat.send("Hi, I'd like to book a tattoo").client_messages,
        [Id::WELCOME]
    );
    for text in ["500", "£400", "10x15cm"] {
        assert_eq!(
            chat.send(text).client_messages,
            [Id::ONE_AT_A_TIME],
            "{text}"
        );
    }
    assert_eq!(
        chat.send("2 dragons fighting").client_messages,
        [Id::ASK_QUESTION]
    );
    assert_eq!(
        chat.send("realism 10x15").client_messages,
        [Id::ONE_AT_A_TIME]
    );
    assert_eq!(
        chat.send("10cm above wrist").client_messages,
        [Id::ASK_QUESTION]
    );
    assert_eq!(step(&chat), QuestionKey::Dimensions);
    assert!(
        chat.lead()
            .conversation
            .parse_failures
            .iter()
            .next()
            .is_none()
    );
}

#[test]
fn a_bundle_that_answers_the_current_step_is_accepted() {
    let mut chat = at(QuestionKey::Dimensions);
    assert_eq!(
        chat.send("10x15cm £500").client_messages,
        [Id::ASK_QUESTION]
    );
    let size = chat.lead().interpretation.dimensions.unwrap();
    assert_eq!(
        (size.width_centi_cm(), size.height_centi_cm()),
        (1000, 1500)
    );
    assert_eq!(
        chat.send("fine line @artist").client_messages,
        [Id::Q_COMPLEXITY]
    );
}

#[test]
fn scheduling_and_price_questions_are_deflected_except_at_timing() {
    let mut chat = at(QuestionKey::Style);
    let deflected = chat.send("when are you available?");
    assert_eq!(deflected.client_messages, [Id::SCHEDULING_LATER]);
    assert_eq!(
        chat.last_work().decision.outbound[0].ids(),
        [Id::SCHEDULING_LATER, Id::Q_STYLE]
    );
    assert_eq!(
        chat.send("how much will it cost?").client_messages,
        [Id::PRICE_LATER]
    );
    assert_eq!(step(&chat), QuestionKey::Style);

    let mut chat = at(QuestionKey::Timing);
    let accepted = chat.send("when are you available? I'm flexible");
    assert_eq!(accepted.client_messages, [Id::COMPLETION]);
}

#[test]
fn negotiation_and_hesitation_hand_over_in_flow() {
    let mut chat = at(QuestionKey::Budget);
    let discount = chat.send("Can you give me a discount?");
    assert_eq!(discount.client_messages, [Id::HANDOVER_GENERIC]);
    assert_eq!(
        chat.lead().handover().unwrap().reason_code,
        HandoverReason::PriceNegotiation
    );

    let mut chat = at(QuestionKey::Style);
    chat.send("I\u{2019}m ready but nervous about the pain");
    assert_eq!(
        chat.lead().handover().unwrap().reason_code,
        HandoverReason::Hesitation
    );
}

#[test]
fn words_that_merely_contain_keywords_are_ordinary_answers() {
    let mut chat = Chat::new(rules());
    chat.send("hello");
    assert_eq!(
        chat.send("I want an ideal dragon design").client_messages,
        [Id::ASK_QUESTION]
    );
    assert_eq!(
        chat.send("I'll stop by the shop").client_messages,
        [Id::ASK_QUESTION]
    );
    assert_eq!(chat.lead().status(), LeadStatus::Qualifying);
}

#[test]
fn restart_goes_back_to_the_first_question() {
    let mut chat = at(QuestionKey::Budget);
    let restarted = chat.send("start over");
    assert_eq!(restarted.client_messages, [Id::WELCOME]);
    assert_eq!(step(&chat), QuestionKey::Idea);
}

#[test]
fn a_new_enquiry_phrase_keeps_the_open_enquiry() {
    let mut chat = at(QuestionKey::Budget);
    let outcome = chat.send("new tattoo");
    assert_eq!(outcome.client_messages, [Id::ENQUIRY_ALREADY_OPEN]);
    assert_eq!(
        chat.last_work().decision.outbound[0].ids(),
        [Id::ENQUIRY_ALREADY_OPEN, Id::Q_BUDGET]
    );
}

#[test]
fn reference_images_are_saved_and_a_burst_is_attached_silently() {
    let mut chat = at(QuestionKey::ReferenceImages);
    let saved = chat.send_content(image(Some("Something like this, with a few roses")));
    assert_eq!(saved.client_messages, [Id::REFERENCE_SAVED]);
    assert_eq!(step(&chat), QuestionKey::Budget);
    let burst = chat.send_content(image(None));
    assert_eq!(burst.silence, Some(Silence::MediaBurst));
    chat.advance(TimeDelta::minutes(10));
    let later = chat.send_content(image(None));
    assert_eq!(later.client_messages, [Id::ATTACHMENT_SAVED]);
    assert_eq!(
        step(&chat),
        QuestionKey::Budget,
        "media is never a strike nor an answer"
    );
    let voice = chat.send_content(InboundContent::Media {
        kind: MediaKind::Audio,
        media_id: "media.2".into(),
        caption: None,
        mime_type: Some("audio/ogg".into()),
        filename: None,
    });
    assert_eq!(voice.client_messages, [Id::VOICE_NOTE_SAVED]);
}

#[test]
fn a_media_caption_answers_the_current_step() {
    let mut chat = at(QuestionKey::Dimensions);
    assert_eq!(
        chat.send_content(image(Some("about 8x12cm")))
            .client_messages,
        [Id::ASK_QUESTION]
    );
    assert_eq!(step(&chat), QuestionKey::Style);
}

#[test]
fn old_buttons_pins_and_stickers_get_their_replies() {
    let mut chat = at(QuestionKey::Dimensions);
    assert_eq!(
        chat.tap("ans:complexity:2", "2 · Medium").client_messages,
        [Id::STALE_CHOICE]
    );
    assert_eq!(
        chat.send_content(InboundContent::Sticker).client_messages,
        [Id::UNSUPPORTED_MESSAGE]
    );
    let again = chat.send_content(InboundContent::Sticker);
    assert_eq!(again.silence, Some(Silence::UnsupportedCooldown));
    assert_eq!(
        chat.send_content(InboundContent::Reaction).silence,
        Some(Silence::Reaction)
    );

    let mut chat = at(QuestionKey::LocationCity);
    let pin = chat.send_content(InboundContent::Location {
        latitude: 53.8,
        longitude: -1.55,
        name: None,
        address: None,
    });
    assert_eq!(pin.client_messages, [Id::LOCATION_PIN]);
}

#[test]
fn budget_repairs_escalate_to_a_handover() {
    let mut chat = at(QuestionKey::Budget);
    assert_eq!(chat.send("4").client_messages, [Id::REPAIR_BUDGET]);
    assert_eq!(chat.send("not sure").client_messages, [Id::REPAIR_BUDGET]);
    let third = chat.send("idk");
    assert_eq!(third.client_messages, [Id::HANDOVER_PARSE_FAILURE]);
    assert_eq!(
        chat.lead().handover().unwrap().reason_code,
        HandoverReason::ParseFailure(StrikeField::Budget)
    );
}

#[test]
fn somewhere_else_asks_which_city_once_then_reads_a_city() {
    let mut chat = at(QuestionKey::TravelCity);
    assert_eq!(chat.send("no").client_messages, [Id::Q_TRAVEL_CITY_WHICH]);
    assert_eq!(chat.send("Leeds").client_messages, [Id::Q_TIMING]);
    assert_eq!(
        chat.lead().interpretation.requested_city.as_deref(),
        Some("Leeds")
    );
    // Leeds is not served and there is no stop: the home studio is the one option.
    assert_eq!(chat.send("I'm flexible").client_messages, [Id::TOUR_OFFER]);
}

#[test]
fn the_opening_idea_is_kept_and_a_greeting_is_not() {
    let mut chat = Chat::new(rules());
    assert_eq!(chat.send(OPENING).client_messages, [Id::WELCOME_WITH_IDEA]);
    assert_eq!(step(&chat), QuestionKey::Placement);
    let mut chat = Chat::new(rules());
    assert_eq!(
        chat.send("Hello, how much for a small tattoo?")
            .client_messages,
        [Id::WELCOME]
    );
    assert_eq!(step(&chat), QuestionKey::Idea);
    assert!(chat.last_work().decision.answers.is_empty());
}
