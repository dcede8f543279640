//! `PgBooking` over the conversation fixtures: a consultation finished through the real
//! `InboundService`, then the booking use cases on the same database.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{ApprovalRequest, slot_request};
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::model::{Actor, LeadId, LeadStatus, SizeCategory};
use inkdesk_domain::parse::Places;
use inkdesk_domain::service::LinkBuilder;
use inkdesk_domain::slots::{Slot, generate_slots};
use inkdesk_postgres::Database;
use inkdesk_postgres::booking::{BookingParts, PgBooking};

use crate::conversation_support::{ANSWERS, Chat, OPENING, rules};

pub fn booking(chat: &Chat) -> PgBooking {
    let tokens = AtomicU64::new(0);
    let parts = BookingParts {
        db: Database::connect_lazy(chat.db.url(), 4).unwrap(),
        rules: Arc::new(rules()),
        catalogue: Arc::new(Catalogue::en_gb()),
        links: LinkBuilder {
            action_base_url: "https://ink.example.com".to_owned(),
            public_base_url: "https://ink.example.com".to_owned(),
            token_lifetime: TimeDelta::days(7),
        },
        places: Arc::new(Places::builtin().with_city("London", Some("United Kingdom"))),
        mint_token: Arc::new(move || {
            let n = tokens.fetch_add(1, Ordering::Relaxed) + 1;
            Ok(format!("{n:B>43}"))
        }),
    };
    PgBooking::new(&chat.store, parts)
}

/// A consultation finished: the lead waits for the artist.
pub async fn pending_lead(chat: &Chat) -> LeadId {
    chat.send(OPENING).await;
    let mut last = None;
    for (body, reply_id) in ANSWERS {
        last = Some(chat.deliver(chat.said(body, reply_id)).await.unwrap());
    }
    let last = last.unwrap();
    assert_eq!(last.lead_status, Some(LeadStatus::PendingApproval));
    last.lead_id.unwrap()
}

pub fn by_admin() -> ApprovalRequest {
    ApprovalRequest::by(Actor::Admin)
}

/// The free slots of the default rules for a MEDIUM piece, from `now`.
pub fn slots_at(now: DateTime<Utc>) -> Vec<Slot> {
    generate_slots(&slot_request(
        &rules(),
        Some(SizeCategory::Medium),
        None,
        now,
    ))
}

pub async fn execute(conn: &mut AsyncPgConnection, sql: &str, lead: LeadId, at: DateTime<Utc>) {
    diesel::sql_query(sql)
        .bind::<BigInt, _>(lead.0)
        .bind::<Timestamptz, _>(at)
        .execute(conn)
        .await
        .unwrap();
}
