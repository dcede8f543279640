//! The lead log's row (integrations.md §4.2): 55 columns A–BC in a fixed order. A–AT keep the earlier
//! service's layout so existing sheets stay valid; AU–BC are new. Values are written RAW: text stays
//! text (a leading `=` is never a formula), amounts are integers in minor units, timestamps RFC 3339
//! UTC, and an empty value is `""` — JSON `null` would mean "leave the cell as it is".

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

/// The header row, in column order.
pub const COLUMNS: [&str; 55] = [
    "lead_id",
    "whatsapp_number",
    "client_name",
    "instagram_handle",
    "idea_summary",
    "placement",
    "dimensions",
    "style",
    "complexity_level",
    "coverup_flag",
    "reference_links_count",
    "reference_media_count",
    "city",
    "country",
    "region_bucket",
    "requested_city",
    "offered_tour_city",
    "tour_offer_accepted",
    "waitlisted",
    "budget_amount",
    "region_min_budget",
    "below_min_budget",
    "estimated_category",
    "estimated_deposit_amount",
    "stripe_checkout_url",
    "stripe_session_id",
    "deposit_paid",
    "deposit_paid_at",
    "booking_status",
    "calendar_event_id",
    "calendar_start",
    "calendar_end",
    "status",
    "created_at",
    "last_client_message_at",
    "qualifying_started_at",
    "qualifying_completed_at",
    "approved_at",
    "rejected_at",
    "stale_at",
    "abandoned_at",
    "needs_follow_up_at",
    "needs_artist_reply_at",
    "handover_reason",
    "admin_notes",
    "last_error",
    "deposit_sent_at",
    "booking_pending_at",
    "booked_at",
    "cancelled_at",
    "refunded_at",
    "budget_currency",
    "price_range_min",
    "price_range_max",
    "opted_out",
];

/// The last column's letters (`BC`).
pub(crate) const LAST_COLUMN: &str = "BC";

/// One cell as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Bool(bool),
}

impl Cell {
    pub(crate) fn to_json(&self) -> Value {
        match self {
            Cell::Empty => Value::String(String::new()),
            Cell::Text(text) => Value::String(text.clone()),
            Cell::Int(n) => Value::from(*n),
            Cell::Bool(b) => Value::Bool(*b),
        }
    }
}

impl From<&Option<String>> for Cell {
    fn from(value: &Option<String>) -> Self {
        match value {
            Some(text) if !text.is_empty() => Cell::Text(text.clone()),
            _ => Cell::Empty,
        }
    }
}

impl From<&Option<i64>> for Cell {
    fn from(value: &Option<i64>) -> Self {
        value.map_or(Cell::Empty, Cell::Int)
    }
}

impl From<&Option<bool>> for Cell {
    fn from(value: &Option<bool>) -> Self {
        value.map_or(Cell::Empty, Cell::Bool)
    }
}

impl From<&Option<DateTime<Utc>>> for Cell {
    fn from(value: &Option<DateTime<Utc>>) -> Self {
        value.map_or(Cell::Empty, |t| {
            Cell::Text(t.to_rfc3339_opts(SecondsFormat::Secs, true))
        })
    }
}

/// A lead's row, from its current state. `None` writes an empty cell (clearing what was there).
/// Amounts are minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadRow {
    pub lead_id: i64,
    pub whatsapp_number: Option<String>,
    pub client_name: Option<String>,
    pub instagram_handle: Option<String>,
    pub idea_summary: Option<String>,
    pub placement: Option<String>,
    pub dimensions: Option<String>,
    pub style: Option<String>,
    pub complexity_level: Option<String>,
    pub coverup_flag: Option<bool>,
    pub reference_links_count: Option<i64>,
    pub reference_media_count: Option<i64>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub region_bucket: Option<String>,
    pub requested_city: Option<String>,
    pub offered_tour_city: Option<String>,
    pub tour_offer_accepted: Option<bool>,
    pub waitlisted: Option<bool>,
    pub budget_amount: Option<i64>,
    pub region_min_budget: Option<i64>,
    pub below_min_budget: Option<bool>,
    pub estimated_category: Option<String>,
    pub estimated_deposit_amount: Option<i64>,
    pub stripe_checkout_url: Option<String>,
    pub stripe_session_id: Option<String>,
    pub deposit_paid: Option<bool>,
    pub deposit_paid_at: Option<DateTime<Utc>>,
    pub booking_status: Option<String>,
    pub calendar_event_id: Option<String>,
    pub calendar_start: Option<DateTime<Utc>>,
    pub calendar_end: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub last_client_message_at: Option<DateTime<Utc>>,
    pub qualifying_started_at: Option<DateTime<Utc>>,
    pub qualifying_completed_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub rejected_at: Option<DateTime<Utc>>,
    pub stale_at: Option<DateTime<Utc>>,
    pub abandoned_at: Option<DateTime<Utc>>,
    pub needs_follow_up_at: Option<DateTime<Utc>>,
    pub needs_artist_reply_at: Option<DateTime<Utc>>,
    pub handover_reason: Option<String>,
    pub admin_notes: Option<String>,
    pub last_error: Option<String>,
    pub deposit_sent_at: Option<DateTime<Utc>>,
    pub booking_pending_at: Option<DateTime<Utc>>,
    pub booked_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub budget_currency: Option<String>,
    pub price_range_min: Option<i64>,
    pub price_range_max: Option<i64>,
    pub opted_out: Option<bool>,
}

impl LeadRow {
    /// The cells in column order, A to BC.
    pub fn cells(&self) -> [Cell; 55] {
        [
            Cell::Int(self.lead_id),
            (&self.whatsapp_number).into(),
            (&self.client_name).into(),
            (&self.instagram_handle).into(),
            (&self.idea_summary).into(),
            (&self.placement).into(),
            (&self.dimensions).into(),
            (&self.style).into(),
            (&self.complexity_level).into(),
            (&self.coverup_flag).into(),
            (&self.reference_links_count).into(),
            (&self.reference_media_count).into(),
            (&self.city).into(),
            (&self.country).into(),
            (&self.region_bucket).into(),
            (&self.requested_city).into(),
            (&self.offered_tour_city).into(),
            (&self.tour_offer_accepted).into(),
            (&self.waitlisted).into(),
            (&self.budget_amount).into(),
            (&self.region_min_budget).into(),
            (&self.below_min_budget).into(),
            (&self.estimated_category).into(),
            (&self.estimated_deposit_amount).into(),
            (&self.stripe_checkout_url).into(),
            (&self.stripe_session_id).into(),
            (&self.deposit_paid).into(),
            (&self.deposit_paid_at).into(),
            (&self.booking_status).into(),
            (&self.calendar_event_id).into(),
            (&self.calendar_start).into(),
            (&self.calendar_end).into(),
            (&self.status).into(),
            (&self.created_at).into(),
            (&self.last_client_message_at).into(),
            (&self.qualifying_started_at).into(),
            (&self.qualifying_completed_at).into(),
            (&self.approved_at).into(),
            (&self.rejected_at).into(),
            (&self.stale_at).into(),
            (&self.abandoned_at).into(),
            (&self.needs_follow_up_at).into(),
            (&self.needs_artist_reply_at).into(),
            (&self.handover_reason).into(),
            (&self.admin_notes).into(),
            (&self.last_error).into(),
            (&self.deposit_sent_at).into(),
            (&self.booking_pending_at).into(),
            (&self.booked_at).into(),
            (&self.cancelled_at).into(),
            (&self.refunded_at).into(),
            (&self.budget_currency).into(),
            (&self.price_range_min).into(),
            (&self.price_range_max).into(),
            (&self.opted_out).into(),
        ]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_layout_matches_the_spec_columns() {
        assert_eq!(COLUMNS.len(), 55);
        assert_eq!(COLUMNS[0], "lead_id");
        assert_eq!(COLUMNS[26], "deposit_paid"); // AA
        assert_eq!(COLUMNS[45], "last_error"); // AT
        assert_eq!(COLUMNS[46], "deposit_sent_at"); // AU
        assert_eq!(COLUMNS[54], "opted_out"); // BC
    }

    #[test]
    fn cells_are_typed_and_empty_values_are_empty_strings() {
        let row = LeadRow {
            lead_id: 42,
            whatsapp_number: Some("447700900123".into()),
            admin_notes: Some("=HYPERLINK(\"x\")".into()),
            budget_amount: Some(30_000),
            deposit_paid: Some(false),
            deposit_paid_at: Some(
                DateTime::parse_from_rfc3339("2027-03-29T10:00:00+01:00")
                    .unwrap()
                    .to_utc(),
            ),
            client_name: Some(String::new()),
            ..LeadRow::default()
        };
        let cells = row.cells();
        assert_eq!(cells[0], Cell::Int(42));
        assert_eq!(cells[1], Cell::Text("447700900123".into()));
        assert_eq!(cells[2], Cell::Empty);
        assert_eq!(cells[19], Cell::Int(30_000));
        assert_eq!(cells[26], Cell::Bool(false));
        assert_eq!(cells[27], Cell::Text("2027-03-29T09:00:00Z".into()));
        assert_eq!(
            cells[44].to_json(),
            Value::String("=HYPERLINK(\"x\")".into())
        );
        assert_eq!(cells[3].to_json(), Value::String(String::new()));
    }
}
