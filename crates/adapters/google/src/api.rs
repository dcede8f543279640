//! One authorized round trip to Sheets or Calendar: a bearer token from [`GoogleAuth`], one retry with
//! a freshly fetched token after a 401 (integrations.md §4.4), a bounded body read, and a log line
//! with service, operation, status, duration and Google's error reason — never bodies, tokens,
//! ranges or calendar ids.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use inkdesk_domain::provider::ProviderError;
use reqwest::header::{AUTHORIZATION, RETRY_AFTER};
use reqwest::{Client, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use crate::auth::GoogleAuth;
use crate::classify::{GoogleError, classify, retry_after};

/// Sheets and Calendar answers are small; a column of 100 000 lead ids is well under this.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// How long a Sheets or Calendar call may take (integrations.md §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(15),
        }
    }
}

/// A Sheets or Calendar client could not be built from its configuration.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{0} is not an http(s) URL")]
    BaseUrl(&'static str),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("the HTTP client could not be built: {0}")]
    Http(#[from] reqwest::Error),
}

/// An HTTP answer of any status; the caller decides what a 404 or 409 means for its operation.
pub(crate) struct Answer {
    pub status: u16,
    body: Vec<u8>,
    retry_after: Option<Duration>,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as `T`; a 2xx we cannot read is `Permanent`, as retrying gets the same body.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, ProviderError> {
        serde_json::from_slice(&self.body)
            .map_err(|_| ProviderError::permanent("unreadable_response"))
    }

    /// The class of a non-2xx answer.
    pub(crate) fn error(&self) -> ProviderError {
        classify(
            self.status,
            &GoogleError::parse(&self.body),
            self.retry_after,
        )
    }
}

#[derive(Clone)]
pub(crate) struct Api {
    http: Client,
    auth: GoogleAuth,
    scopes: &'static [&'static str],
    /// `sheets` or `calendar`, as in logs and metrics.
    service: &'static str,
    /// No trailing slash.
    pub base_url: String,
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("service", &self.service)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Api {
    /// Needs the process-wide rustls provider (ring) installed first, as `main` does.
    pub(crate) fn new(
        auth: GoogleAuth,
        scopes: &'static [&'static str],
        service: &'static str,
        base_url: &str,
        base_url_name: &'static str,
        timeouts: Timeouts,
    ) -> Result<Self, ClientError> {
        let url = reqwest::Url::parse(base_url).map_err(|_| ClientError::BaseUrl(base_url_name))?;
        if !matches!(url.scheme(), "http" | "https")
            || url.cannot_be_a_base()
            || url.query().is_some()
        {
            return Err(ClientError::BaseUrl(base_url_name));
        }
        let http = Client::builder()
            .user_agent(concat!("inkdesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.total)
            .build()?;
        Ok(Self {
            http,
            auth,
            scopes,
            service,
            base_url: url.as_str().trim_end_matches('/').to_owned(),
        })
    }

    pub(crate) fn auth(&self) -> &GoogleAuth {
        &self.auth
    }

    /// Sends the request `build` makes; after a 401 fetches a new token and sends it once more.
    pub(crate) async fn call(
        &self,
        operation: &'static str,
        build: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Answer, ProviderError> {
        let token = self.auth.token(self.scopes).await?;
        let answer = self
            .send(
                operation,
                build(&self.http).header(AUTHORIZATION, token.header_value()),
            )
            .await?;
        if answer.status != 401 {
            return Ok(answer);
        }
        let token = self.auth.refreshed_token(self.scopes).await?;
        self.send(
            operation,
            build(&self.http).header(AUTHORIZATION, token.header_value()),
        )
        .await
    }

    async fn send(
        &self,
        operation: &'static str,
        request: RequestBuilder,
    ) -> Result<Answer, ProviderError> {
        let started = Instant::now();
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return Err(self.transport_failed(operation, &error, started)),
        };
        let status = response.status().as_u16();
        let after = retry_after(
            response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            SystemTime::now(),
        );
        let body = match read_capped(response, MAX_RESPONSE_BYTES).await {
            Ok(body) => body,
            Err(BodyFailure::TooLarge) => {
                let error = ProviderError::permanent("response_too_large");
                self.log(operation, Some(status), Some(&error), started);
                return Err(error);
            }
            Err(BodyFailure::Transport(error)) => {
                return Err(self.transport_failed(operation, &error, started));
            }
        };
        let answer = Answer {
            status,
            body,
            retry_after: after,
        };
        let error = (!answer.is_success()).then(|| answer.error());
        self.log(operation, Some(status), error.as_ref(), started);
        Ok(answer)
    }

    fn transport_failed(
        &self,
        operation: &'static str,
        error: &reqwest::Error,
        started: Instant,
    ) -> ProviderError {
        let code = if error.is_timeout() {
            "timeout"
        } else if error.is_connect() {
            "connection"
        } else {
            "transport"
        };
        let error = ProviderError::retryable(code, None);
        self.log(operation, None, Some(&error), started);
        error
    }

    /// A non-2xx may still be success for the caller (404 on delete), so the class is logged as
    /// what the status alone would mean.
    fn log(
        &self,
        operation: &'static str,
        status: Option<u16>,
        error: Option<&ProviderError>,
        started: Instant,
    ) {
        tracing::info!(
            provider = "google",
            service = self.service,
            operation,
            status,
            duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            error_class = error.map(ProviderError::class),
            error_code = error.and_then(ProviderError::code),
            "google call finished"
        );
    }
}

enum BodyFailure {
    TooLarge,
    Transport(reqwest::Error),
}

async fn read_capped(mut response: Response, cap: usize) -> Result<Vec<u8>, BodyFailure> {
    if response
        .content_length()
        .is_some_and(|len| len > cap as u64)
    {
        return Err(BodyFailure::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyFailure::Transport)? {
        if body.len() + chunk.len() > cap {
            return Err(BodyFailure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
