//! The `inkdesk` binary's configuration commands, run as an operator would.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn inkdesk(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_inkdesk"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_config_lists_every_missing_production_key_in_one_run() {
    let (code, _, stderr) = inkdesk(&["check-config"], &[("APP_ENV", "production")]);
    assert_eq!(code, Some(78), "{stderr}");
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("inkdesk: configuration invalid for APP_ENV=production ("),
        "{first}"
    );
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
            stderr.lines().any(|l| l.starts_with(&format!("  - {key}"))),
            "{key} missing from:\n{stderr}"
        );
    }
}

#[test]
fn check_config_accepts_a_development_setup_and_never_prints_secrets() {
    let (code, stdout, stderr) = inkdesk(
        &["check-config"],
        &[
            ("APP_ENV", "development"),
            (
                "DATABASE_URL",
                "postgres://postgres:hunter2@127.0.0.1/inkdesk",
            ),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("configuration valid for APP_ENV=development"));
    assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"));
}

#[test]
fn an_unknown_app_env_fails_closed() {
    let (code, _, stderr) = inkdesk(&["check-config"], &[("APP_ENV", "prod")]);
    assert_eq!(code, Some(78));
    assert!(stderr.contains("APP_ENV must be one of development, test, staging, production"));
}

#[test]
fn unknown_commands_print_usage() {
    let (code, _, stderr) = inkdesk(&["frobnicate"], &[]);
    assert_eq!(code, Some(64));
    assert!(stderr.contains("usage: inkdesk"));
}
