//! `[conversation]`: limits and cooldowns of the consultation engine.

use serde::Deserialize;

use super::problems::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConversationRules {
    /// Failed parses of one field before the lead is handed to the artist.
    pub max_parse_failures: u32,
    pub status_ack_cooldown_hours: u32,
    pub client_note_forward_minutes: u32,
    pub opening_idea_min_content_words: u32,
    pub time_windows_required: u32,
    pub media_burst_seconds: u32,
    pub unsupported_reply_cooldown_minutes: u32,
    pub opted_out_notice_cooldown_hours: u32,
    pub pilot_notice_cooldown_days: u32,
    pub panic_reply_cooldown_hours: u32,
    pub closed_lead_grace_hours: u32,
    pub abandoned_resume_days: u32,
    pub stale_reopen_days: u32,
    /// Sends are treated as outside the 24-hour window this long before it really closes.
    pub window_safety_margin_seconds: u32,
}

impl Default for ConversationRules {
    fn default() -> Self {
        Self {
            max_parse_failures: 3,
            status_ack_cooldown_hours: 6,
            client_note_forward_minutes: 30,
            opening_idea_min_content_words: 3,
            time_windows_required: 2,
            media_burst_seconds: 120,
            unsupported_reply_cooldown_minutes: 10,
            opted_out_notice_cooldown_hours: 24,
            pilot_notice_cooldown_days: 7,
            panic_reply_cooldown_hours: 6,
            closed_lead_grace_hours: 24,
            abandoned_resume_days: 14,
            stale_reopen_days: 30,
            window_safety_margin_seconds: 60,
        }
    }
}

impl ConversationRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        // Zero would hand a lead over before its first failure, or complete windows with none.
        problems.positive_count("conversation.max_parse_failures", self.max_parse_failures);
        problems.positive_count(
            "conversation.time_windows_required",
            self.time_windows_required,
        );
    }
}
