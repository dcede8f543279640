//! Whole consultations driven through `InboundService` with mocked ports: the worked path to
//! approval (consultation.md §14), STOP and START (§19), three-strike repair (§12).

use super::test_support::{Chat, answer_until, lock, rules};
use crate::consultation::{JobKind, Recipient};
use crate::copy::MessageId as Id;
use crate::model::{HandoverReason, LeadStatus, QuestionKey, StrikeField};

#[test]
fn a_whole_consultation_reaches_pending_approval_with_one_artist_summary() {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, None, &[]);

    assert_eq!(
        chat.all_client_kinds(),
        [
            Id::WELCOME_WITH_IDEA,
            Id::ASK_QUESTION,
            Id::ASK_QUESTION,
            Id::Q_COMPLEXITY,
            Id::Q_COVERUP,
            Id::ASK_QUESTION,
            Id::ASK_QUESTION,
            Id::ASK_QUESTION,
            Id::CONFIRMATION_SUMMARY,
            Id::ASK_QUESTION,
            Id::Q_TRAVEL_CITY,
            Id::Q_TIMING,
            Id::COMPLETION,
        ]
    );
    let world = lock(&chat.world);
    let asked: Vec<Vec<Id>> = world
        .committed
        .iter()
        .flat_map(|work| {
            work.decision
                .client_messages()
                .map(|m| m.ids())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(asked[0], [Id::WELCOME_WITH_IDEA, Id::Q_PLACEMENT]);
    assert_eq!(asked[1], [Id::ASK_QUESTION, Id::Q_DIMENSIONS]);
    assert_eq!(asked[8], [Id::CONFIRMATION_SUMMARY, Id::Q_LOCATION_COUNTRY]);
    assert_eq!(asked[12], [Id::COMPLETION, Id::UI_CATEGORY_LARGE]);

    let artist: Vec<Id> = world
        .committed
        .iter()
        .flat_map(|work| work.decision.artist_kinds())
        .collect();
    assert_eq!(
        artist,
        [Id::ARTIST_NEW_LEAD],
        "the artist is notified exactly once"
    );

    let last = world.committed.last().unwrap();
    let sheets = |work: &crate::ports::UnitOfWork| {
        work.decision
            .jobs
            .iter()
            .filter(|job| job.kind() == JobKind::SheetsUpsert)
            .count()
    };
    assert_eq!(
        sheets(last),
        1,
        "completion enqueues exactly one sheets upsert"
    );
    assert!(world.committed.iter().all(|work| sheets(work) <= 1));
    // Only status changes write the sheet: lead creation and completion. Both requests carry the
    // lead's dedupe key, so while the first is still queued the second reuses it: one sheets upsert
    // job is enqueued for the whole consultation (the Postgres store test checks the row count).
    assert_eq!(world.committed.iter().map(sheets).sum::<usize>(), 2);
    let keys: std::collections::BTreeSet<String> = world
        .committed
        .iter()
        .flat_map(|work| work.decision.jobs.iter())
        .filter(|job| job.kind() == JobKind::SheetsUpsert)
        .map(|job| job.dedupe_key())
        .collect();
    assert_eq!(keys.len(), 1, "one sheets upsert job per lead");

    let lead = &world.leads[0].lead;
    assert_eq!(lead.status(), LeadStatus::PendingApproval);
    let facts = &lead.interpretation;
    assert_eq!(
        facts
            .dimensions
            .map(|d| (d.width_centi_cm(), d.height_centi_cm())),
        Some((1000, 1500))
    );
    assert_eq!(
        facts.budget.map(|b| (b.amount.amount_minor, b.is_range)),
        Some((40_000, true))
    );
    assert_eq!(facts.location_city.as_deref(), Some("Leeds"));
    assert_eq!(facts.location_country.as_deref(), Some("United Kingdom"));
    assert_eq!(facts.instagram_handle.as_deref(), Some("alex.ink"));
    assert_eq!(facts.requested_city.as_deref(), Some("London"));
    let estimate = lead.estimate.as_ref().unwrap();
    assert_eq!(estimate.category, crate::model::SizeCategory::Large);
    assert!(!estimate.below_min_budget, "£400 equals the UK minimum");
    assert!(lead.funnel().qualifying_completed_at.is_some());
    assert!(
        lead.summary_text
            .as_deref()
            .unwrap()
            .contains("New enquiry #42")
    );

    // The artist's summary carries two one-tap links; only their hashes are stored.
    let new_lead = last
        .messages
        .iter()
        .find(|m| m.message.recipient == Recipient::Artist)
        .unwrap();
    let body = &new_lead.bodies[0];
    assert!(
        body.contains("Approve: https://ink.example.com/a/"),
        "{body}"
    );
    assert!(
        body.contains("Admin page: https://ink.example.com/admin/ui/leads/42"),
        "{body}"
    );
    assert_eq!(last.tokens.len(), 2);
    assert!(
        last.tokens
            .iter()
            .all(|t| t.required_status == LeadStatus::PendingApproval)
    );

    let confirmation = &world.committed[8].messages[0];
    assert!(
        confirmation.bodies[0].contains("10×15 cm"),
        "{}",
        confirmation.bodies[0]
    );
    assert!(confirmation.bodies[0].contains("Leeds"));
    assert!(
        confirmation.bodies[0].contains("£400–£500"),
        "{}",
        confirmation.bodies[0]
    );
    assert!(confirmation.bodies[0].contains("And which country is that?"));
}

#[test]
fn every_reply_stays_within_two_client_messages() {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, None, &[]);
    let world = lock(&chat.world);
    for work in &world.committed {
        assert!(work.decision.client_messages().count() <= 2);
        assert!(work.decision.client_messages().count() > 0 || work.decision.silence.is_some());
    }
}

#[test]
fn stop_mid_consultation_then_start_opens_a_new_lead() {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, Some(QuestionKey::Style), &[]);

    let stop = chat.send("Stop.");
    assert_eq!(stop.client_messages, [Id::OPT_OUT_CONFIRMATION]);
    assert_eq!(stop.lead_status, Some(LeadStatus::OptOut));
    let work = chat.last_work();
    assert!(work.decision.contact.is_opted_out());
    assert!(
        work.decision
            .effects
            .contains(&crate::consultation::Effect::BlockPendingOutbound)
    );

    // The confirmation told them how to come back: soon after STOP nothing more goes out (the
    // opted-out notice waits a full 24 h cooldown from the STOP itself).
    let ignored = chat.send("10x15cm");
    assert!(
        ignored.client_messages.is_empty(),
        "nothing but the confirmation after STOP"
    );
    assert!(ignored.silence.is_some());
    let again = chat.send("hello?");
    assert!(again.client_messages.is_empty());
    assert!(again.silence.is_some());
    {
        let mut world = lock(&chat.world);
        let later = world.now() + chrono::TimeDelta::hours(24);
        world.now = Some(later);
    }
    let next_day = chat.send("hello again");
    assert_eq!(
        next_day.client_messages,
        [Id::OPTED_OUT_NOTICE],
        "a day after STOP the client is reminded how to opt back in"
    );

    let start = chat.send("START");
    assert_eq!(start.client_messages, [Id::OPT_IN_CONFIRMATION]);
    let message = chat.last_work().decision.outbound[0].clone();
    assert_eq!(
        message.ids(),
        [Id::OPT_IN_CONFIRMATION, Id::WELCOME, Id::Q_IDEA]
    );
    assert_eq!(start.lead_status, Some(LeadStatus::Qualifying));
    assert_ne!(
        start.lead_id, stop.lead_id,
        "a closed OPTOUT lead is never reopened"
    );
    assert!(!chat.last_work().decision.contact.is_opted_out());
    assert!(
        chat.last_work().decision.answers.is_empty(),
        "START is never an answer"
    );
}

#[test]
fn three_failed_size_answers_hand_over_with_the_reason() {
    let mut chat = Chat::new(rules());
    answer_until(&mut chat, Some(QuestionKey::Dimensions), &[]);

    assert_eq!(chat.send("huge").client_messages, [Id::REPAIR_DIMENSIONS]);
    assert_eq!(
        chat.send("pretty big really").client_messages,
        [Id::REPAIR_DIMENSIONS]
    );
    let variants: Vec<_> = lock(&chat.world).committed[2..]
        .iter()
        .map(|w| w.decision.outbound[0].parts[0].variant)
        .collect();
    assert_eq!(
        variants,
        [
            crate::consultation::Variant::Failure(1),
            crate::consultation::Variant::Failure(2)
        ]
    );
    let third = chat.send("the size of my hand");
    assert_eq!(third.client_messages, [Id::HANDOVER_PARSE_FAILURE]);
    assert_eq!(third.artist_messages, [Id::ARTIST_HANDOVER]);
    assert_eq!(third.lead_status, Some(LeadStatus::NeedsArtistReply));
    let lead = chat.lead();
    let handover = lead.handover().unwrap();
    assert_eq!(
        handover.reason_code,
        HandoverReason::ParseFailure(StrikeField::Dimensions)
    );
    assert_eq!(handover.reason_code.code(), "PARSE_FAILURE:dimensions");
    assert!(handover.resumable);
    assert_eq!(lead.return_status(), Some(LeadStatus::Qualifying));
    let notice = &chat.last_work().messages[1].bodies[0];
    assert!(notice.contains("the size of my hand"), "{notice}");
    assert!(notice.contains("Resume automation: https://"), "{notice}");

    let waiting = chat.send("hello?");
    assert!(
        waiting.client_messages.is_empty(),
        "the handover itself started the hold cooldown"
    );
    let resumed = chat.send("continue");
    assert_eq!(resumed.client_messages, [Id::RESUMED]);
    assert_eq!(
        chat.last_work().decision.outbound[0].ids(),
        [Id::RESUMED, Id::Q_DIMENSIONS]
    );
    assert_eq!(resumed.lead_status, Some(LeadStatus::Qualifying));
    assert_eq!(
        chat.lead()
            .conversation
            .parse_failures
            .count(StrikeField::Dimensions),
        0
    );
    assert_eq!(chat.send("8x12cm").client_messages, [Id::ASK_QUESTION]);
}
