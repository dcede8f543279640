//! The Stripe Checkout jobs (booking.md §3.7, integrations.md §3.1–§3.3): `stripe.create_checkout`
//! creates a payment's session and sends the link, `stripe.expire_session` expires a session that
//! is no longer wanted. Stripe is called between two short transactions, never inside one.

use std::sync::Arc;

use chrono::Utc;
use inkdesk_domain::booking::LinkFailure;
use inkdesk_domain::provider::{Completion, ProviderError};
use inkdesk_postgres::booking::{BookingError, CheckoutStep, PgBooking};
use inkdesk_postgres::jobs::{ClaimedJob, JobKind, Outcome};
use inkdesk_stripe::{CheckoutParams, ClientError, StripeClient, StripeConfig};

use crate::config::Settings;
use crate::front_desk;

/// The handler of both Checkout job kinds.
pub struct CheckoutJobs {
    booking: PgBooking,
    stripe: StripeClient,
}

impl CheckoutJobs {
    pub const KINDS: [JobKind; 2] = [JobKind::StripeCreateCheckout, JobKind::StripeExpireSession];

    pub fn new(booking: PgBooking, stripe: StripeClient) -> Self {
        Self { booking, stripe }
    }

    /// `None` when `STRIPE_SECRET_KEY` is not configured: the jobs then wait for a process that
    /// can run them.
    pub fn from_settings(
        settings: &Settings,
        booking: &PgBooking,
    ) -> Result<Option<Arc<Self>>, ClientError> {
        let Some(config) = stripe_config(settings) else {
            tracing::warn!("Stripe is not configured: deposit links stay queued");
            return Ok(None);
        };
        let stripe = StripeClient::new(config)?;
        Ok(Some(Arc::new(Self::new(booking.clone(), stripe))))
    }

    pub async fn run(&self, job: &ClaimedJob) -> Outcome {
        let Some(payment_id) = job.payload.get("payment_id").and_then(|id| id.as_i64()) else {
            return Outcome::Failed(ProviderError::permanent("job_payload"));
        };
        match job.kind {
            JobKind::StripeCreateCheckout => self.create(job, payment_id).await,
            JobKind::StripeExpireSession => self.expire(payment_id).await,
            other => {
                tracing::error!(kind = %other, "the Checkout handler was given another job kind");
                Outcome::Failed(ProviderError::permanent("job_kind"))
            }
        }
    }

    async fn create(&self, job: &ClaimedJob, payment_id: i64) -> Outcome {
        let wanted = match self.booking.start_checkout(payment_id, Utc::now()).await {
            Ok(CheckoutStep::Create(wanted)) => wanted,
            Ok(CheckoutStep::Finished) => return Outcome::Succeeded,
            Ok(CheckoutStep::TooLate) => {
                return Outcome::Failed(ProviderError::permanent("link_window_too_short"));
            }
            Err(error) => return not_recorded(payment_id, &error),
        };
        let params = CheckoutParams {
            lead_id: wanted.lead_id,
            payment_id,
            hold_id: wanted.hold_id,
            deposit: wanted.amount,
            slot_label: wanted.slot_label,
            expires_at: wanted.expires_at,
        };
        let error = match self.stripe.create_checkout_session(&params).await {
            Ok(session) => {
                return match self
                    .booking
                    .checkout_created(payment_id, &session, Utc::now())
                    .await
                {
                    // A retry replays the same session under the same idempotency key.
                    Err(error) => not_recorded(payment_id, &error),
                    Ok(()) => Outcome::Succeeded,
                };
            }
            Err(error) => error,
        };
        let retries_left = job.attempt < job.max_attempts;
        if matches!(error, ProviderError::Retryable { .. }) && retries_left {
            return Outcome::Failed(error);
        }
        // Refused for good, or out of retries (the dead-letter action of this kind).
        let failure = LinkFailure {
            payment_id,
            error_type: error.class().to_owned(),
            error_code: error.code().map(str::to_owned),
        };
        if let Err(recording) = self.booking.checkout_failed(&failure, Utc::now()).await {
            return not_recorded(payment_id, &recording);
        }
        Outcome::Failed(error)
    }

    async fn expire(&self, payment_id: i64) -> Outcome {
        let session = match self.booking.checkout_session_of(payment_id).await {
            Ok(Some(session)) => session,
            // No session was ever created for it: nothing to expire at Stripe.
            Ok(None) => return Outcome::Succeeded,
            Err(error) => return not_recorded(payment_id, &error),
        };
        match self
            .stripe
            .expire_checkout_session(&session, payment_id)
            .await
        {
            Ok(Completion::Done | Completion::AlreadyDone) => Outcome::Succeeded,
            Err(error) => Outcome::Failed(error),
        }
    }
}

/// A transaction of the job failed: the database is worth another try, a refused decision is not.
fn not_recorded(payment_id: i64, error: &BookingError) -> Outcome {
    tracing::warn!(payment_id, error = %error, "Checkout job could not record its outcome");
    match error {
        BookingError::Port(port) if port.is_retryable() => {
            Outcome::Failed(ProviderError::retryable("database", None))
        }
        _ => Outcome::Failed(ProviderError::permanent("booking_refused")),
    }
}

/// The client settings, with the spec's URL defaults under the public base URL.
fn stripe_config(settings: &Settings) -> Option<StripeConfig> {
    let stripe = &settings.stripe;
    let key = stripe.secret_key.as_ref()?;
    let base = front_desk::links(settings).public_base_url;
    let base = base.trim_end_matches('/');
    let success = stripe
        .success_url
        .clone()
        .unwrap_or_else(|| format!("{base}/payment/success?session_id={{CHECKOUT_SESSION_ID}}"));
    let cancel = stripe
        .cancel_url
        .clone()
        .unwrap_or_else(|| format!("{base}/payment/cancel"));
    let mut config = StripeConfig::new(key.expose(), success, cancel);
    if let Some(url) = &stripe.api_base_url {
        config.base_url = url.clone();
    }
    config.payment_method_types = stripe.payment_method_types.clone();
    config.locale = settings.studio_rules.copy.locale.clone();
    Some(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawSettings;

    fn settings(raw: RawSettings) -> Settings {
        Settings::from_raw(RawSettings {
            app_env: Some("development".into()),
            database_url: Some("postgres://inkdesk@127.0.0.1:5432/inkdesk".into()),
            ..raw
        })
        .unwrap()
    }

    #[test]
    fn no_secret_key_means_no_client() {
        assert!(stripe_config(&settings(RawSettings::default())).is_none());
    }

    #[test]
    fn urls_default_under_the_public_base_url() {
        let config = stripe_config(&settings(RawSettings {
            stripe_secret_key: Some("sk_test_x".into()),
            public_base_url: Some("https://ink.example.com/".into()),
            ..RawSettings::default()
        }))
        .unwrap();
        assert_eq!(
            config.success_url,
            "https://ink.example.com/payment/success?session_id={CHECKOUT_SESSION_ID}"
        );
        assert_eq!(config.cancel_url, "https://ink.example.com/payment/cancel");
        assert_eq!(config.payment_method_types, ["card"]);
        assert_eq!(config.locale, "en-GB");
        assert_eq!(config.base_url, "https://api.stripe.com");
    }
}
