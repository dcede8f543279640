//! WhatsApp status callbacks (http-api.md §3.2.1): states only move up the delivery ladder, a
//! failure replaces only `queued` or `sent`, and a `failed` callback sets its follow-up in motion.

use std::time::Duration;

use super::failure::{UNDELIVERABLE, WINDOW_CLOSED};
use super::kinds::{self, TemplatePurpose};
use super::state::{OutboundMode, OutboundState};
use crate::copy::MessageId;
use crate::model::string_enum::string_enum;

string_enum! {
    /// The `status` of a `statuses[]` object inkdesk tracks.
    pub enum DeliveryStatus as "delivery status" {
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        Failed = "failed",
    }
}

impl DeliveryStatus {
    pub fn state(self) -> OutboundState {
        match self {
            Self::Sent => OutboundState::Sent,
            Self::Delivered => OutboundState::Delivered,
            Self::Read => OutboundState::Read,
            Self::Failed => OutboundState::Failed,
        }
    }
}

/// What a callback does to the row. Either way the status's own timestamp column is filled if it
/// is still empty, and a `failed` status's error is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// The row moves to this state; a move to `failed` runs [`failed_follow_up`].
    MoveTo(OutboundState),
    /// Late or out of order (or a failure after delivery): the state stays.
    RecordOnly,
}

pub fn apply_status(current: OutboundState, incoming: DeliveryStatus) -> StatusChange {
    let Some(current_rank) = current.delivery_rank() else {
        return StatusChange::RecordOnly;
    };
    let target = incoming.state();
    let moves = match target.delivery_rank() {
        Some(rank) => rank > current_rank,
        // `failed` is off the ladder: it beats `queued` and `sent` only.
        None => current_rank <= 1,
    };
    if moves {
        StatusChange::MoveTo(target)
    } else {
        StatusChange::RecordOnly
    }
}

/// Throttling and temporary errors reported after WhatsApp had accepted the send, with the least
/// delay before trying again (integrations.md §2.3).
const RESEND_AFTER: [(i64, Duration); 3] = [
    (130_429, Duration::from_secs(30)),
    (131_056, Duration::from_secs(6)),
    (131_000, Duration::from_secs(5)),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedFollowUp {
    /// 131047 on a content row with a template or worth deferring: the window-closed path
    /// ([`super::plan_window_closed`]), which needs the template configuration.
    TakeTemplatePath,
    /// 131047 on a conversational reply: → `skipped_window_closed`.
    SkipWindowClosed,
    /// 131026: `contacts.undeliverable_at`, and `artist.undeliverable` when a client.
    ContactUndeliverable {
        notify_artist: bool,
    },
    /// Back to `queued` with a new send job, once.
    ResendOnce {
        after: Duration,
    },
    /// Tell the artist with this notification.
    NotifyArtist(MessageId),
    Nothing,
}

/// The follow-up of a row that just moved to `failed` with `code`. `previous_error_code` is the
/// row's error before this callback: a row already re-sent once after a temporary error keeps that
/// code, which is how "once" is remembered.
pub fn failed_follow_up(
    kind: MessageId,
    mode: OutboundMode,
    code: Option<i64>,
    previous_error_code: Option<i64>,
) -> FailedFollowUp {
    let to_client = !kind.is_artist_notification();
    let already_resent =
        previous_error_code.is_some_and(|previous| resend_delay(previous).is_some());
    match code {
        Some(WINDOW_CLOSED) if mode != OutboundMode::Template => {
            if kinds::is_deferrable(kind) || TemplatePurpose::for_kind(kind).is_some() {
                FailedFollowUp::TakeTemplatePath
            } else {
                FailedFollowUp::SkipWindowClosed
            }
        }
        Some(UNDELIVERABLE) => FailedFollowUp::ContactUndeliverable {
            notify_artist: to_client,
        },
        Some(code) if !already_resent => match resend_delay(code) {
            Some(after) => FailedFollowUp::ResendOnce { after },
            None => notify_if_client_impacting(kind),
        },
        _ => notify_if_client_impacting(kind),
    }
}

fn resend_delay(code: i64) -> Option<Duration> {
    RESEND_AFTER
        .iter()
        .find(|(resend_code, _)| *resend_code == code)
        .map(|(_, after)| *after)
}

fn notify_if_client_impacting(kind: MessageId) -> FailedFollowUp {
    if !kind.is_artist_notification() && kinds::is_client_impacting(kind) {
        FailedFollowUp::NotifyArtist(MessageId::ARTIST_JOB_FAILED)
    } else {
        FailedFollowUp::Nothing
    }
}
