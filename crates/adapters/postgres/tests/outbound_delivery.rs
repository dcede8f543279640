//! The gateway's rows on a real Postgres (data-and-ops.md §4.3): loading under the contact's lock,
//! and recording sends, ends and undeliverable contacts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod outbound_fixtures;

use diesel_async::SimpleAsyncConnection;
use inkdesk_domain::consultation::Recipient;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::outbound::{OutboundMode, OutboundState, TemplateMessage};
use inkdesk_postgres::outbound::{
    DeliveryError, EndState, OutboundId, load_for_delivery, mark_contact_undeliverable,
    mark_dry_run_sent, mark_sent, mark_state,
};
use inkdesk_test_support::TestDb;
use outbound_fixtures::{
    NewRow, at, contact, last_bot_message_at, lead, payment, stored, undeliverable_at,
};

fn reply_to_continue() -> TemplateMessage {
    TemplateMessage {
        name: "next_steps_reply_to_continue".to_owned(),
        language: "en_GB".to_owned(),
        params: Vec::new(),
        continue_button: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_row_loads_with_its_contact_lead_and_the_payment_of_a_link() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900123", Some(at(25, 10, 0))).await;
    let lead_id = lead(&mut conn, client).await;
    let paid = payment(&mut conn, lead_id, "paid").await;
    let mut link = NewRow::new(client, Some(lead_id), "deposit_link");
    link.payment_id = Some(paid);
    let link = link.insert(&mut conn).await;
    let mut other = NewRow::new(client, Some(lead_id), "approved");
    other.payment_id = Some(paid);
    let other = other.insert(&mut conn).await;

    let row = load_for_delivery(&conn, link).await.unwrap().unwrap();
    assert_eq!(row.id, link);
    assert_eq!(row.lead_id, Some(lead_id));
    assert_eq!(row.contact.id, client);
    assert_eq!(row.contact.profile_name.as_deref(), Some("Sam Rivers"));
    assert_eq!(row.contact.last_inbound_at, Some(at(25, 10, 0)));
    assert_eq!(row.message.kind, MessageId::DEPOSIT_LINK);
    assert_eq!(row.message.state, OutboundState::Queued);
    assert_eq!(row.message.mode, OutboundMode::Text);
    assert_eq!(row.message.recipient, Recipient::Client);
    assert_eq!(row.body, "Hello Sam");
    assert_eq!(row.payment_status.as_deref(), Some("paid"));
    assert_eq!(row.payment_open(), Some(false));

    let row = load_for_delivery(&conn, other).await.unwrap().unwrap();
    assert_eq!(row.payment_open(), None, "only link kinds carry a payment");
    assert!(
        load_for_delivery(&conn, OutboundId(999_999))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn erased_contacts_and_template_rows_load_as_stored() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900124", None).await;
    conn.batch_execute(
        "UPDATE contacts SET phone = NULL, profile_name = NULL, erased_at = now(),
                             opted_out = true, cooldowns = '{\"future_cooldown\": \"2027-01-01T00:00:00Z\"}'",
    )
    .await
    .unwrap();
    let mut row = NewRow::new(client, None, "slot_offer");
    row.mode = "template";
    row.template_name = Some("next_steps_reply_to_continue");
    row.template_params = Some(reply_to_continue().stored_params());
    let id = row.insert(&mut conn).await;

    let loaded = load_for_delivery(&conn, id).await.unwrap().unwrap();
    assert_eq!(loaded.contact.phone, None);
    assert!(loaded.contact.erased_at.is_some());
    assert!(loaded.contact.is_opted_out());
    assert_eq!(loaded.message.mode, OutboundMode::Template);
    assert_eq!(loaded.message.template, Some(reply_to_continue()));
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_holds_the_contact_and_the_row_until_the_transaction_ends() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let mut other = db.connect().await;
    let client = contact(&mut conn, "447700900125", None).await;
    let id = NewRow::new(client, None, "q.idea").insert(&mut conn).await;

    conn.batch_execute("BEGIN").await.unwrap();
    load_for_delivery(&conn, id).await.unwrap().unwrap();
    let contact_busy = other
        .batch_execute(&format!(
            "SELECT 1 FROM contacts WHERE id = {} FOR UPDATE NOWAIT",
            client.0
        ))
        .await;
    assert!(contact_busy.is_err());
    let row_busy = other
        .batch_execute(&format!(
            "SELECT 1 FROM outbound_messages WHERE id = {} FOR UPDATE NOWAIT",
            id.0
        ))
        .await;
    assert!(row_busy.is_err());
    conn.batch_execute("COMMIT").await.unwrap();
    other
        .batch_execute(&format!(
            "SELECT 1 FROM contacts WHERE id = {} FOR UPDATE NOWAIT",
            client.0
        ))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_send_is_recorded_on_the_row_and_for_client_messages_on_the_lead() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900126", None).await;
    let lead_id = lead(&mut conn, client).await;
    let question = NewRow::new(client, Some(lead_id), "q.idea")
        .insert(&mut conn)
        .await;
    let notice = NewRow::new(client, Some(lead_id), "artist.new_lead")
        .insert(&mut conn)
        .await;
    let dry = NewRow::new(client, Some(lead_id), "q.style")
        .insert(&mut conn)
        .await;

    assert!(
        mark_sent(&conn, question, "wamid.A", at(25, 12, 0))
            .await
            .unwrap()
    );
    let row = stored(&mut conn, question).await;
    assert_eq!(row.state, "sent");
    assert_eq!(row.provider_message_id.as_deref(), Some("wamid.A"));
    assert_eq!(row.sent_at, Some(at(25, 12, 0)));
    assert_eq!(
        last_bot_message_at(&mut conn, lead_id).await,
        Some(at(25, 12, 0))
    );

    // Artist notifications are not the bot talking to the client.
    mark_sent(&conn, notice, "wamid.B", at(25, 13, 0))
        .await
        .unwrap();
    assert_eq!(
        last_bot_message_at(&mut conn, lead_id).await,
        Some(at(25, 12, 0))
    );

    mark_dry_run_sent(&mut conn, dry, at(25, 11, 0))
        .await
        .unwrap();
    let row = stored(&mut conn, dry).await;
    assert_eq!(row.provider_message_id, Some(format!("dryrun.{}", dry.0)));
    assert_eq!(row.state, "sent");
    assert_eq!(
        last_bot_message_at(&mut conn, lead_id).await,
        Some(at(25, 12, 0)),
        "an older send never moves the clock back"
    );
    assert!(
        !mark_sent(&conn, OutboundId(999_999), "wamid.C", at(25, 12, 0))
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_queued_row_ends_in_the_given_state_once() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900127", None).await;
    let now = at(25, 12, 0);
    for state in [
        EndState::BlockedOptOut,
        EndState::SkippedWindowClosed,
        EndState::Cancelled,
    ] {
        let id = NewRow::new(client, None, "q.idea").insert(&mut conn).await;
        assert!(mark_state(&mut conn, id, state, None, now).await.unwrap());
        let row = stored(&mut conn, id).await;
        assert_eq!(row.state, state.state().as_str());
        assert_eq!((row.failed_at, row.error_code), (None, None));
    }

    let id = NewRow::new(client, None, "slot_held")
        .insert(&mut conn)
        .await;
    let error = DeliveryError {
        code: Some(131_009),
        title: Some("Parameter value is not valid".to_owned()),
        details: Some("x".repeat(700)),
    };
    assert!(
        mark_state(&mut conn, id, EndState::Failed, Some(&error), now)
            .await
            .unwrap()
    );
    let row = stored(&mut conn, id).await;
    assert_eq!(row.state, "failed");
    assert_eq!(row.failed_at, Some(now));
    assert_eq!(row.error_code, Some(131_009));
    assert_eq!(
        row.error_title.as_deref(),
        Some("Parameter value is not valid")
    );
    assert_eq!(row.error_details.map(|d| d.chars().count()), Some(500));

    assert!(
        !mark_state(&mut conn, id, EndState::Cancelled, None, now)
            .await
            .unwrap()
    );
    assert_eq!(stored(&mut conn, id).await.state, "failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undeliverable_contact_is_stamped() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let client = contact(&mut conn, "447700900128", None).await;
    assert!(
        mark_contact_undeliverable(&mut conn, client, at(25, 12, 0))
            .await
            .unwrap()
    );
    assert_eq!(
        undeliverable_at(&mut conn, client).await,
        Some(at(25, 12, 0))
    );
}
