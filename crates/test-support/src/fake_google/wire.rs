//! Wire helpers shared by the fake's endpoints: percent-decoding, form bodies, and replies in
//! Google's formats.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use hyper::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};

pub(crate) type Reply = Response<Full<Bytes>>;

/// `%XX` decoded; `+` is a space only in forms and query strings (`plus_is_space`).
pub(crate) fn percent_decode(value: &str, plus_is_space: bool) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                out.push(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 3;
                continue;
            }
            b'+' if plus_is_space => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// `a=1&b=2` (a form body or a query string), decoded.
pub(crate) fn form_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

pub(crate) fn json_reply(status: u16, body: &Value) -> Reply {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/json; charset=UTF-8")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("valid fake response")
}

pub(crate) fn empty(status: u16) -> Reply {
    Response::builder()
        .status(status)
        .body(Full::new(Bytes::new()))
        .expect("valid fake response")
}

pub(crate) fn plain(status: u16, retry_after: Option<u64>) -> Reply {
    let mut builder = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "text/html; charset=UTF-8");
    if let Some(seconds) = retry_after {
        builder = builder.header(RETRY_AFTER, seconds);
    }
    builder
        .body(Full::new(Bytes::from_static(
            b"<html><body>Error</body></html>",
        )))
        .expect("valid fake response")
}

/// Google's API error envelope, as Sheets and Calendar send it.
pub(crate) fn google_error(
    status: u16,
    reason: &str,
    domain: &str,
    message: &str,
    retry_after: Option<u64>,
) -> Reply {
    let body = json!({"error": {
        "code": status,
        "message": message,
        "errors": [{"message": message, "domain": domain, "reason": reason}],
        "status": grpc_status(status),
    }});
    let mut reply = json_reply(status, &body);
    if let Some(seconds) = retry_after {
        reply.headers_mut().insert(
            RETRY_AFTER,
            seconds
                .to_string()
                .parse()
                .expect("a number is a header value"),
        );
    }
    reply
}

pub(crate) fn bad_request(message: &str) -> Reply {
    google_error(400, "badRequest", "global", message, None)
}

pub(crate) fn not_found() -> Reply {
    google_error(404, "notFound", "global", "Not Found", None)
}

/// The token endpoint's OAuth error.
pub(crate) fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    json_reply(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

fn grpc_status(status: u16) -> &'static str {
    match status {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        _ if status >= 500 => "INTERNAL",
        _ => "FAILED_PRECONDITION",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_handles_plus_broken_escapes_and_utf8() {
        assert_eq!(percent_decode("Leads%21A%3AA", false), "Leads!A:A");
        assert_eq!(percent_decode("a+b%20c", true), "a b c");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
        assert_eq!(percent_decode("%C3%A9", false), "é");
    }
}
