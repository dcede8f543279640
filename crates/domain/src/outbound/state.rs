//! The stored vocabulary of an outbound row: its delivery state and how it is sent
//! (`outbound_messages.state` and `.mode`, data-and-ops.md §2.4).

use crate::model::string_enum::string_enum;

string_enum! {
    /// Where an outbound message is in its life (`outbound_messages.state`).
    pub enum OutboundState as "outbound state" {
        /// Waiting for its send job.
        Queued = "queued",
        /// Accepted by WhatsApp (or by the dry run).
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        Failed = "failed",
        /// Held back while the window is closed; sent when the contact writes (§4.6).
        Deferred = "deferred",
        BlockedOptOut = "blocked_optout",
        SkippedWindowClosed = "skipped_window_closed",
        Cancelled = "cancelled",
        /// Deferred for longer than 7 days (sweep `deferred-expiry`).
        Expired = "expired",
    }
}

impl OutboundState {
    /// Position on WhatsApp's delivery ladder `queued < sent < delivered < read`; `None` for the
    /// states off the ladder, which status callbacks never move.
    pub(super) fn delivery_rank(self) -> Option<u8> {
        match self {
            Self::Queued => Some(0),
            Self::Sent => Some(1),
            Self::Delivered => Some(2),
            Self::Read => Some(3),
            _ => None,
        }
    }
}

string_enum! {
    /// How an outbound message is sent (`outbound_messages.mode`).
    pub enum OutboundMode as "outbound mode" {
        Text = "text",
        /// Reply buttons or a list; only inside the window.
        Interactive = "interactive",
        /// An approved template; allowed outside the window.
        Template = "template",
    }
}
