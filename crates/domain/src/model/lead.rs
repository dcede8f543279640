//! A lead: one enquiry from a contact, from the first message to a closed status.
//!
//! Everything the status machine decides — the status itself, when it was entered, where a handover or
//! an abandoned lead returns to, the booking mode and the funnel timestamps — sits in a private
//! [`StatusRecord`]. Only `crate::status::transition` writes it, apart from the three narrow business
//! events below that adjust it without a status change (completion, a second handover reason, a
//! deposit lapsing during a handover). The other parts are plain data that use cases update under the
//! row lock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::booking_mode::BookingMode;
use super::handover::Handover;
use super::lead_details::{
    AdminRecord, BookingDetails, Conversation, DepositTerms, Estimate, Interpretation,
};
use super::lead_status::LeadStatus;
use super::{ArtistId, ContactId, LeadId};
use crate::status::TransitionPermit;

/// When the lead first (or last) entered each funnel stage (data-and-ops.md §2.3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FunnelTimestamps {
    pub qualifying_started_at: Option<DateTime<Utc>>,
    pub qualifying_completed_at: Option<DateTime<Utc>>,
    pub pending_approval_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub deposit_paid_at: Option<DateTime<Utc>>,
    pub booking_pending_at: Option<DateTime<Utc>>,
    pub booked_at: Option<DateTime<Utc>>,
    pub rejected_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub needs_artist_reply_at: Option<DateTime<Utc>>,
    pub needs_follow_up_at: Option<DateTime<Utc>>,
    pub abandoned_at: Option<DateTime<Utc>>,
    pub stale_at: Option<DateTime<Utc>>,
    pub waitlisted_at: Option<DateTime<Utc>>,
    pub opted_out_at: Option<DateTime<Utc>>,
}

/// The columns the status machine owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRecord {
    pub status: LeadStatus,
    pub status_entered_at: DateTime<Utc>,
    /// Where a handover or an abandoned lead goes back to; only set in those two statuses.
    pub return_status: Option<LeadStatus>,
    /// Recorded at approval.
    pub booking_mode: Option<BookingMode>,
    /// The open handover; only set in `NEEDS_ARTIST_REPLY`.
    pub handover: Option<Handover>,
    pub funnel: FunnelTimestamps,
}

/// A stored lead whose status columns contradict each other (the database CHECK constraints).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidStoredLead {
    #[error(
        "lead {lead} has return_status {return_status} while {status}; only NEEDS_ARTIST_REPLY and ABANDONED keep one"
    )]
    ReturnStatusOutsideHandoverOrAbandoned {
        lead: LeadId,
        status: LeadStatus,
        return_status: LeadStatus,
    },
    #[error("lead {lead} has an open handover while {status}; only NEEDS_ARTIST_REPLY keeps one")]
    HandoverOutsideNeedsArtistReply { lead: LeadId, status: LeadStatus },
}

/// Serialisable for views and logs; deliberately not deserialisable, so a stored lead comes back only
/// through [`Lead::restore`], which checks its status columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lead {
    pub id: LeadId,
    pub artist_id: ArtistId,
    pub contact_id: ContactId,
    pub created_at: DateTime<Utc>,
    state: StatusRecord,
    pub conversation: Conversation,
    pub interpretation: Interpretation,
    pub estimate: Option<Estimate>,
    /// The artist summary stored at completion.
    pub summary_text: Option<String>,
    pub deposit: DepositTerms,
    pub booking: BookingDetails,
    pub admin: AdminRecord,
}

impl Lead {
    /// A lead just created for an inbound message: `NEW`, step 0. The same transaction moves it on to
    /// `QUALIFYING` through `transition`.
    pub fn new(id: LeadId, artist_id: ArtistId, contact_id: ContactId, now: DateTime<Utc>) -> Self {
        Self {
            id,
            artist_id,
            contact_id,
            created_at: now,
            state: StatusRecord {
                status: LeadStatus::New,
                status_entered_at: now,
                return_status: None,
                booking_mode: None,
                handover: None,
                funnel: FunnelTimestamps::default(),
            },
            conversation: Conversation::default(),
            interpretation: Interpretation::default(),
            estimate: None,
            summary_text: None,
            deposit: DepositTerms::default(),
            booking: BookingDetails::default(),
            admin: AdminRecord::default(),
        }
    }

    /// Rebuilds a stored lead (persistence only). The other parts start empty; set them afterwards.
    pub fn restore(
        id: LeadId,
        artist_id: ArtistId,
        contact_id: ContactId,
        created_at: DateTime<Utc>,
        state: StatusRecord,
    ) -> Result<Self, InvalidStoredLead> {
        let status = state.status;
        if let Some(return_status) = state.return_status
            && !matches!(status, LeadStatus::NeedsArtistReply | LeadStatus::Abandoned)
        {
            return Err(InvalidStoredLead::ReturnStatusOutsideHandoverOrAbandoned {
                lead: id,
                status,
                return_status,
            });
        }
        if state.handover.is_some() && status != LeadStatus::NeedsArtistReply {
            return Err(InvalidStoredLead::HandoverOutsideNeedsArtistReply { lead: id, status });
        }
        let mut lead = Self::new(id, artist_id, contact_id, created_at);
        lead.state = state;
        Ok(lead)
    }

    pub fn status(&self) -> LeadStatus {
        self.state.status
    }

    pub fn status_entered_at(&self) -> DateTime<Utc> {
        self.state.status_entered_at
    }

    pub fn return_status(&self) -> Option<LeadStatus> {
        self.state.return_status
    }

    pub fn booking_mode(&self) -> Option<BookingMode> {
        self.state.booking_mode
    }

    pub fn handover(&self) -> Option<&Handover> {
        self.state.handover.as_ref()
    }

    pub fn funnel(&self) -> &FunnelTimestamps {
        &self.state.funnel
    }

    /// All status columns, for persistence.
    pub fn status_record(&self) -> &StatusRecord {
        &self.state
    }

    /// The status machine's write access; nothing else can obtain a [`TransitionPermit`].
    pub(crate) fn status_record_mut(&mut self, _permit: &TransitionPermit) -> &mut StatusRecord {
        &mut self.state
    }

    /// Completion step 1: all 13 answers are in (first time only). Guard G1 requires it.
    pub fn mark_qualifying_completed(&mut self, now: DateTime<Utc>) {
        self.state.funnel.qualifying_completed_at.get_or_insert(now);
    }

    /// Adds a reason to the open handover instead of handing over twice (README Clarifications).
    /// Returns false, changing nothing, when the lead is not in `NEEDS_ARTIST_REPLY`.
    pub fn append_to_handover(&mut self, more: &str) -> bool {
        match self.state.handover.as_mut() {
            Some(handover) if self.state.status == LeadStatus::NeedsArtistReply => {
                handover.append_reason(more);
                true
            }
            _ => false,
        }
    }

    /// A hold or Checkout session lapsed while the lead waits for the artist with
    /// `return_status = AWAITING_DEPOSIT`: it will return to a fresh offer (calendar) or to
    /// `DEPOSIT_EXPIRED` (manual) instead, and nothing is sent (consultation.md §3.2, booking.md §6).
    /// Returns whether the return status changed.
    pub fn deposit_lapsed_during_handover(&mut self) -> bool {
        let lapsed_to = match self.state.booking_mode {
            Some(BookingMode::Calendar) => LeadStatus::AwaitingSlot,
            Some(BookingMode::Manual) | None => LeadStatus::DepositExpired,
        };
        let waiting_on_deposit = self.state.status == LeadStatus::NeedsArtistReply
            && self.state.return_status == Some(LeadStatus::AwaitingDeposit);
        if waiting_on_deposit {
            self.state.return_status = Some(lapsed_to);
        }
        waiting_on_deposit
    }
}

#[cfg(test)]
#[path = "lead_tests.rs"]
mod tests;
