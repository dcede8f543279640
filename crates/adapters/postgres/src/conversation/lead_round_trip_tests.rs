#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Every part of a lead survives a write and a locked read on a real Postgres, and the conditional
//! update refuses a lead that is no longer in the expected status.

use chrono::{DateTime, TimeZone, Utc};
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{
    AdminRecord, Appointment, ArtistId, BookingDetails, BookingMode, BookingTool, Budget,
    CancelledBy, Complexity, ContactId, CoverUp, Currency, DepositTerms, Dimensions, Estimate,
    FunnelTimestamps, Handover, HandoverReason, Lead, LeadCooldown, LeadId, LeadStatus, Money,
    QuestionStep, Region, SizeCategory, StatusRecord, StrikeField,
};
use inkdesk_test_support::TestDb;
use serde_json::json;

use super::*;
use crate::conversation::error::StoreError;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0).unwrap()
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

async fn contact(conn: &mut AsyncPgConnection) -> ContactId {
    diesel::sql_query("INSERT INTO artists (id) VALUES ('default')")
        .execute(conn)
        .await
        .unwrap();
    let Id { id } = diesel::sql_query(
        "INSERT INTO contacts (artist_id, phone) VALUES ('default', $1) RETURNING id",
    )
    .bind::<Text, _>("447700900123")
    .get_result(conn)
    .await
    .unwrap();
    ContactId(id)
}

/// A lead with every optional part filled, waiting for the artist.
fn everything(id: LeadId, contact: ContactId) -> Lead {
    let record = StatusRecord {
        status: LeadStatus::NeedsArtistReply,
        status_entered_at: at(20, 11),
        return_status: Some(LeadStatus::AwaitingDeposit),
        booking_mode: Some(BookingMode::Manual),
        handover: Some(Handover::new(
            HandoverReason::ParseFailure(StrikeField::Budget),
            "third budget reply I could not read",
        )),
        funnel: FunnelTimestamps {
            qualifying_started_at: Some(at(18, 9)),
            qualifying_completed_at: Some(at(18, 10)),
            pending_approval_at: Some(at(18, 10)),
            approved_at: Some(at(19, 8)),
            needs_artist_reply_at: Some(at(20, 11)),
            ..FunnelTimestamps::default()
        },
    };
    let mut lead = Lead::restore(id, ArtistId::default(), contact, at(18, 9), record).unwrap();
    let conversation = &mut lead.conversation;
    conversation.current_step = QuestionStep::new(7).unwrap();
    conversation
        .parse_failures
        .record_failure(StrikeField::Budget);
    conversation.confirmation_shown = true;
    conversation.travel_prompt = Some("which city?".to_owned());
    conversation.time_window_round = 2;
    conversation.coverup_mentioned = true;
    conversation
        .cooldowns
        .start(LeadCooldown::StatusAck, at(20, 9));
    conversation.last_client_message_at = Some(at(20, 10));
    conversation.last_bot_message_at = Some(at(20, 10));
    let facts = &mut lead.interpretation;
    facts.dimensions = Some(Dimensions::from_centi_cm(762, 1270).unwrap());
    facts.complexity = Some(Complexity::High);
    facts.complexity_unsure = Some(false);
    facts.coverup = Some(CoverUp::Unsure);
    facts.placement_hard = Some(true);
    facts.budget = Some(Budget {
        amount: Money::new(60_000, Currency::EUR),
        is_range: false,
        gbp_minor: 51_000,
    });
    facts.budget_accepted_minimum = true;
    facts.location_city = Some("Lyon".to_owned());
    facts.location_country = Some("France".to_owned());
    facts.country_recognised = Some(true);
    facts.region = Some(Region::Europe);
    facts.instagram_handle = Some("alex.ink".to_owned());
    facts.requested_city = Some("Leeds".to_owned());
    facts.booking_city = Some("Leeds".to_owned());
    facts.tour_stop_key = Some("leeds-2027-04-12".to_owned());
    facts.tour_offer_options = Some(json!(["leeds-2027-04-12"]));
    facts.tour_offer_accepted = Some(true);
    lead.estimate = Some(Estimate {
        category: SizeCategory::Xl,
        days_tenths: Some(15),
        deposit: Money::gbp(15_000),
        price_min: Money::gbp(90_000),
        price_max: Money::gbp(120_000),
        pricing_trace: json!({ "rate": 15000 }),
        region_min_budget_gbp_minor: Some(40_000),
        below_min_budget: false,
    });
    lead.summary_text = Some("New enquiry".to_owned());
    lead.deposit = DepositTerms {
        amount: Some(Money::gbp(15_000)),
        locked_at: Some(at(19, 8)),
        rule_version: Some("v1".to_owned()),
        sent_at: Some(at(19, 8)),
        expiry_count: 1,
        link_reissue_count: 2,
    };
    lead.booking = BookingDetails {
        appointment: Some(Appointment {
            start_at: at(28, 10),
            end_at: at(28, 16),
        }),
        confirmed_hold_id: None,
        calendar_event_id: Some("evt-1".to_owned()),
        booking_link: Some("https://book.example/x".to_owned()),
        booking_tool: Some(BookingTool::Fresha),
        booking_link_sent_at: Some(at(19, 9)),
        reschedule_count: 1,
    };
    lead.admin = AdminRecord {
        admin_notes: Some("prefers mornings".to_owned()),
        last_admin_action: Some("approve".to_owned()),
        last_admin_action_at: Some(at(19, 8)),
        cancellation_reason: None,
        cancelled_by: Some(CancelledBy::Client),
    };
    lead
}

#[tokio::test(flavor = "multi_thread")]
async fn every_part_of_a_lead_survives_a_write_and_a_locked_read() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let contact = contact(&mut conn).await;
    let id = reserve_id(&mut conn).await.unwrap();
    let lead = everything(id, contact);

    insert(&conn, &lead).await.unwrap();
    let read = lock_candidates(&mut conn, contact, Currency::GBP)
        .await
        .unwrap();

    assert_eq!(read, [lead]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_update_is_refused_once_the_lead_left_the_expected_status() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let contact = contact(&mut conn).await;
    let id = reserve_id(&mut conn).await.unwrap();
    let mut lead = everything(id, contact);
    insert(&conn, &lead).await.unwrap();
    lead.summary_text = Some("edited".to_owned());

    let refused = update(&conn, &lead, LeadStatus::PendingApproval).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::LeadMoved {
                expected: LeadStatus::PendingApproval,
                ..
            })
        ),
        "{refused:?}"
    );
    update(&conn, &lead, LeadStatus::NeedsArtistReply)
        .await
        .unwrap();

    let read = lock_candidates(&mut conn, contact, Currency::GBP)
        .await
        .unwrap();
    assert_eq!(read[0].summary_text.as_deref(), Some("edited"));
    let version: i32 = {
        use diesel::QueryDsl;
        crate::schema::leads::table
            .find(id.0)
            .select(crate::schema::leads::version)
            .get_result(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(version, 1);
}
