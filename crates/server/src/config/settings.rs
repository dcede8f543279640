use std::net::SocketAddr;

use super::Secret;

/// Deployment environment; an unknown value is a startup error (fail closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Test,
    Staging,
    Production,
}

impl AppEnv {
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "development" => Some(Self::Development),
            "test" => Some(Self::Test),
            "staging" => Some(Self::Staging),
            "production" => Some(Self::Production),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Staging => "staging",
            Self::Production => "production",
        }
    }

    /// test, staging and production demand a fully configured service.
    pub fn is_strict(self) -> bool {
        !matches!(self, Self::Development)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseTls {
    Disable,
    Require,
    VerifyFull,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingMode {
    Calendar,
    Manual,
}

impl BookingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Calendar => "calendar",
            Self::Manual => "manual",
        }
    }
}

/// Typed, validated configuration. `Debug` never prints a secret.
#[derive(Debug, Clone)]
pub struct Settings {
    pub app_env: AppEnv,
    pub bind_address: SocketAddr,
    pub public_base_url: Option<String>,
    pub action_token_base_url: Option<String>,
    pub action_token_expiry_days: u32,
    pub database_url: Option<Secret>,
    pub database_max_connections: usize,
    pub database_tls: DatabaseTls,
    pub migrate_on_start: bool,
    pub admin_api_key: Option<Secret>,
    pub whatsapp: WhatsAppSettings,
    pub artist_whatsapp_number: Option<String>,
    pub stripe: StripeSettings,
    pub fresha_booking_url: Option<String>,
    pub google: GoogleSettings,
    pub features: Features,
    pub pilot_allowlist_numbers: Vec<String>,
    pub rate_limit: RateLimitSettings,
    pub trusted_proxies: Vec<String>,
    pub worker_concurrency: usize,
    pub scheduler_enabled: bool,
    pub job_poll_interval_ms: u64,
    pub shutdown_grace_seconds: u64,
    pub studio_rules_path: Option<String>,
    /// The studio rules file, or the compiled-in defaults when no file is configured.
    pub studio_rules: inkdesk_domain::rules::StudioRules,
    pub slot_suggestions_count: Option<u8>,
    pub metrics_bearer_token: Option<Secret>,
    pub log_format: LogFormat,
    pub rust_log: String,
    pub ignored_variables: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct WhatsAppSettings {
    pub verify_token: Option<Secret>,
    pub access_token: Option<Secret>,
    pub phone_number_id: Option<String>,
    pub app_secret: Option<Secret>,
    pub dry_run: bool,
    pub api_version: String,
    pub api_base_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StripeSettings {
    pub secret_key: Option<Secret>,
    pub webhook_secret: Option<Secret>,
    pub success_url: Option<String>,
    pub cancel_url: Option<String>,
    pub payment_method_types: Vec<String>,
    pub api_base_url: Option<String>,
    pub deposit_amount_pence: Option<i64>,
    pub deposit_rule_version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GoogleSettings {
    pub sheets_enabled: bool,
    pub spreadsheet_id: Option<String>,
    pub sheets_tab: String,
    pub calendar_enabled: bool,
    pub calendar_id: Option<String>,
    pub service_account_json: Option<Secret>,
    pub oauth_token_url: Option<String>,
    pub sheets_base_url: Option<String>,
    pub calendar_base_url: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Features {
    pub sheets: bool,
    pub calendar: bool,
    pub reminders: bool,
    pub notifications: bool,
    pub panic_mode: bool,
    pub pilot_mode: bool,
    pub demo_mode: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct RateLimitSettings {
    pub enabled: bool,
    pub window_seconds: u64,
    pub admin_requests: u32,
    pub action_requests: u32,
}

impl Settings {
    /// Calendar mode needs both the integration switch and the kill switch on.
    pub fn booking_mode(&self) -> BookingMode {
        if self.google.calendar_enabled && self.features.calendar {
            BookingMode::Calendar
        } else {
            BookingMode::Manual
        }
    }

    /// The mode recorded on a lead approved now (booking.md §1).
    pub fn lead_booking_mode(&self) -> inkdesk_domain::model::BookingMode {
        match self.booking_mode() {
            BookingMode::Calendar => inkdesk_domain::model::BookingMode::Calendar,
            BookingMode::Manual => inkdesk_domain::model::BookingMode::Manual,
        }
    }

    pub fn whatsapp_dry_run(&self) -> bool {
        self.whatsapp.dry_run || self.features.demo_mode
    }
}
