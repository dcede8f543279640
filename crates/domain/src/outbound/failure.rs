//! What a failed send means for the outbound row, its contact and the artist
//! (integrations.md §2.3; the job queue still decides retries and dead letters by error class).

use super::kinds;
use super::state::OutboundMode;
use crate::copy::MessageId;
use crate::provider::ProviderError;

/// Re-engagement required: the 24-hour window is closed.
pub(super) const WINDOW_CLOSED: i64 = 131_047;
/// The recipient cannot receive WhatsApp messages.
pub(super) const UNDELIVERABLE: i64 = 131_026;
/// The Graph API's "bad parameter" family; for interactive messages usually a limit we got wrong.
const PARAMETER_ERRORS: [i64; 4] = [131_008, 131_009, 100, 131_051];
/// Template missing, unapproved, or with the wrong parameter count: the configuration is wrong.
const TEMPLATE_ERRORS: [i64; 5] = [132_000, 132_001, 132_005, 132_007, 132_012];
/// Spam rate limit.
const SPAM_LIMITED: i64 = 131_048;
/// Our business number is not registered.
const NUMBER_NOT_REGISTERED: i64 = 133_010;

/// The ERROR event of a give-up (data-and-ops.md §8.2), with `{outbound_message_id, kind, code}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendFailureEvent {
    /// `whatsapp.send_failure`
    SendFailure,
    /// `whatsapp.template_failure`
    TemplateFailure,
    /// `whatsapp.auth_failure`
    AuthFailure,
}

impl SendFailureEvent {
    pub fn event_type(self) -> &'static str {
        match self {
            Self::SendFailure => "whatsapp.send_failure",
            Self::TemplateFailure => "whatsapp.template_failure",
            Self::AuthFailure => "whatsapp.auth_failure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureAction {
    /// Temporary: the row stays `queued` and the job queue backs off (a dead letter then marks it
    /// `failed`).
    RetryLater,
    /// 131047: take the window-closed path ([`super::plan_window_closed`]).
    TakeTemplatePath,
    /// An interactive message refused for its parameters: send the same content once as plain text.
    RetryAsText,
    /// 131026: → `failed`, `contacts.undeliverable_at`, and `artist.undeliverable` when the
    /// recipient was a client.
    ContactUndeliverable { notify_artist: bool },
    /// → `failed` and the job dead-lettered, with this ERROR event and maybe an artist alert.
    GiveUp {
        event: SendFailureEvent,
        notify_artist: Option<MessageId>,
    },
}

pub fn on_send_failure(
    kind: MessageId,
    mode: OutboundMode,
    error: &ProviderError,
    already_retried_as_text: bool,
) -> FailureAction {
    let to_client = !kind.is_artist_notification();
    match error {
        ProviderError::Retryable { .. } => FailureAction::RetryLater,
        ProviderError::WindowClosed if mode == OutboundMode::Template => {
            // A template is the answer to a closed window; refusing it too is not ours to fix.
            give_up(kind, SendFailureEvent::TemplateFailure, true)
        }
        // The window-closed plan also covers kinds without a template (deferred or skipped).
        ProviderError::WindowClosed => FailureAction::TakeTemplatePath,
        ProviderError::AuthBroken { .. } => give_up(kind, SendFailureEvent::AuthFailure, true),
        ProviderError::Permanent { code } => match graph_code(code) {
            Some(UNDELIVERABLE) => FailureAction::ContactUndeliverable {
                notify_artist: to_client,
            },
            Some(code) if PARAMETER_ERRORS.contains(&code) => {
                if mode == OutboundMode::Interactive && !already_retried_as_text {
                    FailureAction::RetryAsText
                } else {
                    // Plain text or a template refused for its parameters is a bug of ours.
                    give_up(kind, SendFailureEvent::SendFailure, false)
                }
            }
            Some(code) if TEMPLATE_ERRORS.contains(&code) => {
                give_up(kind, SendFailureEvent::TemplateFailure, true)
            }
            Some(SPAM_LIMITED | NUMBER_NOT_REGISTERED) => {
                give_up(kind, SendFailureEvent::SendFailure, true)
            }
            _ => give_up(kind, SendFailureEvent::SendFailure, false),
        },
    }
}

/// A send job dead-lettered after its temporary failures ran out of attempts (data-and-ops.md
/// §4.2): the row becomes `failed`, ERROR `whatsapp.send_failure`, and `artist.job_failed` for
/// the kinds a client is left waiting on.
pub fn on_retries_exhausted(kind: MessageId) -> FailureAction {
    give_up(kind, SendFailureEvent::SendFailure, false)
}

/// `always_alert`: failures that break every message (credentials, templates, the number) are
/// worth an alert whatever the kind; others only for kinds a client is left waiting on. The artist
/// is never alerted about their own notifications, which would fail the same way.
fn give_up(kind: MessageId, event: SendFailureEvent, always_alert: bool) -> FailureAction {
    let alert =
        !kind.is_artist_notification() && (always_alert || kinds::is_client_impacting(kind));
    FailureAction::GiveUp {
        event,
        notify_artist: alert.then_some(MessageId::ARTIST_JOB_FAILED),
    }
}

/// The Graph API code of a classified error (`"131026"`); `None` for HTTP-only failures.
pub(super) fn graph_code(code: &str) -> Option<i64> {
    code.parse().ok()
}
