use super::*;

fn raw(pairs: &[(&str, &str)]) -> RawSettings {
    let mut map = serde_json::Map::new();
    for (k, v) in pairs {
        map.insert(
            k.to_ascii_lowercase(),
            serde_json::Value::String((*v).to_owned()),
        );
    }
    serde_json::from_value(serde_json::Value::Object(map)).unwrap()
}

fn problems(pairs: &[(&str, &str)]) -> Vec<String> {
    match Settings::from_raw(raw(pairs)) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems,
    }
}

const GOOD_PRODUCTION: &[(&str, &str)] = &[
    ("APP_ENV", "production"),
    ("DATABASE_URL", "postgres://inkdesk@db:5432/inkdesk"),
    ("ADMIN_API_KEY", "0123456789abcdef0123456789abcdef"),
    ("WHATSAPP_VERIFY_TOKEN", "verify-me-please"),
    ("WHATSAPP_ACCESS_TOKEN", "EAAG-real-token"),
    ("WHATSAPP_PHONE_NUMBER_ID", "123456789012345"),
    ("WHATSAPP_APP_SECRET", "app-secret"),
    ("ARTIST_WHATSAPP_NUMBER", "447700900123"),
    ("STRIPE_SECRET_KEY", "sk_live_abc"),
    ("STRIPE_WEBHOOK_SECRET", "whsec_abc"),
    ("PUBLIC_BASE_URL", "https://ink.example.com/"),
];

fn good_production() -> Vec<(&'static str, String)> {
    let mut pairs: Vec<_> = GOOD_PRODUCTION
        .iter()
        .map(|(k, v)| (*k, (*v).to_owned()))
        .collect();
    pairs.push((
        "STUDIO_RULES_PATH",
        rules_file("[studio]\nartist_name = \"Mara Ink\"\n"),
    ));
    pairs
}

/// Writes a studio rules file into the temp dir and returns its path.
fn rules_file(content: &str) -> String {
    let path = std::env::temp_dir().join(format!(
        "inkdesk-rules-{}.toml",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

fn owned<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn a_complete_production_configuration_is_valid() {
    let pairs = good_production();
    let settings = Settings::from_raw(raw(&owned(&pairs))).unwrap();
    assert_eq!(settings.studio_rules.studio.artist_name, "Mara Ink");
    assert_eq!(settings.app_env, AppEnv::Production);
    assert_eq!(
        settings.public_base_url.as_deref(),
        Some("https://ink.example.com")
    );
    assert_eq!(settings.booking_mode(), BookingMode::Manual);
    assert!(
        !format!("{settings:?}").contains("sk_live_abc"),
        "Debug must redact secrets"
    );
}

#[test]
fn production_with_nothing_set_lists_every_missing_key_at_once() {
    let found = problems(&[]);
    for key in [
        "DATABASE_URL",
        "ADMIN_API_KEY",
        "WHATSAPP_VERIFY_TOKEN",
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_PHONE_NUMBER_ID",
        "WHATSAPP_APP_SECRET",
        "ARTIST_WHATSAPP_NUMBER",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "PUBLIC_BASE_URL",
        "STUDIO_RULES_PATH",
    ] {
        assert!(
            found.iter().any(|p| p.starts_with(key)),
            "{key} not reported in {found:#?}"
        );
    }
}

#[test]
fn unknown_app_env_fails_closed() {
    let found = problems(&[("APP_ENV", "prod")]);
    assert!(found[0].starts_with("APP_ENV must be one of"));
}

#[test]
fn production_rejects_test_keys_dry_run_demo_and_overrides() {
    let all = good_production();
    let mut pairs = owned(&all);
    pairs.retain(|(k, _)| *k != "STRIPE_SECRET_KEY" && *k != "STRIPE_WEBHOOK_SECRET");
    pairs.extend([
        ("STRIPE_SECRET_KEY", "sk_test_abc"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_test"),
        ("WHATSAPP_DRY_RUN", "true"),
        ("DEMO_MODE", "true"),
        ("RATE_LIMIT_ENABLED", "false"),
        ("WHATSAPP_API_BASE_URL", "http://127.0.0.1:9"),
    ]);
    let found = problems(&pairs);
    assert_eq!(found.len(), 6, "{found:#?}");
    assert!(found.contains(
        &"STRIPE_SECRET_KEY must be a live key (sk_live_ or rk_live_) in production".to_owned()
    ));
}

#[test]
fn the_deposit_environment_overrides_the_studio_rules() {
    let defaults = Settings::from_raw(raw(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1/inkdesk"),
    ]))
    .unwrap();
    assert_eq!(defaults.studio_rules.deposit.fallback_minor, 5_000);
    assert_eq!(defaults.studio_rules.deposit.rule_version, "v1");

    let overridden = Settings::from_raw(raw(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1/inkdesk"),
        ("STRIPE_DEPOSIT_AMOUNT_PENCE", "7500"),
        ("DEPOSIT_RULE_VERSION", "v2"),
    ]))
    .unwrap();
    assert_eq!(overridden.studio_rules.deposit.fallback_minor, 7_500);
    assert_eq!(overridden.studio_rules.deposit.rule_version, "v2");
}

#[test]
fn development_needs_only_a_database() {
    let settings = Settings::from_raw(raw(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1/inkdesk"),
    ]))
    .unwrap();
    assert!(
        settings.migrate_on_start,
        "development migrates on start by default"
    );
    assert_eq!(settings.log_format, LogFormat::Pretty);
}

#[test]
fn enabling_sheets_requires_id_and_a_parseable_key() {
    let found = problems(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://x@y/z"),
        ("GOOGLE_SHEETS_ENABLED", "true"),
        ("GOOGLE_SERVICE_ACCOUNT_JSON", "{not json"),
    ]);
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn bad_numbers_and_flags_are_reported_with_their_names() {
    let found = problems(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://x@y/z"),
        ("WORKER_CONCURRENCY", "0"),
        ("SCHEDULER_ENABLED", "sometimes"),
    ]);
    assert_eq!(
        found,
        vec![
            "WORKER_CONCURRENCY must be a whole number from 1 to 64",
            "SCHEDULER_ENABLED must be true or false",
        ]
    );
}

#[test]
fn report_lists_every_problem_under_one_heading() {
    let error = Settings::from_raw(raw(&[("APP_ENV", "production")])).unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("inkdesk: configuration invalid for APP_ENV=production ("));
    assert_eq!(text.lines().count(), error.problems.len() + 1);
}

#[test]
fn production_requires_a_real_artist_name_in_the_rules_file() {
    let mut pairs = GOOD_PRODUCTION.to_vec();
    let path = rules_file("[studio]\nhome_city = \"Leeds\"\n");
    pairs.push(("STUDIO_RULES_PATH", &path));
    assert_eq!(
        problems(&pairs),
        vec!["studio.artist_name is still the default; set it in the studio rules file"]
    );
}

#[test]
fn invalid_studio_rules_are_reported_with_their_key() {
    let path = rules_file("[booking]\nslot_count = 11\n[studio]\nartst_name = \"typo\"\n");
    let found = problems(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://x@y/z"),
        ("STUDIO_RULES_PATH", &path),
    ]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("artst_name"), "{found:#?}");
    let path = rules_file("[booking]\nslot_count = 11\n");
    let found = problems(&[
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://x@y/z"),
        ("STUDIO_RULES_PATH", &path),
    ]);
    assert!(found[0].contains("booking.slot_count"), "{found:#?}");
}

#[test]
fn trusted_proxies_must_be_addresses_or_cidr_ranges_in_every_environment() {
    let base = [
        ("APP_ENV", "development"),
        ("DATABASE_URL", "postgres://x@y/z"),
    ];
    let mut good = base.to_vec();
    good.push(("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,2001:db8::/32"));
    assert_eq!(problems(&good), Vec::<String>::new());
    let mut bad = base.to_vec();
    bad.push(("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"));
    let found = problems(&bad);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("TRUSTED_PROXIES: 'proxy.internal'"),
        "{found:#?}"
    );
}
