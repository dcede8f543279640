//! Request parameters of the admin reads: limits, opaque cursors, instants and ids, validated into
//! 422 field errors (http-api.md §1.1, §1.4) or a 404 for ids that cannot exist.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use inkdesk_postgres::admin::PageKey;

use crate::http::ApiError;
use crate::http::error::FieldError;

/// Collects every field error of a request, so the caller hears about all of them at once.
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    /// The value, or `None` after noting the field's error.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.push(FieldError::new(field, message));
                None
            }
        }
    }

    /// An optional parameter: absent stays `None`, present must parse.
    pub fn optional<T>(
        &mut self,
        field: &str,
        raw: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        raw.and_then(|raw| self.check(field, parse(raw)))
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

/// A request with one invalid field.
pub fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(field, message)])
}

/// `limit`: default when absent, otherwise an integer within `1..=max`.
pub fn limit(raw: Option<&str>, default: i64, max: i64) -> Result<i64, String> {
    let Some(raw) = raw else {
        return Ok(default);
    };
    match raw.trim().parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("must be an integer from 1 to {max}")),
    }
}

pub fn instant(raw: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| "must be an RFC 3339 date-time, e.g. 2027-03-25T14:02:11Z".to_owned())
}

pub fn flag(raw: &str) -> Result<bool, String> {
    match raw.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("must be true or false".to_owned()),
    }
}

pub fn positive_integer(raw: &str) -> Result<i64, String> {
    match raw.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("must be a positive integer".to_owned()),
    }
}

/// Ids in paths are positive integers; anything else names nothing, so it is a 404 (after
/// authentication, which already ran).
pub fn path_id(raw: &str) -> Result<i64, ApiError> {
    let digits_only = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(id) if digits_only && id > 0 => Ok(id),
        _ => Err(ApiError::NotFound),
    }
}

/// An opaque `next_cursor`: where the list continues, tagged with the list (and sort) it belongs to
/// so a cursor from another list is refused rather than misread.
pub struct Cursor;

const CURSOR_VERSION: &str = "v1";

impl Cursor {
    pub fn encode(list: &str, key: PageKey) -> String {
        let micros = key.at.timestamp_micros();
        URL_SAFE_NO_PAD.encode(format!("{CURSOR_VERSION}:{list}:{micros}:{}", key.id))
    }

    pub fn decode(list: &str, raw: &str) -> Result<PageKey, String> {
        let malformed = || "is not a cursor returned by this list".to_owned();
        let bytes = URL_SAFE_NO_PAD
            .decode(raw.trim())
            .map_err(|_| malformed())?;
        let text = String::from_utf8(bytes).map_err(|_| malformed())?;
        let mut parts = text.split(':');
        let (Some(version), Some(tag), Some(micros), Some(id), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(malformed());
        };
        if version != CURSOR_VERSION || tag != list {
            return Err(malformed());
        }
        let at = micros
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(malformed)?;
        let id = id.parse::<i64>().map_err(|_| malformed())?;
        Ok(PageKey { at, id })
    }
}

/// The body is optional, but when there is one it must be right. (`Option<web::Json<_>>` would
/// turn a malformed or misspelt body into "no body" and act with the defaults.)
pub fn optional_json<T: Default + serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.len() > super::BODY_LIMIT_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|error| {
        if error.is_syntax() || error.is_eof() {
            ApiError::BadRequest("Malformed JSON body")
        } else {
            invalid("body", &error.to_string())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_belong_to_one_list() {
        let key = PageKey {
            at: DateTime::from_timestamp_micros(1_806_000_000_123_456).unwrap(),
            id: 42,
        };
        let cursor = Cursor::encode("leads.created", key);
        assert_eq!(Cursor::decode("leads.created", &cursor), Ok(key));
        assert!(Cursor::decode("leads.updated", &cursor).is_err());
        assert!(Cursor::decode("leads.created", "not-a-cursor!").is_err());
        assert!(Cursor::decode("leads.created", &URL_SAFE_NO_PAD.encode("v1:x:y")).is_err());
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None, 50, 200), Ok(50));
        assert_eq!(limit(Some("200"), 50, 200), Ok(200));
        for bad in ["0", "-1", "201", "ten", ""] {
            assert!(limit(Some(bad), 50, 200).is_err(), "{bad}");
        }
    }

    #[test]
    fn path_ids_are_positive_integers() {
        assert_eq!(path_id("42").ok(), Some(42));
        for bad in ["0", "-3", "+4", "abc", "", "99999999999999999999"] {
            assert!(path_id(bad).is_err(), "{bad}");
        }
    }
}
