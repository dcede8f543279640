//! Parsing of individual raw values, collecting every problem instead of stopping at the first.

use std::str::FromStr;

use super::Secret;

/// Collects one line per problem, in the order the keys are read.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn push(&mut self, problem: impl Into<String>) {
        self.0.push(problem.into());
    }

    /// A present, non-blank value, trimmed.
    pub fn text(raw: &Option<String>) -> Option<String> {
        raw.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub fn secret(raw: &Option<String>) -> Option<Secret> {
        Self::text(raw).map(Secret::new)
    }

    pub fn flag(&mut self, name: &str, raw: &Option<String>, default: bool) -> bool {
        match Self::text(raw).map(|v| v.to_ascii_lowercase()) {
            None => default,
            Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "on") => true,
            Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "off") => false,
            Some(_) => {
                self.push(format!("{name} must be true or false"));
                default
            }
        }
    }

    pub fn number<T>(&mut self, name: &str, raw: &Option<String>, default: T, min: T, max: T) -> T
    where
        T: FromStr + PartialOrd + Copy + std::fmt::Display,
    {
        match Self::text(raw) {
            None => default,
            Some(v) => match v.parse::<T>() {
                Ok(n) if n >= min && n <= max => n,
                _ => {
                    self.push(format!("{name} must be a whole number from {min} to {max}"));
                    default
                }
            },
        }
    }
}

/// A comma-separated list, blanks dropped.
pub fn list(raw: &Option<String>) -> Vec<String> {
    raw.as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// True for `https://` URLs whose host is not a loopback name or address.
pub fn is_public_https(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| h.trim_start_matches('['))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default()
    };
    let host = host.to_ascii_lowercase();
    !(host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_https_rejects_http_and_loopback() {
        assert!(is_public_https("https://ink.example.com/x"));
        assert!(!is_public_https("http://ink.example.com"));
        assert!(!is_public_https("https://localhost:8080"));
        assert!(!is_public_https("https://127.0.0.1/"));
        assert!(!is_public_https("https://[::1]:8080/"));
    }

    #[test]
    fn flags_and_numbers_report_bad_values() {
        let mut problems = Problems::default();
        assert!(problems.flag("X", &Some("TRUE".into()), false));
        assert!(!problems.flag("Y", &Some("maybe".into()), false));
        assert_eq!(problems.number("N", &Some("70".into()), 4, 1, 64), 4);
        assert_eq!(
            problems.0,
            vec![
                "Y must be true or false",
                "N must be a whole number from 1 to 64"
            ]
        );
    }
}
