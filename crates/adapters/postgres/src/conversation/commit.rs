//! Writing a unit of work (data-and-ops.md §3): everything one inbound message causes, in one
//! transaction, in the global lock order contact → lead → payments → holds → tokens → jobs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{EventLevel, JobRequest, Recipient};
use inkdesk_domain::model::{Contact, ContactId, InboundMessageId, NewAnswer};
use inkdesk_domain::ports::{RenderedMessage, UnitOfWork};
use inkdesk_domain::status::StatusHistoryEntry;

use super::effects::{self, Scope};
use super::error::StoreError;
use super::inbound_row::{self, Handled};
use super::outbound::{self, PendingSend, Recipients};
use super::{Setup, contacts, leads, tokens};
use crate::jobs::enqueue_send;
use crate::schema::{answers, status_history};
use crate::system_events::{self, SystemEvent};
use crate::{NewJob, enqueue};
use futures_util::future::try_join_all;

pub(super) async fn write(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    work: &UnitOfWork,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let decision = &work.decision;
    let contact = &decision.contact;
    let lead_id = decision.lead.as_ref().map(|lead| lead.id);
    let handled = Handled {
        artist: &setup.artist,
        contact: contact.id,
        lead: lead_id,
        disposition: decision.disposition,
        received_at: now,
    };
    // Independent writes are pipelined: sent together, run by Postgres one after the other in the
    // order written here (the lock order: contact, then lead).
    let shared: &AsyncPgConnection = conn;
    let lead = async {
        match (&decision.lead, work.expected_status) {
            (Some(lead), None) => leads::insert(shared, lead).await,
            (Some(lead), Some(expected)) => leads::update(shared, lead, expected).await,
            (None, _) => Ok(()),
        }
    };
    let ((), (), inbound_id) = tokio::try_join!(
        contacts::update(shared, contact),
        lead,
        inbound_row::insert(shared, &work.inbound, &handled),
    )?;
    tokio::try_join!(
        insert_answers(shared, &decision.answers, inbound_id, now),
        insert_history(shared, &decision.transitions),
    )?;
    let scope = Scope {
        setup,
        contact: contact.id,
        inbound: Some((&work.inbound, inbound_id)),
        now,
    };
    let followups = effects::apply(conn, &decision.effects, &scope).await?;
    tokens::insert(conn, &work.tokens, now).await?;
    let recipients = Recipients {
        client: contact.id,
        artist: artist_recipient(conn, setup, &work.messages, Some(contact), now).await?,
    };
    let sends = outbound::write(conn, &setup.artist, &work.messages, &recipients, now).await?;

    let sends: Vec<&PendingSend> = followups.sends.iter().chain(&sends).collect();
    enqueue_jobs(conn, setup, &sends, followups.jobs, &decision.jobs).await?;
    for event in &decision.events {
        system_events::record(conn, &stored_event(event, contact.id)).await?;
    }
    Ok(())
}

/// The artist's contact, when the unit writes an artist notification and the number is known.
/// `locked` is the contact the unit already holds locked, reused when it is the artist's.
pub(super) async fn artist_recipient(
    conn: &mut AsyncPgConnection,
    setup: &Setup,
    messages: &[RenderedMessage],
    locked: Option<&Contact>,
    now: DateTime<Utc>,
) -> Result<Option<ContactId>, StoreError> {
    let notifies_artist = messages
        .iter()
        .any(|rendered| rendered.message.recipient == Recipient::Artist);
    let Some(phone) = setup.artist_phone.as_ref().filter(|_| notifies_artist) else {
        return Ok(None);
    };
    if let Some(contact) = locked.filter(|contact| contact.phone.as_ref() == Some(phone)) {
        return Ok(Some(contact.id));
    }
    contacts::recipient(conn, &setup.artist, phone, true, now)
        .await
        .map(Some)
}

async fn insert_answers(
    mut conn: &AsyncPgConnection,
    new: &[NewAnswer],
    inbound_id: InboundMessageId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if new.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = new
        .iter()
        .map(|answer| {
            (
                answers::lead_id.eq(answer.lead_id.0),
                answers::question_key.eq(answer.question_key.as_str()),
                answers::value_text.eq(&answer.value_text),
                answers::parsed.eq(answer.parsed.as_ref()),
                answers::round.eq(answer
                    .round
                    .map(|round| i16::try_from(round).unwrap_or(i16::MAX))),
                answers::inbound_message_id.eq(answer.inbound_message_id.unwrap_or(inbound_id).0),
                answers::created_at.eq(now),
            )
        })
        .collect();
    diesel::insert_into(answers::table)
        .values(rows)
        .execute(&mut conn)
        .await?;
    Ok(())
}

pub(super) async fn insert_history(
    mut conn: &AsyncPgConnection,
    transitions: &[StatusHistoryEntry],
) -> Result<(), StoreError> {
    if transitions.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = transitions
        .iter()
        .map(|entry| {
            (
                status_history::lead_id.eq(entry.lead_id.0),
                status_history::from_status.eq(Some(entry.from.as_str())),
                status_history::to_status.eq(entry.to.as_str()),
                status_history::reason_code.eq(Some(entry.reason_code.as_str())),
                status_history::actor.eq(entry.actor.as_str()),
                status_history::created_at.eq(entry.at),
            )
        })
        .collect();
    diesel::insert_into(status_history::table)
        .values(rows)
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// A unit's jobs, last and pipelined in this order: deferred content first, so a contact's messages
/// keep the order they were written, then the unit's own sends, then every other job.
pub(super) async fn enqueue_jobs(
    conn: &AsyncPgConnection,
    setup: &Setup,
    sends: &[&PendingSend],
    followups: Vec<NewJob>,
    requests: &[JobRequest],
) -> Result<(), StoreError> {
    let send_jobs = sends
        .iter()
        .map(|send| enqueue_send(conn, &send.job, send.outbound_id));
    let other_jobs: Vec<NewJob> = followups
        .into_iter()
        .chain(
            requests
                .iter()
                .filter_map(|request| decided_job(request, setup)),
        )
        .collect();
    tokio::try_join!(
        try_join_all(send_jobs),
        try_join_all(other_jobs.iter().map(|job| enqueue(conn, job))),
    )?;
    Ok(())
}

/// The job a decision asked for; none for a Sheets upsert while the lead log is off
/// (integrations.md §4.2: no jobs are created).
fn decided_job(request: &JobRequest, setup: &Setup) -> Option<NewJob> {
    Some(match request {
        JobRequest::SheetsUpsert { lead_id } => {
            NewJob::sheets_upsert(*lead_id, setup.spreadsheet_id.as_deref()?)
        }
        JobRequest::SlotsOffer { lead_id, cause } => NewJob::slots_offer(*lead_id, cause.as_str()),
        JobRequest::StripeCreateCheckout {
            lead_id,
            payment_id,
        } => NewJob::stripe_create_checkout(*lead_id, *payment_id),
        JobRequest::StripeExpireSession {
            lead_id,
            payment_id,
        } => NewJob::stripe_expire_session(*lead_id, *payment_id),
        JobRequest::CalendarCreateEvent { lead_id, hold_id } => {
            NewJob::calendar_create_event(*lead_id, *hold_id)
        }
        JobRequest::CalendarDeleteEvent {
            lead_id,
            hold_id,
            event_id,
        } => NewJob::calendar_delete_event(*lead_id, *hold_id, event_id),
    })
}

pub(super) fn stored_event(
    event: &inkdesk_domain::consultation::SystemEvent,
    contact: ContactId,
) -> SystemEvent {
    SystemEvent {
        level: match event.level {
            EventLevel::Info => system_events::EventLevel::Info,
            EventLevel::Warn => system_events::EventLevel::Warn,
            EventLevel::Error => system_events::EventLevel::Error,
        },
        event_type: event.event_type.clone(),
        lead_id: event.lead_id,
        contact_id: Some(contact),
        payload: event.payload.clone(),
        correlation_id: None,
    }
}
