//! The admin key check (http-api.md §1.2, data-and-ops.md S2/S3).
//!
//! It wraps the whole `/admin` scope, so it runs before any path or body is parsed and before any
//! lookup: an unauthenticated caller gets the same answer for a lead that exists and one that does
//! not. Keys are compared as SHA-256 digests in constant time.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError, web};
use inkdesk_postgres::system_events::{self, EventLevel, SystemEvent};
use serde_json::json;

use crate::config::AppEnv;
use crate::http::{ApiError, CorrelationId};
use crate::secrets::constant_time_eq;
use crate::state::AppState;

const ADMIN_KEY_HEADER: &str = "x-admin-api-key";

const MISSING_KEY: &str = "Missing API key. Provide X-Admin-API-Key header.";
const WRONG_KEY: &str = "Invalid API key.";

/// How often one client address may add an `admin.auth_failure` event: a key-guessing loop must not
/// flood the events table.
const FAILURE_EVENT_INTERVAL: Duration = Duration::from_secs(60);
/// Addresses remembered at most; beyond it the longest-quiet address is forgotten.
const FAILURE_LOG_CAPACITY: usize = 10_000;

enum Verdict {
    Allowed,
    Missing,
    Wrong,
}

fn verdict(state: &AppState, given: Option<&[u8]>) -> Verdict {
    let Some(expected) = &state.settings.admin_api_key else {
        // Validation only lets a missing key through in development; anywhere else, fail closed.
        return if state.settings.app_env == AppEnv::Development {
            Verdict::Allowed
        } else {
            Verdict::Wrong
        };
    };
    match given {
        None | Some(b"") => Verdict::Missing,
        Some(given) if constant_time_eq(given, expected.expose().as_bytes()) => Verdict::Allowed,
        Some(_) => Verdict::Wrong,
    }
}

/// Middleware for the `/admin` scope.
pub async fn require_admin_key(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(refuse(req, &ApiError::Internal));
    };
    let given = req
        .headers()
        .get(ADMIN_KEY_HEADER)
        .map(|value| value.as_bytes());
    match verdict(&state, given) {
        Verdict::Allowed => Ok(next.call(req).await?.map_into_left_body()),
        Verdict::Missing => Ok(refuse(req, &ApiError::Unauthorized(MISSING_KEY))),
        Verdict::Wrong => {
            record_failure(&state, &req).await;
            Ok(refuse(req, &ApiError::Forbidden(WRONG_KEY)))
        }
    }
}

fn refuse<B>(req: ServiceRequest, error: &ApiError) -> ServiceResponse<EitherBody<B>> {
    req.into_response(error.error_response())
        .map_into_right_body()
}

async fn record_failure(state: &AppState, req: &ServiceRequest) {
    let ip = req.peer_addr().map(|addr| addr.ip());
    if let Some(ip) = ip
        && !state.admin_auth_failures.should_record(ip, Instant::now())
    {
        return;
    }
    let ip_masked = ip.map_or_else(|| "unknown".to_owned(), mask_ip);
    // The route template, never the concrete path: it could carry a lead id or a contact id.
    let path_template = req
        .match_pattern()
        .unwrap_or_else(|| "/admin/{unmatched}".to_owned());
    tracing::warn!(ip_masked, path_template, "admin.auth_failure");
    let correlation_id = req.extensions().get::<CorrelationId>().map(|c| c.0.clone());
    let event = SystemEvent {
        level: EventLevel::Warn,
        event_type: "admin.auth_failure".to_owned(),
        lead_id: None,
        contact_id: None,
        payload: json!({ "ip_masked": ip_masked, "path_template": path_template }),
        correlation_id,
    };
    if let Err(error) = system_events::record_alone(&state.database, &event).await {
        tracing::warn!(error = %error, "could not record admin.auth_failure");
    }
}

/// The network part only: `203.0.113.x` for IPv4, the first three groups for IPv6.
fn mask_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.x")
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            format!("{:x}:{:x}:{:x}::x", segments[0], segments[1], segments[2])
        }
    }
}

/// When each client address last produced an `admin.auth_failure` event.
#[derive(Debug, Default)]
pub struct AuthFailureLog {
    last_recorded: Mutex<HashMap<IpAddr, Instant>>,
}

impl AuthFailureLog {
    /// Whether a failure from `ip` at `now` deserves an event; remembers it when it does.
    pub fn should_record(&self, ip: IpAddr, now: Instant) -> bool {
        // A poisoned lock only means another request panicked mid-update; the map is still usable.
        let mut seen = self
            .last_recorded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen
            .get(&ip)
            .is_some_and(|last| now.saturating_duration_since(*last) < FAILURE_EVENT_INTERVAL)
        {
            return false;
        }
        if seen.len() >= FAILURE_LOG_CAPACITY {
            seen.retain(|_, last| now.saturating_duration_since(*last) < FAILURE_EVENT_INTERVAL);
        }
        if seen.len() >= FAILURE_LOG_CAPACITY
            && let Some(oldest) = seen
                .iter()
                .min_by_key(|(_, last)| **last)
                .map(|(ip, _)| *ip)
        {
            seen.remove(&oldest);
        }
        seen.insert(ip, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_per_address_per_minute() {
        let log = AuthFailureLog::default();
        let start = Instant::now();
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let other: IpAddr = "198.51.100.1".parse().unwrap();
        assert!(log.should_record(ip, start));
        assert!(!log.should_record(ip, start + Duration::from_secs(59)));
        assert!(log.should_record(other, start + Duration::from_secs(1)));
        assert!(log.should_record(ip, start + Duration::from_secs(61)));
    }

    #[test]
    fn the_map_stays_bounded() {
        let log = AuthFailureLog::default();
        let start = Instant::now();
        for n in 0..(FAILURE_LOG_CAPACITY as u32 + 5) {
            let ip = IpAddr::from(std::net::Ipv4Addr::from(n));
            assert!(log.should_record(ip, start));
        }
        let size = log.last_recorded.lock().unwrap().len();
        assert_eq!(size, FAILURE_LOG_CAPACITY);
    }

    #[test]
    fn addresses_are_masked() {
        assert_eq!(mask_ip("203.0.113.7".parse().unwrap()), "203.0.113.x");
        assert_eq!(
            mask_ip("2001:db8:85a3::8a2e:370:7334".parse().unwrap()),
            "2001:db8:85a3::x"
        );
    }
}
