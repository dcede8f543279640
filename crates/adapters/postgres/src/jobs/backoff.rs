//! Retry delays with equal jitter (data-and-ops.md §4.1.5): replicas that failed together do not retry
//! together, yet no retry comes sooner than half the exponential step or the provider's Retry-After.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::RetryPolicy;

/// Where the random half of a retry delay comes from; tests pin it to the ends of the range.
pub trait Jitter: Send + Sync {
    /// A number chosen uniformly from `0..=max`.
    fn up_to(&self, max: u64) -> u64;
}

/// Jitter from the standard library's per-process random hash keys. Spreading retries needs no more
/// than that, so the crate needs no random-number dependency.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemJitter;

impl Jitter for SystemJitter {
    fn up_to(&self, max: u64) -> u64 {
        // Every `RandomState` gets fresh keys, so hashing the same input yields a new number each call.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(max);
        let random = hasher.finish();
        match max.checked_add(1) {
            Some(range) => random % range,
            None => random,
        }
    }
}

/// How long to wait before attempt `attempt + 1`, given that attempt `attempt` (1-based) just failed:
/// `d = min(cap, base × 2^(attempt − 1))`, then `d/2 + random(0, d/2)`, and never less than
/// `retry_after`.
pub fn retry_delay(
    policy: RetryPolicy,
    attempt: i32,
    retry_after: Option<Duration>,
    jitter: &dyn Jitter,
) -> Duration {
    let exponent = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0);
    let step = 2u32
        .checked_pow(exponent)
        .and_then(|factor| policy.base.checked_mul(factor))
        .map_or(policy.cap, |step| step.min(policy.cap));
    let half_ms = u64::try_from(step.as_millis() / 2).unwrap_or(u64::MAX / 2);
    let delay = Duration::from_millis(half_ms + jitter.up_to(half_ms).min(half_ms));
    retry_after.map_or(delay, |after| delay.max(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lowest;
    impl Jitter for Lowest {
        fn up_to(&self, _max: u64) -> u64 {
            0
        }
    }

    struct Highest;
    impl Jitter for Highest {
        fn up_to(&self, max: u64) -> u64 {
            max
        }
    }

    const WHATSAPP: RetryPolicy = RetryPolicy {
        max_attempts: 8,
        base: Duration::from_secs(5),
        cap: Duration::from_secs(600),
    };

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn first_retry_waits_between_half_and_all_of_the_base() {
        assert_eq!(
            retry_delay(WHATSAPP, 1, None, &Lowest),
            Duration::from_millis(2500)
        );
        assert_eq!(retry_delay(WHATSAPP, 1, None, &Highest), secs(5));
    }

    #[test]
    fn the_step_doubles_per_attempt_until_the_cap() {
        assert_eq!(retry_delay(WHATSAPP, 2, None, &Highest), secs(10));
        assert_eq!(retry_delay(WHATSAPP, 4, None, &Highest), secs(40));
        assert_eq!(retry_delay(WHATSAPP, 8, None, &Highest), secs(600));
        assert_eq!(retry_delay(WHATSAPP, 8, None, &Lowest), secs(300));
    }

    #[test]
    fn absurd_attempt_counts_neither_overflow_nor_shrink() {
        assert_eq!(retry_delay(WHATSAPP, i32::MAX, None, &Highest), secs(600));
        assert_eq!(retry_delay(WHATSAPP, 0, None, &Highest), secs(5));
        assert_eq!(retry_delay(WHATSAPP, -3, None, &Highest), secs(5));
    }

    #[test]
    fn retry_after_is_a_floor_not_a_ceiling() {
        assert_eq!(retry_delay(WHATSAPP, 1, Some(secs(90)), &Highest), secs(90));
        assert_eq!(retry_delay(WHATSAPP, 8, Some(secs(1)), &Lowest), secs(300));
    }

    #[test]
    fn a_jitter_source_out_of_range_is_clamped() {
        struct Broken;
        impl Jitter for Broken {
            fn up_to(&self, _max: u64) -> u64 {
                u64::MAX
            }
        }
        assert_eq!(retry_delay(WHATSAPP, 1, None, &Broken), secs(5));
    }

    #[test]
    fn system_jitter_stays_in_range_and_varies() {
        let picks: Vec<u64> = (0..200).map(|_| SystemJitter.up_to(1000)).collect();
        assert!(picks.iter().all(|&p| p <= 1000));
        assert!(picks.iter().any(|&p| p != picks[0]));
        assert_eq!(SystemJitter.up_to(0), 0);
        assert_ne!(SystemJitter.up_to(u64::MAX), SystemJitter.up_to(u64::MAX));
    }
}
