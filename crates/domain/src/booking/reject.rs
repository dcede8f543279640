//! Rejecting a lead (http-api.md §5.5): from any status with an edge to `REJECTED` while nothing is
//! paid (guard G2). A paid lead is cancelled instead, so its deposit is dealt with deliberately.

use chrono::{DateTime, Utc};

use super::{BookingRefusal, LeadChanges};
use crate::consultation::{Effect, HoldRelease, JobRequest, Text};
use crate::copy::MessageId;
use crate::copy::params::ARTIST_NAME;
use crate::model::{Actor, LeadStatus};
use crate::status::{PaymentFacts, TransitionReason};

/// What the artist asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RejectRequest {
    /// Kept in the admin notes; never sent to the client.
    pub reason: Option<String>,
    pub notify_client: bool,
}

pub const MAX_REASON_CHARS: usize = 500;

/// Rejects the lead: held holds released, open Checkout sessions expired, `rejected` to the client
/// when asked for.
pub fn reject(
    changes: &mut LeadChanges,
    request: &RejectRequest,
    actor: Actor,
    artist_name: &str,
    now: DateTime<Utc>,
) -> Result<(), BookingRefusal> {
    if let Some(reason) = &request.reason
        && reason.chars().count() > MAX_REASON_CHARS
    {
        return Err(BookingRefusal::Invalid(format!(
            "reason must be at most {MAX_REASON_CHARS} characters"
        )));
    }
    refuse_with_wording(changes.lead.status(), changes.payments)?;
    changes.move_to(LeadStatus::Rejected, TransitionReason::Reject, actor, now)?;
    let lead_id = changes.lead.id;
    changes.effect(Effect::ReleaseHeldHolds {
        lead_id,
        reason: HoldRelease::Rejected,
    });
    changes.effect(Effect::ExpireOpenCheckoutSessions { lead_id });
    if let Some(reason) = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let note = format!("Rejection reason: {reason}");
        let admin = &mut changes.lead.admin;
        admin.admin_notes = Some(match admin.admin_notes.take() {
            Some(notes) if !notes.is_empty() => format!("{notes}\n{note}"),
            _ => note,
        });
    }
    changes.lead.admin.last_admin_action = Some("reject".to_owned());
    changes.lead.admin.last_admin_action_at = Some(now);
    if request.notify_client {
        changes.tell_client(vec![
            Text::new(MessageId::REJECTED).with(ARTIST_NAME, artist_name),
        ]);
    }
    changes.job(JobRequest::SheetsUpsert { lead_id });
    Ok(())
}

/// The admin API's wording for the common refusals (http-api.md §5.5); other statuses fall through
/// to the status machine's own refusal.
fn refuse_with_wording(status: LeadStatus, payments: PaymentFacts) -> Result<(), BookingRefusal> {
    let detail = match status {
        LeadStatus::Rejected => "Lead is already rejected",
        LeadStatus::Booked => "Cannot reject a booked lead",
        _ if payments.paid || payments.processing => {
            "Cannot reject a lead with a paid deposit; cancel it instead"
        }
        _ => return Ok(()),
    };
    Err(BookingRefusal::NotAllowed(detail.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::test_support::{calendar_lead, t0};

    fn changes(status: LeadStatus) -> LeadChanges {
        LeadChanges::new(calendar_lead(status), PaymentFacts::NONE)
    }

    #[test]
    fn a_pending_lead_is_rejected_and_the_client_told_without_the_reason() {
        let mut work = changes(LeadStatus::PendingApproval);
        let request = RejectRequest {
            reason: Some("not my style".into()),
            notify_client: true,
        };
        reject(&mut work, &request, Actor::Admin, "Alex", t0()).unwrap();
        assert_eq!(work.lead.status(), LeadStatus::Rejected);
        assert_eq!(work.transitions.len(), 1);
        assert_eq!(
            work.lead.admin.admin_notes.as_deref(),
            Some("Rejection reason: not my style")
        );
        assert_eq!(work.outbound.len(), 1);
        assert_eq!(work.outbound[0].kind(), MessageId::REJECTED);
        assert!(work.effects.contains(&Effect::ExpireOpenCheckoutSessions {
            lead_id: work.lead.id
        }));
    }

    #[test]
    fn the_client_can_be_left_untold() {
        let mut work = changes(LeadStatus::AwaitingSlot);
        reject(
            &mut work,
            &RejectRequest::default(),
            Actor::Artist,
            "Alex",
            t0(),
        )
        .unwrap();
        assert!(work.outbound.is_empty());
        assert_eq!(work.lead.status(), LeadStatus::Rejected);
    }

    #[test]
    fn rejected_booked_and_paid_leads_are_refused_with_the_admin_wording() {
        for (status, paid, wording) in [
            (LeadStatus::Rejected, false, "already rejected"),
            (LeadStatus::Booked, false, "booked lead"),
            (LeadStatus::AwaitingDeposit, true, "cancel it instead"),
        ] {
            let mut work = changes(status);
            work.payments.paid = paid;
            let refusal = reject(
                &mut work,
                &RejectRequest::default(),
                Actor::Admin,
                "A",
                t0(),
            )
            .unwrap_err();
            assert!(
                refusal.to_string().contains(wording),
                "{status:?}: {refusal}"
            );
            assert!(work.transitions.is_empty());
        }
    }

    #[test]
    fn an_overlong_reason_is_invalid() {
        let mut work = changes(LeadStatus::PendingApproval);
        let request = RejectRequest {
            reason: Some("x".repeat(501)),
            notify_client: false,
        };
        assert!(matches!(
            reject(&mut work, &request, Actor::Admin, "A", t0()),
            Err(BookingRefusal::Invalid(_))
        ));
    }
}
