//! The server's own port implementations: the wall clock and the id/token generator.

use std::future::Future;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::ports::{Clock, IdGenerator, PortError};
use inkdesk_postgres::Database;

/// `Utc::now()`; tests use the domain's mock clock instead.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> impl Future<Output = DateTime<Utc>> + Send {
        std::future::ready(Utc::now())
    }
}

/// Lead ids from the `leads` identity sequence; action tokens from the OS CSPRNG.
#[derive(Clone)]
pub struct PgIds {
    db: Database,
}

impl PgIds {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

/// A fresh 256-bit action token, base64url without padding (43 characters).
pub fn random_token() -> Result<String, PortError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|_| PortError::Unavailable("the OS random source failed".into()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

impl IdGenerator for PgIds {
    fn next_lead_id(&self) -> impl Future<Output = Result<LeadId, PortError>> + Send {
        let db = self.db.clone();
        async move { inkdesk_postgres::conversation::reserve_lead_id(&db).await }
    }

    fn action_token(&self) -> impl Future<Output = Result<String, PortError>> + Send {
        std::future::ready(random_token())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_43_url_safe_characters_and_differ() {
        let a = super::random_token().unwrap();
        let b = super::random_token().unwrap();
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_ne!(a, b);
    }
}
