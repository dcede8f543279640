//! The bookkeeping of the calendar jobs (booking.md §3.9): what an event is made from, read
//! before the call, and what its result changes, each in a short transaction of its own (never
//! while Google is being called).

use chrono::{DateTime, Utc};
use diesel::OptionalExtension;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{
    CalendarEventState, HoldRecord, HoldState, LeadChanges, calendar_event_created,
    calendar_event_deleted, calendar_event_failed, calendar_event_removal_failed,
};
use inkdesk_domain::consultation::LeadContext;
use inkdesk_domain::model::{LeadId, Money, Phone};
use inkdesk_domain::status::PaymentFacts;

use super::hold_rows::lock_holds;
use super::payment_rows::lock_payments;
use super::{BookingError, PgBooking};
use crate::DbConnection;

/// What a calendar event is made of: the lead with its answers, the confirmed hold, who the client
/// is and what was paid.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEventPlan {
    pub context: LeadContext,
    pub hold: HoldRecord,
    pub client_name: Option<String>,
    pub client_phone: Option<Phone>,
    pub deposit_paid: Option<Money>,
}

/// Why an event could not be created or deleted, as the provider classified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFailure {
    pub code: String,
}

#[derive(diesel::QueryableByName)]
struct HoldLead {
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
}

#[derive(diesel::QueryableByName)]
struct Person {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    profile_name: Option<String>,
}

/// The lead, its payment facts and the hold, locked (lead → payments → holds).
struct Locked {
    context: LeadContext,
    payments: PaymentFacts,
    hold: HoldRecord,
    deposit_paid: Option<Money>,
}

impl PgBooking {
    /// The event to create for `hold_id`, or `None` when the hold is gone or no longer a booking
    /// (then an event already made for it is deleted by a `calendar.delete_event` job).
    pub async fn calendar_event_plan(
        &self,
        hold_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<CalendarEventPlan>, BookingError> {
        self.in_hold_unit(hold_id, now, async |this, conn, locked| {
            if locked.hold.state != HoldState::Confirmed {
                if let (Some(event_id), CalendarEventState::Created) = (
                    &locked.hold.calendar_event_id,
                    locked.hold.calendar_event_state,
                ) {
                    let changes = calendar_event_created(
                        &locked.context.lead,
                        locked.payments,
                        &locked.hold,
                        event_id,
                    );
                    this.write(conn, &changes, now).await?;
                }
                return Ok(None);
            }
            let person: Option<Person> =
                diesel::sql_query("SELECT phone, profile_name FROM contacts WHERE id = $1")
                    .bind::<BigInt, _>(locked.context.lead.contact_id.0)
                    .get_result(&mut **conn)
                    .await
                    .optional()?;
            let (phone, name) = person.map_or((None, None), |p| (p.phone, p.profile_name));
            Ok(Some(CalendarEventPlan {
                client_phone: phone.as_deref().and_then(|p| Phone::parse(p).ok()),
                client_name: name,
                deposit_paid: locked.deposit_paid,
                hold: locked.hold,
                context: locked.context,
            }))
        })
        .await
        .map(Option::flatten)
    }

    /// The event `event_id` exists for `hold_id` (created now or by an earlier attempt).
    pub async fn calendar_event_created(
        &self,
        hold_id: i64,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        self.in_hold_unit(hold_id, now, async |this, conn, locked| {
            set_event(conn, hold_id, Some(event_id), "created").await?;
            let changes = calendar_event_created(
                &locked.context.lead,
                locked.payments,
                &locked.hold,
                event_id,
            );
            this.write(conn, &changes, now).await
        })
        .await
        .map(|_| ())
    }

    /// The event could not be created: state `failed`, ERROR event, the artist alerted.
    pub async fn calendar_event_failed(
        &self,
        hold_id: i64,
        failure: &CalendarFailure,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        self.in_hold_unit(hold_id, now, async |this, conn, locked| {
            if locked.hold.calendar_event_state == CalendarEventState::Created {
                return Ok(());
            }
            set_event(conn, hold_id, None, "failed").await?;
            let client =
                super::client_label::client_label(conn, locked.context.lead.contact_id).await?;
            let changes = calendar_event_failed(
                &locked.context.lead,
                locked.payments,
                &locked.hold,
                &client,
                &failure.code,
                this.rules(),
            );
            this.write(conn, &changes, now).await
        })
        .await
        .map(|_| ())
    }

    /// The event `event_id` of `hold_id` is gone from the calendar.
    pub async fn calendar_event_deleted(
        &self,
        hold_id: i64,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        self.in_hold_unit(hold_id, now, async |this, conn, locked| {
            if locked.hold.calendar_event_id.as_deref() == Some(event_id) {
                set_event(conn, hold_id, Some(event_id), "deleted").await?;
            }
            let changes: LeadChanges =
                calendar_event_deleted(&locked.context.lead, locked.payments, event_id);
            this.write(conn, &changes, now).await
        })
        .await
        .map(|_| ())
    }

    /// The event could not be deleted: the artist removes it by hand.
    pub async fn calendar_event_removal_failed(
        &self,
        hold_id: i64,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        self.in_hold_unit(hold_id, now, async |this, conn, locked| {
            let client =
                super::client_label::client_label(conn, locked.context.lead.contact_id).await?;
            let changes = calendar_event_removal_failed(
                &locked.context.lead,
                locked.payments,
                &client,
                event_id,
            );
            this.write(conn, &changes, now).await
        })
        .await
        .map(|_| ())
    }

    /// One transaction over the hold's lead, its payments and the hold; `Ok(None)` when the hold
    /// does not exist.
    async fn in_hold_unit<T>(
        &self,
        hold_id: i64,
        now: DateTime<Utc>,
        work: impl AsyncFnOnce(&Self, &mut DbConnection, Locked) -> Result<T, BookingError>,
    ) -> Result<Option<T>, BookingError> {
        let mut conn = self.begin().await?;
        let result = async {
            let Some(locked) = self.lock_hold(&mut conn, hold_id, now).await? else {
                return Ok(None);
            };
            work(self, &mut conn, locked).await.map(Some)
        }
        .await;
        Self::finish(&mut conn, result).await
    }

    async fn lock_hold(
        &self,
        conn: &mut DbConnection,
        hold_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<Locked>, BookingError> {
        let Some(lead_id) = hold_lead(conn, hold_id).await? else {
            return Ok(None);
        };
        let context = self.lock(conn, lead_id, now).await?;
        let payments = lock_payments(conn, lead_id).await?;
        let holds = lock_holds(conn, lead_id).await?;
        let Some(hold) = holds.into_iter().find(|hold| hold.id == hold_id) else {
            return Ok(None);
        };
        let deposit_paid = payments
            .iter()
            .find(|payment| payment.status.holds_money())
            .map(|payment| payment.amount);
        Ok(Some(Locked {
            payments: context.payments,
            context,
            hold,
            deposit_paid,
        }))
    }
}

async fn hold_lead(
    conn: &mut AsyncPgConnection,
    hold_id: i64,
) -> Result<Option<LeadId>, BookingError> {
    let row: Option<HoldLead> = diesel::sql_query("SELECT lead_id FROM slot_holds WHERE id = $1")
        .bind::<BigInt, _>(hold_id)
        .get_result(conn)
        .await
        .optional()?;
    Ok(row.map(|row| LeadId(row.lead_id)))
}

/// The hold's event columns; `event_id: None` keeps the stored id.
async fn set_event(
    conn: &mut AsyncPgConnection,
    hold_id: i64,
    event_id: Option<&str>,
    state: &str,
) -> Result<(), BookingError> {
    diesel::sql_query(
        "UPDATE slot_holds
         SET calendar_event_id = coalesce($2, calendar_event_id), calendar_event_state = $3
         WHERE id = $1",
    )
    .bind::<BigInt, _>(hold_id)
    .bind::<diesel::sql_types::Nullable<Text>, _>(event_id)
    .bind::<Text, _>(state)
    .execute(conn)
    .await?;
    Ok(())
}
