//! `resume` (http-api.md §5.10, consultation.md §13.3): the artist hands the conversation back to
//! the assistant; the consultation handlers decide what the client hears.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::booking::{BookingRefusal, LeadChanges};
use inkdesk_domain::consultation::{
    ArtistInbox, ConsultationInput, InboundContent, InboundMessage, Modes, resume_by_artist,
};
use inkdesk_domain::model::{Actor, LeadId, LeadStatus};
use inkdesk_domain::status::LeadResolution;

use super::{BookingError, PgBooking};
use crate::conversation::lock_contact;

impl PgBooking {
    /// Resumes automation; returns the status the lead went back to.
    pub async fn resume(
        &self,
        lead_id: LeadId,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let mut conn = self.begin().await?;
        let result = self.resume_in(&mut conn, lead_id, actor, now).await;
        Self::finish(&mut conn, result).await
    }

    pub(crate) async fn resume_in(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let context = self.lock(conn, lead_id, now).await?;
        let not_waiting = || {
            BookingRefusal::NotAllowed(format!(
                "Cannot resume in status '{}'. Lead must be in 'NEEDS_ARTIST_REPLY'.",
                context.lead.status()
            ))
        };
        let contact = lock_contact(conn, context.lead.contact_id).await?;
        let Some((contact, phone)) =
            contact.and_then(|contact| contact.phone.clone().map(|phone| (contact, phone)))
        else {
            return Err(
                BookingRefusal::NotAllowed("The client's number was erased.".into()).into(),
            );
        };
        let expected = context.lead.status();
        let payments = context.payments;
        // Stands for the artist's command; never stored.
        let command = InboundMessage {
            provider_message_id: format!("artist-resume-{}", lead_id.0),
            from: phone,
            profile_name: None,
            wa_timestamp: now,
            content: InboundContent::Text {
                body: String::new(),
            },
        };
        let input = ConsultationInput {
            inbound: command,
            contact,
            resolution: LeadResolution::Active(lead_id),
            lead: Some(context.clone()),
            new_lead_id: None,
            deferred_outbound: 0,
            artist_inbox: ArtistInbox::default(),
            modes: Modes::default(),
            rules: self.rules(),
            places: self.places(),
            now,
        };
        let decision = resume_by_artist(&input, actor).ok_or_else(not_waiting)?;
        let changes =
            LeadChanges::from_decision(decision, expected, payments).ok_or_else(not_waiting)?;
        self.write(conn, &changes, now).await?;
        Ok(changes.lead.status())
    }
}
