//! Two server processes on one database: 200 queued sends, each delivered exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod delivery_fixtures;
mod support;

use std::collections::BTreeMap;

use delivery_fixtures::{Harness, NewContact, NewMessage};

#[tokio::test(flavor = "multi_thread")]
async fn two_servers_deliver_each_of_200_queued_messages_exactly_once() {
    let mut harness = Harness::start().await;
    for n in 0..200 {
        // 40 contacts with five messages each, so ordering keys interleave across replicas.
        let phone: &'static str = Box::leak(format!("4477009{:05}", n % 40).into_boxed_str());
        let contact = if n < 40 {
            NewContact::client()
                .phone(phone)
                .insert(&mut harness.conn)
                .await
        } else {
            contact_id(&mut harness, phone).await
        };
        let mut message = NewMessage::text(contact, None, "ask_question");
        message.body = format!("message number {n}");
        message.queue(&mut harness.conn).await;
    }

    let graph_url = harness.fake.base_url();
    let replicas: Vec<String> = (0..2)
        .map(|_| support::spawn_with(support::settings(harness.db.url(), Some(&graph_url)), true))
        .collect();
    assert_eq!(replicas.len(), 2);
    harness.settle(false).await;

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for request in harness.fake.sent_messages() {
        let body = request.body.unwrap();
        let text = body["text"]["body"].as_str().unwrap().to_owned();
        *seen.entry(text).or_default() += 1;
    }
    assert_eq!(seen.len(), 200, "every message was sent");
    assert!(seen.values().all(|&n| n == 1), "no message was sent twice");
    assert_eq!(
        support::count(
            &harness.db,
            "SELECT count(*) FROM outbound_messages WHERE state = 'sent'"
        )
        .await,
        200
    );
}

async fn contact_id(harness: &mut Harness, phone: &str) -> inkdesk_domain::model::ContactId {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let row: Id = diesel::sql_query("SELECT id FROM contacts WHERE phone = $1")
        .bind::<diesel::sql_types::Text, _>(phone)
        .get_result(&mut harness.conn)
        .await
        .unwrap();
    inkdesk_domain::model::ContactId(row.id)
}
