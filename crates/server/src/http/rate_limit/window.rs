//! A sliding-window log per client address (http-api.md §1.3): the times of the requests counted in
//! the last window. A request that would exceed the limit is refused and not logged, so a client
//! that keeps hammering is let in again as soon as its oldest counted request ages out.
//!
//! Memory is bounded: at most `capacity` addresses are tracked and the least recently seen one is
//! forgotten first (a forgotten address starts again with an empty log).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Addresses tracked per bucket.
pub const MAX_CLIENTS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// `retry_after`: until the oldest counted request leaves the window.
    Limited {
        retry_after: Duration,
    },
}

#[derive(Debug)]
struct ClientLog {
    /// Counted requests still inside the window, oldest first.
    counted: VecDeque<Instant>,
    /// This client's place in the recency order.
    last_seen: u64,
}

#[derive(Debug)]
pub struct WindowLog {
    limit: usize,
    window: Duration,
    capacity: usize,
    clients: HashMap<IpAddr, ClientLog>,
    /// Recency order, least recently seen first; the keys are `ClientLog::last_seen`.
    recency: BTreeMap<u64, IpAddr>,
    clock: u64,
}

impl WindowLog {
    pub fn new(limit: u32, window: Duration, capacity: usize) -> Self {
        Self {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            window,
            capacity: capacity.max(1),
            clients: HashMap::new(),
            recency: BTreeMap::new(),
            clock: 0,
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Counts the request when it fits in the window.
    pub fn check(&mut self, client: IpAddr, now: Instant) -> Verdict {
        if !self.clients.contains_key(&client) && self.clients.len() >= self.capacity {
            self.forget_least_recent();
        }
        self.clock += 1;
        let log = self.clients.entry(client).or_insert_with(|| ClientLog {
            counted: VecDeque::new(),
            last_seen: 0,
        });
        self.recency.remove(&log.last_seen);
        log.last_seen = self.clock;
        self.recency.insert(self.clock, client);

        while log
            .counted
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= self.window)
        {
            log.counted.pop_front();
        }
        if log.counted.len() < self.limit {
            log.counted.push_back(now);
            return Verdict::Allowed;
        }
        let retry_after = log.counted.front().map_or(self.window, |oldest| {
            (*oldest + self.window).saturating_duration_since(now)
        });
        Verdict::Limited { retry_after }
    }

    fn forget_least_recent(&mut self) {
        if let Some((_, client)) = self.recency.pop_first() {
            self.clients.remove(&client);
        }
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        debug_assert_eq!(self.clients.len(), self.recency.len());
        self.clients.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn addr(n: u32) -> IpAddr {
        IpAddr::from(n.to_be_bytes())
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn the_request_over_the_limit_is_refused_until_the_oldest_ages_out() {
        let t0 = Instant::now();
        let mut log = WindowLog::new(3, MINUTE, 10);
        // (seconds after t0, expected verdict)
        let steps = [
            (0, Verdict::Allowed),
            (10, Verdict::Allowed),
            (20, Verdict::Allowed),
            (
                37,
                Verdict::Limited {
                    retry_after: secs(23),
                },
            ),
            (
                59,
                Verdict::Limited {
                    retry_after: secs(1),
                },
            ),
            (60, Verdict::Allowed),
            (
                61,
                Verdict::Limited {
                    retry_after: secs(9),
                },
            ),
            (70, Verdict::Allowed),
        ];
        for (at, expected) in steps {
            assert_eq!(log.check(addr(1), t0 + secs(at)), expected, "at {at}s");
        }
    }

    #[test]
    fn refused_requests_are_not_counted() {
        let t0 = Instant::now();
        let mut log = WindowLog::new(1, MINUTE, 10);
        assert_eq!(log.check(addr(1), t0), Verdict::Allowed);
        for s in 1..60 {
            assert!(matches!(
                log.check(addr(1), t0 + secs(s)),
                Verdict::Limited { .. }
            ));
        }
        // Had the refusals been logged, the client would still be locked out here.
        assert_eq!(log.check(addr(1), t0 + secs(60)), Verdict::Allowed);
    }

    #[test]
    fn clients_are_counted_separately() {
        let t0 = Instant::now();
        let mut log = WindowLog::new(1, MINUTE, 10);
        assert_eq!(log.check(addr(1), t0), Verdict::Allowed);
        assert!(matches!(log.check(addr(1), t0), Verdict::Limited { .. }));
        assert_eq!(log.check(addr(2), t0), Verdict::Allowed);
    }

    #[test]
    fn memory_is_bounded_and_the_least_recently_seen_client_is_forgotten() {
        let t0 = Instant::now();
        let mut log = WindowLog::new(1, MINUTE, 3);
        for n in 1..=3 {
            assert_eq!(log.check(addr(n), t0), Verdict::Allowed);
        }
        // Client 1 is seen again (refused), so client 2 is now the least recent.
        assert!(matches!(log.check(addr(1), t0), Verdict::Limited { .. }));
        assert_eq!(log.check(addr(4), t0), Verdict::Allowed);
        assert_eq!(log.tracked(), 3);
        assert!(
            matches!(log.check(addr(1), t0), Verdict::Limited { .. }),
            "client 1 is still tracked"
        );
        // Client 2 was forgotten when client 4 arrived, so it starts again (evicting client 3).
        assert_eq!(log.check(addr(2), t0), Verdict::Allowed);
        assert_eq!(log.tracked(), 3);
    }

    #[test]
    fn ten_thousand_clients_fit_and_the_next_one_evicts() {
        let t0 = Instant::now();
        let mut log = WindowLog::new(10, MINUTE, MAX_CLIENTS);
        for n in 0..=u32::try_from(MAX_CLIENTS).unwrap_or(u32::MAX) {
            log.check(addr(n), t0);
        }
        assert_eq!(log.tracked(), MAX_CLIENTS);
    }
}
