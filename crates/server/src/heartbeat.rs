//! Liveness of background loops (job workers, scheduler), as seen by `/ready`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A loop that has not beaten for this long counts as stopped.
const STALE_AFTER: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct Heartbeats {
    last_beat: Mutex<HashMap<&'static str, Instant>>,
}

impl Heartbeats {
    pub fn beat(&self, name: &'static str) {
        if let Ok(mut beats) = self.last_beat.lock() {
            beats.insert(name, Instant::now());
        }
    }

    /// True when every registered loop has beaten recently (and trivially when none is registered).
    pub fn all_alive(&self) -> bool {
        self.last_beat
            .lock()
            .map(|beats| beats.values().all(|at| at.elapsed() < STALE_AFTER))
            .unwrap_or(false)
    }
}
