//! Content held back while the window is closed (data-and-ops.md §4.3 step 5): with a template
//! standing in for it, or alone when the kind's template is not configured.

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::Recipient;
use inkdesk_domain::model::{ContactId, LeadId};
use inkdesk_domain::outbound::TemplateMessage;
use serde_json::json;

use super::{OutboundId, enqueue_send, unreadable};
use crate::DbError;
use crate::system_events::{self, EventLevel, SystemEvent};

#[derive(diesel::QueryableByName)]
struct Deferred {
    #[diesel(sql_type = Text)]
    artist_id: String,
    #[diesel(sql_type = BigInt)]
    contact_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient_role: String,
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Marks a `queued` (or just `failed` with 131047) content row `deferred` and returns the template
/// row that stands in for it: a new `mode = template` row with `stands_in_for` and its send job,
/// plus INFO `template.fallback_used`.
///
/// A contact who has not written since an identical template was sent (or queued) is not sent it
/// again: three deferred messages in a row ask the client to reply once, and that row is returned.
/// `None` when the content row is in neither state (another job got there first).
pub async fn defer_with_template(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    template: &TemplateMessage,
    now: DateTime<Utc>,
) -> Result<Option<OutboundId>, DbError> {
    let Some(content) = defer(conn, id, now).await? else {
        return Ok(None);
    };
    let contact = ContactId(content.contact_id);
    let params = template.stored_params();
    if let Some(pending) = identical_pending_template(conn, contact, template).await? {
        return Ok(Some(pending));
    }
    let inserted = diesel::sql_query(
        "INSERT INTO outbound_messages (artist_id, contact_id, lead_id, kind, recipient_role, mode,
                                        body, template_name, template_params, stands_in_for, state)
         VALUES ($1, $2, $3, $4, $5, 'template', $6, $7, $8, $9, 'queued')
         RETURNING id",
    )
    .bind::<Text, _>(&content.artist_id)
    .bind::<BigInt, _>(content.contact_id)
    .bind::<Nullable<BigInt>, _>(content.lead_id)
    .bind::<Text, _>(&content.kind)
    .bind::<Text, _>(&content.recipient_role)
    .bind::<Text, _>(template.summary())
    .bind::<Text, _>(&template.name)
    .bind::<Jsonb, _>(&params)
    .bind::<BigInt, _>(id.0)
    .get_result::<Inserted>(conn)
    .await?;
    let stand_in = OutboundId(inserted.id);
    let recipient: Recipient = content.recipient_role.parse().map_err(unreadable)?;
    let lead = content.lead_id.map(LeadId);
    enqueue_send(conn, stand_in, contact, recipient, lead, None).await?;
    let event = SystemEvent {
        level: EventLevel::Info,
        event_type: "template.fallback_used".to_owned(),
        lead_id: lead,
        contact_id: Some(contact),
        payload: json!({
            "kind": content.kind,
            "template_name": template.name,
            "outbound_message_id": id.0,
        }),
        correlation_id: None,
    };
    system_events::record(conn, &event).await?;
    Ok(Some(stand_in))
}

/// Marks a `queued` (or just `failed`) content row `deferred` with no template standing in, and
/// WARN `whatsapp.template_not_configured.<kind>`. Returns false when the row is in neither state.
/// The artist alert is the caller's to write (it needs the catalogue).
pub async fn defer_without_template(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let Some(content) = defer(conn, id, now).await? else {
        return Ok(false);
    };
    let event = SystemEvent {
        level: EventLevel::Warn,
        event_type: format!("whatsapp.template_not_configured.{}", content.kind),
        lead_id: content.lead_id.map(LeadId),
        contact_id: Some(ContactId(content.contact_id)),
        payload: json!({ "kind": content.kind, "outbound_message_id": id.0 }),
        correlation_id: None,
    };
    system_events::record(conn, &event).await?;
    Ok(true)
}

async fn defer(
    conn: &mut AsyncPgConnection,
    id: OutboundId,
    now: DateTime<Utc>,
) -> Result<Option<Deferred>, DbError> {
    Ok(diesel::sql_query(
        "UPDATE outbound_messages SET state = 'deferred', deferred_at = $2
         WHERE id = $1 AND state IN ('queued', 'failed')
         RETURNING artist_id, contact_id, lead_id, kind, recipient_role",
    )
    .bind::<BigInt, _>(id.0)
    .bind::<Timestamptz, _>(now)
    .get_result::<Deferred>(conn)
    .await
    .optional()?)
}

/// A template row with the same name and parameters, queued or accepted since the contact last
/// wrote (server time, the clock `created_at` uses).
async fn identical_pending_template(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
    template: &TemplateMessage,
) -> Result<Option<OutboundId>, DbError> {
    let found = diesel::sql_query(
        "SELECT o.id FROM outbound_messages o JOIN contacts c ON c.id = o.contact_id
         WHERE o.contact_id = $1 AND o.mode = 'template'
           AND o.template_name = $2 AND o.template_params = $3
           AND o.state IN ('queued', 'sent', 'delivered', 'read')
           AND o.created_at > coalesce(c.last_inbound_received_at, '-infinity'::timestamptz)
         ORDER BY o.id DESC LIMIT 1",
    )
    .bind::<BigInt, _>(contact.0)
    .bind::<Text, _>(&template.name)
    .bind::<Jsonb, _>(template.stored_params())
    .get_result::<Inserted>(conn)
    .await
    .optional()?;
    Ok(found.map(|row| OutboundId(row.id)))
}
