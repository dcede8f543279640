//! One Stripe event, one transaction (http-api.md §3.3, booking.md §3.8, §6–§8): claim the event
//! in the ledger, check the mode, find the payment, lock lead → payments → holds, let the domain
//! decide, write the payment and hold rows and the lead's changes. A duplicate delivery ends at
//! the ledger; business conditions end in an outcome, never an error.

use chrono::{DateTime, Utc};
use inkdesk_domain::booking::{
    CheckoutReport, EventOutcome, ExpiryTrigger, PaymentCase, PaymentDecision, PaymentNotice,
    ProviderEvent, SessionPayment, SlotFacts, expire_payment, needs_fresh_hold, payment_failed,
    record_dispute, record_refund, settle_checkout, unknown_session,
};
use inkdesk_domain::model::{LeadId, LeadStatus};
use inkdesk_domain::ports::PortError;
use serde_json::json;

use super::client_label::client_label;
use super::hold_rows::{HoldConflict, apply_hold_writes, lock_holds, reserve_hold_id};
use super::payment_rows::{
    cancel_deferred_links, find_by_intent, find_by_session, insert_review_payment, lock_payments,
    write_payment,
};
use super::{BookingError, PgBooking};
use crate::DbConnection;
use crate::conversation::UnitError;
use crate::ledger::{EventSource, claim_event};
use crate::system_events::{self, EventLevel};

/// What the webhook answers about an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeReceipt {
    pub outcome: EventOutcome,
    pub lead_id: Option<LeadId>,
    /// The lead's status after the event.
    pub status: Option<LeadStatus>,
}

impl StripeReceipt {
    fn without_lead(outcome: EventOutcome) -> Self {
        Self {
            outcome,
            lead_id: None,
            status: None,
        }
    }
}

impl PgBooking {
    /// Handles one verified Stripe event in one transaction. `live_key`: the configured secret key
    /// is a live one, so only live events count.
    pub async fn handle_stripe_event(
        &self,
        event: &ProviderEvent,
        live_key: bool,
        now: DateTime<Utc>,
    ) -> Result<StripeReceipt, BookingError> {
        let mut conn = self.begin().await?;
        let result = self.stripe_event_in(&mut conn, event, live_key, now).await;
        Self::finish(&mut conn, result).await
    }

    async fn stripe_event_in(
        &self,
        conn: &mut DbConnection,
        event: &ProviderEvent,
        live_key: bool,
        now: DateTime<Utc>,
    ) -> Result<StripeReceipt, BookingError> {
        let kind = event.notice.event_type();
        let claimed = claim_event(conn, EventSource::Stripe, &event.event_id, kind, None)
            .await
            .map_err(UnitError::from)?;
        if !claimed {
            return Ok(StripeReceipt::without_lead(EventOutcome::Duplicate));
        }
        if event.livemode != live_key {
            warn(conn, "stripe.livemode_mismatch", event).await?;
            return Ok(StripeReceipt::without_lead(EventOutcome::Ignored));
        }
        let found = match &event.notice {
            PaymentNotice::ChargeRefunded(refund) => {
                find_by_intent(conn, &refund.payment_intent).await?
            }
            PaymentNotice::DisputeCreated(dispute) => {
                find_by_intent(conn, &dispute.payment_intent).await?
            }
            notice => match notice.checkout() {
                Some(report) => find_by_session(conn, &report.session_id).await?,
                None => None,
            },
        };
        let Some((payment_id, lead_id)) = found else {
            return self.not_our_payment(conn, event, now).await;
        };
        let mut case = self.payment_case(conn, lead_id, payment_id, now).await?;
        case.payment.livemode = Some(event.livemode);
        let rules = self.rules();
        let decision = match &event.notice {
            PaymentNotice::CheckoutCompleted(report)
            | PaymentNotice::AsyncPaymentSucceeded(report) => {
                return self.settle(conn, &case, report, now).await;
            }
            PaymentNotice::AsyncPaymentFailed(_) => payment_failed(&case, rules, now),
            PaymentNotice::CheckoutExpired(_) => {
                expire_payment(&case, ExpiryTrigger::Webhook, rules, now)
            }
            PaymentNotice::ChargeRefunded(refund) => record_refund(&case, refund, rules, now),
            PaymentNotice::DisputeCreated(dispute) => record_dispute(&case, dispute, rules, now),
        };
        if apply_hold_writes(conn, &decision.writes.holds, now)
            .await?
            .is_err()
        {
            return Err(conflict("a hold write overlapped a live hold"));
        }
        self.write_decision(conn, &decision, now).await
    }

    /// §3.8 steps 6–7: a released hold is re-inserted when the time is still free; if the
    /// exclusion constraint says it was taken, the domain decides again knowing that.
    async fn settle(
        &self,
        conn: &mut DbConnection,
        case: &PaymentCase,
        report: &CheckoutReport,
        now: DateTime<Utc>,
    ) -> Result<StripeReceipt, BookingError> {
        let rules = self.rules();
        let mut slot = SlotFacts::default();
        if needs_fresh_hold(case) {
            slot.spare_hold_id = Some(reserve_hold_id(conn).await?);
        }
        let mut decision = settle_checkout(case, report, slot, rules, now);
        if let Err(HoldConflict) = apply_hold_writes(conn, &decision.writes.holds, now).await? {
            slot.taken = true;
            decision = settle_checkout(case, report, slot, rules, now);
            if apply_hold_writes(conn, &decision.writes.holds, now)
                .await?
                .is_err()
            {
                return Err(conflict("releasing holds overlapped a live hold"));
            }
        }
        self.write_decision(conn, &decision, now).await
    }

    /// Payment rows, then the lead's changes (messages, jobs, events).
    pub(crate) async fn write_decision(
        &self,
        conn: &mut DbConnection,
        decision: &PaymentDecision,
        now: DateTime<Utc>,
    ) -> Result<StripeReceipt, BookingError> {
        for payment in &decision.writes.payments {
            write_payment(conn, payment).await?;
        }
        if let Some(payment_id) = decision.writes.cancel_deferred_links_of {
            cancel_deferred_links(conn, payment_id).await?;
        }
        self.write(conn, &decision.changes, now).await?;
        Ok(StripeReceipt {
            outcome: decision.outcome,
            lead_id: Some(decision.changes.lead.id),
            status: Some(decision.status()),
        })
    }

    /// Locks the lead, its payments and its holds (the global lock order) and gathers the case.
    pub(crate) async fn payment_case(
        &self,
        conn: &mut DbConnection,
        lead_id: LeadId,
        payment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<PaymentCase, BookingError> {
        let context = self.lock(conn, lead_id, now).await?;
        let mut payments = lock_payments(conn, lead_id).await?;
        let holds = lock_holds(conn, lead_id).await?;
        let client = client_label(conn, context.lead.contact_id).await?;
        let at = payments
            .iter()
            .position(|payment| payment.id == payment_id)
            .ok_or_else(|| {
                BookingError::Port(PortError::NotFound(format!("payment {payment_id}")))
            })?;
        let payment = payments.remove(at);
        Ok(PaymentCase {
            lead: context.lead,
            payment,
            others: payments,
            holds,
            client,
        })
    }

    /// §3.8 step 3: a session (or intent) with no payment row. A paid session of a lead we know is
    /// recorded for review; anything else is a WARN and 200.
    async fn not_our_payment(
        &self,
        conn: &mut DbConnection,
        event: &ProviderEvent,
        now: DateTime<Utc>,
    ) -> Result<StripeReceipt, BookingError> {
        let report = match &event.notice {
            PaymentNotice::CheckoutCompleted(report)
            | PaymentNotice::AsyncPaymentSucceeded(report)
                if report.payment == SessionPayment::Paid =>
            {
                report
            }
            PaymentNotice::ChargeRefunded(_) | PaymentNotice::DisputeCreated(_) => {
                warn(conn, "stripe.payment_intent_unknown", event).await?;
                return Ok(StripeReceipt::without_lead(EventOutcome::Ignored));
            }
            _ => {
                warn(conn, "stripe.session_unknown", event).await?;
                return Ok(StripeReceipt::without_lead(EventOutcome::Ignored));
            }
        };
        for &lead_id in &report.lead_hints {
            let context = match self.lock(conn, lead_id, now).await {
                Ok(context) => context,
                Err(BookingError::LeadNotFound(_)) => continue,
                Err(other) => return Err(other),
            };
            let client = client_label(conn, context.lead.contact_id).await?;
            let (changes, row) =
                unknown_session(&context.lead, context.payments, &client, report, now);
            if let Some(row) = row {
                let artist = &self.setup().artist;
                insert_review_payment(conn, artist, lead_id, &row, event.livemode).await?;
            }
            self.write(conn, &changes, now).await?;
            return Ok(StripeReceipt {
                outcome: EventOutcome::Review,
                lead_id: Some(lead_id),
                status: Some(changes.lead.status()),
            });
        }
        warn(conn, "stripe.session_unknown", event).await?;
        Ok(StripeReceipt::without_lead(EventOutcome::Ignored))
    }
}

/// A WARN naming the event only (never the body or the customer).
async fn warn(
    conn: &mut DbConnection,
    event_type: &str,
    event: &ProviderEvent,
) -> Result<(), BookingError> {
    let warning = system_events::SystemEvent {
        level: EventLevel::Warn,
        event_type: event_type.to_owned(),
        lead_id: None,
        contact_id: None,
        payload: json!({ "event_id": event.event_id }),
        correlation_id: None,
    };
    system_events::record(conn, &warning)
        .await
        .map_err(UnitError::from)?;
    tracing::warn!(event_type, stripe_event = %event.event_id, "{event_type}");
    Ok(())
}

fn conflict(what: &str) -> BookingError {
    BookingError::Port(PortError::Conflict(what.to_owned()))
}
