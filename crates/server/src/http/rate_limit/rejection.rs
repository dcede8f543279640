//! The 429 answer of http-api.md §1.3: JSON for API routes, a small HTML page for the routes a
//! person opens in a browser (action links and admin pages), both with `Retry-After`.

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::json;

use super::Rejection;

/// The page headers of http-api.md §4.3 (besides `Content-Type`). `X-Content-Type-Options` is
/// repeated here so the page is complete even without the correlation middleware.
pub use crate::http::pages::PAGE_HEADERS;

const PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Too many requests</title>\n\
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>\n\
</head>\n<body>\n<h1>Too many requests — try again in a minute</h1>\n\
<p>This page was opened too many times in a short while. Please wait a minute and reload it.</p>\n\
</body>\n</html>\n";

/// Pages a person opens in a browser get HTML; everything else JSON.
fn wants_html(path: &str) -> bool {
    path.starts_with("/a/") || path == "/admin/ui" || path.starts_with("/admin/ui/")
}

pub fn too_many_requests(rejection: &Rejection, path: &str, correlation_id: &str) -> HttpResponse {
    let mut response = HttpResponse::TooManyRequests();
    response.insert_header((RETRY_AFTER, rejection.retry_after_seconds.to_string()));
    if wants_html(path) {
        response.insert_header((CONTENT_TYPE, "text/html; charset=utf-8"));
        for header in PAGE_HEADERS {
            response.insert_header(header);
        }
        return response.body(PAGE);
    }
    response.json(json!({
        "error": "Rate limit exceeded",
        "message": format!(
            "Too many requests. Limit: {} requests per {} seconds.",
            rejection.limit, rejection.window_seconds
        ),
        "retry_after": rejection.retry_after_seconds,
        "code": "rate_limited",
        "correlation_id": correlation_id,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use actix_web::body::MessageBody;

    use super::super::Bucket;
    use super::*;

    fn rejection() -> Rejection {
        Rejection {
            bucket: Bucket::Admin,
            limit: 60,
            window_seconds: 60,
            retry_after_seconds: 23,
        }
    }

    #[test]
    fn api_routes_get_the_json_body_of_the_spec() {
        let response = too_many_requests(&rejection(), "/admin/leads", "cid-1");
        assert_eq!(response.status().as_u16(), 429);
        assert_eq!(response.headers().get(RETRY_AFTER).unwrap(), "23");
        let body = response.into_body().try_into_bytes().unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body,
            json!({"error": "Rate limit exceeded",
                   "message": "Too many requests. Limit: 60 requests per 60 seconds.",
                   "retry_after": 23, "code": "rate_limited", "correlation_id": "cid-1"})
        );
    }

    #[test]
    fn browser_pages_get_html_with_the_page_headers() {
        for path in ["/a/abc", "/admin/ui", "/admin/ui/leads/4"] {
            let response = too_many_requests(&rejection(), path, "cid-1");
            let headers = response.headers();
            assert_eq!(
                headers.get(CONTENT_TYPE).unwrap(),
                "text/html; charset=utf-8"
            );
            assert_eq!(headers.get(RETRY_AFTER).unwrap(), "23");
            for (name, value) in PAGE_HEADERS {
                assert_eq!(headers.get(name).unwrap(), value, "{path}: {name}");
            }
        }
    }
}
