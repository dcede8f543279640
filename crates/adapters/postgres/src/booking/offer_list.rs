//! The offer as a WhatsApp list (booking.md §3.4): header "Available times", the body already
//! written (intro and numbered lines, so the text alone is enough), footer, button, one section
//! whose rows answer `slot:<offer_id>:<n>`. The gateway sends it as stored, or once as plain text
//! ending with how to reply when WhatsApp refuses the list.

use diesel::sql_types::{BigInt, Jsonb, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{NewOffer, offer_replace_key, slot_list_rows};
use inkdesk_domain::consultation::Text as CopyText;
use inkdesk_domain::copy::{Catalogue, MessageId};
use inkdesk_domain::model::LeadId;
use inkdesk_domain::service::render_text;
use serde_json::json;

use super::BookingError;

/// Turns the offer's just-written message row into the list. The row is the one queued row with
/// the offer's replace key: writing it cancelled any older one.
pub(super) async fn attach_slot_list(
    conn: &mut AsyncPgConnection,
    catalogue: &Catalogue,
    lead_id: LeadId,
    offer_id: i64,
    offer: &NewOffer,
) -> Result<(), BookingError> {
    let lead = Some(lead_id);
    let label = |id: MessageId| render_text(catalogue, lead, &CopyText::new(id));
    let mut rows = Vec::with_capacity(offer.slots.len());
    for row in slot_list_rows(offer_id, &offer.slots, offer.zone, offer.duration_minutes) {
        rows.push(json!({
            "id": row.id,
            "title": row.title,
            "description": render_text(catalogue, lead, &row.description)?,
        }));
    }
    let list = json!({
        "type": "list",
        "header": label(MessageId::UI_SLOTS_HEADER)?,
        "footer": label(MessageId::UI_SLOTS_FOOTER)?,
        "button": label(MessageId::UI_SLOTS_BUTTON)?,
        "sections": [{"title": label(MessageId::UI_SLOTS_SECTION)?, "rows": rows}],
    });
    diesel::sql_query(
        "UPDATE outbound_messages SET mode = 'interactive', interactive = $3
         WHERE id = (SELECT max(id) FROM outbound_messages
                     WHERE lead_id = $1 AND replace_key = $2 AND state = 'queued')",
    )
    .bind::<BigInt, _>(lead_id.0)
    .bind::<Text, _>(offer_replace_key(lead_id))
    .bind::<Jsonb, _>(list)
    .execute(conn)
    .await?;
    Ok(())
}
