//! The lead detail JSON of http-api.md §5.3: the earlier service's fields first, then the new ones,
//! built from the stored rows plus what only the server knows (links, the actions on offer).

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use inkdesk_domain::model::{LeadStatus, QuestionKey};
use inkdesk_postgres::admin::{
    AttachmentRow, ContactRow, HistoryRow, HoldRow, LeadDetail, LeadRow, OfferRow, OutboundRow,
    PaymentRow,
};
use serde::Serialize;

use super::available::actions;
use crate::config::Settings;

/// WhatsApp's customer-service window after the contact's newest message.
const WINDOW: TimeDelta = TimeDelta::hours(24);

#[derive(Serialize)]
pub struct LeadView<'a> {
    lead_id: i64,
    wa_from: Option<&'a str>,
    status: &'a str,
    current_step: i16,
    answers: BTreeMap<&'a str, &'a str>,
    summary_text: Option<&'a str>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    contact: ContactView<'a>,
    interpretation: InterpretationView<'a>,
    estimate: Option<EstimateView<'a>>,
    deposit: Option<DepositView<'a>>,
    payments: &'a [PaymentRow],
    appointment: Option<AppointmentView<'a>>,
    offer: Option<&'a OfferRow>,
    handover: Option<HandoverView<'a>>,
    attachments: Vec<AttachmentView<'a>>,
    notes: Vec<NoteView<'a>>,
    history: &'a [HistoryRow],
    available_actions: Vec<&'static str>,
    booking_mode: Option<&'a str>,
    status_entered_at: DateTime<Utc>,
    time_windows: Vec<NoteView<'a>>,
    booking_link: Option<BookingLinkView<'a>>,
    holds: &'a [HoldRow],
    outbound_messages: &'a [OutboundRow],
    admin_notes: Option<&'a str>,
    last_admin_action: Option<&'a str>,
    last_admin_action_at: Option<DateTime<Utc>>,
    cancellation_reason: Option<&'a str>,
    cancelled_by: Option<&'a str>,
}

#[derive(Serialize)]
struct ContactView<'a> {
    id: i64,
    phone: Option<&'a str>,
    profile_name: Option<&'a str>,
    opted_out: bool,
    window_open_until: Option<DateTime<Utc>>,
    erased_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct InterpretationView<'a> {
    dimensions_cm: Option<Dimensions>,
    complexity_level: Option<i16>,
    complexity_unsure: Option<bool>,
    coverup: Option<&'a str>,
    placement_hard: Option<bool>,
    budget: Option<BudgetView<'a>>,
    location: LocationView<'a>,
    instagram_handle: Option<&'a str>,
    requested_city: Option<&'a str>,
    booking_city: Option<&'a str>,
    tour_stop_key: Option<&'a str>,
}

#[derive(Serialize)]
struct Dimensions {
    width: f64,
    height: f64,
}

#[derive(Serialize)]
struct BudgetView<'a> {
    amount_minor: i64,
    currency: Option<&'a str>,
    is_range: Option<bool>,
    gbp_minor: Option<i64>,
    accepted_minimum: bool,
}

#[derive(Serialize)]
struct LocationView<'a> {
    city: Option<&'a str>,
    country: Option<&'a str>,
    country_recognised: Option<bool>,
    region: Option<&'a str>,
}

#[derive(Serialize)]
struct EstimateView<'a> {
    category: &'a str,
    days: Option<f64>,
    deposit_minor: Option<i64>,
    price_min_minor: Option<i64>,
    price_max_minor: Option<i64>,
    region_min_budget_minor: Option<i64>,
    below_min_budget: bool,
    currency: &'a str,
}

#[derive(Serialize)]
struct DepositView<'a> {
    amount_minor: i64,
    currency: Option<&'a str>,
    locked_at: Option<DateTime<Utc>>,
    rule_version: Option<&'a str>,
    sent_at: Option<DateTime<Utc>>,
    expiry_count: i16,
    link_reissue_count: i16,
}

#[derive(Serialize)]
struct AppointmentView<'a> {
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    hold_id: Option<i64>,
    calendar_event_id: Option<&'a str>,
    reschedule_count: i16,
}

#[derive(Serialize)]
struct BookingLinkView<'a> {
    url: &'a str,
    tool: Option<&'a str>,
    sent_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct HandoverView<'a> {
    reason_code: Option<&'a str>,
    reason: Option<&'a str>,
    resumable: Option<bool>,
    return_status: Option<&'a str>,
}

#[derive(Serialize)]
struct AttachmentView<'a> {
    #[serde(flatten)]
    row: &'a AttachmentRow,
    url: String,
}

#[derive(Serialize)]
struct NoteView<'a> {
    text: &'a str,
    at: DateTime<Utc>,
}

impl<'a> LeadView<'a> {
    pub fn new(detail: &'a LeadDetail, settings: &'a Settings) -> Self {
        let lead = &detail.lead;
        let answers_of = |key: QuestionKey| {
            detail
                .answers
                .iter()
                .filter(move |answer| answer.question_key == key.as_str())
                .map(|answer| NoteView {
                    text: &answer.value_text,
                    at: answer.created_at,
                })
                .collect::<Vec<_>>()
        };
        Self {
            lead_id: lead.id,
            wa_from: detail.contact.phone.as_deref(),
            status: &lead.status,
            current_step: lead.current_step,
            answers: latest_answers(detail),
            summary_text: lead.summary_text.as_deref(),
            created_at: lead.created_at,
            updated_at: lead.updated_at,
            contact: contact_view(&detail.contact),
            interpretation: interpretation_view(lead),
            estimate: estimate_view(lead, settings.studio_rules.studio.currency.as_str()),
            deposit: deposit_view(lead),
            payments: &detail.payments,
            appointment: appointment_view(lead),
            offer: detail.offer.as_ref(),
            handover: handover_view(lead),
            attachments: detail
                .attachments
                .iter()
                .map(|row| AttachmentView {
                    row,
                    url: format!("/admin/leads/{}/attachments/{}", lead.id, row.id),
                })
                .collect(),
            notes: answers_of(QuestionKey::ClientNote),
            history: &detail.history,
            available_actions: actions(detail, settings),
            booking_mode: lead.booking_mode.as_deref(),
            status_entered_at: lead.status_entered_at,
            time_windows: answers_of(QuestionKey::TimeWindow),
            booking_link: lead
                .booking
                .booking_link
                .as_deref()
                .map(|url| BookingLinkView {
                    url,
                    tool: lead.booking.booking_tool.as_deref(),
                    sent_at: lead.booking.booking_link_sent_at,
                }),
            holds: &detail.holds,
            outbound_messages: &detail.outbound_messages,
            admin_notes: lead.admin_notes.as_deref(),
            last_admin_action: lead.last_admin_action.as_deref(),
            last_admin_action_at: lead.last_admin_action_at,
            cancellation_reason: lead.cancellation_reason.as_deref(),
            cancelled_by: lead.cancelled_by.as_deref(),
        }
    }
}

/// The latest accepted answer per consultation question (answers are append-only, oldest first).
fn latest_answers(detail: &LeadDetail) -> BTreeMap<&str, &str> {
    detail
        .answers
        .iter()
        .filter(|answer| {
            QuestionKey::CONSULTATION
                .iter()
                .any(|key| key.as_str() == answer.question_key)
        })
        .map(|answer| (answer.question_key.as_str(), answer.value_text.as_str()))
        .collect()
}

fn contact_view(contact: &ContactRow) -> ContactView<'_> {
    ContactView {
        id: contact.id,
        phone: contact.phone.as_deref(),
        profile_name: contact.profile_name.as_deref(),
        opted_out: contact.opted_out,
        window_open_until: contact.last_inbound_at.map(|at| at + WINDOW),
        erased_at: contact.erased_at,
    }
}

fn interpretation_view(lead: &LeadRow) -> InterpretationView<'_> {
    let i = &lead.interpretation;
    InterpretationView {
        dimensions_cm: i
            .dimensions_width_cm
            .zip(i.dimensions_height_cm)
            .map(|(width, height)| Dimensions { width, height }),
        complexity_level: i.complexity_level,
        complexity_unsure: i.complexity_unsure,
        coverup: i.coverup.as_deref(),
        placement_hard: i.placement_hard,
        budget: i.budget_amount_minor.map(|amount_minor| BudgetView {
            amount_minor,
            currency: i.budget_currency.as_deref(),
            is_range: i.budget_is_range,
            gbp_minor: i.budget_gbp_minor,
            accepted_minimum: i.budget_accepted_minimum,
        }),
        location: LocationView {
            city: i.location_city.as_deref(),
            country: i.location_country.as_deref(),
            country_recognised: i.country_recognised,
            region: i.region.as_deref(),
        },
        instagram_handle: i.instagram_handle.as_deref(),
        requested_city: i.requested_city.as_deref(),
        booking_city: i.booking_city.as_deref(),
        tour_stop_key: i.tour_stop_key.as_deref(),
    }
}

fn estimate_view<'a>(lead: &'a LeadRow, currency: &'a str) -> Option<EstimateView<'a>> {
    let e = &lead.estimate;
    e.estimated_category
        .as_deref()
        .map(|category| EstimateView {
            category,
            days: e.estimated_days,
            deposit_minor: e.estimated_deposit_minor,
            price_min_minor: e.price_min_minor,
            price_max_minor: e.price_max_minor,
            region_min_budget_minor: e.region_min_budget_minor,
            below_min_budget: e.below_min_budget,
            currency,
        })
}

/// The open handover; only a lead waiting in `NEEDS_ARTIST_REPLY` has one.
fn handover_view(lead: &LeadRow) -> Option<HandoverView<'_>> {
    if lead.status != LeadStatus::NeedsArtistReply.as_str() {
        return None;
    }
    Some(HandoverView {
        reason_code: lead.handover_reason_code.as_deref(),
        reason: lead.handover_reason.as_deref(),
        resumable: lead.handover_resumable,
        return_status: lead.return_status.as_deref(),
    })
}

fn deposit_view(lead: &LeadRow) -> Option<DepositView<'_>> {
    let d = &lead.deposit;
    d.deposit_amount_minor.map(|amount_minor| DepositView {
        amount_minor,
        currency: d.deposit_currency.as_deref(),
        locked_at: d.deposit_locked_at,
        rule_version: d.deposit_rule_version.as_deref(),
        sent_at: d.deposit_sent_at,
        expiry_count: d.expiry_count,
        link_reissue_count: d.link_reissue_count,
    })
}

fn appointment_view(lead: &LeadRow) -> Option<AppointmentView<'_>> {
    let b = &lead.booking;
    b.appointment_start_at.map(|start| AppointmentView {
        start,
        end: b.appointment_end_at,
        hold_id: b.confirmed_hold_id,
        calendar_event_id: b.calendar_event_id.as_deref(),
        reschedule_count: b.reschedule_count,
    })
}
