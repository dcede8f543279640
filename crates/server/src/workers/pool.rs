use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use inkdesk_postgres::jobs::{ClaimedJob, Completed, JobKind, JobQueue, Outcome};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::heartbeat::Heartbeats;
use crate::metrics::Metrics;

/// Runs claimed jobs. Implementations do the provider call and the job's own bookkeeping; the pool
/// records the returned outcome.
pub trait JobHandler: Send + Sync + 'static {
    /// The kinds this handler runs; jobs of other kinds stay queued for a process that can.
    fn kinds(&self) -> Vec<JobKind>;

    fn run(&self, job: &ClaimedJob) -> impl Future<Output = Outcome> + Send;

    /// Runs the job to its end. A handler that records its outcome in its own last transaction
    /// (saving the queue a transaction of its own) answers [`Ran::Recorded`]; by default the pool
    /// records what [`JobHandler::run`] returns.
    fn run_to_end(&self, job: &ClaimedJob) -> impl Future<Output = Ran> + Send {
        async move { Ran::Outcome(self.run(job).await) }
    }
}

/// How a job's run ended, for the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// The pool records this outcome.
    Outcome(Outcome),
    /// The handler already recorded the job's end, in the transaction of its own bookkeeping.
    Recorded(Completed),
}

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Worker tasks in this process (`WORKER_CONCURRENCY`).
    pub concurrency: usize,
    /// How long an idle worker sleeps before looking again (`JOB_POLL_INTERVAL_MS`).
    pub poll_interval: Duration,
    /// A claim's lease; running jobs extend it every `lease / 3`.
    pub lease: Duration,
    /// How often expired leases are returned to the queue.
    pub reap_interval: Duration,
    /// How long running jobs may take to finish after shutdown begins (`SHUTDOWN_GRACE_SECONDS`).
    pub shutdown_grace: Duration,
    /// Identifies this process in `jobs.locked_by`.
    pub process_id: String,
    /// Where `inkdesk_jobs_total` and `inkdesk_job_duration_seconds` are counted; a private
    /// registry unless [`WorkerConfig::with_metrics`] shares the server's.
    pub metrics: Arc<Metrics>,
}

impl WorkerConfig {
    pub fn new(concurrency: usize, poll_interval: Duration, shutdown_grace: Duration) -> Self {
        Self {
            concurrency,
            poll_interval,
            lease: Duration::from_secs(60),
            reap_interval: Duration::from_secs(30),
            shutdown_grace,
            process_id: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
            metrics: Arc::default(),
        }
    }

    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }
}

/// The running workers; [`WorkerPool::shutdown`] stops claiming and waits for running jobs.
pub struct WorkerPool {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
    grace: Duration,
}

const HEARTBEAT: &str = "workers";

impl WorkerPool {
    pub fn start<H: JobHandler>(
        queue: JobQueue,
        handler: Arc<H>,
        config: WorkerConfig,
        heartbeats: Arc<Heartbeats>,
    ) -> Self {
        let (stop, stopped) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let kinds = Arc::new(handler.kinds());
        heartbeats.beat(HEARTBEAT);
        for n in 0..config.concurrency.max(1) {
            let worker = Worker {
                id: format!("{}-w{n}", config.process_id),
                queue: queue.clone(),
                handler: handler.clone(),
                kinds: kinds.clone(),
                config: config.clone(),
                heartbeats: heartbeats.clone(),
            };
            tasks.spawn(worker.run(stopped.clone()));
        }
        tasks.spawn(reap(queue, config.reap_interval, stopped));
        Self {
            stop,
            tasks,
            grace: config.shutdown_grace,
        }
    }

    /// Stops claiming; running jobs get the grace period, then are abandoned to the lease reaper.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        let drained = tokio::time::timeout(self.grace, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                "shutdown grace elapsed; unfinished jobs return through the lease reaper"
            );
            self.tasks.abort_all();
        }
    }
}

struct Worker<H> {
    id: String,
    queue: JobQueue,
    handler: Arc<H>,
    kinds: Arc<Vec<JobKind>>,
    config: WorkerConfig,
    heartbeats: Arc<Heartbeats>,
}

impl<H: JobHandler> Worker<H> {
    async fn run(self, mut stopped: watch::Receiver<bool>) {
        while !*stopped.borrow() {
            self.heartbeats.beat(HEARTBEAT);
            // One job per claim: a worker never holds jobs it has not started, so shutdown leaves
            // nothing claimed-but-idle behind.
            match self
                .queue
                .claim_kinds(&self.id, 1, self.config.lease, &self.kinds)
                .await
            {
                Ok(jobs) if !jobs.is_empty() => {
                    for job in jobs {
                        self.run_one(job).await;
                    }
                    continue;
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(error = %error, "claiming jobs failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.config.poll_interval) => {}
                _ = self.queue.wait_for_queued() => {}
                _ = stopped.changed() => {}
            }
        }
    }

    async fn run_one(&self, job: ClaimedJob) {
        let span = tracing::info_span!(
            "job",
            job_id = job.id.0,
            job_kind = job.kind.as_str(),
            attempt = job.attempt,
            lead_id = job.lead_id.map(|l| l.0),
            correlation_id = job.correlation_id.as_deref().unwrap_or_default(),
        );
        self.run_in_span(job).instrument(span).await;
    }

    async fn run_in_span(&self, job: ClaimedJob) {
        let started = std::time::Instant::now();
        let outcome = {
            let work = self.handler.run_to_end(&job);
            tokio::pin!(work);
            let mut extend = tokio::time::interval(self.config.lease / 3);
            extend.tick().await;
            loop {
                tokio::select! {
                    outcome = &mut work => break outcome,
                    _ = extend.tick() => {
                        if !matches!(self.queue.extend_lease(&job, self.config.lease).await, Ok(true)) {
                            tracing::warn!("lease lost while running; the job was returned to the queue");
                        }
                    }
                }
            }
        };
        let completed = match outcome {
            Ran::Outcome(outcome) => self.queue.complete(&job, &outcome).await,
            Ran::Recorded(completed) => Ok(completed),
        };
        match completed {
            Ok(completed) => {
                let took = started.elapsed();
                if let Some(outcome) = completed.metric_outcome() {
                    self.config
                        .metrics
                        .job_finished(job.kind.as_str(), outcome, took);
                }
                log_completion(&job, completed, took);
            }
            Err(error) => tracing::error!(error = %error, "recording the job outcome failed"),
        }
    }
}

fn log_completion(job: &ClaimedJob, completed: Completed, took: Duration) {
    let ms = took.as_millis() as u64;
    match completed {
        Completed::DeadLettered => tracing::error!(duration_ms = ms, "job dead-lettered"),
        Completed::Retrying { run_at } => {
            tracing::info!(duration_ms = ms, run_at = %run_at, "job will be retried")
        }
        other => {
            tracing::debug!(duration_ms = ms, outcome = ?other, kind = job.kind.as_str(), "job finished")
        }
    }
}

async fn reap(queue: JobQueue, every: Duration, mut stopped: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    while !*stopped.borrow() {
        tokio::select! {
            _ = tick.tick() => {
                match queue.reap_expired_leases().await {
                    Ok(reaped) if !reaped.is_empty() => {
                        tracing::warn!(count = reaped.len(), "expired job leases returned to the queue");
                    }
                    Ok(_) => {}
                    Err(error) => tracing::warn!(error = %error, "reaping expired leases failed"),
                }
            }
            _ = stopped.changed() => {}
        }
    }
}
