//! Service-account tokens (integrations.md §4.1): yup-oauth2 signs the RS256 JWT assertion, exchanges
//! it at the token endpoint, caches the access token per scope set and fetches a new one a minute
//! before it expires. This module turns its failures into the domain's error classes and keeps the
//! tokens out of `Debug` and logs.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use inkdesk_domain::provider::ProviderError;
use yup_oauth2::authenticator::Authenticator;
use yup_oauth2::error::{AuthErrorCode, SendError};
use yup_oauth2::{DefaultHyperClientBuilder, HyperClientBuilder, ServiceAccountAuthenticator};

use crate::credentials::{CredentialsError, ServiceAccountCredentials};

pub const DEFAULT_TOKEN_URL: &str = "https://oauth2.googleapis.com/token";

/// The lead log: read and write values.
pub const SHEETS_SCOPES: &[&str] = &["https://www.googleapis.com/auth/spreadsheets"];

/// Events read and write, and freeBusy.
pub const CALENDAR_SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/calendar.events",
    "https://www.googleapis.com/auth/calendar.readonly",
];

/// The token endpoint's whole-call limit (integrations.md §1.1). It also bounds connecting: the
/// connector yup-oauth2 builds has no separate connect timeout.
pub const TOKEN_TIMEOUT: Duration = Duration::from_secs(10);

type Connector = <DefaultHyperClientBuilder as HyperClientBuilder>::Connector;

/// Hands out bearer tokens for the service account. Cheap to clone; clones share one token cache.
#[derive(Clone)]
pub struct GoogleAuth {
    authenticator: Arc<Authenticator<Connector>>,
    client_email: Arc<str>,
}

/// The authenticator could not be built (startup: fail fast).
#[derive(Debug, thiserror::Error)]
pub enum AuthSetupError {
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// yup-oauth2 parses the PEM key and loads the TLS roots here; its message names neither the
    /// key nor its content.
    #[error("the Google authenticator could not be built: {0}")]
    Build(std::io::ErrorKind),
}

/// An access token, ready for an `Authorization` header. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    /// `Bearer <token>`.
    pub fn header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken([redacted])")
    }
}

impl fmt::Debug for GoogleAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoogleAuth")
            .field("client_email", &self.client_email)
            .finish_non_exhaustive()
    }
}

impl GoogleAuth {
    /// `token_url` is `GOOGLE_OAUTH_TOKEN_URL` (tests only); without it the key's `token_uri` is used.
    pub async fn new(
        credentials: ServiceAccountCredentials,
        token_url: Option<&str>,
    ) -> Result<Self, AuthSetupError> {
        Self::with_timeout(credentials, token_url, TOKEN_TIMEOUT).await
    }

    pub async fn with_timeout(
        credentials: ServiceAccountCredentials,
        token_url: Option<&str>,
        timeout: Duration,
    ) -> Result<Self, AuthSetupError> {
        let credentials = match token_url {
            Some(url) => credentials.with_token_uri(url)?,
            None => credentials,
        };
        let client_email: Arc<str> = credentials.client_email().into();
        let authenticator = ServiceAccountAuthenticator::with_client(
            credentials.into_key(),
            DefaultHyperClientBuilder::default().with_timeout(timeout),
        )
        .build()
        .await
        .map_err(|e| AuthSetupError::Build(e.kind()))?;
        Ok(Self {
            authenticator: Arc::new(authenticator),
            client_email,
        })
    }

    /// The account the spreadsheet and calendar must be shared with (named in sharing alerts).
    pub fn client_email(&self) -> &str {
        &self.client_email
    }

    /// A cached token for `scopes`, or a fresh one when none is cached or it expires within a minute.
    pub async fn token(&self, scopes: &[&str]) -> Result<BearerToken, ProviderError> {
        self.fetch(scopes, false).await
    }

    /// A new token even if one is cached: after an API 401 the cached one was revoked.
    pub async fn refreshed_token(&self, scopes: &[&str]) -> Result<BearerToken, ProviderError> {
        self.fetch(scopes, true).await
    }

    async fn fetch(&self, scopes: &[&str], force: bool) -> Result<BearerToken, ProviderError> {
        let started = Instant::now();
        let result = if force {
            self.authenticator.force_refreshed_token(scopes).await
        } else {
            self.authenticator.token(scopes).await
        };
        let token = result.map_err(|e| classify(&e)).and_then(|token| {
            token
                .token()
                .filter(|t| !t.is_empty())
                .map(|t| BearerToken(t.to_owned()))
                .ok_or_else(|| ProviderError::retryable("missing_access_token", None))
        });
        if let Err(error) = &token {
            tracing::warn!(
                provider = "google_oauth",
                operation = "token",
                duration_ms = elapsed_ms(started),
                error_class = error.class(),
                error_code = error.code(),
                "google token request failed"
            );
        }
        token
    }
}

/// yup-oauth2 drops the HTTP status and classifies by body: the token endpoint answers OAuth errors
/// as JSON (`invalid_grant`, `invalid_client` with 400/401), while an overloaded or failing endpoint
/// answers 5xx with an HTML page, which surfaces as a JSON error here.
pub(crate) fn classify(error: &yup_oauth2::Error) -> ProviderError {
    use yup_oauth2::Error as E;
    match error {
        E::HttpClientError(SendError::Timeout) => ProviderError::retryable("token_timeout", None),
        E::HttpClientError(SendError::Hyper(e)) if e.is_connect() => {
            ProviderError::retryable("token_connection", None)
        }
        E::HttpClientError(_) | E::HttpError(_) => {
            ProviderError::retryable("token_transport", None)
        }
        E::AuthError(auth) => match &auth.error {
            AuthErrorCode::InvalidGrant
            | AuthErrorCode::InvalidClient
            | AuthErrorCode::UnauthorizedClient
            | AuthErrorCode::AccessDenied
            | AuthErrorCode::ExpiredToken => ProviderError::auth_broken(auth.error.as_str()),
            AuthErrorCode::InvalidRequest
            | AuthErrorCode::UnsupportedGrantType
            | AuthErrorCode::InvalidScope => ProviderError::permanent(auth.error.as_str()),
            // Server-side codes (`internal_failure`, `temporarily_unavailable`, …).
            AuthErrorCode::Other(code) => {
                ProviderError::retryable(safe_code(code).unwrap_or("token_error"), None)
            }
        },
        E::JSONError(_) => ProviderError::retryable("token_unreadable", None),
        E::MissingAccessToken => ProviderError::retryable("missing_access_token", None),
        // Signing the assertion failed or the endpoint sent a non-bearer token: the key or the
        // endpoint is wrong, which retrying will not fix.
        E::LowLevelError(_) => ProviderError::auth_broken("token_credentials"),
        E::UserError(_) | E::StorageError(_) | E::CredentialSourceError(_) => {
            ProviderError::permanent("token_setup")
        }
    }
}

/// A provider error code goes into logs and job rows: only a short identifier is kept.
pub(crate) fn safe_code(code: &str) -> Option<&str> {
    let safe = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    safe.then_some(code)
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
