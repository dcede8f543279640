//! `[retention]`: how long each kind of data is kept (data-and-ops.md §9).

use serde::Deserialize;

use super::problems::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionRules {
    pub processed_events_days: u32,
    pub system_events_days: u32,
    pub jobs_succeeded_days: u32,
    pub jobs_dead_days: u32,
    pub action_tokens_days_after_expiry: u32,
    pub closed_lead_content_days: u32,
    pub attachment_days_after_close: u32,
    pub closed_lead_anonymise_days: u32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        Self {
            processed_events_days: 30,
            system_events_days: 90,
            jobs_succeeded_days: 14,
            jobs_dead_days: 90,
            action_tokens_days_after_expiry: 30,
            closed_lead_content_days: 365,
            attachment_days_after_close: 180,
            closed_lead_anonymise_days: 730,
        }
    }
}

/// Meta retries webhooks for up to 7 days; forgetting processed events sooner would reprocess them.
const WEBHOOK_RETRY_DAYS: u32 = 7;

impl RetentionRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        if self.processed_events_days < WEBHOOK_RETRY_DAYS {
            problems.push(
                "retention.processed_events_days",
                format!("must be at least {WEBHOOK_RETRY_DAYS} (webhook retries last that long)"),
            );
        }
        let days = [
            ("system_events_days", self.system_events_days),
            ("jobs_succeeded_days", self.jobs_succeeded_days),
            ("jobs_dead_days", self.jobs_dead_days),
            ("closed_lead_content_days", self.closed_lead_content_days),
            (
                "attachment_days_after_close",
                self.attachment_days_after_close,
            ),
            (
                "closed_lead_anonymise_days",
                self.closed_lead_anonymise_days,
            ),
        ];
        for (key, value) in days {
            problems.positive_count(format!("retention.{key}"), value);
        }
    }
}
