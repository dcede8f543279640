//! The worker pool: every queued job runs exactly once across several pools sharing one database,
//! and shutdown stops claiming.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel_async::AsyncConnection;
use inkdesk_domain::model::ContactId;
use inkdesk_postgres::jobs::{ClaimedJob, JobKind, JobQueue, NewJob, Outcome, enqueue};
use inkdesk_postgres::{Database, DbError};
use inkdesk_server::heartbeat::Heartbeats;
use inkdesk_server::workers::{JobHandler, WorkerConfig, WorkerPool};
use inkdesk_test_support::TestDb;

#[derive(Default)]
struct Counting {
    runs: Mutex<HashMap<i64, u32>>,
}

impl JobHandler for Counting {
    fn kinds(&self) -> Vec<JobKind> {
        vec![JobKind::WhatsappSend]
    }

    async fn run(&self, job: &ClaimedJob) -> Outcome {
        tokio::time::sleep(Duration::from_millis(2)).await;
        *self.runs.lock().unwrap().entry(job.id.0).or_default() += 1;
        Outcome::Succeeded
    }
}

fn config() -> WorkerConfig {
    WorkerConfig::new(4, Duration::from_millis(20), Duration::from_secs(5))
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_run_each_of_200_jobs_exactly_once() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    conn.transaction::<_, DbError, _>(async |conn| {
        // Distinct contacts, so ordering keys do not serialise the whole run.
        for n in 0..200 {
            enqueue(conn, &NewJob::whatsapp_send(n, ContactId(n % 50))).await?;
        }
        Ok(())
    })
    .await
    .unwrap();

    let handler = Arc::new(Counting::default());
    let pools: Vec<WorkerPool> = (0..2)
        .map(|_| {
            // Each "process" has its own connection pool, as two replicas would.
            let queue = JobQueue::new(Database::connect_lazy(db.url(), 5).unwrap());
            WorkerPool::start(
                queue,
                handler.clone(),
                config(),
                Arc::new(Heartbeats::default()),
            )
        })
        .collect();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while handler.runs.lock().unwrap().len() < 200 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for pool in pools {
        pool.shutdown().await;
    }
    let runs = handler.runs.lock().unwrap().clone();
    assert_eq!(runs.len(), 200, "every job ran");
    assert!(runs.values().all(|&n| n == 1), "no job ran twice");

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    use diesel_async::RunQueryDsl;
    let succeeded: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM jobs WHERE state = 'succeeded' AND attempts = 1",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(succeeded.n, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn jobs_of_kinds_without_a_handler_stay_queued() {
    let db = TestDb::fresh().await;
    let mut conn = db.connect().await;
    conn.transaction::<_, DbError, _>(async |conn| {
        enqueue(
            conn,
            &NewJob::sheets_upsert(inkdesk_domain::model::LeadId(1), "s"),
        )
        .await
    })
    .await
    .unwrap();
    let handler = Arc::new(Counting::default());
    let queue = JobQueue::new(Database::connect_lazy(db.url(), 2).unwrap());
    let pool = WorkerPool::start(
        queue.clone(),
        handler.clone(),
        config(),
        Arc::new(Heartbeats::default()),
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    pool.shutdown().await;
    assert!(handler.runs.lock().unwrap().is_empty());
    let depth = queue.queue_depth().await.unwrap();
    let sheets = depth
        .per_kind
        .iter()
        .find(|k| k.kind == JobKind::SheetsUpsert)
        .unwrap();
    assert_eq!(sheets.queued, 1);
}
