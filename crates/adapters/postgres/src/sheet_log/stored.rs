//! The lead-log read as Postgres answers it: one statement and its row, turned into the public facts.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Bool, Int4, Int8, Nullable, SmallInt, Text, Timestamptz};
use inkdesk_domain::model::{Dimensions, LeadId};

use super::{
    AnswerFacts, ContactFacts, DeadJobFacts, FunnelTimes, HoldFacts, LeadLogFacts, PaymentFacts,
};

/// One statement, so every column comes from the same snapshot; lateral subqueries pick the
/// latest payment, hold and dead job.
pub(super) const LOAD: &str = "
SELECT l.id AS lead_id, l.status, c.erased_at IS NOT NULL AS erased,
       c.phone, c.profile_name, c.opted_out, l.instagram_handle,
       (SELECT a.value_text FROM answers a WHERE a.lead_id = l.id AND a.question_key = 'idea'
        ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS idea,
       (SELECT a.value_text FROM answers a WHERE a.lead_id = l.id AND a.question_key = 'placement'
        ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS placement,
       (SELECT a.value_text FROM answers a WHERE a.lead_id = l.id AND a.question_key = 'style'
        ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS style,
       ARRAY(SELECT a.value_text FROM answers a
             WHERE a.lead_id = l.id AND a.question_key = 'reference_images'
             ORDER BY a.created_at, a.id) AS reference_texts,
       (l.dimensions_width_cm * 100)::int4 AS width_centi_cm,
       (l.dimensions_height_cm * 100)::int4 AS height_centi_cm,
       l.complexity_level, l.complexity_unsure, l.coverup,
       (SELECT count(*) FROM attachments m WHERE m.lead_id = l.id AND m.state = 'stored')
           AS stored_media,
       l.location_city, l.location_country, l.region, l.requested_city,
       coalesce(
           (SELECT o.option ->> 'city'
            FROM jsonb_array_elements(CASE jsonb_typeof(l.tour_offer_options)
                                      WHEN 'array' THEN l.tour_offer_options
                                      ELSE '[]'::jsonb END) WITH ORDINALITY AS o(option, n)
            WHERE o.option ->> 'kind' = 'stop' ORDER BY o.n LIMIT 1),
           CASE WHEN l.tour_stop_key IS NOT NULL THEN l.booking_city END) AS offered_tour_city,
       l.tour_offer_accepted, l.waitlisted,
       l.budget_amount_minor, l.budget_currency::text AS budget_currency,
       l.region_min_budget_minor, l.below_min_budget, l.estimated_category,
       l.estimated_deposit_minor, l.price_min_minor, l.price_max_minor,
       p.id IS NOT NULL AS has_payment, p.checkout_url, p.stripe_checkout_session_id,
       h.state AS hold_state, h.calendar_event_id AS hold_event_id,
       lower(h.session_range) AS hold_starts_at, upper(h.session_range) AS hold_ends_at,
       l.appointment_start_at, l.appointment_end_at, l.calendar_event_id,
       l.handover_reason::text AS handover_reason, l.admin_notes,
       j.kind AS dead_job_kind, j.last_error::text AS dead_job_error,
       l.created_at, l.last_client_message_at, l.qualifying_started_at, l.qualifying_completed_at,
       l.approved_at, l.rejected_at, l.stale_at, l.abandoned_at, l.needs_follow_up_at,
       l.needs_artist_reply_at, l.deposit_sent_at, l.deposit_paid_at, l.booking_pending_at,
       l.booked_at, l.cancelled_at, l.refunded_at,
       s.row_number AS remembered_row
FROM leads l
JOIN contacts c ON c.id = l.contact_id
LEFT JOIN LATERAL (SELECT id, checkout_url, stripe_checkout_session_id FROM payments
                   WHERE lead_id = l.id ORDER BY created_at DESC, id DESC LIMIT 1) p ON true
LEFT JOIN LATERAL (SELECT state, calendar_event_id, session_range FROM slot_holds
                   WHERE lead_id = l.id ORDER BY id DESC LIMIT 1) h ON true
LEFT JOIN LATERAL (SELECT kind, last_error FROM jobs
                   WHERE lead_id = l.id AND state = 'dead'
                   ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1) j ON true
LEFT JOIN sheet_rows s ON s.lead_id = l.id AND s.spreadsheet_id = $2
WHERE l.id = $1";

#[derive(QueryableByName)]
pub(super) struct Stored {
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Bool)]
    erased: bool,
    #[diesel(sql_type = Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    profile_name: Option<String>,
    #[diesel(sql_type = Bool)]
    opted_out: bool,
    #[diesel(sql_type = Nullable<Text>)]
    instagram_handle: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    idea: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    placement: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    style: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    reference_texts: Vec<String>,
    #[diesel(sql_type = Nullable<Int4>)]
    width_centi_cm: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    height_centi_cm: Option<i32>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    complexity_level: Option<i16>,
    #[diesel(sql_type = Nullable<Bool>)]
    complexity_unsure: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    coverup: Option<String>,
    #[diesel(sql_type = Int8)]
    stored_media: i64,
    #[diesel(sql_type = Nullable<Text>)]
    location_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    location_country: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    requested_city: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    offered_tour_city: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    tour_offer_accepted: Option<bool>,
    #[diesel(sql_type = Bool)]
    waitlisted: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    budget_amount_minor: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    budget_currency: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    region_min_budget_minor: Option<i64>,
    #[diesel(sql_type = Bool)]
    below_min_budget: bool,
    #[diesel(sql_type = Nullable<Text>)]
    estimated_category: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    estimated_deposit_minor: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    price_min_minor: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    price_max_minor: Option<i64>,
    #[diesel(sql_type = Bool)]
    has_payment: bool,
    #[diesel(sql_type = Nullable<Text>)]
    checkout_url: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    stripe_checkout_session_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    hold_state: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    hold_event_id: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    hold_starts_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    hold_ends_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    appointment_start_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    appointment_end_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    calendar_event_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    handover_reason: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    admin_notes: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    dead_job_kind: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    dead_job_error: Option<String>,
    #[diesel(embed)]
    funnel: StoredFunnel,
    #[diesel(sql_type = Nullable<Int4>)]
    remembered_row: Option<i32>,
}

#[derive(QueryableByName)]
struct StoredFunnel {
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_client_message_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    qualifying_started_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    qualifying_completed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    approved_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    rejected_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    stale_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    abandoned_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    needs_follow_up_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    needs_artist_reply_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    deposit_sent_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    deposit_paid_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    booking_pending_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    booked_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    cancelled_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    refunded_at: Option<DateTime<Utc>>,
}

impl Stored {
    pub(super) fn into_facts(self) -> LeadLogFacts {
        let dimensions = match (self.width_centi_cm, self.height_centi_cm) {
            (Some(width), Some(height)) => u32::try_from(width)
                .ok()
                .zip(u32::try_from(height).ok())
                .and_then(|(w, h)| Dimensions::from_centi_cm(w, h).ok()),
            _ => None,
        };
        let latest_hold = self.hold_state.map(|state| HoldFacts {
            state,
            calendar_event_id: self.hold_event_id,
            starts_at: self.hold_starts_at,
            ends_at: self.hold_ends_at,
        });
        LeadLogFacts {
            lead_id: LeadId(self.lead_id),
            status: self.status,
            erased: self.erased,
            contact: ContactFacts {
                phone: self.phone,
                profile_name: self.profile_name,
                opted_out: self.opted_out,
            },
            instagram_handle: self.instagram_handle,
            answers: AnswerFacts {
                idea: self.idea,
                placement: self.placement,
                style: self.style,
                reference_texts: self.reference_texts,
            },
            dimensions,
            complexity_level: self.complexity_level,
            complexity_unsure: self.complexity_unsure,
            coverup: self.coverup,
            stored_media: self.stored_media,
            location_city: self.location_city,
            location_country: self.location_country,
            region: self.region,
            requested_city: self.requested_city,
            offered_tour_city: self.offered_tour_city,
            tour_offer_accepted: self.tour_offer_accepted,
            waitlisted: self.waitlisted,
            budget_amount_minor: self.budget_amount_minor,
            budget_currency: self.budget_currency,
            region_min_budget_minor: self.region_min_budget_minor,
            below_min_budget: self.below_min_budget,
            estimated_category: self.estimated_category,
            estimated_deposit_minor: self.estimated_deposit_minor,
            price_min_minor: self.price_min_minor,
            price_max_minor: self.price_max_minor,
            latest_payment: self.has_payment.then_some(PaymentFacts {
                checkout_url: self.checkout_url,
                stripe_session_id: self.stripe_checkout_session_id,
            }),
            latest_hold,
            appointment_start_at: self.appointment_start_at,
            appointment_end_at: self.appointment_end_at,
            calendar_event_id: self.calendar_event_id,
            handover_reason: self.handover_reason,
            admin_notes: self.admin_notes,
            last_dead_job: self.dead_job_kind.map(|kind| DeadJobFacts {
                kind,
                error: self.dead_job_error,
            }),
            funnel: self.funnel.into(),
            remembered_row: self.remembered_row.and_then(|row| u32::try_from(row).ok()),
        }
    }
}

impl From<StoredFunnel> for FunnelTimes {
    fn from(f: StoredFunnel) -> Self {
        Self {
            created_at: Some(f.created_at),
            last_client_message_at: f.last_client_message_at,
            qualifying_started_at: f.qualifying_started_at,
            qualifying_completed_at: f.qualifying_completed_at,
            approved_at: f.approved_at,
            rejected_at: f.rejected_at,
            stale_at: f.stale_at,
            abandoned_at: f.abandoned_at,
            needs_follow_up_at: f.needs_follow_up_at,
            needs_artist_reply_at: f.needs_artist_reply_at,
            deposit_sent_at: f.deposit_sent_at,
            deposit_paid_at: f.deposit_paid_at,
            booking_pending_at: f.booking_pending_at,
            booked_at: f.booked_at,
            cancelled_at: f.cancelled_at,
            refunded_at: f.refunded_at,
        }
    }
}
