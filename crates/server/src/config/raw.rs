use serde::Deserialize;

/// Every setting as the operator wrote it: strings straight from the environment (or the optional
/// TOML file), before any parsing, so that every problem can be reported at once.
///
/// Field names are the environment variable names, lower-cased (the `config` crate's convention).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawSettings {
    pub app_env: Option<String>,
    pub bind_address: Option<String>,
    pub public_base_url: Option<String>,
    pub action_token_base_url: Option<String>,
    pub action_token_expiry_days: Option<String>,
    pub database_url: Option<String>,
    pub database_max_connections: Option<String>,
    pub database_tls: Option<String>,
    pub migrate_on_start: Option<String>,
    pub admin_api_key: Option<String>,
    pub whatsapp_verify_token: Option<String>,
    pub whatsapp_access_token: Option<String>,
    pub whatsapp_phone_number_id: Option<String>,
    pub whatsapp_app_secret: Option<String>,
    pub whatsapp_dry_run: Option<String>,
    pub whatsapp_api_version: Option<String>,
    pub whatsapp_api_base_url: Option<String>,
    pub artist_whatsapp_number: Option<String>,
    pub stripe_secret_key: Option<String>,
    pub stripe_webhook_secret: Option<String>,
    pub stripe_success_url: Option<String>,
    pub stripe_cancel_url: Option<String>,
    pub stripe_payment_method_types: Option<String>,
    pub stripe_api_base_url: Option<String>,
    pub stripe_deposit_amount_pence: Option<String>,
    pub deposit_rule_version: Option<String>,
    pub fresha_booking_url: Option<String>,
    pub google_sheets_enabled: Option<String>,
    pub google_sheets_spreadsheet_id: Option<String>,
    pub google_sheets_tab: Option<String>,
    pub google_calendar_enabled: Option<String>,
    pub google_calendar_id: Option<String>,
    pub google_service_account_json: Option<String>,
    pub google_sheets_credentials_json: Option<String>,
    pub google_calendar_credentials_json: Option<String>,
    pub google_oauth_token_url: Option<String>,
    pub google_sheets_base_url: Option<String>,
    pub google_calendar_base_url: Option<String>,
    pub feature_sheets_enabled: Option<String>,
    pub feature_calendar_enabled: Option<String>,
    pub feature_reminders_enabled: Option<String>,
    pub feature_notifications_enabled: Option<String>,
    pub feature_panic_mode_enabled: Option<String>,
    pub pilot_mode_enabled: Option<String>,
    pub pilot_allowlist_numbers: Option<String>,
    pub demo_mode: Option<String>,
    pub rate_limit_enabled: Option<String>,
    pub rate_limit_window_seconds: Option<String>,
    pub rate_limit_admin_requests: Option<String>,
    pub rate_limit_action_requests: Option<String>,
    pub rate_limit_requests: Option<String>,
    pub trusted_proxies: Option<String>,
    pub worker_concurrency: Option<String>,
    pub scheduler_enabled: Option<String>,
    pub job_poll_interval_ms: Option<String>,
    pub shutdown_grace_seconds: Option<String>,
    pub studio_rules_path: Option<String>,
    pub slot_suggestions_count: Option<String>,
    pub metrics_bearer_token: Option<String>,
    pub log_format: Option<String>,
    pub rust_log: Option<String>,
    // Accepted for compatibility with the earlier service and ignored, with one WARN each.
    pub outbox_enabled: Option<String>,
    pub web_concurrency: Option<String>,
    pub ai_provider: Option<String>,
    pub openai_api_key: Option<String>,
    pub supabase_url: Option<String>,
    pub supabase_service_role_key: Option<String>,
    pub supabase_storage_bucket: Option<String>,
    pub supabase_signed_url_ttl_seconds: Option<String>,
    pub booking_duration_minutes: Option<String>,
    pub pytest_current_test: Option<String>,
}

impl RawSettings {
    /// Names of the compatibility variables that are set but have no effect.
    pub fn ignored_variables(&self) -> Vec<&'static str> {
        [
            ("OUTBOX_ENABLED", &self.outbox_enabled),
            ("WEB_CONCURRENCY", &self.web_concurrency),
            ("AI_PROVIDER", &self.ai_provider),
            ("OPENAI_API_KEY", &self.openai_api_key),
            ("SUPABASE_URL", &self.supabase_url),
            ("SUPABASE_SERVICE_ROLE_KEY", &self.supabase_service_role_key),
            ("SUPABASE_STORAGE_BUCKET", &self.supabase_storage_bucket),
            (
                "SUPABASE_SIGNED_URL_TTL_SECONDS",
                &self.supabase_signed_url_ttl_seconds,
            ),
            ("BOOKING_DURATION_MINUTES", &self.booking_duration_minutes),
            ("PYTEST_CURRENT_TEST", &self.pytest_current_test),
        ]
        .into_iter()
        .filter(|(_, value)| value.is_some())
        .map(|(name, _)| name)
        .collect()
    }
}
