//! In-process sweeps (data-and-ops.md §4.7): a tokio interval in every replica; each run takes the
//! sweep's advisory lock, so only one replica does the work, and a failed run is retried at the
//! next tick. Today: the deposit-expiry sweep of booking.md §6.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use inkdesk_domain::booking::ExpiryTrigger;
use inkdesk_postgres::Database;
use inkdesk_postgres::booking::PgBooking;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::heartbeat::Heartbeats;

const HEARTBEAT: &str = "scheduler";
/// booking.md §6: a lapsed session gets this long for Stripe's own `expired` event first.
const EXPIRY_GRACE_SECONDS: i64 = 120;
const BATCH: i64 = 100;

/// The running scheduler; `stop` ends it after the current run.
pub struct Scheduler {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Scheduler {
    pub fn start(
        database: Database,
        booking: PgBooking,
        every: Duration,
        heartbeats: Arc<Heartbeats>,
    ) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        heartbeats.beat(HEARTBEAT);
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stopped.changed() => break,
                }
                heartbeats.beat(HEARTBEAT);
                deposit_expiry(&database, &booking).await;
            }
        });
        Self { stop, task }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Expires the payments whose Checkout session lapsed without Stripe's `expired` event.
pub async fn deposit_expiry(database: &Database, booking: &PgBooking) {
    let lock = match database.try_sweep_lock("deposit_expiry").await {
        Ok(Some(lock)) => lock,
        Ok(None) => return,
        Err(error) => {
            tracing::error!(error = %error, sweep = "deposit_expiry", "scheduler.sweep_failure");
            return;
        }
    };
    let now = Utc::now();
    match booking
        .lapsed_payments(now, EXPIRY_GRACE_SECONDS, BATCH)
        .await
    {
        Ok(lapsed) => {
            for payment in lapsed {
                if let Err(error) = booking
                    .expire_payment(payment, ExpiryTrigger::Sweep, now)
                    .await
                {
                    tracing::error!(
                        error = %error,
                        payment_id = payment,
                        sweep = "deposit_expiry",
                        "scheduler.sweep_failure"
                    );
                }
            }
        }
        Err(error) => {
            tracing::error!(error = %error, sweep = "deposit_expiry", "scheduler.sweep_failure");
        }
    }
    if let Err(error) = lock.release().await {
        tracing::warn!(error = %error, "sweep lock not released; the connection drop frees it");
    }
}
