#![allow(clippy::unwrap_used, clippy::expect_used)]
//! integrations.md §2.3: what each classified send error does to the row, the contact and the artist.

use std::time::Duration;

use super::*;
use crate::copy::MessageId;
use crate::provider::ProviderError;

fn permanent(code: &str) -> ProviderError {
    ProviderError::permanent(code)
}

#[test]
fn each_error_class_and_code_has_its_action() {
    use FailureAction::*;
    use OutboundMode::{Interactive, Template, Text};
    use SendFailureEvent::*;
    let job_failed = Some(MessageId::ARTIST_JOB_FAILED);
    let throttled = ProviderError::retryable("130429", Some(Duration::from_secs(30)));
    let cases: Vec<(
        &str,
        MessageId,
        OutboundMode,
        ProviderError,
        bool,
        FailureAction,
    )> = vec![
        (
            "throttled",
            MessageId::SLOT_HELD,
            Text,
            throttled,
            false,
            RetryLater,
        ),
        (
            "5xx",
            MessageId::Q_IDEA,
            Text,
            ProviderError::retryable("http_503", None),
            false,
            RetryLater,
        ),
        (
            "window closed",
            MessageId::APPROVED,
            Text,
            ProviderError::WindowClosed,
            false,
            TakeTemplatePath,
        ),
        (
            "window closed, conversational",
            MessageId::Q_IDEA,
            Interactive,
            ProviderError::WindowClosed,
            false,
            TakeTemplatePath,
        ),
        (
            "window closed on a template",
            MessageId::APPROVED,
            Template,
            ProviderError::WindowClosed,
            false,
            GiveUp {
                event: TemplateFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "interactive parameter error",
            MessageId::SLOT_OFFER,
            Interactive,
            permanent("131009"),
            false,
            RetryAsText,
        ),
        (
            "code 100 too",
            MessageId::Q_COVERUP,
            Interactive,
            permanent("100"),
            false,
            RetryAsText,
        ),
        (
            "only one text retry",
            MessageId::SLOT_OFFER,
            Interactive,
            permanent("131051"),
            true,
            GiveUp {
                event: SendFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "text parameter error is a bug",
            MessageId::Q_IDEA,
            Text,
            permanent("131008"),
            false,
            GiveUp {
                event: SendFailure,
                notify_artist: None,
            },
        ),
        (
            "undeliverable client",
            MessageId::APPROVED,
            Text,
            permanent("131026"),
            false,
            ContactUndeliverable {
                notify_artist: true,
            },
        ),
        (
            "undeliverable artist",
            MessageId::ARTIST_NEW_LEAD,
            Text,
            permanent("131026"),
            false,
            ContactUndeliverable {
                notify_artist: false,
            },
        ),
        (
            "unknown template",
            MessageId::APPROVED,
            Template,
            permanent("132001"),
            false,
            GiveUp {
                event: TemplateFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "parameter count",
            MessageId::ARTIST_STALE,
            Template,
            permanent("132000"),
            false,
            GiveUp {
                event: TemplateFailure,
                notify_artist: None,
            },
        ),
        (
            "spam limit",
            MessageId::Q_BUDGET,
            Text,
            permanent("131048"),
            false,
            GiveUp {
                event: SendFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "number not registered",
            MessageId::WELCOME,
            Text,
            permanent("133010"),
            false,
            GiveUp {
                event: SendFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "auth broken",
            MessageId::Q_IDEA,
            Text,
            ProviderError::auth_broken("190"),
            false,
            GiveUp {
                event: AuthFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "auth broken on an artist message",
            MessageId::ARTIST_HANDOVER,
            Text,
            ProviderError::auth_broken("190"),
            false,
            GiveUp {
                event: AuthFailure,
                notify_artist: None,
            },
        ),
        (
            "other 4xx, client-impacting",
            MessageId::DEPOSIT_LINK,
            Text,
            permanent("http_400"),
            false,
            GiveUp {
                event: SendFailure,
                notify_artist: job_failed,
            },
        ),
        (
            "other 4xx, conversational",
            MessageId::Q_BUDGET,
            Text,
            permanent("131999"),
            false,
            GiveUp {
                event: SendFailure,
                notify_artist: None,
            },
        ),
    ];
    for (name, kind, mode, error, retried, expected) in cases {
        assert_eq!(
            on_send_failure(kind, mode, &error, retried),
            expected,
            "{name}"
        );
    }
}

#[test]
fn event_types_are_the_specified_names() {
    assert_eq!(
        SendFailureEvent::SendFailure.event_type(),
        "whatsapp.send_failure"
    );
    assert_eq!(
        SendFailureEvent::TemplateFailure.event_type(),
        "whatsapp.template_failure"
    );
    assert_eq!(
        SendFailureEvent::AuthFailure.event_type(),
        "whatsapp.auth_failure"
    );
}

#[test]
fn exhausted_retries_alert_the_artist_for_client_impacting_kinds_only() {
    let alerted = FailureAction::GiveUp {
        event: SendFailureEvent::SendFailure,
        notify_artist: Some(MessageId::ARTIST_JOB_FAILED),
    };
    let quiet = FailureAction::GiveUp {
        event: SendFailureEvent::SendFailure,
        notify_artist: None,
    };
    assert_eq!(on_retries_exhausted(MessageId::SLOT_OFFER), alerted);
    assert_eq!(on_retries_exhausted(MessageId::ARTIST_MESSAGE), alerted);
    assert_eq!(on_retries_exhausted(MessageId::Q_BUDGET), quiet);
    assert_eq!(on_retries_exhausted(MessageId::ARTIST_NEW_LEAD), quiet);
}
