//! The service-account key (integrations.md §4.1): read from `GOOGLE_SERVICE_ACCOUNT_JSON` (a file
//! path or the JSON itself), checked for the fields Google needs, and never shown — not in `Debug`,
//! not in error messages (serde's messages can quote the offending value, so they are not passed on).

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use yup_oauth2::ServiceAccountKey;

/// A validated service-account key. `Debug` shows only the account's email and key id.
#[derive(Clone)]
pub struct ServiceAccountCredentials {
    key: ServiceAccountKey,
}

/// Why a service-account key was refused. Never carries any part of the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error("the service-account key file could not be read ({0})")]
    Read(std::io::ErrorKind),
    #[error("the service-account key is not valid JSON (line {line}, column {column})")]
    Json { line: usize, column: usize },
    #[error("the service-account key has no usable `{0}`")]
    Missing(&'static str),
    #[error("the service-account key's `type` is not `service_account`")]
    NotServiceAccount,
    #[error("the service-account `private_key` is not a PEM private key")]
    PrivateKey,
    #[error("the service-account `token_uri` is not an http(s) URL")]
    TokenUri,
}

/// The fields we read; every one optional so a missing field is reported by name.
#[derive(Deserialize)]
struct RawKey {
    #[serde(rename = "type")]
    key_type: Option<String>,
    project_id: Option<String>,
    private_key_id: Option<String>,
    private_key: Option<String>,
    client_email: Option<String>,
    client_id: Option<String>,
    token_uri: Option<String>,
}

impl ServiceAccountCredentials {
    /// The value of `GOOGLE_SERVICE_ACCOUNT_JSON`: inline JSON when it starts with `{`, else a path.
    pub fn from_env_value(value: &str) -> Result<Self, CredentialsError> {
        if value.trim_start().starts_with('{') {
            Self::from_json(value)
        } else {
            Self::from_file(Path::new(value.trim()))
        }
    }

    pub fn from_file(path: &Path) -> Result<Self, CredentialsError> {
        let json = std::fs::read_to_string(path).map_err(|e| CredentialsError::Read(e.kind()))?;
        Self::from_json(&json)
    }

    pub fn from_json(json: &str) -> Result<Self, CredentialsError> {
        let raw: RawKey = serde_json::from_str(json).map_err(|e| CredentialsError::Json {
            line: e.line(),
            column: e.column(),
        })?;
        if required(raw.key_type.as_deref(), "type")? != "service_account" {
            return Err(CredentialsError::NotServiceAccount);
        }
        let client_email = required(raw.client_email.as_deref(), "client_email")?;
        if !client_email.contains('@') {
            return Err(CredentialsError::Missing("client_email"));
        }
        let private_key_id = required(raw.private_key_id.as_deref(), "private_key_id")?;
        let private_key = required(raw.private_key.as_deref(), "private_key")?;
        if !is_pem_private_key(private_key) {
            return Err(CredentialsError::PrivateKey);
        }
        let token_uri = required(raw.token_uri.as_deref(), "token_uri")?;
        if !is_http_url(token_uri) {
            return Err(CredentialsError::TokenUri);
        }
        Ok(Self {
            key: ServiceAccountKey {
                key_type: raw.key_type.clone(),
                project_id: raw.project_id,
                private_key_id: Some(private_key_id.to_owned()),
                private_key: private_key.to_owned(),
                client_email: client_email.to_owned(),
                client_id: raw.client_id,
                auth_uri: None,
                token_uri: token_uri.to_owned(),
                auth_provider_x509_cert_url: None,
                client_x509_cert_url: None,
            },
        })
    }

    /// The account the spreadsheet and calendar must be shared with; named in sharing alerts.
    pub fn client_email(&self) -> &str {
        &self.key.client_email
    }

    pub fn private_key_id(&self) -> &str {
        self.key.private_key_id.as_deref().unwrap_or_default()
    }

    pub fn token_uri(&self) -> &str {
        &self.key.token_uri
    }

    /// Replaces the key's `token_uri` (`GOOGLE_OAUTH_TOKEN_URL`). yup-oauth2 posts to `token_uri`
    /// and uses it as the assertion's `aud`, which is what Google expects for its own endpoint.
    pub fn with_token_uri(mut self, token_uri: &str) -> Result<Self, CredentialsError> {
        if !is_http_url(token_uri) {
            return Err(CredentialsError::TokenUri);
        }
        token_uri.clone_into(&mut self.key.token_uri);
        Ok(self)
    }

    pub(crate) fn into_key(self) -> ServiceAccountKey {
        self.key
    }
}

impl fmt::Debug for ServiceAccountCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccountCredentials")
            .field("client_email", &self.key.client_email)
            .field("private_key_id", &self.key.private_key_id)
            .field("private_key", &"[redacted]")
            .finish_non_exhaustive()
    }
}

fn required<'a>(value: Option<&'a str>, name: &'static str) -> Result<&'a str, CredentialsError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(CredentialsError::Missing(name))
}

/// PKCS#8 (what Google issues) or PKCS#1; the key itself is parsed when the authenticator is built.
fn is_pem_private_key(pem: &str) -> bool {
    ["PRIVATE KEY", "RSA PRIVATE KEY"].iter().any(|label| {
        pem.contains(&format!("-----BEGIN {label}-----"))
            && pem.contains(&format!("-----END {label}-----"))
    })
}

fn is_http_url(value: &str) -> bool {
    reqwest::Url::parse(value)
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";

    fn key(overrides: &[(&str, serde_json::Value)]) -> String {
        let mut json = serde_json::json!({
            "type": "service_account",
            "project_id": "p",
            "private_key_id": "abc123",
            "private_key": PEM,
            "client_email": "inkdesk@p.iam.gserviceaccount.com",
            "token_uri": "https://oauth2.googleapis.com/token",
        });
        for (name, value) in overrides {
            json[*name] = value.clone();
        }
        json.to_string()
    }

    #[test]
    fn a_complete_key_is_accepted_and_its_debug_hides_the_private_key() {
        let creds = ServiceAccountCredentials::from_env_value(&key(&[])).unwrap();
        assert_eq!(creds.client_email(), "inkdesk@p.iam.gserviceaccount.com");
        assert_eq!(creds.private_key_id(), "abc123");
        let debug = format!("{creds:?}");
        assert!(!debug.contains("MIIB"), "{debug}");
    }

    #[test]
    fn missing_or_wrong_fields_are_named_without_echoing_the_key() {
        use serde_json::json;
        let cases = [
            (
                "type",
                json!("authorized_user"),
                CredentialsError::NotServiceAccount,
            ),
            (
                "client_email",
                json!(""),
                CredentialsError::Missing("client_email"),
            ),
            (
                "client_email",
                json!("no-at-sign"),
                CredentialsError::Missing("client_email"),
            ),
            (
                "private_key_id",
                json!(null),
                CredentialsError::Missing("private_key_id"),
            ),
            (
                "private_key",
                json!("MIIB secret"),
                CredentialsError::PrivateKey,
            ),
            ("token_uri", json!("ftp://x"), CredentialsError::TokenUri),
        ];
        for (field, value, expected) in cases {
            let error = ServiceAccountCredentials::from_json(&key(&[(field, value)])).unwrap_err();
            assert_eq!(error, expected, "{field}");
        }
        let error =
            ServiceAccountCredentials::from_json("{\"private_key\": 7 secret}").unwrap_err();
        assert!(matches!(error, CredentialsError::Json { .. }));
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn a_path_that_does_not_exist_is_a_read_error() {
        let error =
            ServiceAccountCredentials::from_env_value("/nonexistent/inkdesk-key.json").unwrap_err();
        assert_eq!(error, CredentialsError::Read(std::io::ErrorKind::NotFound));
    }

    #[test]
    fn the_token_uri_can_be_overridden_for_tests() {
        let creds = ServiceAccountCredentials::from_json(&key(&[]))
            .unwrap()
            .with_token_uri("http://127.0.0.1:9/token")
            .unwrap();
        assert_eq!(creds.token_uri(), "http://127.0.0.1:9/token");
    }
}
