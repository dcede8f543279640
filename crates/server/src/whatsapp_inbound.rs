//! Processing one verified WhatsApp delivery (http-api.md §3.2 steps 4–10): every message through
//! the inbound use case in its own transaction, then every status callback in its own transaction,
//! stopping at the first failure so Meta retries the rest.

use chrono::Utc;
use inkdesk_domain::consultation::Disposition;
use inkdesk_postgres::outbound::{
    CallbackFollowUp, DeliveryError, StatusCallback, StatusCallbackResult,
    apply_status_callback_alone,
};
use inkdesk_postgres::system_events::{self, EventLevel, SystemEvent};
use inkdesk_postgres::{Database, DbError};
use inkdesk_whatsapp::webhook::{DeliveryStatus, InboundEvent, StatusUpdate};
use serde::Serialize;
use serde_json::json;

use crate::delivery::Delivery;
use crate::front_desk::FrontDesk;

/// The counts of the 200 response; no conversation content is ever echoed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeliveryCounts {
    pub messages: u32,
    pub duplicates: u32,
    pub late: u32,
    pub statuses: u32,
    pub ignored: u32,
}

/// The item whose transaction failed; everything before it is committed.
#[derive(Debug, thiserror::Error)]
#[error("processing {item} failed: {reason}")]
pub struct ProcessingFailed {
    pub item: String,
    pub reason: String,
}

pub struct InboundContext<'a> {
    pub front_desk: &'a FrontDesk,
    pub delivery: Option<&'a Delivery>,
    pub database: &'a Database,
    pub phone_number_id: Option<&'a str>,
    pub correlation_id: &'a str,
}

pub async fn process(
    ctx: &InboundContext<'_>,
    events: Vec<InboundEvent>,
) -> Result<DeliveryCounts, ProcessingFailed> {
    let mut counts = DeliveryCounts::default();
    for event in events {
        match event {
            InboundEvent::Message(message) => {
                if !ours(ctx, &message.phone_number_id) {
                    counts.ignored += 1;
                    continue;
                }
                let outcome = ctx
                    .front_desk
                    .handle_inbound(message.to_domain())
                    .await
                    .map_err(|e| failed(&message.id, e))?;
                if outcome.duplicate {
                    counts.duplicates += 1;
                } else if outcome.disposition == Some(Disposition::Late) {
                    counts.late += 1;
                } else {
                    counts.messages += 1;
                }
            }
            InboundEvent::Status(status) => {
                if !ours(ctx, &status.phone_number_id) {
                    counts.ignored += 1;
                    continue;
                }
                if apply_status(ctx, &status)
                    .await
                    .map_err(|e| failed(&status.message_id, e))?
                {
                    counts.statuses += 1;
                } else {
                    counts.ignored += 1;
                }
            }
            InboundEvent::PlatformError { error, .. } => {
                tracing::warn!(code = ?error.code, "WhatsApp reported a platform error");
                record_event(
                    ctx.database,
                    "whatsapp.platform_error",
                    json!({ "code": error.code, "title": error.title }),
                    ctx.correlation_id,
                )
                .await;
                counts.ignored += 1;
            }
            InboundEvent::Ignored(item) => {
                tracing::warn!(reason = ?item, "webhook item skipped");
                counts.ignored += 1;
            }
        }
    }
    Ok(counts)
}

/// Changes addressed to another WhatsApp number are not ours to process.
fn ours(ctx: &InboundContext<'_>, phone_number_id: &str) -> bool {
    match ctx.phone_number_id {
        Some(expected) if expected != phone_number_id => {
            tracing::warn!("webhook change for an unknown phone_number_id ignored");
            false
        }
        _ => true,
    }
}

fn failed(item: &str, error: impl std::fmt::Display) -> ProcessingFailed {
    ProcessingFailed {
        item: item.to_owned(),
        reason: error.to_string(),
    }
}

/// Applies one status object in its own transaction; `false` when it matched no message of ours.
async fn apply_status(ctx: &InboundContext<'_>, status: &StatusUpdate) -> Result<bool, DbError> {
    let Some(callback) = to_callback(status) else {
        return Ok(false);
    };
    let applied = match apply_status_callback_alone(ctx.database, &callback, Utc::now()).await? {
        StatusCallbackResult::Ignored => return Ok(false),
        StatusCallbackResult::Applied(applied) => applied,
    };
    match applied.follow_up {
        CallbackFollowUp::None => {}
        CallbackFollowUp::TakeTemplatePath => match ctx.delivery {
            Some(delivery) => delivery.after_window_closed(applied.outbound_id).await?,
            None => tracing::warn!("131047 callback while sending is not configured"),
        },
        CallbackFollowUp::NotifyArtist(kind) => {
            // The failure is committed; the alert is a unit of its own (it locks the lead first).
            match ctx.delivery {
                Some(delivery) => delivery.alert_artist(applied.lead_id, kind).await,
                None => tracing::warn!("artist alert not written: sending is not configured"),
            }
            record_event(
                ctx.database,
                "whatsapp.status_failed",
                json!({ "outbound_message_id": applied.outbound_id.0, "kind": applied.kind.as_str(),
                        "alert": kind.as_str() }),
                ctx.correlation_id,
            )
            .await;
        }
    }
    Ok(true)
}

fn to_callback(status: &StatusUpdate) -> Option<StatusCallback> {
    use inkdesk_domain::outbound::DeliveryStatus as Domain;
    let state = match &status.status {
        DeliveryStatus::Sent => Domain::Sent,
        DeliveryStatus::Delivered => Domain::Delivered,
        DeliveryStatus::Read => Domain::Read,
        DeliveryStatus::Failed => Domain::Failed,
        DeliveryStatus::Other(_) => return None,
    };
    let error = status.errors.first().map(|e| DeliveryError {
        code: e.code.and_then(|c| i32::try_from(c).ok()),
        title: e.title.clone(),
        details: e.details().map(str::to_owned),
    });
    Some(StatusCallback {
        provider_message_id: status.message_id.clone(),
        status: state,
        timestamp: status.timestamp,
        error,
    })
}

/// Failure events are written in their own transaction, after the failed one rolled back.
pub async fn record_event(
    db: &Database,
    event_type: &str,
    payload: serde_json::Value,
    correlation_id: &str,
) {
    let event = SystemEvent {
        level: if event_type == "whatsapp.webhook_failure" {
            EventLevel::Error
        } else {
            EventLevel::Warn
        },
        event_type: event_type.to_owned(),
        lead_id: None,
        contact_id: None,
        payload,
        correlation_id: Some(correlation_id.to_owned()),
    };
    if let Err(error) = system_events::record_alone(db, &event).await {
        tracing::warn!(event_type, error = %error, "could not record a system event");
    }
}
