//! Golden conversations for the completion outcomes (consultation.md §14 steps 4–6, §16, §17),
//! driven through `InboundService` with mocked ports.

use chrono::NaiveDate;

use super::test_support::{Chat, answer_until, answers, rules, say};
use crate::copy::MessageId as Id;
use crate::model::{HandoverReason, LeadStatus, QuestionKey};
use crate::rules::TourStop;

#[test]
fn a_budget_below_the_regional_minimum_needs_a_follow_up() {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, None, &[(QuestionKey::Budget, "$500")]);
    let outcome_work = chat.last_work();
    assert_eq!(
        outcome_work.decision.client_kinds(),
        [Id::BUDGET_BELOW_MINIMUM]
    );
    assert_eq!(
        outcome_work.decision.artist_kinds(),
        [Id::ARTIST_BUDGET_FOLLOW_UP]
    );
    let lead = chat.lead();
    assert_eq!(lead.status(), LeadStatus::NeedsFollowUp);
    assert!(lead.estimate.as_ref().unwrap().below_min_budget);
    let buttons: Vec<_> = outcome_work.messages[0]
        .buttons
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(
        buttons,
        ["ans:budget_follow_up:yes", "ans:budget_follow_up:no"]
    );
    assert!(outcome_work.messages[0].bodies[0].contains("£400"));

    let accepted = chat.tap("ans:budget_follow_up:yes", "Yes, that works");
    assert_eq!(accepted.client_messages, [Id::COMPLETION]);
    assert_eq!(accepted.artist_messages, [Id::ARTIST_NEW_LEAD]);
    assert_eq!(accepted.lead_status, Some(LeadStatus::PendingApproval));
    assert!(chat.lead().interpretation.budget_accepted_minimum);
}

#[test]
fn a_follow_up_amount_below_the_minimum_is_a_strike_and_no_is_declined() {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, None, &[(QuestionKey::Budget, "£300")]);
    assert_eq!(
        chat.send("£350").client_messages,
        [Id::REPAIR_BUDGET_FOLLOW_UP]
    );
    let declined = chat.send("no thanks");
    assert_eq!(declined.client_messages, [Id::BUDGET_FOLLOW_UP_DECLINED]);
    assert_eq!(declined.artist_messages, [Id::ARTIST_BUDGET_DECLINED]);
    assert_eq!(declined.lead_status, Some(LeadStatus::NeedsFollowUp));
}

fn rules_with_leeds_stop() -> crate::rules::StudioRules {
    let mut rules = rules();
    rules.tour.stops.push(TourStop {
        city: "Manchester".to_owned(),
        country: "UK".to_owned(),
        start_date: NaiveDate::from_ymd_opt(2027, 4, 12).unwrap(),
        end_date: NaiveDate::from_ymd_opt(2027, 4, 14).unwrap(),
        time_zone: None,
        hours: None,
        notes: None,
    });
    rules
}

#[test]
fn a_city_not_served_with_a_tour_stop_gets_the_offer_and_can_accept_it() {
    let mut chat = Chat::new(rules_with_leeds_stop());
    answer_until(&mut chat, Some(QuestionKey::TravelCity), &[]);
    let travel = chat.send("Glasgow");
    assert_eq!(travel.client_messages, [Id::Q_TIMING], "{travel:?}");
    let offered = chat.send("Next 2-4 weeks");
    assert_eq!(
        offered.client_messages,
        [Id::TOUR_OFFER],
        "{offered:?} {:?}",
        chat.last_work().decision.events
    );
    assert!(offered.artist_messages.is_empty());
    assert_eq!(offered.lead_status, Some(LeadStatus::TourConversionOffered));
    let work = chat.last_work();
    let body = &work.messages[0].bodies[0];
    assert!(
        body.contains("1. Manchester guest spot, 12–14 Apr 2027"),
        "{body}"
    );
    assert!(body.contains("2. The studio in London"), "{body}");
    let buttons: Vec<_> = work.messages[0]
        .buttons
        .iter()
        .map(|b| b.id.clone())
        .collect();
    assert_eq!(
        buttons,
        [
            "tour:42:stop:manchester-2027-04-12",
            "tour:42:studio",
            "tour:42:waitlist"
        ]
    );

    let accepted = chat.tap("tour:42:stop:manchester-2027-04-12", "Manchester 12–14 Apr");
    assert_eq!(
        chat.last_work().decision.outbound[0].ids()[..2],
        [Id::TOUR_ACCEPTED, Id::COMPLETION]
    );
    assert_eq!(accepted.artist_messages, [Id::ARTIST_NEW_LEAD]);
    assert_eq!(accepted.lead_status, Some(LeadStatus::PendingApproval));
    let lead = chat.lead();
    assert_eq!(
        lead.interpretation.booking_city.as_deref(),
        Some("Manchester")
    );
    assert_eq!(
        lead.interpretation.tour_stop_key.as_deref(),
        Some("manchester-2027-04-12")
    );
}

#[test]
fn a_city_not_served_without_options_is_waitlisted() {
    let mut rules = rules();
    rules.studio.offer_home_studio = false;
    let mut chat = Chat::new(rules);
    answer_until(&mut chat, Some(QuestionKey::TravelCity), &[]);
    chat.send("Berlin Germany");
    let outcome = chat.send("I'm flexible");
    assert_eq!(outcome.client_messages, [Id::WAITLISTED]);
    assert_eq!(outcome.lead_status, Some(LeadStatus::Waitlisted));
    assert!(chat.last_work().messages[0].bodies[0].contains("Berlin"));
    assert!(chat.lead().interpretation.waitlisted);
}

#[test]
fn declining_the_tour_offer_joins_the_waitlist() {
    let mut chat = Chat::new(rules_with_leeds_stop());
    answer_until(&mut chat, Some(QuestionKey::TravelCity), &[]);
    chat.send("Glasgow");
    chat.send("Next 2-4 weeks");
    assert_eq!(
        chat.send("banana").client_messages,
        [Id::REPAIR_TOUR_CHOICE]
    );
    let declined = chat.send("waitlist please");
    assert_eq!(declined.client_messages, [Id::TOUR_WAITLISTED]);
    assert_eq!(declined.lead_status, Some(LeadStatus::Waitlisted));
}

#[test]
fn a_cover_up_goes_to_the_artist_at_completion() {
    let mut chat = Chat::new(rules());
    answer_until(
        &mut chat,
        None,
        &[(QuestionKey::Coverup, "yes, it's a cover up")],
    );
    let work = chat.last_work();
    assert_eq!(work.decision.client_kinds(), [Id::HANDOVER_COVERUP]);
    assert_eq!(work.decision.artist_kinds(), [Id::ARTIST_HANDOVER]);
    let lead = chat.lead();
    assert_eq!(lead.status(), LeadStatus::NeedsArtistReply);
    let handover = lead.handover().unwrap();
    assert_eq!(handover.reason_code, HandoverReason::CoverUp);
    assert!(!handover.resumable);
    assert_eq!(lead.return_status(), Some(LeadStatus::PendingApproval));
    assert!(
        lead.estimate.is_some(),
        "estimated anyway, the artist sees it"
    );
    let actions: Vec<_> = work.tokens.iter().map(|t| t.action.as_str()).collect();
    assert_eq!(actions, ["resume", "approve", "reject"]);
    // The client cannot resume a cover-up review.
    assert_eq!(chat.send("CONTINUE").client_messages, [Id::HANDOVER_HOLD]);
}

#[test]
fn cover_up_words_mid_consultation_decide_at_completion_unless_answered_no() {
    let mut chat = Chat::new(rules());
    chat.send("I need a cover-up of an old name on my wrist");
    let mut chat_unsure = chat;
    for (at, (text, reply_id)) in answers().into_iter().enumerate() {
        let key = QuestionKey::CONSULTATION[at + 1];
        let text = if key == QuestionKey::Coverup {
            "not sure"
        } else {
            text
        };
        say(
            &mut chat_unsure,
            text,
            reply_id.filter(|_| key != QuestionKey::Coverup),
        );
    }
    assert_eq!(chat_unsure.lead().status(), LeadStatus::NeedsArtistReply);
    assert_eq!(
        chat_unsure.lead().interpretation.coverup,
        Some(crate::model::CoverUp::Yes)
    );
}
