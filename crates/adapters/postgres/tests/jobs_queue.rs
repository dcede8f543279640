//! The job queue on a real Postgres: enqueue, dedupe, ordering, claims, outcomes and dead letters
//! (data-and-ops.md §4.1).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use chrono::Utc;
use common::{events, exact_queue, job, job_count, lead, make_due, queue};
use diesel::result::Error as DieselError;
use diesel_async::AsyncConnection;
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_domain::provider::ProviderError;
use inkdesk_postgres::jobs::{Completed, JobKind, NewJob, Outcome};
use inkdesk_postgres::{DbError, enqueue};
use inkdesk_test_support::TestDb;
use serde_json::json;

const LEASE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn an_enqueued_job_is_claimed_once_and_succeeds() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);

    let new = NewJob::whatsapp_send(11, ContactId(4))
        .for_lead(LeadId(9))
        .correlated("req-abc");
    let id = conn
        .transaction::<_, DbError, _>(async |conn| enqueue(conn, &new).await)
        .await
        .unwrap();

    let claimed = queue.claim("worker-1", 10, LEASE).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let claimed = &claimed[0];
    assert_eq!(claimed.id, id);
    assert_eq!(claimed.kind, JobKind::WhatsappSend);
    assert_eq!(claimed.payload, json!({ "outbound_message_id": 11 }));
    assert_eq!((claimed.attempt, claimed.max_attempts), (1, 8));
    assert_eq!(claimed.lead_id, Some(LeadId(9)));
    assert_eq!(claimed.correlation_id.as_deref(), Some("req-abc"));
    assert_eq!(claimed.locked_by, "worker-1");
    let lease_left = claimed.lease_expires_at - Utc::now();
    assert!(lease_left > chrono::Duration::seconds(50), "{lease_left}");

    let row = job(&mut conn, id).await;
    assert_eq!((row.state.as_str(), row.attempts), ("running", 1));
    assert!(queue.claim("worker-2", 10, LEASE).await.unwrap().is_empty());

    assert!(queue.extend_lease(claimed, LEASE).await.unwrap());
    let done = queue.complete(claimed, &Outcome::Succeeded).await.unwrap();
    assert_eq!(done, Completed::Succeeded);
    let row = job(&mut conn, id).await;
    assert_eq!(row.state, "succeeded");
    assert!(row.finished_at.is_some() && row.lease_expires_at.is_none());
    assert!(queue.claim("worker-1", 10, LEASE).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rolled_back_business_transaction_leaves_no_job() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let result = conn
        .transaction::<(), DbError, _>(async |conn| {
            enqueue(conn, &NewJob::slots_offer(LeadId(3), "approved")).await?;
            Err(DieselError::RollbackTransaction.into())
        })
        .await;
    assert!(result.is_err());
    assert_eq!(job_count(&mut conn).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dedupe_key_reuses_the_queued_job_and_keeps_the_earlier_run_time() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let in_an_hour = Utc::now() + chrono::Duration::hours(1);
    let in_ten_minutes = Utc::now() + chrono::Duration::minutes(10);

    let upsert = NewJob::sheets_upsert(LeadId(5), "sheet-A");
    let first = enqueue(&conn, &upsert.clone().not_before(in_an_hour))
        .await
        .unwrap();
    let sooner = enqueue(&conn, &upsert.clone().not_before(in_ten_minutes))
        .await
        .unwrap();
    let later = enqueue(&conn, &upsert.clone().not_before(in_an_hour))
        .await
        .unwrap();
    assert_eq!((sooner, later), (first, first));
    assert_eq!(job_count(&mut conn).await, 1);
    let run_at = job(&mut conn, first).await.run_at;
    assert!(
        (run_at - in_ten_minutes).num_milliseconds().abs() < 1,
        "{run_at}"
    );

    // Another lead's upsert is a different job.
    let other = enqueue(&conn, &NewJob::sheets_upsert(LeadId(6), "sheet-A"))
        .await
        .unwrap();
    assert_ne!(other, first);

    // A running job does not absorb a new one: the latest state is written once more.
    make_due(&mut conn, first).await;
    let claimed = queue.claim("w", 1, LEASE).await.unwrap();
    assert_eq!(claimed[0].id, first);
    let again = enqueue(&conn, &upsert).await.unwrap();
    assert_ne!(again, first);

    // The running one then fails and is due a retry, but the queued one already covers it.
    let failed = Outcome::Failed(ProviderError::retryable("503", None));
    let done = queue.complete(&claimed[0], &failed).await.unwrap();
    assert_eq!(done, Completed::Superseded);
    let row = job(&mut conn, first).await;
    assert_eq!(row.state, "cancelled");
    assert_eq!(row.last_error_class.as_deref(), Some("retryable"));
    assert_eq!(job(&mut conn, again).await.state, "queued");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ordering_key_holds_later_jobs_until_the_earlier_one_finishes() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = exact_queue(&db);
    let first = enqueue(&conn, &NewJob::whatsapp_send(1, ContactId(7)))
        .await
        .unwrap();
    let second = enqueue(&conn, &NewJob::whatsapp_send(2, ContactId(7)))
        .await
        .unwrap();
    let elsewhere = enqueue(&conn, &NewJob::whatsapp_send(3, ContactId(8)))
        .await
        .unwrap();

    let claimed = queue.claim("w1", 10, LEASE).await.unwrap();
    let ids: Vec<_> = claimed.iter().map(|job| job.id).collect();
    assert_eq!(ids, vec![first, elsewhere]);
    assert!(queue.claim("w2", 10, LEASE).await.unwrap().is_empty());

    // A retry keeps the line: the second message still waits behind the first.
    let failed = Outcome::Failed(ProviderError::retryable("500", None));
    queue.complete(&claimed[0], &failed).await.unwrap();
    assert!(queue.claim("w2", 10, LEASE).await.unwrap().is_empty());

    make_due(&mut conn, first).await;
    let retried = queue.claim("w2", 10, LEASE).await.unwrap();
    assert_eq!(retried.len(), 1);
    assert_eq!((retried[0].id, retried[0].attempt), (first, 2));
    queue
        .complete(&retried[0], &Outcome::Succeeded)
        .await
        .unwrap();

    let next = queue.claim("w2", 10, LEASE).await.unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].id, second);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retryable_failure_backs_off_within_the_jitter_range() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let id = enqueue(&conn, &NewJob::whatsapp_send(1, ContactId(1)))
        .await
        .unwrap();
    let claimed = queue.claim("w", 1, LEASE).await.unwrap();

    let failed = Outcome::Failed(ProviderError::retryable("timeout", None));
    let done = queue.complete(&claimed[0], &failed).await.unwrap();
    let Completed::Retrying { run_at } = done else {
        panic!("expected a retry, got {done:?}");
    };
    let row = job(&mut conn, id).await;
    assert_eq!(row.state, "queued");
    assert_eq!(row.run_at, run_at);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.locked_by, None);
    assert_eq!(row.last_error_class.as_deref(), Some("retryable"));
    assert!(row.last_error.unwrap().contains("timeout"));
    // whatsapp.send: base 5 s, first retry → between 2.5 s and 5 s after the failure was recorded.
    let delay = (row.run_at - row.updated_at).num_milliseconds();
    assert!((2500..=5000).contains(&delay), "delay {delay} ms");
    assert!(queue.claim("w", 1, LEASE).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_is_respected_and_the_step_grows_per_attempt() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = exact_queue(&db);
    let id = enqueue(&conn, &NewJob::media_fetch(LeadId(1), 77))
        .await
        .unwrap();

    // media.fetch: base 120 s; the provider asks for 10 minutes, which wins.
    let claimed = queue.claim("w", 1, LEASE).await.unwrap();
    let throttled = ProviderError::retryable("429", Some(Duration::from_secs(600)));
    queue
        .complete(&claimed[0], &Outcome::Failed(throttled))
        .await
        .unwrap();
    let row = job(&mut conn, id).await;
    assert_eq!((row.run_at - row.updated_at).num_seconds(), 600);

    // Second attempt, no Retry-After: d = 240 s, and the pinned jitter takes the top of the range.
    make_due(&mut conn, id).await;
    let claimed = queue.claim("w", 1, LEASE).await.unwrap();
    let failed = Outcome::Failed(ProviderError::retryable("503", None));
    queue.complete(&claimed[0], &failed).await.unwrap();
    let row = job(&mut conn, id).await;
    assert_eq!((row.run_at - row.updated_at).num_seconds(), 240);
}

#[tokio::test(flavor = "multi_thread")]
async fn exhausted_retries_dead_letter_with_an_error_event() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let lead = lead(&mut conn).await;
    let new = NewJob::media_fetch(lead, 5).correlated("req-dead");
    let id = enqueue(&conn, &new).await.unwrap();

    let failed = Outcome::Failed(ProviderError::retryable("503", None));
    for attempt in 1..=5 {
        make_due(&mut conn, id).await;
        let claimed = queue.claim("w", 1, LEASE).await.unwrap();
        assert_eq!(claimed[0].attempt, attempt);
        let done = queue.complete(&claimed[0], &failed).await.unwrap();
        if attempt < 5 {
            assert!(matches!(done, Completed::Retrying { .. }), "{done:?}");
        } else {
            assert_eq!(done, Completed::DeadLettered);
        }
    }
    let row = job(&mut conn, id).await;
    assert_eq!((row.state.as_str(), row.attempts), ("dead", 5));
    assert!(row.finished_at.is_some());
    make_due(&mut conn, id).await;
    assert!(queue.claim("w", 1, LEASE).await.unwrap().is_empty());

    let dead = events(&mut conn, "job.dead_lettered").await;
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].level, "ERROR");
    assert_eq!(dead[0].lead_id, Some(lead.0));
    assert_eq!(dead[0].correlation_id.as_deref(), Some("req-dead"));
    assert_eq!(
        dead[0].payload,
        Some(json!({
            "job_id": id.0,
            "kind": "media.fetch",
            "lead_id": lead.0,
            "attempts": 5,
            "error_class": "retryable",
            "error_code": "503",
            "correlation_id": "req-dead",
        }))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn permanent_and_auth_failures_dead_letter_at_once() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let bad_request = enqueue(&conn, &NewJob::whatsapp_send(1, ContactId(1)))
        .await
        .unwrap();
    let bad_token = enqueue(&conn, &NewJob::stripe_expire_session(LeadId(404), 3))
        .await
        .unwrap();
    let claimed = queue.claim("w", 10, LEASE).await.unwrap();
    assert_eq!(claimed.len(), 2);

    let permanent = Outcome::Failed(ProviderError::permanent("131026"));
    let auth = Outcome::Failed(ProviderError::auth_broken("190"));
    assert_eq!(
        queue.complete(&claimed[0], &permanent).await.unwrap(),
        Completed::DeadLettered
    );
    assert_eq!(
        queue.complete(&claimed[1], &auth).await.unwrap(),
        Completed::DeadLettered
    );
    let row = job(&mut conn, bad_request).await;
    assert_eq!((row.state.as_str(), row.attempts), ("dead", 1));
    assert_eq!(row.last_error_class.as_deref(), Some("permanent"));
    assert_eq!(job(&mut conn, bad_token).await.state, "dead");

    let dead = events(&mut conn, "job.dead_lettered").await;
    assert_eq!(dead.len(), 2);
    // Lead 404 does not exist: the event keeps it in the payload and leaves the link column empty.
    assert_eq!(dead[1].lead_id, None);
    let payload = dead[1].payload.as_ref().unwrap();
    assert_eq!(payload["lead_id"], 404);
    assert_eq!(payload["error_class"], "auth_broken");
    assert_eq!(payload["error_code"], "190");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_whose_purpose_is_gone_finishes_cancelled() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let id = enqueue(&conn, &NewJob::whatsapp_send(1, ContactId(1)))
        .await
        .unwrap();
    let claimed = queue.claim("w", 1, LEASE).await.unwrap();
    let done = queue
        .complete(&claimed[0], &Outcome::Cancelled)
        .await
        .unwrap();
    assert_eq!(done, Completed::Cancelled);
    assert_eq!(done.metric_outcome(), Some("cancelled"));
    assert_eq!(job(&mut conn, id).await.state, "cancelled");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_future_job_waits_and_the_inline_path_claims_its_own_job() {
    let db = TestDb::fresh().await;
    let conn = db.connect().await;
    let queue = queue(&db);
    let later = Utc::now() + chrono::Duration::minutes(5);
    let future = enqueue(
        &conn,
        &NewJob::whatsapp_send(1, ContactId(1)).not_before(later),
    )
    .await
    .unwrap();
    let mine = enqueue(&conn, &NewJob::stripe_create_checkout(LeadId(2), 8))
        .await
        .unwrap();
    let other = enqueue(&conn, &NewJob::whatsapp_send(2, ContactId(2)))
        .await
        .unwrap();

    assert!(
        queue
            .claim_job(future, "req", LEASE)
            .await
            .unwrap()
            .is_none()
    );
    let claimed = queue.claim_job(mine, "req", LEASE).await.unwrap().unwrap();
    assert_eq!(claimed.id, mine);
    assert!(queue.claim_job(mine, "req", LEASE).await.unwrap().is_none());

    let rest = queue.claim("w", 10, LEASE).await.unwrap();
    assert_eq!(
        rest.iter().map(|job| job.id).collect::<Vec<_>>(),
        vec![other]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn claiming_by_kind_leaves_other_kinds_queued() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let send = NewJob::whatsapp_send(1, ContactId(1));
    let sheet = NewJob::sheets_upsert(LeadId(2), "sheet-1");
    conn.transaction::<_, DbError, _>(async |conn| {
        enqueue(conn, &send).await?;
        enqueue(conn, &sheet).await
    })
    .await
    .unwrap();

    let claimed = queue
        .claim_kinds("w", 10, LEASE, &[JobKind::SheetsUpsert])
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].kind, JobKind::SheetsUpsert);
    let rest = queue.claim("w", 10, LEASE).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].kind, JobKind::WhatsappSend);
}
