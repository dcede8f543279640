//! A whole consultation through `InboundService` over `PgStore` (consultation.md §7, §14): from the
//! opening idea to `PENDING_APPROVAL`, then what the database holds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod conversation_support;

use conversation_support::{ANSWERS, Chat, OPENING, count, text, texts};
use inkdesk_domain::copy::MessageId as Id;
use inkdesk_domain::model::{LeadStatus, QuestionKey, SizeCategory};
use inkdesk_domain::ports::{Begun, Store};

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_consultation_reaches_pending_approval_and_the_database_holds_it() {
    let chat = Chat::new().await;
    let mut client_kinds = chat.send(OPENING).await.client_messages;
    let mut last = None;
    for (body, reply_id) in ANSWERS {
        let outcome = chat.deliver(chat.said(body, reply_id)).await.unwrap();
        client_kinds.extend(outcome.client_messages.iter().copied());
        last = Some(outcome);
    }
    let last = last.unwrap();
    assert_eq!(last.lead_status, Some(LeadStatus::PendingApproval));
    assert_eq!(last.artist_messages, [Id::ARTIST_NEW_LEAD]);
    let expected_client_kinds = [
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
    ];
    assert_eq!(client_kinds, expected_client_kinds);
    let lead = last.lead_id.unwrap().0;
    let mut conn = chat.conn().await;

    // The lead and how it got there.
    assert_eq!(
        text(
            &mut conn,
            &format!("SELECT status AS value FROM leads WHERE id = {lead}")
        )
        .await,
        "PENDING_APPROVAL"
    );
    assert_eq!(
        texts(
            &mut conn,
            &format!(
                "SELECT from_status || '>' || to_status || ' ' || actor AS value
                 FROM status_history WHERE lead_id = {lead} ORDER BY id"
            )
        )
        .await,
        [
            "NEW>QUALIFYING client",
            "QUALIFYING>PENDING_APPROVAL client"
        ]
    );
    assert_eq!(
        text(
            &mut conn,
            &format!(
                "SELECT dimensions_width_cm || 'x' || dimensions_height_cm || ' ' || budget_amount_minor
                        || ' ' || budget_is_range || ' ' || estimated_category || ' ' || location_city
                        || ' ' || region || ' ' || (qualifying_completed_at IS NOT NULL)
                        || ' ' || (pending_approval_at IS NOT NULL) AS value
                 FROM leads WHERE id = {lead}"
            )
        )
        .await,
        "10.00x15.00 40000 true LARGE Leeds UK true true"
    );

    // 13 answers, one per question, in the order asked.
    let keys: Vec<String> = QuestionKey::CONSULTATION
        .iter()
        .map(|key| key.as_str().to_owned())
        .collect();
    assert_eq!(
        texts(
            &mut conn,
            &format!(
                "SELECT question_key AS value FROM answers WHERE lead_id = {lead} ORDER BY id"
            )
        )
        .await,
        keys
    );
    assert_eq!(
        count(&mut conn, "inbound_messages WHERE disposition = 'answer'").await,
        13
    );

    // Every message is one queued row with exactly one queued job that sends it.
    let mut expected_rows: Vec<String> = expected_client_kinds
        .iter()
        .map(|kind| format!("{} client whatsapp.send 1", kind.as_str()))
        .collect();
    expected_rows.push("artist.new_lead artist artist.notify 1".to_owned());
    assert_eq!(
        texts(
            &mut conn,
            "SELECT o.kind || ' ' || o.recipient_role || ' ' || min(j.kind) || ' ' || count(j.id) AS value
             FROM outbound_messages o
             LEFT JOIN jobs j ON (j.payload ->> 'outbound_message_id')::bigint = o.id
                             AND j.state = 'queued' AND j.id = o.job_id
             WHERE o.state = 'queued'
             GROUP BY o.id ORDER BY o.id"
        )
        .await,
        expected_rows
    );
    assert_eq!(count(&mut conn, "outbound_messages").await, 14);
    assert_eq!(
        count(&mut conn, "jobs WHERE kind = 'whatsapp.send'").await,
        13
    );
    assert_eq!(
        count(&mut conn, "jobs WHERE kind = 'artist.notify'").await,
        1
    );
    assert_eq!(
        count(
            &mut conn,
            "jobs WHERE kind = 'sheets.upsert' AND state = 'queued'"
        )
        .await,
        1,
        "the upserts at creation and at completion coalesce"
    );
    assert_eq!(count(&mut conn, "jobs").await, 15);

    // The artist is its own contact; the summary carries two links, stored as hashes only.
    assert_eq!(
        text(
            &mut conn,
            "SELECT c.phone || ' ' || c.is_artist AS value
             FROM outbound_messages o JOIN contacts c ON c.id = o.contact_id
             WHERE o.recipient_role = 'artist'"
        )
        .await,
        "447700900999 true"
    );
    let summary = text(
        &mut conn,
        "SELECT body AS value FROM outbound_messages WHERE kind = 'artist.new_lead'",
    )
    .await;
    assert!(
        summary.contains(&format!("New enquiry #{lead}")),
        "{summary}"
    );
    assert!(summary.contains("https://ink.example.com/a/"), "{summary}");
    assert_eq!(
        texts(
            &mut conn,
            &format!(
                "SELECT action || ' ' || required_status || ' ' || octet_length(token_hash) AS value
                 FROM action_tokens WHERE lead_id = {lead} AND revoked_at IS NULL ORDER BY id"
            )
        )
        .await,
        ["approve PENDING_APPROVAL 32", "reject PENDING_APPROVAL 32"]
    );

    // Read back under lock, the lead is what the conversation built.
    let next = chat.text("thanks!");
    let Begun::Loaded(loaded) = chat.store.begin(next, chat.clock.at()).await.unwrap() else {
        panic!("a new message id is not a duplicate");
    };
    chat.store.rollback(loaded.ticket).await.unwrap();
    let context = &loaded.leads[0];
    let stored = &context.lead;
    assert_eq!(stored.status(), LeadStatus::PendingApproval);
    assert_eq!(context.answers.len(), 13);
    assert_eq!(
        stored
            .interpretation
            .dimensions
            .map(|d| (d.width_centi_cm(), d.height_centi_cm())),
        Some((1000, 1500))
    );
    assert_eq!(
        stored
            .interpretation
            .budget
            .map(|b| (b.amount.amount_minor, b.is_range)),
        Some((40_000, true))
    );
    assert_eq!(
        stored.interpretation.instagram_handle.as_deref(),
        Some("alex.ink")
    );
    let estimate = stored.estimate.as_ref().unwrap();
    assert_eq!(estimate.category, SizeCategory::Large);
    assert_eq!(estimate.deposit.currency.as_str(), "GBP");
    assert!(stored.funnel().qualifying_completed_at.is_some());
    assert_eq!(
        context.recent_client_texts.last().map(String::as_str),
        Some("Next 2-4 weeks")
    );
}
