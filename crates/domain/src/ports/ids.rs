//! Identities and secrets that need a sequence or randomness.

use std::future::Future;

use sha2::{Digest, Sha256};

use super::PortError;
use crate::model::LeadId;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait IdGenerator {
    /// Reserves the id of a lead about to be created (a database sequence); the id is needed
    /// before the insert because copy variants are chosen by lead id.
    fn next_lead_id(&self) -> impl Future<Output = Result<LeadId, PortError>> + Send;

    /// A fresh action-link token: 32 bytes from the OS CSPRNG, base64url without padding
    /// (43 characters, http-api.md §4.1).
    fn action_token(&self) -> impl Future<Output = Result<String, PortError>> + Send;
}

/// `action_tokens.token_hash`: only the SHA-256 of a token is ever stored.
pub fn hash_action_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_matches_the_spec_test_vector() {
        let hash = hash_action_token("q7Xg0yqvJx4kT1m2Rz9wVb3nL5cH8aP6dE0fG2hI4jK");
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "3036c76c822ee8b1a55fc9516c2241b8815a43398bbdb0c42b6f269a5d43090a"
        );
    }
}
