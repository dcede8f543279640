//! The `inbound_messages` row: every processed message is kept with how it was handled, including
//! the ones that changed nothing (a late message, an opted-out contact's text).

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{Disposition, InboundContent, InboundMessage};
use inkdesk_domain::model::{ArtistId, ContactId, InboundMessageId, LeadId};
use serde_json::{Value, json};

use super::error::StoreError;
use crate::cached_sql::cached_sql;

/// Who the row belongs to and how the decision handled it.
pub(super) struct Handled<'a> {
    pub artist: &'a ArtistId,
    pub contact: ContactId,
    pub lead: Option<LeadId>,
    pub disposition: Disposition,
    pub received_at: DateTime<Utc>,
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

pub(super) async fn insert(
    mut conn: &AsyncPgConnection,
    inbound: &InboundMessage,
    handled: &Handled<'_>,
) -> Result<InboundMessageId, StoreError> {
    let text = Some(inbound.text()).filter(|text| !text.is_empty());
    let Inserted { id } = cached_sql(
        "INSERT INTO inbound_messages (artist_id, contact_id, lead_id, provider,
                                       provider_message_id, wa_timestamp, received_at, message_type,
                                       text, reply_id, media, location, disposition)
         VALUES ($1, $2, $3, 'whatsapp', $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING id",
    )
    .bind::<Text, _>(&handled.artist.0)
    .bind::<BigInt, _>(handled.contact.0)
    .bind::<Nullable<BigInt>, _>(handled.lead.map(|lead| lead.0))
    .bind::<Text, _>(&inbound.provider_message_id)
    .bind::<Timestamptz, _>(inbound.wa_timestamp)
    .bind::<Timestamptz, _>(handled.received_at)
    .bind::<Text, _>(message_type(&inbound.content))
    .bind::<Nullable<Text>, _>(text)
    .bind::<Nullable<Text>, _>(inbound.reply_id())
    .bind::<Nullable<Jsonb>, _>(media(&inbound.content))
    .bind::<Nullable<Jsonb>, _>(location(&inbound.content))
    .bind::<Text, _>(handled.disposition.as_str())
    .get_result(&mut conn)
    .await?;
    Ok(InboundMessageId(id))
}

/// WhatsApp's `type` of the message.
fn message_type(content: &InboundContent) -> &str {
    match content {
        InboundContent::Text { .. } => "text",
        InboundContent::Media { kind, .. } => kind.as_str(),
        InboundContent::Sticker => "sticker",
        InboundContent::Location { .. } => "location",
        InboundContent::Interactive { .. } => "interactive",
        InboundContent::Button { .. } => "button",
        InboundContent::Reaction => "reaction",
        InboundContent::RequestWelcome => "request_welcome",
        InboundContent::Unsupported { message_type, .. } => message_type,
    }
}

/// `{id, mime_type, filename}`; the caption is the row's text.
fn media(content: &InboundContent) -> Option<Value> {
    match content {
        InboundContent::Media {
            media_id,
            mime_type,
            filename,
            ..
        } => Some(json!({ "id": media_id, "mime_type": mime_type, "filename": filename })),
        _ => None,
    }
}

fn location(content: &InboundContent) -> Option<Value> {
    match content {
        InboundContent::Location {
            latitude,
            longitude,
            name,
            address,
        } => Some(json!({
            "latitude": latitude,
            "longitude": longitude,
            "name": name,
            "address": address,
        })),
        _ => None,
    }
}
