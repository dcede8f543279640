//! Slot offers on real Postgres (booking.md §3.1, §3.4): offers written by `PgBooking` that the
//! conversation reads back, the time-window fallbacks, and live holds as busy time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod approval_support;
mod conversation_support;

use approval_support::{booking, by_admin, execute, pending_lead, slots_at};
use chrono::{DateTime, TimeDelta, Utc};
use conversation_support::{Chat, OPENING, count, text, texts};
use inkdesk_domain::consultation::OfferCause;
use inkdesk_domain::model::{BookingMode, LeadId, LeadStatus};
use inkdesk_postgres::booking::OfferOutcome;

#[tokio::test(flavor = "multi_thread")]
async fn offering_twice_keeps_one_open_offer_that_the_conversation_reads() {
    let chat = Chat::new().await;
    let lead = pending_lead(&chat).await;
    let booking = booking(&chat);
    let now = chat.clock.at();
    booking
        .approve(lead, by_admin(), BookingMode::Calendar, now)
        .await
        .unwrap();
    assert!(
        booking
            .offer_basis(lead, OfferCause::Approved, now)
            .await
            .unwrap()
            .is_some()
    );

    let slots = slots_at(now);
    assert_eq!(slots.len(), 8);
    let first = booking
        .offer_slots(lead, slots.clone(), OfferCause::Approved, 180, now)
        .await
        .unwrap();
    let second = booking
        .offer_slots(lead, slots.clone(), OfferCause::Refresh, 180, now)
        .await
        .unwrap();
    let OfferOutcome::Offered { offer_id, slots: 8 } = second else {
        panic!("expected an offer, got {second:?}");
    };
    assert!(matches!(first, OfferOutcome::Offered { .. }));

    let mut conn = chat.conn().await;
    assert_eq!(
        texts(
            &mut conn,
            "SELECT state || ' ' || source || ' ' || duration_minutes AS value FROM slot_offers ORDER BY id"
        )
        .await,
        ["superseded generated 180", "open generated 180"]
    );
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT (slots->0->>'index') || ' ' || (slots->0->>'start') AS value
                 FROM slot_offers WHERE id = {offer_id}"
            )
        )
        .await,
        format!(
            "1 {}",
            slots[0]
                .start
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    );
    // The newer offer cancelled the older one still waiting to go out, and goes out as a list.
    assert_eq!(
        texts(
            &mut conn,
            "SELECT kind || ' ' || state || ' ' || mode AS value FROM outbound_messages
             WHERE replace_key IS NOT NULL ORDER BY id"
        )
        .await,
        [
            "slot_offer cancelled interactive",
            "slot_offer_refresh queued interactive"
        ]
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT (interactive->'sections'->0->'rows'->1->>'id') || ' | '
                    || (interactive->>'header') AS value
             FROM outbound_messages WHERE state = 'queued' AND replace_key IS NOT NULL"
        )
        .await,
        format!("slot:{offer_id}:2 | Available times")
    );
    let body = text(
        &mut conn,
        "SELECT body AS value FROM outbound_messages WHERE kind = 'slot_offer_refresh'",
    )
    .await;
    assert!(body.contains("\n1. "), "{body}");

    // The client's answer is read against the stored offer.
    chat.send("2").await;
    assert_eq!(
        text(
            &mut conn,
            "SELECT payload->>'chosen_index' AS value FROM system_events
             WHERE event_type = 'slot.parse_success'"
        )
        .await,
        "2"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_free_time_asks_for_time_windows_and_a_moved_on_lead_gets_nothing() {
    let chat = Chat::new().await;
    let lead = pending_lead(&chat).await;
    let booking = booking(&chat);
    let now = chat.clock.at();
    assert_eq!(
        booking
            .offer_basis(lead, OfferCause::Approved, now)
            .await
            .unwrap(),
        None,
        "not approved yet"
    );
    booking
        .approve(lead, by_admin(), BookingMode::Calendar, now)
        .await
        .unwrap();
    let outcome = booking
        .offer_slots(lead, Vec::new(), OfferCause::Approved, 180, now)
        .await
        .unwrap();
    assert_eq!(
        outcome,
        OfferOutcome::NoSlots {
            status: LeadStatus::CollectingTimeWindows
        }
    );
    let again = booking
        .offer_slots(lead, slots_at(now), OfferCause::Refresh, 180, now)
        .await
        .unwrap();
    assert_eq!(
        again,
        OfferOutcome::NotWanted {
            status: LeadStatus::CollectingTimeWindows
        }
    );

    let mut conn = chat.conn().await;
    assert_eq!(count(&mut conn, "slot_offers").await, 0);
    assert_eq!(
        count(
            &mut conn,
            "outbound_messages WHERE kind = 'time_window_request'"
        )
        .await,
        1
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT payload->>'reason' AS value FROM system_events
             WHERE event_type = 'calendar.no_slots_fallback'"
        )
        .await,
        "no_free_slots"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_calendar_falls_back_to_time_windows_and_tells_the_artist() {
    let chat = Chat::new().await;
    let lead = pending_lead(&chat).await;
    let booking = booking(&chat);
    let now = chat.clock.at();
    booking
        .approve(lead, by_admin(), BookingMode::Calendar, now)
        .await
        .unwrap();
    let status = booking
        .calendar_unavailable(lead, "notFound", now)
        .await
        .unwrap();
    assert_eq!(status, LeadStatus::CollectingTimeWindows);
    let mut conn = chat.conn().await;
    assert_eq!(
        count(
            &mut conn,
            "outbound_messages WHERE kind = 'artist.job_failed'"
        )
        .await,
        1
    );
    assert_eq!(
        texts(
            &mut conn,
            "SELECT level || ' ' || event_type AS value FROM system_events
             WHERE event_type LIKE 'calendar.%' ORDER BY id"
        )
        .await,
        [
            "ERROR calendar.freebusy_failure",
            "INFO calendar.no_slots_fallback"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn live_holds_are_busy_and_lapsed_or_released_ones_are_not() {
    let chat = Chat::new().await;
    let lead = LeadId(chat.send(OPENING).await.lead_id.unwrap().0);
    let now = chat.clock.at();
    let mut conn = chat.conn().await;
    // Days 2, 3, 4 and 5 from now: held and live, held but past expiry and grace, confirmed,
    // released.
    for (day, state, expires) in [
        (2, "held", "$2 + interval '1 hour'"),
        (3, "held", "$2 - interval '121 seconds'"),
        (4, "confirmed", "NULL"),
        (5, "released", "NULL"),
    ] {
        let sql = format!(
            "INSERT INTO slot_holds (artist_id, lead_id, session_range, blocked_range, state, expires_at)
             VALUES ('default', $1,
                     tstzrange($2 + interval '{day} days', $2 + interval '{day} days 2 hours'),
                     tstzrange($2 + interval '{day} days' - interval '15 minutes',
                               $2 + interval '{day} days 2 hours 15 minutes'),
                     '{state}', {expires})"
        );
        execute(&mut conn, &sql, lead, now).await;
    }
    let busy = booking(&chat)
        .busy_holds(now, now + TimeDelta::days(21), now)
        .await
        .unwrap();
    let starts: Vec<DateTime<Utc>> = busy.iter().map(|hold| hold.session.start).collect();
    assert_eq!(starts, [now + TimeDelta::days(2), now + TimeDelta::days(4)]);
    assert_eq!(
        busy[0].blocked.start,
        now + TimeDelta::days(2) - TimeDelta::minutes(15)
    );
    let outside = booking(&chat)
        .busy_holds(now + TimeDelta::days(6), now + TimeDelta::days(7), now)
        .await
        .unwrap();
    assert!(outside.is_empty());
}
