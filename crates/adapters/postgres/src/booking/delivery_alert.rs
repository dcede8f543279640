//! The artist alert of a delivery that failed for good, in a transaction of its own after the
//! failure is recorded (the alert locks the lead first, as every booking unit does).

use chrono::{DateTime, Utc};
use inkdesk_domain::booking::delivery_failed;
use inkdesk_domain::copy::MessageId;
use inkdesk_domain::model::LeadId;

use super::client_label::client_label;
use super::{BookingError, PgBooking};

impl PgBooking {
    /// A message for `lead_id`'s client did not go out: `alert` goes to the artist.
    pub async fn delivery_failed(
        &self,
        lead_id: LeadId,
        alert: MessageId,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        let mut conn = self.begin().await?;
        let result = async {
            let context = self.lock(&mut conn, lead_id, now).await?;
            let client = client_label(&mut conn, context.lead.contact_id).await?;
            let changes = delivery_failed(&context.lead, context.payments, &client, alert);
            self.write(&mut conn, &changes, now).await
        }
        .await;
        Self::finish(&mut conn, result).await
    }
}
