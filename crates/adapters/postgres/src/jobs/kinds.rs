//! The job kinds and their rules live in the domain (`inkdesk_domain::jobs`); the queue stores and
//! claims jobs by them.

pub use inkdesk_domain::jobs::{JobKind, OrderingScope, RetryPolicy, UnknownJobKind};
