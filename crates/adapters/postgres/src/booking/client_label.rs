//! How the artist's notifications name a lead's client: `Sam (+447700900123)`, the number alone, or
//! the profile name alone once the number is erased.

use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::copy::client_label as label;
use inkdesk_domain::model::{ContactId, Phone};

use super::BookingError;

#[derive(diesel::QueryableByName)]
struct Person {
    #[diesel(sql_type = Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    profile_name: Option<String>,
}

pub(crate) async fn client_label(
    conn: &mut AsyncPgConnection,
    contact: ContactId,
) -> Result<String, BookingError> {
    let person: Option<Person> =
        diesel::sql_query("SELECT phone, profile_name FROM contacts WHERE id = $1")
            .bind::<BigInt, _>(contact.0)
            .get_result(conn)
            .await
            .optional()?;
    let Some(person) = person else {
        return Ok("client".to_owned());
    };
    let phone = person.phone.as_deref().and_then(|p| Phone::parse(p).ok());
    Ok(match (phone, person.profile_name) {
        (Some(phone), name) => label(name.as_deref(), &phone),
        (None, Some(name)) => name,
        (None, None) => "client".to_owned(),
    })
}
