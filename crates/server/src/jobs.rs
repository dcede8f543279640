//! The one job handler a worker pool runs: it routes each claimed job to the handler of its kind.
//! A handler that is not configured (no Stripe key, calendar off) leaves its kinds out, so those
//! jobs wait for a process that can run them.

use std::sync::Arc;

use inkdesk_domain::jobs::JobKind;
use inkdesk_domain::provider::ProviderError;
use inkdesk_postgres::jobs::{ClaimedJob, Outcome};

use crate::booking::CheckoutJobs;
use crate::booking::calendar_job::CalendarJobs;
use crate::booking::slots_job::SlotsOfferJob;
use crate::delivery::Delivery;
use crate::sheets_job::LeadLog;
use crate::workers::{JobHandler, Ran};

/// Every job handler of this process. A new kind of work adds a field and an arm of `run`.
pub struct JobRouter {
    delivery: Arc<Delivery>,
    lead_log: Option<Arc<LeadLog>>,
    calendar: Option<Arc<CalendarJobs>>,
    checkout: Option<Arc<CheckoutJobs>>,
    slots_offer: Option<Arc<SlotsOfferJob>>,
}

impl JobRouter {
    pub fn new(delivery: Arc<Delivery>) -> Self {
        Self {
            delivery,
            lead_log: None,
            calendar: None,
            checkout: None,
            slots_offer: None,
        }
    }

    /// Runs `sheets.upsert` when the Sheets lead log is on.
    pub fn with_lead_log(mut self, lead_log: Option<Arc<LeadLog>>) -> Self {
        self.lead_log = lead_log;
        self
    }

    /// Calendar event jobs, when calendar mode is configured.
    pub fn with_calendar(mut self, calendar: Option<Arc<CalendarJobs>>) -> Self {
        self.calendar = calendar;
        self
    }

    /// Stripe Checkout jobs, when Stripe is configured.
    pub fn with_checkout(mut self, checkout: Option<Arc<CheckoutJobs>>) -> Self {
        self.checkout = checkout;
        self
    }

    /// Offers slots (calendar mode only).
    pub fn with_slots_offer(mut self, handler: Option<Arc<SlotsOfferJob>>) -> Self {
        self.slots_offer = handler;
        self
    }
}

impl JobHandler for JobRouter {
    fn kinds(&self) -> Vec<JobKind> {
        let mut kinds = self.delivery.kinds();
        if let Some(lead_log) = &self.lead_log {
            kinds.extend(lead_log.kinds());
        }
        if let Some(calendar) = &self.calendar {
            kinds.extend(calendar.kinds());
        }
        if self.checkout.is_some() {
            kinds.extend(CheckoutJobs::KINDS);
        }
        if self.slots_offer.is_some() {
            kinds.push(JobKind::SlotsOffer);
        }
        kinds.sort();
        kinds.dedup();
        kinds
    }

    async fn run_to_end(&self, job: &ClaimedJob) -> Ran {
        if self.delivery.kinds().contains(&job.kind) {
            return self.delivery.run_to_end(job).await;
        }
        Ran::Outcome(self.run(job).await)
    }

    async fn run(&self, job: &ClaimedJob) -> Outcome {
        let kind = job.kind;
        if self.delivery.kinds().contains(&kind) {
            return self.delivery.run(job).await;
        }
        if let Some(lead_log) = &self.lead_log
            && lead_log.kinds().contains(&kind)
        {
            return lead_log.run(job).await;
        }
        if let Some(calendar) = &self.calendar
            && calendar.kinds().contains(&kind)
        {
            return calendar.run(job).await;
        }
        if let Some(checkout) = &self.checkout
            && CheckoutJobs::KINDS.contains(&kind)
        {
            return checkout.run(job).await;
        }
        if let (JobKind::SlotsOffer, Some(handler)) = (kind, &self.slots_offer) {
            return handler.run(job).await;
        }
        // `kinds` only claims what a handler exists for; reaching here is a routing bug.
        tracing::error!(kind = %kind, "claimed a job kind this process has no handler for");
        Outcome::Failed(ProviderError::retryable(
            "no handler for this kind in this process",
            None,
        ))
    }
}
