//! The artist's live holds as busy time for slot generation (booking.md §3.1 step 4): `confirmed`
//! holds, and `held` ones not yet past `expires_at + hold_release_grace_seconds`. Read outside any
//! business transaction, like the calendar; the hold's exclusion constraint has the last word when
//! the client picks.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::RunQueryDsl;
use inkdesk_domain::slots::{HoldRange, TimeRange};

use super::{BookingError, PgBooking};
use crate::conversation::UnitError;

#[derive(diesel::QueryableByName)]
struct LiveHold {
    #[diesel(sql_type = Timestamptz)]
    session_start: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    session_end: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    blocked_start: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    blocked_end: DateTime<Utc>,
}

impl PgBooking {
    /// Live holds of the artist whose blocked range meets `[from, to)`, in start order.
    pub async fn busy_holds(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<HoldRange>, BookingError> {
        let grace = i64::from(self.rules().booking.hold_release_grace_seconds);
        let mut conn = self.db().connection().await.map_err(UnitError::from)?;
        let live: Vec<LiveHold> = diesel::sql_query(
            "SELECT lower(session_range) AS session_start, upper(session_range) AS session_end,
                    lower(blocked_range) AS blocked_start, upper(blocked_range) AS blocked_end
             FROM slot_holds
             WHERE artist_id = $1
               AND blocked_range && tstzrange($2, $3)
               AND (state = 'confirmed'
                    OR (state = 'held' AND expires_at + $4 * interval '1 second' > $5))
             ORDER BY lower(blocked_range), id",
        )
        .bind::<Text, _>(&self.setup().artist.0)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<BigInt, _>(grace)
        .bind::<Timestamptz, _>(now)
        .load(&mut conn)
        .await?;
        Ok(live
            .into_iter()
            .map(|hold| HoldRange {
                session: TimeRange::new(hold.session_start, hold.session_end),
                blocked: TimeRange::new(hold.blocked_start, hold.blocked_end),
            })
            .collect())
    }
}
