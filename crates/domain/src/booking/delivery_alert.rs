//! A message for the client could not be delivered (integrations.md §2.3): the artist hears about
//! it, since the client is left waiting and only the artist can reach them another way.

use super::LeadChanges;
use crate::consultation::Text;
use crate::copy::MessageId;
use crate::copy::params::{CLIENT, LEAD_REF, PROBLEM};
use crate::model::Lead;
use crate::status::PaymentFacts;

/// What the artist is told when `alert` is `artist.job_failed` (the other alerts say it themselves).
const UNDELIVERED: &str =
    "a WhatsApp message for them could not be sent; please get in touch with them directly.";

/// Tells the artist that a message for `lead`'s client did not go out; `alert` is the message the
/// gateway's failure decision chose (`artist.undeliverable`, `artist.job_failed`).
pub fn delivery_failed(
    lead: &Lead,
    payments: PaymentFacts,
    client: &str,
    alert: MessageId,
) -> LeadChanges {
    let mut changes = LeadChanges::new(lead.clone(), payments);
    let mut notice = Text::new(alert)
        .with(LEAD_REF, lead.id.to_string())
        .with(CLIENT, client);
    if alert == MessageId::ARTIST_JOB_FAILED {
        notice = notice.with(PROBLEM, UNDELIVERED);
    }
    changes.tell_artist(notice, Vec::new());
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::Recipient;
    use crate::model::LeadStatus;
    use crate::status::test_support::manual_lead;

    #[test]
    fn the_artist_is_told_which_client_missed_a_message() {
        let lead = manual_lead(LeadStatus::AwaitingDeposit);
        for alert in [
            MessageId::ARTIST_UNDELIVERABLE,
            MessageId::ARTIST_JOB_FAILED,
        ] {
            let changes = delivery_failed(&lead, PaymentFacts::default(), "Sam", alert);
            assert_eq!(changes.outbound.len(), 1);
            let notice = &changes.outbound[0];
            assert_eq!(notice.recipient, Recipient::Artist);
            assert_eq!(notice.lead_id, Some(lead.id));
            assert_eq!(notice.kind(), alert);
            assert_eq!(changes.lead.status(), lead.status(), "nothing else changes");
            assert!(changes.jobs.is_empty() && changes.events.is_empty());
        }
    }
}
