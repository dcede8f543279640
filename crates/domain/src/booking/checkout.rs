//! The `stripe.create_checkout` job's decisions (booking.md §3.7): whether the payment still wants
//! a session, what the lead becomes when the link exists, and the handover when Stripe refuses it.
//! The job calls Stripe between these decisions with no transaction open.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::{BookingRefusal, LeadChanges};
use crate::consultation::{EventLevel, JobRequest, OfferCause, SystemEvent, Text};
use crate::copy::MessageId;
use crate::copy::params::{
    AMOUNT, ARTIST_NAME, CLIENT, EXPIRES_LABEL, LEAD_REF, PROBLEM, SLOT_LABEL, URL,
};
use crate::copy::{date_time_label, format_money, slot_label};
use crate::model::{Actor, BookingMode, Handover, HandoverReason, Lead, LeadStatus, Money};
use crate::slots::TimeRange;
use crate::status::{PaymentFacts, TransitionReason};

/// Stripe refuses a session that lives less than 30 minutes; the extra minute covers the call.
pub const MIN_LINK_LIFETIME: TimeDelta = TimeDelta::minutes(31);

/// What the job reads about its payment under the lead's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckoutFacts {
    /// Still `created`: no session has been recorded for it.
    pub payment_created: bool,
    /// The lead's newest payment, and (calendar mode) its hold is still `held`.
    pub current_for_lead: bool,
    pub expires_at: DateTime<Utc>,
}

/// Steps 1–2 of §3.7.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutStart {
    /// An earlier run (or the webhook, or a cancel) already settled the payment.
    AlreadySettled,
    /// The lead moved on (cancelled, opted out, swapped, handed over): cancel the payment.
    NoLongerAwaited,
    /// Less than [`MIN_LINK_LIFETIME`] left before the hold expires.
    TooLate,
    Create,
}

pub fn checkout_start(lead: &Lead, facts: &CheckoutFacts, now: DateTime<Utc>) -> CheckoutStart {
    if !facts.payment_created {
        CheckoutStart::AlreadySettled
    } else if lead.status() != LeadStatus::AwaitingDeposit || !facts.current_for_lead {
        CheckoutStart::NoLongerAwaited
    } else if facts.expires_at - now < MIN_LINK_LIFETIME {
        CheckoutStart::TooLate
    } else {
        CheckoutStart::Create
    }
}

/// The slot as the Checkout page names it: `Mon 29 Mar 2027, 10:00 BST` (integrations.md §3.1).
pub fn checkout_slot_label(start: DateTime<Utc>, zone: Tz) -> String {
    start
        .with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

/// Calendar mode, too little time left for Stripe: the hold goes (the store releases it) and the
/// client gets fresh times instead of a link that could not live long enough.
pub fn link_window_too_short(
    lead: Lead,
    payments: PaymentFacts,
    now: DateTime<Utc>,
) -> Result<LeadChanges, BookingRefusal> {
    let lead_id = lead.id;
    let mut changes = LeadChanges::new(lead, payments);
    changes.move_to(
        LeadStatus::AwaitingSlot,
        TransitionReason::LinkWindowTooShort,
        Actor::System,
        now,
    )?;
    changes.job(JobRequest::SlotsOffer {
        lead_id,
        cause: OfferCause::Refresh,
    });
    Ok(changes)
}

/// A created Checkout session as the client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepositLink {
    pub url: String,
    pub amount: Money,
    pub expires_at: DateTime<Utc>,
    /// The held slot (calendar mode); `None` in manual mode.
    pub slot: Option<TimeRange>,
    /// The zone the slot was offered in.
    pub zone: Tz,
}

/// Step 5: the link goes out, `slot_held` (calendar) or `deposit_link` (manual), each followed by
/// `deposit_policy` in the same message; `deposit_sent_at` records the first link.
pub fn link_created(
    lead: Lead,
    payments: PaymentFacts,
    link: &DepositLink,
    artist_name: &str,
    now: DateTime<Utc>,
) -> LeadChanges {
    let mut changes = LeadChanges::new(lead, payments);
    if changes.lead.deposit.sent_at.is_none() {
        changes.lead.deposit.sent_at = Some(now);
    }
    let expires = date_time_label(link.expires_at, link.zone);
    let amount = format_money(link.amount);
    let first = match (link.slot, changes.lead.booking_mode()) {
        (Some(slot), Some(BookingMode::Calendar)) => Text::new(MessageId::SLOT_HELD)
            .with(SLOT_LABEL, slot_label(slot.start, slot.end, link.zone))
            .with(AMOUNT, amount)
            .with(URL, link.url.clone())
            .with(EXPIRES_LABEL, expires),
        _ => Text::new(MessageId::DEPOSIT_LINK)
            .with(ARTIST_NAME, artist_name)
            .with(AMOUNT, amount)
            .with(URL, link.url.clone())
            .with(EXPIRES_LABEL, expires),
    };
    let policy = Text::new(MessageId::DEPOSIT_POLICY).with(ARTIST_NAME, artist_name);
    changes.tell_client(vec![first, policy]);
    changes
}

/// Why Stripe did not create the session, as codes only (never Stripe's message text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFailure {
    pub payment_id: i64,
    /// The error class (`permanent`, `auth_broken`, `retryable` once retries ran out) or
    /// `link_window_too_short`.
    pub error_type: String,
    pub error_code: Option<String>,
}

const LINK_FAILED_WORDS: &str = "the deposit link could not be created";

/// Step 6: the payment failed for good. The lead waits for the artist (`PAYMENT_LINK_FAILED`); the
/// client hears that the artist takes over, the artist is told what broke; the store fails the
/// payment and releases the hold in the same transaction.
pub fn link_failed(
    lead: Lead,
    payments: PaymentFacts,
    failure: &LinkFailure,
    client: &str,
    artist_name: &str,
    now: DateTime<Utc>,
) -> Result<LeadChanges, BookingRefusal> {
    let lead_id = lead.id;
    let mut changes = LeadChanges::new(lead, payments);
    let handover = Handover::new(HandoverReason::PaymentLinkFailed, LINK_FAILED_WORDS);
    changes.move_to(
        LeadStatus::NeedsArtistReply,
        TransitionReason::Handover(handover),
        Actor::System,
        now,
    )?;
    changes.tell_client(vec![
        Text::new(MessageId::HANDOVER_GENERIC).with(ARTIST_NAME, artist_name),
    ]);
    let problem = match &failure.error_code {
        Some(code) => format!(
            "{LINK_FAILED_WORDS} (Stripe: {code}). Please check the Stripe settings, then send a new deposit link from the admin page."
        ),
        None => format!(
            "{LINK_FAILED_WORDS}. Please check the Stripe settings, then send a new deposit link from the admin page."
        ),
    };
    changes.tell_artist(
        Text::new(MessageId::ARTIST_JOB_FAILED)
            .with(LEAD_REF, lead_id.to_string())
            .with(CLIENT, client)
            .with(PROBLEM, problem),
        Vec::new(),
    );
    changes.event(SystemEvent {
        level: EventLevel::Error,
        ..SystemEvent::info(
            "stripe.checkout_create_failure",
            Some(lead_id),
            serde_json::json!({
                "payment_id": failure.payment_id,
                "lead_id": lead_id.0,
                "error_type": failure.error_type,
                "error_code": failure.error_code,
            }),
        )
    });
    changes.event(SystemEvent::info(
        "handover.started",
        Some(lead_id),
        serde_json::json!({
            "reason_code": HandoverReason::PaymentLinkFailed.code(),
            "return_status": LeadStatus::AwaitingDeposit.as_str(),
        }),
    ));
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use chrono_tz::Europe::London;

    use super::*;
    use crate::status::test_support::{calendar_lead, manual_lead, t0};

    fn facts(expires_in: TimeDelta) -> CheckoutFacts {
        CheckoutFacts {
            payment_created: true,
            current_for_lead: true,
            expires_at: t0() + expires_in,
        }
    }

    #[test]
    fn the_job_creates_a_session_only_for_the_payment_the_lead_awaits() {
        let awaiting = calendar_lead(LeadStatus::AwaitingDeposit);
        let now = t0();
        let day = TimeDelta::hours(23);
        assert_eq!(
            checkout_start(&awaiting, &facts(day), now),
            CheckoutStart::Create
        );
        let settled = CheckoutFacts {
            payment_created: false,
            ..facts(day)
        };
        assert_eq!(
            checkout_start(&awaiting, &settled, now),
            CheckoutStart::AlreadySettled
        );
        let swapped = CheckoutFacts {
            current_for_lead: false,
            ..facts(day)
        };
        assert_eq!(
            checkout_start(&awaiting, &swapped, now),
            CheckoutStart::NoLongerAwaited
        );
        let cancelled = calendar_lead(LeadStatus::Cancelled);
        assert_eq!(
            checkout_start(&cancelled, &facts(day), now),
            CheckoutStart::NoLongerAwaited
        );
    }

    #[test]
    fn less_than_31_minutes_left_is_too_late() {
        let lead = calendar_lead(LeadStatus::AwaitingDeposit);
        assert_eq!(
            checkout_start(&lead, &facts(TimeDelta::minutes(30)), t0()),
            CheckoutStart::TooLate
        );
        assert_eq!(
            checkout_start(&lead, &facts(TimeDelta::minutes(31)), t0()),
            CheckoutStart::Create
        );
    }

    #[test]
    fn too_late_in_calendar_mode_offers_fresh_times() {
        let lead = calendar_lead(LeadStatus::AwaitingDeposit);
        let changes = link_window_too_short(lead, PaymentFacts::NONE, t0()).unwrap();
        assert_eq!(changes.lead.status(), LeadStatus::AwaitingSlot);
        assert_eq!(changes.transitions[0].reason_code, "link_window_too_short");
        assert!(changes.jobs.contains(&JobRequest::SlotsOffer {
            lead_id: changes.lead.id,
            cause: OfferCause::Refresh
        }));
    }

    fn link(slot: Option<TimeRange>) -> DepositLink {
        DepositLink {
            url: "https://checkout.stripe.com/c/pay/cs_test_1".to_owned(),
            amount: Money::gbp(15_000),
            expires_at: t0() + TimeDelta::minutes(1430),
            slot,
            zone: London,
        }
    }

    #[test]
    fn a_calendar_link_is_slot_held_then_the_policy_in_one_message() {
        let lead = calendar_lead(LeadStatus::AwaitingDeposit);
        let slot = TimeRange::new(
            t0() + TimeDelta::days(4),
            t0() + TimeDelta::days(4) + TimeDelta::hours(3),
        );
        let changes = link_created(lead, PaymentFacts::NONE, &link(Some(slot)), "Sam", t0());

        assert!(!changes.status_changed());
        assert_eq!(changes.lead.deposit.sent_at, Some(t0()));
        assert_eq!(changes.outbound.len(), 1);
        let message = &changes.outbound[0];
        assert_eq!(
            message.ids(),
            [MessageId::SLOT_HELD, MessageId::DEPOSIT_POLICY]
        );
        let held = &message.parts[0];
        assert!(matches!(
            held.param(SLOT_LABEL),
            Some(crate::consultation::Param::Plain(label)) if label == "Mon 29 Mar, 15:00–18:00 BST"
        ));
        assert!(matches!(
            held.param(EXPIRES_LABEL),
            Some(crate::consultation::Param::Plain(label)) if label == "Fri 26 Mar, 13:50 GMT"
        ));
    }

    #[test]
    fn a_manual_link_is_deposit_link_and_the_first_send_time_is_kept() {
        let mut lead = manual_lead(LeadStatus::AwaitingDeposit);
        let first = t0() - TimeDelta::days(2);
        lead.deposit.sent_at = Some(first);
        let changes = link_created(lead, PaymentFacts::NONE, &link(None), "Sam", t0());
        assert_eq!(
            changes.outbound[0].ids(),
            [MessageId::DEPOSIT_LINK, MessageId::DEPOSIT_POLICY]
        );
        assert_eq!(changes.lead.deposit.sent_at, Some(first));
    }

    #[test]
    fn a_failed_link_hands_over_and_tells_both_sides() {
        let lead = calendar_lead(LeadStatus::AwaitingDeposit);
        let failure = LinkFailure {
            payment_id: 117,
            error_type: "permanent".to_owned(),
            error_code: Some("parameter_invalid_integer".to_owned()),
        };
        let changes = link_failed(
            lead,
            PaymentFacts::NONE,
            &failure,
            "Alex (+447700900123)",
            "Sam",
            t0(),
        )
        .unwrap();

        assert_eq!(changes.lead.status(), LeadStatus::NeedsArtistReply);
        assert_eq!(
            changes.lead.return_status(),
            Some(LeadStatus::AwaitingDeposit)
        );
        assert_eq!(changes.transitions[0].reason_code, "PAYMENT_LINK_FAILED");
        let kinds: Vec<_> = changes.outbound.iter().map(|m| m.kind()).collect();
        assert_eq!(
            kinds,
            [MessageId::HANDOVER_GENERIC, MessageId::ARTIST_JOB_FAILED]
        );
        let error = &changes.events[0];
        assert_eq!(error.event_type, "stripe.checkout_create_failure");
        assert_eq!(error.level, EventLevel::Error);
        assert_eq!(error.payload["payment_id"], 117);
        assert_eq!(error.payload["error_code"], "parameter_invalid_integer");
    }

    #[test]
    fn the_checkout_page_names_the_slot_with_its_year_and_zone() {
        let start = t0() + TimeDelta::days(4);
        assert_eq!(
            checkout_slot_label(start, London),
            "Mon 29 Mar 2027, 15:00 BST"
        );
    }
}
