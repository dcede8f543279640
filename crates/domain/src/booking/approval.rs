//! Approval (booking.md §2): the artist accepts a qualified lead. Calendar mode waits for a slot
//! (`approved`, then the `slots.offer` job sends times); manual mode locks the deposit and creates
//! the payment whose Checkout job sends the link.

use chrono::{DateTime, Utc};

use super::{BookingRefusal, LeadChanges, NewPayment, deposit_amount, lock_deposit};
use crate::consultation::{JobRequest, LeadContext, OfferCause, Text};
use crate::copy::MessageId;
use crate::copy::params::ARTIST_NAME;
use crate::model::{Actor, BookingMode, LeadStatus};
use crate::rules::StudioRules;
use crate::slots::hold_expires_at;
use crate::status::TransitionReason;

/// `last_admin_action` of an approval.
const ADMIN_ACTION: &str = "approve";

/// A note longer than this is a paste accident rather than a note.
pub const MAX_NOTE_CHARS: usize = 2000;

/// What the artist asked for. Only the admin API carries an override or a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRequest {
    /// Who approves: `Admin` for the admin API and pages, `Artist` for a one-tap link.
    pub actor: Actor,
    /// `deposit_amount_minor`: replaces the lock when given (booking.md §5).
    pub deposit_override_minor: Option<i64>,
    /// Appended to `admin_notes`.
    pub note: Option<String>,
}

impl ApprovalRequest {
    pub fn by(actor: Actor) -> Self {
        Self {
            actor,
            deposit_override_minor: None,
            note: None,
        }
    }
}

/// The approval's changes, and in manual mode the payment row to insert (its id goes into the
/// `stripe.create_checkout` job the adapter adds).
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub changes: LeadChanges,
    pub payment: Option<NewPayment>,
}

/// Approves the lead in `mode`. The status table and guard G1 decide whether it may be approved
/// (a second approve fails there); the request is checked before anything else.
pub fn approve(
    ctx: &LeadContext,
    request: &ApprovalRequest,
    mode: BookingMode,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> Result<Approval, BookingRefusal> {
    let note = checked_note(request.note.as_deref())?;
    let currency = rules.studio.currency;
    let overridden = request
        .deposit_override_minor
        .map(|minor| deposit_amount(&ctx.lead, Some(minor), &rules.deposit, currency))
        .transpose()?;

    let mut changes = LeadChanges::new(ctx.lead.clone(), ctx.payments);
    let target = match mode {
        BookingMode::Calendar => LeadStatus::AwaitingSlot,
        BookingMode::Manual => LeadStatus::AwaitingDeposit,
    };
    changes.move_to(target, TransitionReason::Approve(mode), request.actor, now)?;

    let lead = &mut changes.lead;
    lead.admin.last_admin_action = Some(ADMIN_ACTION.to_owned());
    lead.admin.last_admin_action_at = Some(now);
    if let Some(note) = note {
        lead.admin.admin_notes = Some(match lead.admin.admin_notes.take() {
            Some(existing) if !existing.trim().is_empty() => format!("{existing}\n{note}"),
            _ => note.to_owned(),
        });
    }
    // An override is the artist's decision for every later session, so it is locked now even
    // in calendar mode, where the first payment comes only with the hold.
    if let Some(amount) = &overridden {
        lock_deposit(lead, amount, &rules.deposit, now);
    }

    let lead_id = lead.id;
    let payment = match mode {
        BookingMode::Calendar => {
            let approved =
                Text::new(MessageId::APPROVED).with(ARTIST_NAME, rules.studio.artist_name.as_str());
            changes.tell_client(vec![approved]);
            changes.job(JobRequest::SlotsOffer {
                lead_id,
                cause: OfferCause::Approved,
            });
            None
        }
        BookingMode::Manual => {
            let amount = deposit_amount(&changes.lead, None, &rules.deposit, currency)?;
            lock_deposit(&mut changes.lead, &amount, &rules.deposit, now);
            Some(NewPayment {
                amount,
                expires_at: hold_expires_at(now, rules.deposit.checkout_expiry_minutes),
                hold_id: None,
                rule_version: rules.deposit.rule_version.clone(),
            })
        }
    };
    Ok(Approval { changes, payment })
}

/// The note trimmed, `None` when blank; too long is refused.
fn checked_note(note: Option<&str>) -> Result<Option<&str>, BookingRefusal> {
    let Some(note) = note.map(str::trim).filter(|note| !note.is_empty()) else {
        return Ok(None);
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(BookingRefusal::Invalid(format!(
            "note must be at most {MAX_NOTE_CHARS} characters"
        )));
    }
    Ok(Some(note))
}

#[cfg(test)]
#[path = "approval_tests.rs"]
mod tests;
