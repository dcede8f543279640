//! A job about to be written to the outbox, built per kind so payloads and keys always match §4.2.

use chrono::{DateTime, Utc};
use inkdesk_domain::model::{ContactId, LeadId};
use serde_json::{Value, json};

use super::JobKind;

/// A job to enqueue. Prefer the per-kind constructors; they fill the payload, ordering key and dedupe
/// key the way the kind's row of the table says.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: JobKind,
    pub payload: Value,
    pub lead_id: Option<LeadId>,
    pub ordering_key: Option<String>,
    pub dedupe_key: Option<String>,
    /// `None` means "as soon as possible" by the database clock, the same clock claims compare with.
    pub run_at: Option<DateTime<Utc>>,
    pub correlation_id: Option<String>,
}

impl NewJob {
    /// A job with no keys; the per-kind constructors below are the usual way in.
    pub fn new(kind: JobKind, payload: Value) -> Self {
        Self {
            kind,
            payload,
            lead_id: None,
            ordering_key: None,
            dedupe_key: None,
            run_at: None,
            correlation_id: None,
        }
    }

    fn keyed(
        kind: JobKind,
        payload: Value,
        ordering_resource: impl std::fmt::Display,
        dedupe_subject: impl std::fmt::Display,
    ) -> Self {
        Self {
            ordering_key: kind.ordering_key(ordering_resource),
            dedupe_key: kind.dedupe_key(dedupe_subject),
            ..Self::new(kind, payload)
        }
    }

    /// Sends one outbound message to a client; a contact's messages go out in the order written.
    pub fn whatsapp_send(outbound_message_id: i64, contact: ContactId) -> Self {
        let payload = json!({ "outbound_message_id": outbound_message_id });
        Self::keyed(
            JobKind::WhatsappSend,
            payload,
            contact.0,
            outbound_message_id,
        )
    }

    /// Sends one outbound message to the artist.
    pub fn artist_notify(outbound_message_id: i64, artist_contact: ContactId) -> Self {
        let payload = json!({ "outbound_message_id": outbound_message_id });
        Self::keyed(
            JobKind::ArtistNotify,
            payload,
            artist_contact.0,
            outbound_message_id,
        )
    }

    /// Writes the lead's current row to the artist's sheet; one queued upsert per lead is enough.
    pub fn sheets_upsert(lead: LeadId, spreadsheet_id: &str) -> Self {
        let payload = json!({ "lead_id": lead.0 });
        Self::keyed(JobKind::SheetsUpsert, payload, spreadsheet_id, lead.0).for_lead(lead)
    }

    pub fn calendar_create_event(lead: LeadId, hold_id: i64) -> Self {
        let payload = json!({ "hold_id": hold_id });
        Self::keyed(JobKind::CalendarCreateEvent, payload, hold_id, hold_id).for_lead(lead)
    }

    pub fn calendar_delete_event(lead: LeadId, hold_id: i64, event_id: &str) -> Self {
        let payload = json!({ "hold_id": hold_id, "event_id": event_id });
        Self::keyed(JobKind::CalendarDeleteEvent, payload, hold_id, hold_id).for_lead(lead)
    }

    pub fn calendar_update_event(lead: LeadId, hold_id: i64, event_id: &str, patch: Value) -> Self {
        let payload = json!({ "hold_id": hold_id, "event_id": event_id, "patch": patch });
        Self::keyed(JobKind::CalendarUpdateEvent, payload, hold_id, hold_id).for_lead(lead)
    }

    pub fn stripe_create_checkout(lead: LeadId, payment_id: i64) -> Self {
        let payload = json!({ "payment_id": payment_id });
        Self::keyed(JobKind::StripeCreateCheckout, payload, lead.0, payment_id).for_lead(lead)
    }

    pub fn stripe_expire_session(lead: LeadId, payment_id: i64) -> Self {
        let payload = json!({ "payment_id": payment_id });
        Self::keyed(JobKind::StripeExpireSession, payload, lead.0, payment_id).for_lead(lead)
    }

    /// Offers fresh slots; `cause` is a code such as `approved` or `hold_expired`, never client text.
    pub fn slots_offer(lead: LeadId, cause: &str) -> Self {
        let payload = json!({ "lead_id": lead.0, "cause": cause });
        Self::keyed(JobKind::SlotsOffer, payload, lead.0, lead.0).for_lead(lead)
    }

    pub fn media_fetch(lead: LeadId, attachment_id: i64) -> Self {
        let payload = json!({ "attachment_id": attachment_id });
        Self::keyed(JobKind::MediaFetch, payload, lead.0, attachment_id).for_lead(lead)
    }

    pub fn for_lead(mut self, lead: LeadId) -> Self {
        self.lead_id = Some(lead);
        self
    }

    /// Not before `at` (reminders, delayed sends).
    pub fn not_before(mut self, at: DateTime<Utc>) -> Self {
        self.run_at = Some(at);
        self
    }

    /// Carries the request's or sweep's correlation id to the job's span and the events it writes.
    pub fn correlated(mut self, correlation_id: impl Into<String>) -> Self {
        self.correlation_id = Some(correlation_id.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_fill_payload_and_keys_from_the_table() {
        let send = NewJob::whatsapp_send(11, ContactId(4));
        assert_eq!(send.payload, json!({ "outbound_message_id": 11 }));
        assert_eq!(send.ordering_key.as_deref(), Some("contact:4"));
        assert_eq!(send.dedupe_key, None);

        let checkout = NewJob::stripe_create_checkout(LeadId(7), 31).correlated("req-1");
        assert_eq!(checkout.ordering_key.as_deref(), Some("lead:7"));
        assert_eq!(
            checkout.dedupe_key.as_deref(),
            Some("stripe.create_checkout:31")
        );
        assert_eq!(checkout.lead_id, Some(LeadId(7)));
        assert_eq!(checkout.correlation_id.as_deref(), Some("req-1"));

        let expire = NewJob::stripe_expire_session(LeadId(7), 31);
        assert_eq!(expire.ordering_key, None);
        assert_eq!(
            expire.dedupe_key.as_deref(),
            Some("stripe.expire_session:31")
        );

        let sheets = NewJob::sheets_upsert(LeadId(9), "sheet-A");
        assert_eq!(sheets.ordering_key.as_deref(), Some("sheets:sheet-A"));
        assert_eq!(sheets.dedupe_key.as_deref(), Some("sheets.upsert:9"));
    }
}
