//! Loading an outbound message for its send job, with its contact, both locked.

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Bool, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{Contact, ContactCooldown, ContactId, Cooldowns, LeadId};
use inkdesk_domain::outbound::{OutboundMode, OutboundView, TemplateMessage, kinds};
use serde_json::{Value, json};

use super::{OutboundId, unreadable};
use crate::DbError;
use crate::cached_sql::cached_sql;

/// An outbound row as the gateway needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryRow {
    pub id: OutboundId,
    pub contact: Contact,
    pub lead_id: Option<LeadId>,
    pub message: OutboundView,
    /// The rendered text (for template rows, a readable summary of the template).
    pub body: String,
    pub interactive: Option<Value>,
    pub payment_id: Option<i64>,
    /// The status of `payment_id`, loaded for kinds that carry a payment link only.
    pub payment_status: Option<String>,
    pub stands_in_for: Option<OutboundId>,
    pub created_at: DateTime<Utc>,
}

impl DeliveryRow {
    /// `DeliveryInput::payment_open`: known only for payment-link kinds whose payment exists.
    pub fn payment_open(&self) -> Option<bool> {
        self.payment_status
            .as_deref()
            .map(|status| status == "open")
    }
}

#[derive(diesel::QueryableByName)]
struct ContactRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    artist_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    profile_name: Option<String>,
    #[diesel(sql_type = Bool)]
    is_artist: bool,
    #[diesel(sql_type = Bool)]
    opted_out: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    opted_out_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    opted_in_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_inbound_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_inbound_received_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    undeliverable_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Jsonb)]
    cooldowns: Value,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    erased_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

#[derive(diesel::QueryableByName)]
struct MessageRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    lead_id: Option<i64>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient_role: String,
    #[diesel(sql_type = Text)]
    mode: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Nullable<Jsonb>)]
    interactive: Option<Value>,
    #[diesel(sql_type = Nullable<Text>)]
    template_name: Option<String>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    template_params: Option<Value>,
    #[diesel(sql_type = Nullable<BigInt>)]
    payment_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    payment_status: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    stands_in_for: Option<i64>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

/// The row and its contact, locked in the global order (contact, then the message) so a send job
/// and the contact's inbound unit of work queue behind each other instead of deadlocking. `None`
/// when the row does not exist.
pub async fn load_for_delivery(
    conn: &AsyncPgConnection,
    id: OutboundId,
) -> Result<Option<DeliveryRow>, DbError> {
    // Pipelined: sent together, run in this order, so the lock order holds.
    let mut message_conn = conn;
    let message = cached_sql(
        "SELECT o.id, o.lead_id, o.kind, o.recipient_role, o.mode, o.state, o.body, o.interactive,
                o.template_name, o.template_params, o.payment_id, p.status AS payment_status,
                o.stands_in_for, o.created_at
         FROM outbound_messages o
         LEFT JOIN payments p ON p.id = o.payment_id
         WHERE o.id = $1
         FOR UPDATE OF o",
    )
    .bind::<BigInt, _>(id.0)
    .get_result::<MessageRow>(&mut message_conn);
    let (contact, row) = tokio::try_join!(lock_contact_of(conn, id), async {
        message.await.optional().map_err(DbError::from)
    })?;
    match (contact, row) {
        (Some(contact), Some(row)) => delivery_row(row, contact).map(Some),
        _ => Ok(None),
    }
}

/// The message's contact, locked (one statement: the message row itself is not locked yet).
async fn lock_contact_of(
    mut conn: &AsyncPgConnection,
    id: OutboundId,
) -> Result<Option<Contact>, DbError> {
    let row = cached_sql(
        "SELECT id, artist_id, phone, profile_name, is_artist, opted_out, opted_out_at, opted_in_at,
                last_inbound_at, last_inbound_received_at, undeliverable_at, cooldowns, erased_at,
                created_at
         FROM contacts
         WHERE id = (SELECT contact_id FROM outbound_messages WHERE id = $1)
         FOR UPDATE",
    )
    .bind::<BigInt, _>(id.0)
    .get_result::<ContactRow>(&mut conn)
    .await
    .optional()?;
    row.map(restore_contact).transpose()
}

pub(super) async fn lock_contact(
    conn: &mut AsyncPgConnection,
    id: ContactId,
) -> Result<Contact, DbError> {
    let row = cached_sql(
        "SELECT id, artist_id, phone, profile_name, is_artist, opted_out, opted_out_at, opted_in_at,
                last_inbound_at, last_inbound_received_at, undeliverable_at, cooldowns, erased_at,
                created_at
         FROM contacts WHERE id = $1 FOR UPDATE",
    )
    .bind::<BigInt, _>(id.0)
    .get_result::<ContactRow>(conn)
    .await?;
    restore_contact(row)
}

/// The domain's only constructor needs a phone, and an erased contact has none, so the row goes
/// through `Contact`'s serde form, which takes every field as stored.
fn restore_contact(row: ContactRow) -> Result<Contact, DbError> {
    // Cooldowns only pace replies; a key this build does not know must not stop delivery.
    let readable = serde_json::from_value::<Cooldowns<ContactCooldown>>(row.cooldowns.clone());
    let cooldowns = if readable.is_ok() {
        row.cooldowns
    } else {
        json!({})
    };
    let stored = json!({
        "id": row.id,
        "artist_id": row.artist_id,
        "phone": row.phone,
        "profile_name": row.profile_name,
        "is_artist": row.is_artist,
        "consent": {
            "opted_out": row.opted_out,
            "opted_out_at": row.opted_out_at,
            "opted_in_at": row.opted_in_at,
        },
        "last_inbound_at": row.last_inbound_at,
        "last_inbound_received_at": row.last_inbound_received_at,
        "undeliverable_at": row.undeliverable_at,
        "cooldowns": cooldowns,
        "erased_at": row.erased_at,
        "created_at": row.created_at,
    });
    serde_json::from_value(stored).map_err(unreadable)
}

fn delivery_row(row: MessageRow, contact: Contact) -> Result<DeliveryRow, DbError> {
    let kind = row.kind.parse().map_err(unreadable)?;
    let mode: OutboundMode = row.mode.parse().map_err(unreadable)?;
    let template = match (mode, &row.template_name, &row.template_params) {
        (OutboundMode::Template, Some(name), Some(params)) => {
            TemplateMessage::from_stored(name, params)
        }
        _ => None,
    };
    let payment_status = row
        .payment_status
        .filter(|_| kinds::carries_payment_link(kind));
    Ok(DeliveryRow {
        id: OutboundId(row.id),
        contact,
        lead_id: row.lead_id.map(LeadId),
        message: OutboundView {
            kind,
            state: row.state.parse().map_err(unreadable)?,
            mode,
            recipient: row.recipient_role.parse().map_err(unreadable)?,
            template,
        },
        body: row.body,
        interactive: row.interactive,
        payment_id: row.payment_id,
        payment_status,
        stands_in_for: row.stands_in_for.map(OutboundId),
        created_at: row.created_at,
    })
}
