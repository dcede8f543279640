//! `GET /admin/funnel?days=7` (http-api.md §5.15): "ever reached" counts and conversion rates over
//! the leads created in the last `days` days.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use inkdesk_postgres::admin::{self, FunnelCounts};
use serde::{Deserialize, Serialize};

use super::params::Fields;
use super::storage_failure;
use crate::http::ApiError;
use crate::state::AppState;

const DEFAULT_DAYS: i64 = 7;
const MAX_DAYS: i64 = 3650;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelQuery {
    days: Option<String>,
}

#[derive(Serialize)]
struct Funnel {
    period_days: i64,
    cutoff_date: DateTime<Utc>,
    counts: FunnelCounts,
    rates: Rates,
}

#[derive(Debug, PartialEq, Serialize)]
struct Rates {
    consult_start_rate: f64,
    consult_completion_rate: f64,
    approval_rate: f64,
    deposit_pay_rate: f64,
    booking_completion_rate: f64,
    overall_conversion: f64,
    abandoned_rate: f64,
    stale_rate: f64,
    needs_follow_up_rate: f64,
}

/// Four decimals; 0.0 when nobody reached the earlier stage.
fn rate(reached: i64, of: i64) -> f64 {
    if of == 0 {
        return 0.0;
    }
    // Counts are far below 2^52, so the conversion is exact.
    let ratio = reached as f64 / of as f64;
    (ratio * 10_000.0).round() / 10_000.0
}

impl Rates {
    fn of(c: &FunnelCounts) -> Self {
        Self {
            consult_start_rate: rate(c.qualifying_started, c.new_leads),
            consult_completion_rate: rate(c.qualifying_completed, c.qualifying_started),
            approval_rate: rate(c.approved, c.qualifying_completed),
            deposit_pay_rate: rate(c.deposit_paid, c.deposit_link_sent),
            booking_completion_rate: rate(c.booked, c.deposit_paid),
            overall_conversion: rate(c.booked, c.new_leads),
            abandoned_rate: rate(c.abandoned, c.qualifying_started),
            stale_rate: rate(c.stale, c.pending_approval),
            needs_follow_up_rate: rate(c.needs_follow_up, c.qualifying_completed),
        }
    }
}

/// Out-of-range values are clamped (the earlier service's behaviour); only non-numbers are refused.
fn days(raw: &str) -> Result<i64, String> {
    raw.trim()
        .parse::<i64>()
        .map(|days| days.clamp(1, MAX_DAYS))
        .map_err(|_| "must be an integer (clamped to 1..3650)".to_owned())
}

pub async fn funnel(
    state: web::Data<AppState>,
    query: web::Query<FunnelQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut fields = Fields::default();
    let period_days = fields
        .optional("days", query.days.as_deref(), days)
        .unwrap_or(DEFAULT_DAYS);
    fields.finish()?;
    let cutoff_date = Utc::now() - TimeDelta::days(period_days);
    let counts = admin::funnel_counts(&state.database, cutoff_date)
        .await
        .map_err(storage_failure)?;
    Ok(HttpResponse::Ok().json(Funnel {
        period_days,
        cutoff_date,
        rates: Rates::of(&counts),
        counts,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_have_four_decimals_and_survive_empty_stages() {
        assert_eq!(rate(1, 3), 0.3333);
        assert_eq!(rate(2, 3), 0.6667);
        assert_eq!(rate(5, 0), 0.0);
        assert_eq!(rate(4, 4), 1.0);
    }

    #[test]
    fn days_are_clamped() {
        assert_eq!(days("0"), Ok(1));
        assert_eq!(days("99999"), Ok(3650));
        assert_eq!(days("30"), Ok(30));
        assert!(days("week").is_err());
    }
}
