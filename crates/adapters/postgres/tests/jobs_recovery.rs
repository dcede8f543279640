//! Getting jobs going again: the lease reaper, operator re-queues, and the depth gauges
//! (data-and-ops.md §4.1.3 and §4.1.6, http-api.md §5.20).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{events, expire_lease, job, lead, make_due, queue};
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_domain::provider::ProviderError;
use inkdesk_postgres::enqueue;
use inkdesk_postgres::jobs::{
    Completed, JobId, JobKind, NewJob, Outcome, RequeueReport, RequeueSelection, RetriableState,
};
use inkdesk_test_support::TestDb;
use serde_json::json;

const LEASE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_lease_returns_the_job_and_the_old_holder_loses_it() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let lead = lead(&mut conn).await;
    let id = enqueue(
        &conn,
        &NewJob::slots_offer(lead, "approved").correlated("req-1"),
    )
    .await
    .unwrap();
    let stale = queue.claim("crashed", 1, LEASE).await.unwrap().remove(0);
    assert!(queue.reap_expired_leases().await.unwrap().is_empty());

    expire_lease(&mut conn, id).await;
    let reaped = queue.reap_expired_leases().await.unwrap();
    assert_eq!(reaped.len(), 1);
    assert_eq!((reaped[0].id, reaped[0].requeued), (id, true));
    let row = job(&mut conn, id).await;
    assert_eq!((row.state.as_str(), row.attempts), ("queued", 1));
    assert_eq!(row.locked_by, None);
    assert_eq!(row.last_error_class.as_deref(), Some("lease_expired"));

    let warned = events(&mut conn, "job.lease_expired").await;
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0].level, "WARN");
    assert_eq!(warned[0].lead_id, Some(lead.0));
    assert_eq!(
        warned[0].payload,
        Some(json!({ "job_id": id.0, "kind": "slots.offer", "correlation_id": "req-1" }))
    );

    // Due at once; whoever claims it next owns it, and the vanished worker can no longer settle it.
    let fresh = queue.claim("healthy", 1, LEASE).await.unwrap().remove(0);
    assert_eq!((fresh.id, fresh.attempt), (id, 2));
    assert!(!queue.extend_lease(&stale, LEASE).await.unwrap());
    assert_eq!(
        queue.complete(&stale, &Outcome::Succeeded).await.unwrap(),
        Completed::LeaseLost
    );
    assert_eq!(job(&mut conn, id).await.state, "running");
    queue.complete(&fresh, &Outcome::Succeeded).await.unwrap();
    assert_eq!(job(&mut conn, id).await.state, "succeeded");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_lease_on_the_last_attempt_dead_letters() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let id = enqueue(&conn, &NewJob::media_fetch(LeadId(1), 3))
        .await
        .unwrap();
    let retry = Outcome::Failed(ProviderError::retryable("503", None));
    for _ in 1..5 {
        make_due(&mut conn, id).await;
        let claimed = queue.claim("w", 1, LEASE).await.unwrap().remove(0);
        queue.complete(&claimed, &retry).await.unwrap();
    }
    make_due(&mut conn, id).await;
    let last = queue.claim("w", 1, LEASE).await.unwrap().remove(0);
    assert_eq!(last.attempt, 5);
    expire_lease(&mut conn, id).await;

    let reaped = queue.reap_expired_leases().await.unwrap();
    assert_eq!(reaped.len(), 1);
    assert!(!reaped[0].requeued);
    assert_eq!(job(&mut conn, id).await.state, "dead");
    let dead = events(&mut conn, "job.dead_lettered").await;
    assert_eq!(dead.len(), 1);
    let payload = dead[0].payload.as_ref().unwrap();
    assert_eq!(payload["error_class"], "lease_expired");
    assert_eq!(payload["error_code"], serde_json::Value::Null);
    assert_eq!(events(&mut conn, "job.lease_expired").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reaped_job_whose_dedupe_key_was_requeued_meanwhile_gives_way() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let first = enqueue(&conn, &NewJob::sheets_upsert(LeadId(1), "s"))
        .await
        .unwrap();
    queue.claim("crashed", 1, LEASE).await.unwrap();
    let newer = enqueue(&conn, &NewJob::sheets_upsert(LeadId(1), "s"))
        .await
        .unwrap();
    expire_lease(&mut conn, first).await;

    let reaped = queue.reap_expired_leases().await.unwrap();
    assert_eq!((reaped[0].id, reaped[0].requeued), (first, false));
    assert_eq!(job(&mut conn, first).await.state, "cancelled");
    assert_eq!(job(&mut conn, newer).await.state, "queued");
}

#[tokio::test(flavor = "multi_thread")]
async fn dead_jobs_are_requeued_with_fresh_attempts() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let dead = enqueue(&conn, &NewJob::whatsapp_send(1, ContactId(1)))
        .await
        .unwrap();
    let succeeded = enqueue(&conn, &NewJob::whatsapp_send(2, ContactId(2)))
        .await
        .unwrap();
    let claimed = queue.claim("w", 10, LEASE).await.unwrap();
    let permanent = Outcome::Failed(ProviderError::permanent("100"));
    queue.complete(&claimed[0], &permanent).await.unwrap();
    queue
        .complete(&claimed[1], &Outcome::Succeeded)
        .await
        .unwrap();

    let selection = RequeueSelection::Jobs(vec![dead, succeeded, JobId(999_999)]);
    let report = queue
        .requeue_dead(&selection, Some("admin-req"))
        .await
        .unwrap();
    assert_eq!(
        report,
        RequeueReport {
            retried: vec![dead],
            skipped: 2
        }
    );
    let row = job(&mut conn, dead).await;
    assert_eq!((row.state.as_str(), row.attempts), ("queued", 0));
    assert_eq!(row.finished_at, None);
    assert_eq!(job(&mut conn, succeeded).await.state, "succeeded");

    let requeued = events(&mut conn, "job.requeued").await;
    assert_eq!(requeued.len(), 1);
    assert_eq!(requeued[0].level, "INFO");
    assert_eq!(requeued[0].correlation_id.as_deref(), Some("admin-req"));

    let again = queue.claim("w", 10, LEASE).await.unwrap();
    assert_eq!((again[0].id, again[0].attempt), (dead, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn requeue_by_filter_skips_jobs_a_queued_twin_already_covers() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    let queue = queue(&db);
    let permanent = Outcome::Failed(ProviderError::permanent("400"));
    let mut dead = Vec::new();
    for payment in [1, 2] {
        let id = enqueue(&conn, &NewJob::stripe_expire_session(LeadId(1), payment))
            .await
            .unwrap();
        let claimed = queue.claim("w", 1, LEASE).await.unwrap().remove(0);
        queue.complete(&claimed, &permanent).await.unwrap();
        dead.push(id);
    }
    let other_kind = enqueue(&conn, &NewJob::media_fetch(LeadId(1), 4))
        .await
        .unwrap();
    let claimed = queue.claim("w", 1, LEASE).await.unwrap().remove(0);
    queue.complete(&claimed, &permanent).await.unwrap();
    // Payment 2's session expiry was enqueued again since; re-queuing the dead one would duplicate it.
    let twin = enqueue(&conn, &NewJob::stripe_expire_session(LeadId(1), 2))
        .await
        .unwrap();

    let selection = RequeueSelection::Matching {
        state: RetriableState::Dead,
        kind: Some(JobKind::StripeExpireSession),
        lead_id: None,
        limit: 50,
    };
    let report = queue.requeue_dead(&selection, None).await.unwrap();
    assert_eq!(report.retried, vec![dead[0]]);
    assert_eq!(report.skipped, 1);
    assert_eq!(job(&mut conn, dead[1]).await.state, "dead");
    assert_eq!(job(&mut conn, twin).await.state, "queued");
    assert_eq!(job(&mut conn, other_kind).await.state, "dead");
}

#[tokio::test(flavor = "multi_thread")]
async fn queue_depth_counts_every_kind() {
    let db = TestDb::fresh().await;
    let conn = db.connect().await;
    let queue = queue(&db);
    let idle = queue.queue_depth().await.unwrap();
    assert_eq!(idle.per_kind.len(), JobKind::ALL.len());
    assert!(
        idle.per_kind
            .iter()
            .all(|d| d.queued == 0 && d.running == 0)
    );
    assert_eq!(idle.oldest_due_age, None);

    for contact in [1, 2, 3] {
        enqueue(&conn, &NewJob::whatsapp_send(contact, ContactId(contact)))
            .await
            .unwrap();
    }
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    enqueue(&conn, &NewJob::media_fetch(LeadId(1), 1).not_before(later))
        .await
        .unwrap();
    queue.claim("w", 1, LEASE).await.unwrap();

    let depth = queue.queue_depth().await.unwrap();
    let of = |kind| depth.per_kind.iter().find(|d| d.kind == kind).unwrap();
    assert_eq!(
        (
            of(JobKind::WhatsappSend).queued,
            of(JobKind::WhatsappSend).running
        ),
        (2, 1)
    );
    assert_eq!(
        (
            of(JobKind::MediaFetch).queued,
            of(JobKind::MediaFetch).running
        ),
        (1, 0)
    );
    assert_eq!(of(JobKind::SheetsUpsert).queued, 0);
    assert!(depth.oldest_due_age.is_some());
}
