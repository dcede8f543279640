//! Configuration: compiled-in defaults, then an optional TOML file (`INKDESK_CONFIG_FILE`), then the
//! environment (highest precedence), read with the `config` crate and validated in one pass so that
//! `inkdesk check-config` can list every problem at once (data-and-ops.md §5–§6).

mod fields;
mod raw;
mod secret;
mod settings;
mod validate;

use std::net::SocketAddr;

pub use raw::RawSettings;
pub use secret::Secret;
pub use settings::{
    AppEnv, BookingMode, DatabaseTls, Features, GoogleSettings, LogFormat, RateLimitSettings,
    Settings, StripeSettings, WhatsAppSettings,
};

use fields::{Problems, list};
use inkdesk_domain::rules::StudioRules;

/// Exit code for an invalid configuration (`EX_CONFIG` from sysexits.h).
pub const EXIT_CONFIG: i32 = 78;

/// Every problem found in one configuration, for one report.
#[derive(Debug, thiserror::Error)]
#[error("{}", render_report(.app_env, .problems))]
pub struct ConfigError {
    pub app_env: String,
    pub problems: Vec<String>,
}

fn render_report(app_env: &str, problems: &[String]) -> String {
    let noun = if problems.len() == 1 {
        "problem"
    } else {
        "problems"
    };
    let mut out = format!(
        "inkdesk: configuration invalid for APP_ENV={app_env} ({} {noun}):",
        problems.len()
    );
    for problem in problems {
        out.push_str("\n  - ");
        out.push_str(problem);
    }
    out
}

/// Reads the optional file and the process environment.
pub fn read_raw() -> Result<RawSettings, ConfigError> {
    let mut builder = config::Config::builder();
    if let Ok(path) = std::env::var("INKDESK_CONFIG_FILE") {
        builder = builder.add_source(config::File::new(&path, config::FileFormat::Toml));
    }
    builder
        .add_source(config::Environment::default())
        .build()
        .and_then(|c| c.try_deserialize::<RawSettings>())
        .map_err(|e| ConfigError {
            app_env: std::env::var("APP_ENV").unwrap_or_else(|_| "production".into()),
            problems: vec![format!("configuration could not be read: {e}")],
        })
}

/// Loads and validates the whole configuration.
pub fn load() -> Result<Settings, ConfigError> {
    Settings::from_raw(read_raw()?)
}

impl Settings {
    /// Parses every value and runs every check for the environment, reporting all problems at once.
    pub fn from_raw(raw: RawSettings) -> Result<Self, ConfigError> {
        let mut problems = Problems::default();
        let app_env_text = Problems::text(&raw.app_env).unwrap_or_else(|| "production".into());
        let app_env = AppEnv::parse(&app_env_text).unwrap_or_else(|| {
            problems.push(format!(
                "APP_ENV must be one of development, test, staging, production (got '{app_env_text}')"
            ));
            AppEnv::Production
        });
        let development = app_env == AppEnv::Development;

        let bind_address = match Problems::text(&raw.bind_address) {
            None => SocketAddr::from(([0, 0, 0, 0], 8080)),
            Some(v) => v.parse().unwrap_or_else(|_| {
                problems.push("BIND_ADDRESS must be host:port, e.g. 0.0.0.0:8080");
                SocketAddr::from(([0, 0, 0, 0], 8080))
            }),
        };
        let database_tls = match Problems::text(&raw.database_tls).as_deref() {
            None | Some("disable") => DatabaseTls::Disable,
            Some("require") => DatabaseTls::Require,
            Some("verify-full") => DatabaseTls::VerifyFull,
            Some(_) => {
                problems.push("DATABASE_TLS must be disable, require or verify-full");
                DatabaseTls::Disable
            }
        };
        let log_format = match Problems::text(&raw.log_format).as_deref() {
            None if development => LogFormat::Pretty,
            None | Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(_) => {
                problems.push("LOG_FORMAT must be json or pretty");
                LogFormat::Json
            }
        };
        let deposit_amount_pence =
            Problems::text(&raw.stripe_deposit_amount_pence).and_then(|v| match v.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    problems.push(
                        "STRIPE_DEPOSIT_AMOUNT_PENCE must be a positive whole number of pence",
                    );
                    None
                }
            });
        let slot_suggestions_count =
            Problems::text(&raw.slot_suggestions_count).and_then(|v| match v.parse::<u8>() {
                Ok(n) if (1..=10).contains(&n) => Some(n),
                _ => {
                    problems.push("SLOT_SUGGESTIONS_COUNT must be a whole number from 1 to 10");
                    None
                }
            });
        let public_base_url =
            Problems::text(&raw.public_base_url).map(|u| u.trim_end_matches('/').to_owned());
        let action_requests = raw
            .rate_limit_action_requests
            .clone()
            .or(raw.rate_limit_requests.clone());

        let settings = Settings {
            app_env,
            bind_address,
            action_token_base_url: Problems::text(&raw.action_token_base_url)
                .map(|u| u.trim_end_matches('/').to_owned())
                .or_else(|| public_base_url.clone()),
            public_base_url,
            action_token_expiry_days: problems.number(
                "ACTION_TOKEN_EXPIRY_DAYS",
                &raw.action_token_expiry_days,
                7,
                1,
                30,
            ),
            database_url: Problems::secret(&raw.database_url),
            database_max_connections: problems.number(
                "DATABASE_MAX_CONNECTIONS",
                &raw.database_max_connections,
                10,
                1,
                1000,
            ),
            database_tls,
            migrate_on_start: problems.flag("MIGRATE_ON_START", &raw.migrate_on_start, development),
            admin_api_key: Problems::secret(&raw.admin_api_key),
            whatsapp: WhatsAppSettings {
                verify_token: Problems::secret(&raw.whatsapp_verify_token),
                access_token: Problems::secret(&raw.whatsapp_access_token),
                phone_number_id: Problems::text(&raw.whatsapp_phone_number_id),
                app_secret: Problems::secret(&raw.whatsapp_app_secret),
                dry_run: problems.flag("WHATSAPP_DRY_RUN", &raw.whatsapp_dry_run, false),
                api_version: Problems::text(&raw.whatsapp_api_version)
                    .unwrap_or_else(|| "v24.0".into()),
                api_base_url: Problems::text(&raw.whatsapp_api_base_url),
            },
            artist_whatsapp_number: Problems::text(&raw.artist_whatsapp_number),
            stripe: StripeSettings {
                secret_key: Problems::secret(&raw.stripe_secret_key),
                webhook_secret: Problems::secret(&raw.stripe_webhook_secret),
                success_url: Problems::text(&raw.stripe_success_url),
                cancel_url: Problems::text(&raw.stripe_cancel_url),
                payment_method_types: match &raw.stripe_payment_method_types {
                    None => vec!["card".into()],
                    some => list(some),
                },
                api_base_url: Problems::text(&raw.stripe_api_base_url),
                deposit_amount_pence,
                deposit_rule_version: Problems::text(&raw.deposit_rule_version),
            },
            fresha_booking_url: Problems::text(&raw.fresha_booking_url),
            google: GoogleSettings {
                sheets_enabled: problems.flag(
                    "GOOGLE_SHEETS_ENABLED",
                    &raw.google_sheets_enabled,
                    false,
                ),
                spreadsheet_id: Problems::text(&raw.google_sheets_spreadsheet_id),
                sheets_tab: Problems::text(&raw.google_sheets_tab)
                    .unwrap_or_else(|| "Leads".into()),
                calendar_enabled: problems.flag(
                    "GOOGLE_CALENDAR_ENABLED",
                    &raw.google_calendar_enabled,
                    false,
                ),
                calendar_id: Problems::text(&raw.google_calendar_id),
                service_account_json: Problems::secret(&raw.google_service_account_json)
                    .or_else(|| Problems::secret(&raw.google_sheets_credentials_json))
                    .or_else(|| Problems::secret(&raw.google_calendar_credentials_json)),
                oauth_token_url: Problems::text(&raw.google_oauth_token_url),
                sheets_base_url: Problems::text(&raw.google_sheets_base_url),
                calendar_base_url: Problems::text(&raw.google_calendar_base_url),
            },
            features: Features {
                sheets: problems.flag("FEATURE_SHEETS_ENABLED", &raw.feature_sheets_enabled, true),
                calendar: problems.flag(
                    "FEATURE_CALENDAR_ENABLED",
                    &raw.feature_calendar_enabled,
                    true,
                ),
                reminders: problems.flag(
                    "FEATURE_REMINDERS_ENABLED",
                    &raw.feature_reminders_enabled,
                    true,
                ),
                notifications: problems.flag(
                    "FEATURE_NOTIFICATIONS_ENABLED",
                    &raw.feature_notifications_enabled,
                    true,
                ),
                panic_mode: problems.flag(
                    "FEATURE_PANIC_MODE_ENABLED",
                    &raw.feature_panic_mode_enabled,
                    false,
                ),
                pilot_mode: problems.flag("PILOT_MODE_ENABLED", &raw.pilot_mode_enabled, false),
                demo_mode: problems.flag("DEMO_MODE", &raw.demo_mode, false),
            },
            pilot_allowlist_numbers: list(&raw.pilot_allowlist_numbers),
            rate_limit: RateLimitSettings {
                enabled: problems.flag("RATE_LIMIT_ENABLED", &raw.rate_limit_enabled, true),
                window_seconds: problems.number(
                    "RATE_LIMIT_WINDOW_SECONDS",
                    &raw.rate_limit_window_seconds,
                    60,
                    1,
                    86_400,
                ),
                admin_requests: problems.number(
                    "RATE_LIMIT_ADMIN_REQUESTS",
                    &raw.rate_limit_admin_requests,
                    60,
                    1,
                    1_000_000,
                ),
                action_requests: problems.number(
                    "RATE_LIMIT_ACTION_REQUESTS",
                    &action_requests,
                    10,
                    1,
                    1_000_000,
                ),
            },
            trusted_proxies: list(&raw.trusted_proxies),
            worker_concurrency: problems.number(
                "WORKER_CONCURRENCY",
                &raw.worker_concurrency,
                4,
                1,
                64,
            ),
            scheduler_enabled: problems.flag("SCHEDULER_ENABLED", &raw.scheduler_enabled, true),
            job_poll_interval_ms: problems.number(
                "JOB_POLL_INTERVAL_MS",
                &raw.job_poll_interval_ms,
                500,
                10,
                60_000,
            ),
            shutdown_grace_seconds: problems.number(
                "SHUTDOWN_GRACE_SECONDS",
                &raw.shutdown_grace_seconds,
                25,
                0,
                600,
            ),
            studio_rules: with_deposit_overrides(
                load_studio_rules(&raw.studio_rules_path, &mut problems),
                deposit_amount_pence,
                Problems::text(&raw.deposit_rule_version),
            ),
            studio_rules_path: Problems::text(&raw.studio_rules_path),
            slot_suggestions_count,
            metrics_bearer_token: Problems::secret(&raw.metrics_bearer_token),
            log_format,
            rust_log: Problems::text(&raw.rust_log).unwrap_or_else(|| "info".into()),
            ignored_variables: raw.ignored_variables(),
        };
        validate::check_environment(&settings, &mut problems);

        if problems.0.is_empty() {
            Ok(settings)
        } else {
            Err(ConfigError {
                app_env: app_env_text,
                problems: problems.0,
            })
        }
    }
}

/// `STRIPE_DEPOSIT_AMOUNT_PENCE` and `DEPOSIT_RULE_VERSION` override `deposit.fallback_minor` and
/// `deposit.rule_version` of the studio rules (data-and-ops.md §7).
fn with_deposit_overrides(
    mut rules: StudioRules,
    fallback_minor: Option<i64>,
    rule_version: Option<String>,
) -> StudioRules {
    if let Some(pence) = fallback_minor {
        rules.deposit.fallback_minor = pence;
    }
    if let Some(version) = rule_version {
        rules.deposit.rule_version = version;
    }
    rules
}

/// Reads, parses and validates the studio rules; every problem names its dotted key.
fn load_studio_rules(path: &Option<String>, problems: &mut Problems) -> StudioRules {
    let Some(path) = Problems::text(path) else {
        return StudioRules::default();
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            problems.push(format!("STUDIO_RULES_PATH cannot be read ({path}: {e})"));
            return StudioRules::default();
        }
    };
    match StudioRules::from_toml_str(&text) {
        Ok(rules) => {
            for problem in rules.validate() {
                problems.push(format!("studio rules: {problem}"));
            }
            rules
        }
        Err(e) => {
            problems.push(format!("studio rules: {e}"));
            StudioRules::default()
        }
    }
}

#[cfg(test)]
mod tests;
