//! Rate limits per client address (http-api.md §1.3), as middleware that runs before routing and
//! authentication, so unauthenticated traffic uses up the bucket too. Limits are per replica.

mod client_ip;
mod rejection;
mod window;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

pub use client_ip::TrustedProxies;
use window::{MAX_CLIENTS, Verdict, WindowLog};

use super::CorrelationId;
use crate::config::Settings;
use crate::state::AppState;

/// Demo pages poll; their limit is fixed (http-api.md §1.3).
const DEMO_REQUESTS: u32 = 120;
const DEMO_WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Admin,
    ActionLinks,
    Demo,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::ActionLinks => "action_links",
            Self::Demo => "demo",
        }
    }

    /// The bucket of a routed path; webhooks, `/health`, `/ready`, `/metrics` and `/payment/*` have
    /// none.
    fn for_path(path: &str) -> Option<Self> {
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under("/admin") {
            Some(Self::Admin)
        } else if path.starts_with("/a/") {
            Some(Self::ActionLinks)
        } else if under("/demo") {
            Some(Self::Demo)
        } else {
            None
        }
    }
}

/// Why a request was refused, for the 429 answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejection {
    pub bucket: Bucket,
    pub limit: usize,
    pub window_seconds: u64,
    /// Whole seconds, at least 1.
    pub retry_after_seconds: u64,
}

struct Limit {
    window: Duration,
    log: Mutex<WindowLog>,
}

impl Limit {
    fn new(requests: u32, window: Duration) -> Self {
        Self {
            window,
            log: Mutex::new(WindowLog::new(requests, window, MAX_CLIENTS)),
        }
    }
}

/// The process's buckets; `AppState::rate_limiter`.
pub struct RateLimiter {
    enabled: bool,
    trusted_proxies: TrustedProxies,
    admin: Limit,
    action_links: Limit,
    /// Only in demo mode: otherwise every `/demo/*` path is a 404 and costs nothing.
    demo: Option<Limit>,
}

impl RateLimiter {
    pub fn from_settings(settings: &Settings) -> Self {
        let limits = settings.rate_limit;
        let window = Duration::from_secs(limits.window_seconds);
        // The configuration was validated at startup; a bad entry cannot get this far.
        let trusted_proxies =
            TrustedProxies::parse(&settings.trusted_proxies).unwrap_or_else(|error| {
                tracing::warn!(%error, "TRUSTED_PROXIES ignored");
                TrustedProxies::default()
            });
        Self {
            enabled: limits.enabled,
            trusted_proxies,
            admin: Limit::new(limits.admin_requests, window),
            action_links: Limit::new(limits.action_requests, window),
            demo: settings
                .features
                .demo_mode
                .then(|| Limit::new(DEMO_REQUESTS, DEMO_WINDOW)),
        }
    }

    /// Counts the request against its bucket, if it has one. `peer` is `None` only for requests
    /// that did not come over TCP (tests); those share one bucket.
    pub fn check(
        &self,
        path: &str,
        peer: Option<IpAddr>,
        headers: &HeaderMap,
        now: Instant,
    ) -> Result<(), Rejection> {
        if !self.enabled {
            return Ok(());
        }
        let Some(bucket) = Bucket::for_path(path) else {
            return Ok(());
        };
        let limit = match bucket {
            Bucket::Admin => &self.admin,
            Bucket::ActionLinks => &self.action_links,
            Bucket::Demo => match &self.demo {
                Some(limit) => limit,
                None => return Ok(()),
            },
        };
        let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let client = self.trusted_proxies.client(peer, headers);
        // A panic elsewhere while holding the lock cannot leave the log inconsistent enough to
        // matter; keep limiting.
        let mut log = limit
            .log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match log.check(client, now) {
            Verdict::Allowed => Ok(()),
            Verdict::Limited { retry_after } => Err(Rejection {
                bucket,
                limit: log.limit(),
                window_seconds: limit.window.as_secs(),
                retry_after_seconds: whole_seconds_at_least_one(retry_after),
            }),
        }
    }
}

fn whole_seconds_at_least_one(duration: Duration) -> u64 {
    let seconds = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    seconds.max(1)
}

/// The middleware: refused requests never reach routing, authentication or the database.
pub async fn rate_limit<B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(request)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    // The path as the router matches it (percent-decoded), so `/%61/…` cannot slip past.
    let path = request.match_info().as_str().to_owned();
    let peer = request.peer_addr().map(|address| address.ip());
    let verdict = state
        .rate_limiter
        .check(&path, peer, request.headers(), Instant::now());
    let Err(rejection) = verdict else {
        return next
            .call(request)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    state.metrics.rate_limited(rejection.bucket.as_str());
    tracing::debug!(bucket = rejection.bucket.as_str(), "request rate-limited");
    let correlation_id = request
        .extensions()
        .get::<CorrelationId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    let response = rejection::too_many_requests(&rejection, &path, &correlation_id);
    Ok(request.into_response(response).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_their_buckets() {
        let cases = [
            ("/admin", Some(Bucket::Admin)),
            ("/admin/leads/4", Some(Bucket::Admin)),
            ("/admin/ui/login", Some(Bucket::Admin)),
            ("/administrator", None),
            (
                "/a/q7Xg0yqvJx4kT1m2Rz9wVb3nL5cH8aP6dE0fG2hI4jK",
                Some(Bucket::ActionLinks),
            ),
            ("/a", None),
            ("/about", None),
            ("/demo", Some(Bucket::Demo)),
            ("/demo/client/send", Some(Bucket::Demo)),
            ("/health", None),
            ("/ready", None),
            ("/metrics", None),
            ("/webhooks/whatsapp", None),
            ("/webhooks/stripe", None),
            ("/payment/success", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Bucket::for_path(path), expected, "{path}");
        }
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds_and_never_says_zero() {
        let cases = [
            (Duration::ZERO, 1),
            (Duration::from_millis(1), 1),
            (Duration::from_secs(1), 1),
            (Duration::from_millis(22_001), 23),
            (Duration::from_secs(60), 60),
        ];
        for (duration, expected) in cases {
            assert_eq!(
                whole_seconds_at_least_one(duration),
                expected,
                "{duration:?}"
            );
        }
    }

    fn limiter(raw: crate::config::RawSettings) -> RateLimiter {
        let settings = Settings::from_raw(crate::config::RawSettings {
            app_env: Some("development".into()),
            database_url: Some("postgres://localhost/x".into()),
            ..raw
        });
        match settings {
            Ok(settings) => RateLimiter::from_settings(&settings),
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_eleventh_action_link_request_in_a_minute_is_refused() {
        let limiter = limiter(crate::config::RawSettings::default());
        let peer = Some(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7)));
        let headers = HeaderMap::new();
        let t0 = Instant::now();
        for n in 0..10 {
            assert_eq!(
                limiter.check("/a/x", peer, &headers, t0),
                Ok(()),
                "request {n}"
            );
        }
        let rejection = limiter.check("/a/x", peer, &headers, t0 + Duration::from_secs(37));
        assert_eq!(
            rejection,
            Err(Rejection {
                bucket: Bucket::ActionLinks,
                limit: 10,
                window_seconds: 60,
                retry_after_seconds: 23,
            })
        );
        // Buckets are separate: the admin bucket of the same client is untouched.
        assert_eq!(limiter.check("/admin/leads", peer, &headers, t0), Ok(()));
        assert_eq!(limiter.check("/health", peer, &headers, t0), Ok(()));
    }

    #[test]
    fn disabled_limits_and_demo_outside_demo_mode_never_refuse() {
        let off = limiter(crate::config::RawSettings {
            rate_limit_enabled: Some("false".into()),
            ..Default::default()
        });
        let normal = limiter(crate::config::RawSettings::default());
        let headers = HeaderMap::new();
        let t0 = Instant::now();
        for _ in 0..200 {
            assert_eq!(off.check("/a/x", None, &headers, t0), Ok(()));
            assert_eq!(normal.check("/demo/client", None, &headers, t0), Ok(()));
        }
    }

    #[test]
    fn the_legacy_and_new_limit_variables_are_honoured() {
        let legacy = limiter(crate::config::RawSettings {
            rate_limit_requests: Some("2".into()),
            rate_limit_admin_requests: Some("1".into()),
            rate_limit_window_seconds: Some("30".into()),
            ..Default::default()
        });
        let headers = HeaderMap::new();
        let t0 = Instant::now();
        assert!(legacy.check("/a/x", None, &headers, t0).is_ok());
        assert!(legacy.check("/a/x", None, &headers, t0).is_ok());
        let refused = legacy.check("/a/x", None, &headers, t0);
        assert!(matches!(
            refused,
            Err(Rejection {
                limit: 2,
                window_seconds: 30,
                ..
            })
        ));
        assert!(legacy.check("/admin/x", None, &headers, t0).is_ok());
        assert!(legacy.check("/admin/x", None, &headers, t0).is_err());
    }
}
