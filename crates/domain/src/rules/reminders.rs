//! `[reminders]`: when nudges, abandonment, staleness and appointment reminders happen.

use serde::Deserialize;

use super::problems::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReminderRules {
    pub qualifying_nudge_after_hours: u32,
    pub post_approval_nudge_after_hours: u32,
    pub qualifying_abandon_after_hours: u32,
    pub post_approval_abandon_after_days: u32,
    pub approval_nudge_after_hours: u32,
    pub stale_after_days: u32,
    pub needs_reply_nudge_after_hours: u32,
    pub booking_pending_nudge_after_hours: u32,
    /// Hours before the appointment at which the client is reminded.
    pub appointment_offsets_hours: Vec<u32>,
}

impl Default for ReminderRules {
    fn default() -> Self {
        Self {
            qualifying_nudge_after_hours: 12,
            post_approval_nudge_after_hours: 12,
            qualifying_abandon_after_hours: 48,
            post_approval_abandon_after_days: 7,
            approval_nudge_after_hours: 24,
            stale_after_days: 7,
            needs_reply_nudge_after_hours: 24,
            booking_pending_nudge_after_hours: 72,
            appointment_offsets_hours: vec![48, 2],
        }
    }
}

impl ReminderRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        // A nudge at or after abandonment would never be seen.
        if self.qualifying_nudge_after_hours >= self.qualifying_abandon_after_hours {
            problems.push(
                "reminders.qualifying_nudge_after_hours",
                "must be less than reminders.qualifying_abandon_after_hours",
            );
        }
        for (i, hours) in self.appointment_offsets_hours.iter().enumerate() {
            problems.positive_count(format!("reminders.appointment_offsets_hours[{i}]"), *hours);
        }
    }
}
