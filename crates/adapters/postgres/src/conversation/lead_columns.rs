//! The `leads` row as column groups, one per diesel view of the wide table (state, interpretation,
//! estimate with deposit and booking, funnel), each readable by name and writable as a changeset.
//! `lead_mapping` turns them into a [`Lead`](inkdesk_domain::model::Lead) and back.
//!
//! The three `numeric` columns have no diesel Rust type in this build; they travel as integers in
//! hundredths (dimensions) and tenths (XL days) through SQL casts in `leads.rs`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::schema::{lead_estimates, lead_funnel, lead_interpretation, leads};

/// What the status machine and the conversation own, plus the artist's admin record.
#[derive(QueryableByName, AsChangeset, Serialize)]
#[diesel(table_name = leads, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(super) struct StateColumns {
    pub status: String,
    #[serde(serialize_with = "micros::one")]
    pub status_entered_at: DateTime<Utc>,
    pub return_status: Option<String>,
    pub booking_mode: Option<String>,
    pub current_step: i16,
    pub parse_failures: Value,
    pub confirmation_shown: bool,
    pub travel_prompt: Option<String>,
    pub time_window_round: i16,
    pub coverup_mentioned: bool,
    pub cooldowns: Value,
    #[serde(serialize_with = "micros::option")]
    pub last_client_message_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub last_bot_message_at: Option<DateTime<Utc>>,
    pub handover_reason_code: Option<String>,
    pub handover_reason: Option<String>,
    pub handover_resumable: Option<bool>,
    pub admin_notes: Option<String>,
    pub last_admin_action: Option<String>,
    #[serde(serialize_with = "micros::option")]
    pub last_admin_action_at: Option<DateTime<Utc>>,
    pub cancellation_reason: Option<String>,
    pub cancelled_by: Option<String>,
}

#[derive(QueryableByName, AsChangeset, Serialize)]
#[diesel(
    table_name = lead_interpretation,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_null = true
)]
pub(super) struct InterpretationColumns {
    pub complexity_level: Option<i16>,
    pub complexity_unsure: Option<bool>,
    pub coverup: Option<String>,
    pub placement_hard: Option<bool>,
    pub budget_amount_minor: Option<i64>,
    pub budget_currency: Option<String>,
    pub budget_is_range: Option<bool>,
    pub budget_gbp_minor: Option<i64>,
    pub budget_accepted_minimum: bool,
    pub location_city: Option<String>,
    pub location_country: Option<String>,
    pub country_recognised: Option<bool>,
    pub region: Option<String>,
    pub instagram_handle: Option<String>,
    pub requested_city: Option<String>,
    pub booking_city: Option<String>,
    pub tour_stop_key: Option<String>,
    pub tour_offer_options: Option<Value>,
    pub tour_offer_accepted: Option<bool>,
    pub waitlisted: bool,
}

/// Estimate, summary, deposit terms and booking details.
#[derive(QueryableByName, AsChangeset, Serialize)]
#[diesel(table_name = lead_estimates, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(super) struct EstimateColumns {
    pub estimated_category: Option<String>,
    pub estimated_deposit_minor: Option<i64>,
    pub price_min_minor: Option<i64>,
    pub price_max_minor: Option<i64>,
    pub pricing_trace: Option<Value>,
    pub region_min_budget_minor: Option<i64>,
    pub below_min_budget: bool,
    pub summary_text: Option<String>,
    pub deposit_amount_minor: Option<i64>,
    pub deposit_currency: Option<String>,
    #[serde(serialize_with = "micros::option")]
    pub deposit_locked_at: Option<DateTime<Utc>>,
    pub deposit_rule_version: Option<String>,
    #[serde(serialize_with = "micros::option")]
    pub deposit_sent_at: Option<DateTime<Utc>>,
    pub expiry_count: i16,
    pub link_reissue_count: i16,
    #[serde(serialize_with = "micros::option")]
    pub appointment_start_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub appointment_end_at: Option<DateTime<Utc>>,
    pub confirmed_hold_id: Option<i64>,
    pub calendar_event_id: Option<String>,
    pub booking_link: Option<String>,
    pub booking_tool: Option<String>,
    #[serde(serialize_with = "micros::option")]
    pub booking_link_sent_at: Option<DateTime<Utc>>,
    pub reschedule_count: i16,
}

#[derive(QueryableByName, AsChangeset, Serialize)]
#[diesel(table_name = lead_funnel, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(super) struct FunnelColumns {
    #[serde(serialize_with = "micros::option")]
    pub qualifying_started_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub qualifying_completed_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub pending_approval_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub approved_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub deposit_paid_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub booking_pending_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub booked_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub rejected_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub cancelled_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub refunded_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub needs_artist_reply_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub needs_follow_up_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub abandoned_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub stale_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub waitlisted_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "micros::option")]
    pub opted_out_at: Option<DateTime<Utc>>,
}

/// The numeric columns as exact integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct ScaledColumns {
    pub width_centi_cm: Option<i32>,
    pub height_centi_cm: Option<i32>,
    pub days_tenths: Option<i16>,
}

/// Every column group of one lead.
pub(super) struct LeadColumns {
    pub state: StateColumns,
    pub interpretation: InterpretationColumns,
    pub estimate: EstimateColumns,
    pub funnel: FunnelColumns,
    pub scaled: ScaledColumns,
}

/// Timestamps as diesel binds them: truncated to Postgres's microseconds (text input would round).
mod micros {
    use chrono::{DateTime, SubsecRound, Utc};
    use serde::{Serialize, Serializer};

    pub fn one<S: Serializer>(at: &DateTime<Utc>, to: S) -> Result<S::Ok, S::Error> {
        at.trunc_subsecs(6).serialize(to)
    }

    pub fn option<S: Serializer>(at: &Option<DateTime<Utc>>, to: S) -> Result<S::Ok, S::Error> {
        at.map(|at| at.trunc_subsecs(6)).serialize(to)
    }
}
