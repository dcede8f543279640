//! Background job workers (data-and-ops.md §4.1): a pool per process that claims due jobs of the kinds
//! it has handlers for, runs them with no transaction open, extends long leases, records the outcome,
//! and returns jobs of vanished workers through a reaper. Several processes may share one database.

mod pool;

pub use pool::{JobHandler, Ran, WorkerConfig, WorkerPool};
