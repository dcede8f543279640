//! The contact row: upserted and locked first in every unit of work (P2), written back from the
//! decision (window clock, profile name, consent, cooldowns).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::model::{ArtistId, Consent, Contact, ContactId, Phone};

use super::error::StoreError;
use crate::cached_sql::cached_sql;
use crate::schema::contacts;

#[derive(Queryable, Selectable, QueryableByName)]
#[diesel(table_name = contacts, check_for_backend(diesel::pg::Pg))]
struct StoredContact {
    id: i64,
    artist_id: String,
    profile_name: Option<String>,
    is_artist: bool,
    opted_out: bool,
    opted_out_at: Option<DateTime<Utc>>,
    opted_in_at: Option<DateTime<Utc>>,
    last_inbound_at: Option<DateTime<Utc>>,
    last_inbound_received_at: Option<DateTime<Utc>>,
    undeliverable_at: Option<DateTime<Utc>>,
    cooldowns: serde_json::Value,
    erased_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

/// The columns a conversation changes. Erasure and deliverability belong to other writers.
#[derive(AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true)]
struct ContactChanges {
    profile_name: Option<String>,
    is_artist: bool,
    opted_out: bool,
    opted_out_at: Option<DateTime<Utc>>,
    opted_in_at: Option<DateTime<Utc>>,
    last_inbound_at: Option<DateTime<Utc>>,
    last_inbound_received_at: Option<DateTime<Utc>>,
    cooldowns: serde_json::Value,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Creates `(artist, phone)` if it is new (opted in, no window yet) and locks it for the unit of
/// work.
pub(super) async fn upsert_and_lock(
    conn: &mut AsyncPgConnection,
    artist: &ArtistId,
    phone: &Phone,
    is_artist: bool,
    now: DateTime<Utc>,
) -> Result<Contact, StoreError> {
    // DO UPDATE (not DO NOTHING) so a concurrent first message waits here for this row instead of
    // failing, and RETURNING always yields the row. The row this statement inserts or updates stays
    // locked until the unit of work ends, as `FOR UPDATE` would keep it, and is returned as updated.
    let stored: StoredContact = cached_sql(
        "INSERT INTO contacts (artist_id, phone, is_artist, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (artist_id, phone)
         DO UPDATE SET is_artist = contacts.is_artist OR EXCLUDED.is_artist
         RETURNING id, artist_id, profile_name, is_artist, opted_out, opted_out_at, opted_in_at,
                   last_inbound_at, last_inbound_received_at, undeliverable_at, cooldowns,
                   erased_at, created_at",
    )
    .bind::<Text, _>(&artist.0)
    .bind::<Text, _>(phone.digits())
    .bind::<Bool, _>(is_artist)
    .bind::<diesel::sql_types::Timestamptz, _>(now)
    .get_result(conn)
    .await?;
    stored.into_contact(phone.clone())
}

/// The contact of a lead, locked, for use cases no message started. `None` when its number was
/// erased (nothing can be sent to it any more).
pub(crate) async fn lock_by_id(
    conn: &mut AsyncPgConnection,
    id: ContactId,
) -> Result<Option<Contact>, StoreError> {
    let (stored, phone): (StoredContact, Option<String>) = contacts::table
        .find(id.0)
        .select((StoredContact::as_select(), contacts::phone))
        .for_update()
        .get_result(conn)
        .await?;
    let Some(phone) = phone.and_then(|digits| Phone::parse(&digits).ok()) else {
        return Ok(None);
    };
    stored.into_contact(phone).map(Some)
}

/// The id of the contact for `phone`, created when missing, without locking it: artist
/// notifications need the artist's contact as their recipient.
pub(super) async fn recipient(
    conn: &mut AsyncPgConnection,
    artist: &ArtistId,
    phone: &Phone,
    is_artist: bool,
    now: DateTime<Utc>,
) -> Result<ContactId, StoreError> {
    let inserted: Option<Id> = cached_sql(
        "INSERT INTO contacts (artist_id, phone, is_artist, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (artist_id, phone) DO NOTHING
         RETURNING id",
    )
    .bind::<Text, _>(&artist.0)
    .bind::<Text, _>(phone.digits())
    .bind::<Bool, _>(is_artist)
    .bind::<diesel::sql_types::Timestamptz, _>(now)
    .get_result(conn)
    .await
    .optional()?;
    let id = match inserted {
        Some(Id { id }) => id,
        None => {
            contacts::table
                .filter(contacts::artist_id.eq(&artist.0))
                .filter(contacts::phone.eq(phone.digits()))
                .select(contacts::id)
                .get_result(conn)
                .await?
        }
    };
    Ok(ContactId(id))
}

/// Writes the decision's view of the contact (already locked by this unit of work).
pub(super) async fn update(
    mut conn: &AsyncPgConnection,
    contact: &Contact,
) -> Result<(), StoreError> {
    let consent = contact.consent();
    let changes = ContactChanges {
        profile_name: contact.profile_name.clone(),
        is_artist: contact.is_artist,
        opted_out: consent.opted_out(),
        opted_out_at: consent.opted_out_at(),
        opted_in_at: consent.opted_in_at(),
        last_inbound_at: contact.last_inbound_at,
        last_inbound_received_at: contact.last_inbound_received_at,
        cooldowns: serde_json::to_value(&contact.cooldowns)
            .map_err(|e| StoreError::unreadable("contact cooldowns", e))?,
    };
    diesel::update(contacts::table.find(contact.id.0))
        .set(&changes)
        .execute(&mut conn)
        .await?;
    Ok(())
}

impl StoredContact {
    /// `phone` is the number the row was just found by (an erased contact has none and is never
    /// found again, so a later message from the number starts a new contact).
    fn into_contact(self, phone: Phone) -> Result<Contact, StoreError> {
        let cooldowns = serde_json::from_value(self.cooldowns)
            .map_err(|e| StoreError::unreadable(format!("contact {}", self.id), e))?;
        let consent = Consent::restore(self.opted_out, self.opted_out_at, self.opted_in_at);
        let mut contact = Contact::new(
            ContactId(self.id),
            ArtistId(self.artist_id),
            phone,
            self.created_at,
        )
        .with_consent(consent);
        contact.profile_name = self.profile_name;
        contact.is_artist = self.is_artist;
        contact.last_inbound_at = self.last_inbound_at;
        contact.last_inbound_received_at = self.last_inbound_received_at;
        contact.undeliverable_at = self.undeliverable_at;
        contact.cooldowns = cooldowns;
        contact.erased_at = self.erased_at;
        Ok(contact)
    }
}
