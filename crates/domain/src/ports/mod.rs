//! The ports the use cases are written against. Adapters implement them; use cases hold them as
//! generic parameters (never `dyn`), and tests use the mockall mocks (`Mock<Port>`, also exported
//! with the `mocks` feature).
//!
//! Every method returns `impl Future<Output = ..> + Send` so adapters can be async without an
//! async-trait crate; the domain itself never awaits anything but these.

mod clock;
mod external;
mod ids;
mod store;

pub use clock::Clock;
pub use external::{
    BusyInterval, CalendarAvailability, CheckoutRequest, CheckoutSession, LeadSheet, Messenger,
    PaymentGateway, SentMessage,
};
pub use ids::{IdGenerator, hash_action_token};
pub use store::{
    Begun, Loaded, MintedToken, RenderedButton, RenderedMessage, Store, UnitOfWork,
    UnitOfWorkTicket,
};

use crate::provider::ProviderError;

#[cfg(any(test, feature = "mocks"))]
pub use clock::MockClock;
#[cfg(any(test, feature = "mocks"))]
pub use external::{MockCalendarAvailability, MockLeadSheet, MockMessenger, MockPaymentGateway};
#[cfg(any(test, feature = "mocks"))]
pub use ids::MockIdGenerator;
#[cfg(any(test, feature = "mocks"))]
pub use store::MockStore;

/// What can go wrong behind a port. Use cases map these to their own errors; the adapters map
/// their drivers' errors to these so callers can decide to retry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    /// A concurrent writer changed the rows first (zero rows updated, serialization failure,
    /// deadlock): the whole unit of work is rolled back and may be retried.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A row the use case needs does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The backing service is down or timed out; retry later.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The request can never succeed as sent (bad parameters, rejected by the provider).
    #[error("rejected: {0}")]
    Rejected(String),
    /// Credentials were refused; retrying will not help until an operator acts.
    #[error("authentication failed: {0}")]
    AuthBroken(String),
    /// An outside provider (WhatsApp, Stripe, Google) failed, classified for the job queue.
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

impl PortError {
    /// Worth retrying the same call later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            PortError::Conflict(_)
                | PortError::Unavailable(_)
                | PortError::Provider(ProviderError::Retryable { .. })
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_worth_retrying() {
        assert!(PortError::Conflict("row moved".into()).is_retryable());
        assert!(PortError::from(ProviderError::retryable("503", None)).is_retryable());
        assert!(!PortError::from(ProviderError::permanent("400")).is_retryable());
        assert!(!PortError::AuthBroken("401".into()).is_retryable());
    }
}
