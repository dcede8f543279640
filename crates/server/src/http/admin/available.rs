//! `available_actions` of the lead detail: the domain decides from the status columns, the payments,
//! the holds and whether the contact can still be reached.

use inkdesk_domain::model::{
    BookingMode, ContactId, FunnelTimestamps, Lead, LeadId, LeadStatus, StatusRecord,
};
use inkdesk_domain::status::{ActionFacts, AdminAction, PaymentFacts, available_actions};
use inkdesk_postgres::admin::{LeadDetail, LeadRow, PaymentRow};

use crate::config::{self, Settings};

/// The actions on offer, decided by the domain's transition table and guards.
pub fn actions(detail: &LeadDetail, settings: &Settings) -> Vec<&'static str> {
    let Some(lead) = domain_lead(&detail.lead, settings) else {
        tracing::warn!(
            lead_id = detail.lead.id,
            "stored lead has unreadable status columns; no actions offered"
        );
        return Vec::new();
    };
    let facts = ActionFacts {
        payments: payment_facts(&detail.payments),
        approval_mode: match settings.booking_mode() {
            config::BookingMode::Calendar => BookingMode::Calendar,
            config::BookingMode::Manual => BookingMode::Manual,
        },
        has_live_hold: detail.holds.iter().any(|hold| hold.state == "held"),
        contact_unreachable: detail.contact.opted_out || detail.contact.erased_at.is_some(),
    };
    available_actions(&lead, facts)
        .into_iter()
        .map(AdminAction::as_str)
        .collect()
}

/// The status columns the guards read; the rest of the domain lead stays empty.
fn domain_lead(row: &LeadRow, settings: &Settings) -> Option<Lead> {
    let parse_status = |raw: &str| raw.parse::<LeadStatus>().ok();
    let state = StatusRecord {
        status: parse_status(&row.status)?,
        status_entered_at: row.status_entered_at,
        return_status: match &row.return_status {
            Some(raw) => Some(parse_status(raw)?),
            None => None,
        },
        booking_mode: match &row.booking_mode {
            Some(raw) => Some(raw.parse::<BookingMode>().ok()?),
            None => None,
        },
        handover: None,
        funnel: FunnelTimestamps {
            qualifying_started_at: row.qualifying_started_at,
            qualifying_completed_at: row.qualifying_completed_at,
            approved_at: row.approved_at,
            ..FunnelTimestamps::default()
        },
    };
    Lead::restore(
        LeadId(row.id),
        settings.studio_rules.studio.artist_id.clone(),
        ContactId(row.contact_id),
        row.created_at,
        state,
    )
    .ok()
}

fn payment_facts(payments: &[PaymentRow]) -> PaymentFacts {
    let any = |status: &str| payments.iter().any(|payment| payment.status == status);
    PaymentFacts {
        paid: any("paid"),
        processing: any("processing"),
        partially_refunded: any("partially_refunded"),
        deposit_fully_refunded: payments.iter().any(|payment| {
            payment.status == "refunded"
                || (payment.amount_refunded_minor > 0
                    && payment.amount_refunded_minor >= payment.amount_minor)
        }),
    }
}
