//! Concurrent claimers on separate connections never share a job, and together take every job once
//! (data-and-ops.md §4.1.2: `FOR UPDATE SKIP LOCKED`, safe under concurrent replicas).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use common::{database, job_count};
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use inkdesk_domain::model::ContactId;
use inkdesk_postgres::enqueue;
use inkdesk_postgres::jobs::{JobId, JobQueue, NewJob, Outcome};
use inkdesk_test_support::TestDb;
use tokio::sync::Barrier;

const JOBS: i64 = 200;
const LEASE: Duration = Duration::from_secs(60);

/// 200 sends to 200 different contacts, so ordering keys hold nothing back.
async fn fill(db: &TestDb) -> BTreeSet<JobId> {
    let mut conn = db.connect().await;
    let mut ids = BTreeSet::new();
    for contact in 1..=JOBS {
        let id = enqueue(&conn, &NewJob::whatsapp_send(contact, ContactId(contact)))
            .await
            .unwrap();
        ids.insert(id);
    }
    assert_eq!(job_count(&mut conn).await, JOBS);
    ids
}

/// Two queues, each with a pool of its own: two replicas.
fn replicas(db: &TestDb) -> [JobQueue; 2] {
    [JobQueue::new(database(db)), JobQueue::new(database(db))]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_claimers_draining_the_queue_take_disjoint_sets_covering_every_job() {
    let db = TestDb::fresh().await;
    let all = fill(&db).await;
    let barrier = Arc::new(Barrier::new(2));

    let workers = replicas(&db).map(|queue| {
        let barrier = Arc::clone(&barrier);
        tokio::spawn(async move {
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let batch = queue.claim("replica", 10, LEASE).await.unwrap();
                if batch.is_empty() {
                    break;
                }
                for job in batch {
                    assert_eq!(job.attempt, 1, "job {} was claimed before", job.id);
                    mine.push(job.id);
                    queue.complete(&job, &Outcome::Succeeded).await.unwrap();
                }
            }
            mine
        })
    });
    let [a, b] = workers;
    let (a, b) = (a.await.unwrap(), b.await.unwrap());

    let a_set: BTreeSet<_> = a.iter().copied().collect();
    let b_set: BTreeSet<_> = b.iter().copied().collect();
    assert_eq!(a_set.len(), a.len(), "a claimer got a job twice");
    assert_eq!(b_set.len(), b.len(), "a claimer got a job twice");
    assert!(a_set.is_disjoint(&b_set), "both claimers got the same job");
    assert_eq!(a.len() + b.len(), all.len());
    let union: BTreeSet<_> = a_set.union(&b_set).copied().collect();
    assert_eq!(union, all);
    assert!(
        !a.is_empty() && !b.is_empty(),
        "both claimers took part ({} / {})",
        a.len(),
        b.len()
    );
    assert_eq!(claimed_once_and_succeeded(&db).await, JOBS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_large_simultaneous_claims_split_the_queue_without_overlap() {
    let db = TestDb::fresh().await;
    let all = fill(&db).await;
    let barrier = Arc::new(Barrier::new(2));

    // Each asks for 150 of the 200 in one statement at the same instant: locked rows are skipped,
    // rows the other claimer just took are re-checked and dropped, so the sets cannot overlap.
    let claims = replicas(&db).map(|queue| {
        let barrier = Arc::clone(&barrier);
        tokio::spawn(async move {
            barrier.wait().await;
            queue.claim("replica", 150, LEASE).await.unwrap()
        })
    });
    let [a, b] = claims;
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    let a_set: BTreeSet<_> = a.iter().map(|job| job.id).collect();
    let b_set: BTreeSet<_> = b.iter().map(|job| job.id).collect();
    assert!(a_set.is_disjoint(&b_set));
    assert_eq!(a.len() + b.len(), all.len(), "{} + {}", a.len(), b.len());
    assert!(a.len() <= 150 && b.len() <= 150);
    assert_eq!(a_set.union(&b_set).copied().collect::<BTreeSet<_>>(), all);
}

async fn claimed_once_and_succeeded(db: &TestDb) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = db.connect().await;
    diesel::sql_query("SELECT count(*) AS n FROM jobs WHERE state = 'succeeded' AND attempts = 1")
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n
}
