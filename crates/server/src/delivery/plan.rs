//! Step one of a send job, inside one short transaction: lock the row and its contact, ask the
//! domain what to do, and settle every plan that needs no network. What must go over the network
//! leaves as a [`Pending`] send, to be made after the commit.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use inkdesk_domain::consultation::Recipient;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::model::{ContactId, LeadId, Phone};
use inkdesk_domain::outbound::{
    ArtistNotifications, DeliveryInput, DeliveryPlan, OutboundMode, TemplateFacts, event_summary,
    plan_delivery, plan_window_closed,
};
use inkdesk_postgres::DbError;
use inkdesk_postgres::jobs::Outcome;
use inkdesk_postgres::outbound::{
    DeliveryRow, EndState, OutboundId, defer_with_template, defer_without_template,
    load_for_delivery, mark_dry_run_sent, mark_state,
};

use super::DeliverySettings;
use super::wire::WireMessage;

/// What step one decided.
pub(super) enum Planned {
    /// Nothing (more) goes out for this job; it ends with this outcome.
    Settled(Outcome),
    Send(Pending),
}

/// A send to make with no transaction open.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub id: OutboundId,
    pub kind: MessageId,
    /// How it goes out, which is what WhatsApp's answer is judged by (a reminder row of mode
    /// `text` is sent as its template).
    pub mode: OutboundMode,
    pub recipient: Recipient,
    pub contact_id: ContactId,
    pub lead_id: Option<LeadId>,
    pub to: Phone,
    pub message: WireMessage,
    /// For an interactive message: the plain text sent instead if WhatsApp refuses its parameters.
    pub fallback_text: Option<String>,
}

/// data-and-ops.md §4.3 steps 1–5 for a job that is about to run.
pub(super) async fn plan_send(
    conn: &mut AsyncPgConnection,
    settings: &DeliverySettings,
    id: OutboundId,
    now: DateTime<Utc>,
) -> Result<Planned, DbError> {
    let Some(row) = load_for_delivery(conn, id).await? else {
        tracing::warn!(
            outbound_id = id.0,
            "outbound message not found; nothing to send"
        );
        return Ok(Planned::Settled(Outcome::Cancelled));
    };
    let facts = template_facts(settings, &row);
    let plan = plan_delivery(&delivery_input(settings, &row, &facts, now));
    settle(conn, settings, &row, plan, now).await
}

/// WhatsApp answered 131047 to a free-form send: the window closed while the job was queued.
pub(super) async fn plan_after_window_closed(
    conn: &mut AsyncPgConnection,
    settings: &DeliverySettings,
    id: OutboundId,
    now: DateTime<Utc>,
) -> Result<Outcome, DbError> {
    let Some(row) = load_for_delivery(conn, id).await? else {
        return Ok(Outcome::Cancelled);
    };
    let facts = template_facts(settings, &row);
    let plan = plan_window_closed(&delivery_input(settings, &row, &facts, now));
    match settle(conn, settings, &row, plan, now).await? {
        Planned::Settled(outcome) => Ok(outcome),
        // The window-closed plan only defers or skips; a send here would be a domain change that
        // this shell does not know how to take after a failure.
        Planned::Send(_) => Ok(Outcome::Cancelled),
    }
}

fn delivery_input<'a>(
    settings: &'a DeliverySettings,
    row: &'a DeliveryRow,
    facts: &'a TemplateFacts,
    now: DateTime<Utc>,
) -> DeliveryInput<'a> {
    DeliveryInput {
        message: &row.message,
        contact: &row.contact,
        payment_open: row.payment_open(),
        dry_run: settings.dry_run,
        artist_notifications: ArtistNotifications {
            enabled: settings.notifications_enabled,
            artist_number_configured: is_configured_artist(settings, row),
        },
        templates: &settings.templates,
        facts,
        window_safety_margin: settings.window_safety_margin,
        now,
    }
}

/// An artist notification addressed to a number that is no longer `ARTIST_WHATSAPP_NUMBER` (the
/// setting changed since it was written) counts as having no artist number: lead details must not
/// reach a number that stopped being the artist's.
fn is_configured_artist(settings: &DeliverySettings, row: &DeliveryRow) -> bool {
    match row.message.recipient {
        Recipient::Artist => settings
            .artist_number
            .as_ref()
            .is_some_and(|artist| row.contact.phone.as_ref() == Some(artist)),
        Recipient::Client => settings.artist_number.is_some(),
    }
}

/// The appointment is not loaded yet: booking templates fill its date and time with `-`.
fn template_facts(settings: &DeliverySettings, row: &DeliveryRow) -> TemplateFacts {
    TemplateFacts {
        lead_id: row.lead_id,
        appointment: None,
        event_summary: event_summary(&settings.catalogue, row.message.kind, row.lead_id),
    }
}

async fn settle(
    conn: &mut AsyncPgConnection,
    settings: &DeliverySettings,
    row: &DeliveryRow,
    plan: DeliveryPlan,
    now: DateTime<Utc>,
) -> Result<Planned, DbError> {
    let id = row.id;
    let kind = row.message.kind.as_str();
    match plan {
        DeliveryPlan::AlreadyHandled => Ok(Planned::Settled(Outcome::Succeeded)),
        DeliveryPlan::Cancel(reason) => {
            tracing::info!(outbound_id = id.0, kind, reason = ?reason, "outbound message cancelled");
            end(conn, id, EndState::Cancelled, now).await
        }
        DeliveryPlan::BlockOptOut => {
            tracing::info!(
                outbound_id = id.0,
                kind,
                "contact opted out; message blocked"
            );
            end(conn, id, EndState::BlockedOptOut, now).await
        }
        DeliveryPlan::SkipWindowClosed => {
            tracing::info!(
                outbound_id = id.0,
                kind,
                "window closed; conversational reply skipped"
            );
            end(conn, id, EndState::SkippedWindowClosed, now).await
        }
        DeliveryPlan::DryRun => {
            mark_dry_run_sent(conn, id, now).await?;
            tracing::info!(
                outbound_id = id.0,
                kind,
                to = row
                    .contact
                    .phone
                    .as_ref()
                    .map(Phone::masked)
                    .unwrap_or_default(),
                "dry run: message recorded as sent, nothing left the process"
            );
            Ok(Planned::Settled(Outcome::Succeeded))
        }
        DeliveryPlan::SendTemplateInstead(template) => {
            match defer_with_template(conn, id, &template, now).await? {
                Some(stand_in) => tracing::info!(
                    outbound_id = id.0,
                    kind,
                    template_name = template.name,
                    stand_in = stand_in.0,
                    "window closed; content deferred behind a template"
                ),
                // Ended by something else (a STOP, a replacement) while the send was in flight.
                None => tracing::debug!(outbound_id = id.0, kind, "row no longer deferrable"),
            }
            Ok(Planned::Settled(Outcome::Succeeded))
        }
        DeliveryPlan::DeferWithoutTemplate => {
            // This writes the WARN event; the artist alert waits for a writer of artist
            // notifications outside the consultation engine.
            defer_without_template(conn, id, now).await?;
            tracing::warn!(
                outbound_id = id.0,
                kind,
                "window closed and no template configured; content deferred"
            );
            Ok(Planned::Settled(Outcome::Succeeded))
        }
        DeliveryPlan::SendFreeForm => {
            let message =
                WireMessage::free_form(&row.body, row.message.mode, row.interactive.as_ref());
            let fallback_text = message.plain_text(&settings.catalogue, row.lead_id);
            Ok(pending(row, message, fallback_text))
        }
        DeliveryPlan::SendTemplate(template) => {
            Ok(pending(row, WireMessage::template(&template), None))
        }
    }
}

/// The job's purpose is gone: the row ends without leaving, the job finishes as cancelled.
async fn end(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    state: EndState,
    now: DateTime<Utc>,
) -> Result<Planned, DbError> {
    mark_state(conn, id, state, None, now).await?;
    Ok(Planned::Settled(Outcome::Cancelled))
}

fn pending(row: &DeliveryRow, message: WireMessage, fallback_text: Option<String>) -> Planned {
    // The plan cancels rows of erased contacts, so a phone is always there; if not, nothing to do.
    let Some(to) = row.contact.phone.clone() else {
        return Planned::Settled(Outcome::Cancelled);
    };
    Planned::Send(Pending {
        id: row.id,
        kind: row.message.kind,
        mode: message.mode(),
        recipient: row.message.recipient,
        contact_id: row.contact.id,
        lead_id: row.lead_id,
        to,
        message,
        fallback_text,
    })
}
