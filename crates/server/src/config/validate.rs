//! Environment-dependent checks of data-and-ops.md §6. Each failure is one line naming the variable.

use super::fields::{Problems, is_public_https};
use super::{AppEnv, Secret, Settings};

const PLACEHOLDERS: &[&str] = &[
    "test_token",
    "test_id",
    "changeme",
    "change-me",
    "placeholder",
    "xxx",
    "todo",
];

fn is_placeholder(value: &str) -> bool {
    PLACEHOLDERS.contains(&value.to_ascii_lowercase().as_str())
}

pub fn check_environment(s: &Settings, problems: &mut Problems) {
    let env = s.app_env;
    let strict = env.is_strict();
    let production = env == AppEnv::Production;
    let need = |what: &str| format!("required in {}", what);
    let env_name = env.as_str();

    if let Err(error) = crate::http::TrustedProxies::parse(&s.trusted_proxies) {
        problems.push(format!("TRUSTED_PROXIES: {error}"));
    }
    if s.database_url.is_none() {
        problems.push("DATABASE_URL is missing (postgres://user@host:5432/database)");
    }

    if strict {
        match &s.admin_api_key {
            None => problems.push(format!(
                "ADMIN_API_KEY is missing ({}, at least 32 characters)",
                need(env_name)
            )),
            Some(key) if key.expose().chars().count() < 32 => {
                problems.push("ADMIN_API_KEY is too short (at least 32 characters)")
            }
            Some(_) => {}
        }
        require_secret(
            problems,
            "WHATSAPP_VERIFY_TOKEN",
            &s.whatsapp.verify_token,
            "required to answer Meta's webhook handshake",
        );
        require_secret(
            problems,
            "WHATSAPP_ACCESS_TOKEN",
            &s.whatsapp.access_token,
            "required to send WhatsApp messages",
        );
        match &s.whatsapp.phone_number_id {
            None => problems
                .push("WHATSAPP_PHONE_NUMBER_ID is missing (required to send WhatsApp messages)"),
            Some(v) if is_placeholder(v) => {
                problems.push("WHATSAPP_PHONE_NUMBER_ID is a placeholder value")
            }
            Some(_) => {}
        }
        require_secret(
            problems,
            "WHATSAPP_APP_SECRET",
            &s.whatsapp.app_secret,
            "required to verify webhook signatures",
        );
        if s.artist_whatsapp_number.is_none() {
            problems
                .push("ARTIST_WHATSAPP_NUMBER is missing (the artist's number with country code)");
        }
        check_stripe_key(problems, env, s.stripe.secret_key.as_ref());
        match &s.stripe.webhook_secret {
            None => problems.push("STRIPE_WEBHOOK_SECRET is missing (required to verify Stripe webhooks)"),
            Some(v) if !v.expose().starts_with("whsec_") || v.expose().starts_with("whsec_test") => {
                problems.push("STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret (whsec_…), not a test placeholder")
            }
            Some(_) => {}
        }
        match &s.public_base_url {
            None => problems.push("PUBLIC_BASE_URL is missing (https URL where Meta, Stripe and the artist reach this service)"),
            Some(url) if !is_public_https(url) => {
                problems.push("PUBLIC_BASE_URL must be an https URL that is not localhost")
            }
            Some(_) => {}
        }
        for (name, url) in [
            ("ACTION_TOKEN_BASE_URL", &s.action_token_base_url),
            ("STRIPE_SUCCESS_URL", &s.stripe.success_url),
            ("STRIPE_CANCEL_URL", &s.stripe.cancel_url),
            ("FRESHA_BOOKING_URL", &s.fresha_booking_url),
        ] {
            if let Some(url) = url
                && !is_public_https(url)
            {
                problems.push(format!("{name} must be an https URL that is not localhost"));
            }
        }
        if s.studio_rules_path.is_none() {
            problems.push(
                "STUDIO_RULES_PATH is missing (the studio rules file must set studio.artist_name)",
            );
        } else if s.studio_rules.studio.has_default_artist_name() {
            problems
                .push("studio.artist_name is still the default; set it in the studio rules file");
        }
    } else if let Some(number) = &s.artist_whatsapp_number
        && inkdesk_domain::model::Phone::parse(number).is_err()
    {
        problems.push("ARTIST_WHATSAPP_NUMBER must be 8 to 15 digits with country code");
    }

    if s.features.demo_mode && matches!(env, AppEnv::Staging | AppEnv::Production) {
        problems.push(format!("DEMO_MODE must be false in {env_name}"));
    }
    if production {
        if s.whatsapp.dry_run {
            problems.push("WHATSAPP_DRY_RUN must be false in production");
        }
        if !s.rate_limit.enabled {
            problems.push("RATE_LIMIT_ENABLED must be true in production");
        }
        for (name, value) in [
            ("WHATSAPP_API_BASE_URL", &s.whatsapp.api_base_url),
            ("STRIPE_API_BASE_URL", &s.stripe.api_base_url),
            ("GOOGLE_OAUTH_TOKEN_URL", &s.google.oauth_token_url),
            ("GOOGLE_SHEETS_BASE_URL", &s.google.sheets_base_url),
            ("GOOGLE_CALENDAR_BASE_URL", &s.google.calendar_base_url),
        ] {
            if value.is_some() {
                problems.push(format!(
                    "{name} must be unset in production (test-only override)"
                ));
            }
        }
    }

    if s.google.sheets_enabled {
        if s.google.spreadsheet_id.is_none() {
            problems.push("GOOGLE_SHEETS_SPREADSHEET_ID is missing (required when GOOGLE_SHEETS_ENABLED=true)");
        }
        check_service_account(
            problems,
            "GOOGLE_SHEETS_ENABLED",
            s.google.service_account_json.as_ref(),
        );
    }
    if s.google.calendar_enabled {
        if s.google.calendar_id.is_none() {
            problems
                .push("GOOGLE_CALENDAR_ID is missing (required when GOOGLE_CALENDAR_ENABLED=true)");
        }
        if !s.google.sheets_enabled {
            check_service_account(
                problems,
                "GOOGLE_CALENDAR_ENABLED",
                s.google.service_account_json.as_ref(),
            );
        }
    }
}

fn require_secret(problems: &mut Problems, name: &str, value: &Option<Secret>, why: &str) {
    match value {
        None => problems.push(format!("{name} is missing ({why})")),
        Some(v) if is_placeholder(v.expose()) => {
            problems.push(format!("{name} is a placeholder value"))
        }
        Some(_) => {}
    }
}

fn check_stripe_key(problems: &mut Problems, env: AppEnv, key: Option<&Secret>) {
    let Some(key) = key.map(Secret::expose) else {
        problems.push("STRIPE_SECRET_KEY is missing (required to create deposit links)");
        return;
    };
    let live = key.starts_with("sk_live_") || key.starts_with("rk_live_");
    let test = key.starts_with("sk_test_") || key.starts_with("rk_test_");
    match env {
        AppEnv::Production if !live => problems
            .push("STRIPE_SECRET_KEY must be a live key (sk_live_ or rk_live_) in production"),
        AppEnv::Staging if !test => {
            problems.push("STRIPE_SECRET_KEY must be a test key (sk_test_ or rk_test_) in staging")
        }
        _ if !live && !test => {
            problems.push("STRIPE_SECRET_KEY must start with sk_ or rk_ (live or test)")
        }
        _ => {}
    }
}

/// The key is inline JSON or a path to a JSON file; either way it must carry the service account's
/// `client_email` and `private_key`.
fn check_service_account(problems: &mut Problems, enabled_by: &str, key: Option<&Secret>) {
    let Some(key) = key.map(Secret::expose) else {
        problems.push(format!(
            "GOOGLE_SERVICE_ACCOUNT_JSON is missing (required when {enabled_by}=true)"
        ));
        return;
    };
    let json = if key.trim_start().starts_with('{') {
        Some(key.to_owned())
    } else {
        std::fs::read_to_string(key).ok()
    };
    let parsed = json.and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    let usable = parsed.is_some_and(|v| {
        v.get("client_email").and_then(|e| e.as_str()).is_some()
            && v.get("private_key").and_then(|k| k.as_str()).is_some()
    });
    if !usable {
        problems.push(
            "GOOGLE_SERVICE_ACCOUNT_JSON is not a readable service-account key (inline JSON or a file path with client_email and private_key)",
        );
    }
}
