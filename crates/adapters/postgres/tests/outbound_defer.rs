//! Content held back while the window is closed, on a real Postgres (data-and-ops.md §4.3 step 5):
//! the domain's plan over a loaded row, template stand-ins with their jobs, and deferral without one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod outbound_fixtures;

use chrono::{TimeDelta, Utc};
use diesel_async::{AsyncConnection, SimpleAsyncConnection};
use inkdesk_domain::outbound::{
    ArtistNotifications, DeliveryInput, DeliveryPlan, TemplateFacts, TemplateMessage, plan_delivery,
};
use inkdesk_domain::rules::Templates;
use inkdesk_postgres::outbound::{defer_with_template, defer_without_template, load_for_delivery};
use inkdesk_test_support::TestDb;
use outbound_fixtures::{NewRow, at, contact, events, jobs, lead, other_rows, stored};
use serde_json::json;

fn reply_to_continue() -> TemplateMessage {
    TemplateMessage {
        name: "next_steps_reply_to_continue".to_owned(),
        language: "en_GB".to_owned(),
        params: Vec::new(),
        continue_button: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_window_defers_the_content_behind_a_template_row_and_its_job() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(
        &mut conn,
        "447700900129",
        Some(Utc::now() - TimeDelta::hours(30)),
    )
    .await;
    let lead_id = lead(&mut conn, client).await;
    let content = NewRow::new(client, Some(lead_id), "approved")
        .insert(&mut conn)
        .await;

    let now = Utc::now();
    let templates = Templates::default();
    let facts = TemplateFacts::default();
    let stand_in = conn
        .transaction::<_, inkdesk_postgres::DbError, _>(async |conn| {
            let row = load_for_delivery(conn, content).await?.unwrap();
            let input = DeliveryInput {
                message: &row.message,
                contact: &row.contact,
                payment_open: row.payment_open(),
                dry_run: false,
                artist_notifications: ArtistNotifications {
                    enabled: true,
                    artist_number_configured: true,
                },
                templates: &templates,
                facts: &facts,
                window_safety_margin: TimeDelta::seconds(60),
                now,
            };
            let DeliveryPlan::SendTemplateInstead(template) = plan_delivery(&input) else {
                panic!("expected the template path");
            };
            Ok(defer_with_template(conn, content, &template, now)
                .await?
                .unwrap())
        })
        .await
        .unwrap();

    let row = stored(&mut conn, content).await;
    assert_eq!(row.state, "deferred");
    assert!(row.deferred_at.is_some());
    let template_row = stored(&mut conn, stand_in).await;
    assert_eq!(template_row.mode, "template");
    assert_eq!(template_row.state, "queued");
    assert_eq!(template_row.kind, "approved");
    assert_eq!(template_row.stands_in_for, Some(content.0));
    assert_eq!(
        template_row.template_name.as_deref(),
        Some("next_steps_reply_to_continue")
    );
    assert_eq!(
        template_row.template_params,
        Some(reply_to_continue().stored_params())
    );
    assert_eq!(template_row.body, "next_steps_reply_to_continue");

    let queued = jobs(&mut conn).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "whatsapp.send");
    assert_eq!(
        queued[0].payload,
        json!({ "outbound_message_id": stand_in.0 })
    );
    assert_eq!(
        queued[0].ordering_key,
        Some(format!("contact:{}", client.0))
    );
    assert_eq!(queued[0].lead_id, Some(lead_id.0));
    assert_eq!(template_row.job_id, Some(queued[0].id));

    let logged = events(&mut conn).await;
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].event_type, "template.fallback_used");
    assert_eq!(logged[0].level, "INFO");
    let payload = logged[0].payload.clone().unwrap();
    assert_eq!(payload["kind"], "approved");
    assert_eq!(payload["template_name"], "next_steps_reply_to_continue");

    // The loaded template row itself goes out as its stored template.
    let loaded = load_for_delivery(&conn, stand_in).await.unwrap().unwrap();
    assert_eq!(loaded.message.template, Some(reply_to_continue()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_who_has_not_written_since_is_asked_to_reply_once() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let wrote = Utc::now() - TimeDelta::hours(30);
    let client = contact(&mut conn, "447700900130", Some(wrote)).await;
    let first = NewRow::new(client, None, "approved")
        .insert(&mut conn)
        .await;
    let second = NewRow::new(client, None, "slot_offer")
        .insert(&mut conn)
        .await;
    let now = Utc::now();

    let stand_in = defer_with_template(&mut conn, first, &reply_to_continue(), now)
        .await
        .unwrap();
    let again = defer_with_template(&mut conn, second, &reply_to_continue(), now)
        .await
        .unwrap();
    assert_eq!(again, stand_in);
    assert_eq!(stored(&mut conn, second).await.state, "deferred");
    assert_eq!(jobs(&mut conn).await.len(), 1);
    assert_eq!(
        other_rows(&mut conn, client, first).await,
        vec![second, stand_in.unwrap()]
    );

    // Once the client has written again, the next deferral asks again.
    conn.batch_execute("UPDATE contacts SET last_inbound_received_at = now()")
        .await
        .unwrap();
    let later = NewRow::new(client, None, "resumed").insert(&mut conn).await;
    let asked_again = defer_with_template(&mut conn, later, &reply_to_continue(), now)
        .await
        .unwrap();
    assert!(asked_again.is_some() && asked_again != stand_in);
    assert_eq!(jobs(&mut conn).await.len(), 2);

    // A different template (here: different parameters) is news and goes out.
    let third = NewRow::new(client, None, "payment_received_pending")
        .insert(&mut conn)
        .await;
    let payment_received = TemplateMessage {
        name: "deposit_received_next_steps".to_owned(),
        params: vec!["Sam".to_owned()],
        ..reply_to_continue()
    };
    let other = defer_with_template(&mut conn, third, &payment_received, now)
        .await
        .unwrap();
    assert!(other.is_some() && other != asked_again);
    assert_eq!(jobs(&mut conn).await.len(), 3);

    // Only queued (or just failed) content can be deferred.
    let sent = NewRow::new(client, None, "approved")
        .sent_as("wamid.X")
        .insert(&mut conn)
        .await;
    assert_eq!(
        defer_with_template(&mut conn, sent, &reply_to_continue(), now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(stored(&mut conn, sent).await.state, "sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn content_without_a_configured_template_is_deferred_with_a_warning() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900131", None).await;
    let id = NewRow::new(client, None, "booking_moved")
        .insert(&mut conn)
        .await;

    assert!(
        defer_without_template(&mut conn, id, at(25, 12, 0))
            .await
            .unwrap()
    );
    let row = stored(&mut conn, id).await;
    assert_eq!(row.state, "deferred");
    assert_eq!(row.deferred_at, Some(at(25, 12, 0)));
    assert!(jobs(&mut conn).await.is_empty());
    let logged = events(&mut conn).await;
    assert_eq!(
        logged[0].event_type,
        "whatsapp.template_not_configured.booking_moved"
    );
    assert_eq!(logged[0].level, "WARN");
    assert_eq!(logged[0].payload.clone().unwrap()["kind"], "booking_moved");

    assert!(
        !defer_without_template(&mut conn, id, at(25, 12, 0))
            .await
            .unwrap()
    );
}
