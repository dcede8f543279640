//! The time, as the use cases see it. The domain reads no clock of its own.

use std::future::Future;

use chrono::{DateTime, Utc};

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Clock {
    /// The current instant (UTC). Cannot fail.
    fn now(&self) -> impl Future<Output = DateTime<Utc>> + Send;
}
