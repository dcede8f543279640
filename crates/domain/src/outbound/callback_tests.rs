#![allow(clippy::unwrap_used, clippy::expect_used)]
//! http-api.md §3.2.1: monotonic status callbacks and the follow-ups of `failed`.

use std::time::Duration;

use super::*;
use crate::copy::MessageId;

#[test]
fn states_only_move_up_the_ladder_and_failed_replaces_queued_or_sent_only() {
    use DeliveryStatus as In;
    use OutboundState::*;
    use StatusChange::{MoveTo, RecordOnly};
    let cases = [
        (Queued, In::Sent, MoveTo(Sent)),
        (Queued, In::Delivered, MoveTo(Delivered)),
        (Sent, In::Delivered, MoveTo(Delivered)),
        (Sent, In::Read, MoveTo(Read)),
        (Delivered, In::Read, MoveTo(Read)),
        (Sent, In::Sent, RecordOnly),
        (Delivered, In::Sent, RecordOnly),
        (Read, In::Delivered, RecordOnly),
        (Read, In::Sent, RecordOnly),
        (Queued, In::Failed, MoveTo(Failed)),
        (Sent, In::Failed, MoveTo(Failed)),
        (Delivered, In::Failed, RecordOnly),
        (Read, In::Failed, RecordOnly),
        (Failed, In::Delivered, RecordOnly),
        (Failed, In::Failed, RecordOnly),
        (Deferred, In::Read, RecordOnly),
        (Deferred, In::Failed, RecordOnly),
        (Cancelled, In::Delivered, RecordOnly),
        (Expired, In::Sent, RecordOnly),
        (BlockedOptOut, In::Failed, RecordOnly),
        (SkippedWindowClosed, In::Read, RecordOnly),
    ];
    for (current, incoming, expected) in cases {
        assert_eq!(
            apply_status(current, incoming),
            expected,
            "{current} + {incoming}"
        );
    }
}

#[test]
fn each_failure_code_has_its_follow_up() {
    use FailedFollowUp::*;
    use OutboundMode::{Interactive, Template, Text};
    let job_failed = NotifyArtist(MessageId::ARTIST_JOB_FAILED);
    let cases = [
        (
            "re-engagement",
            MessageId::APPROVED,
            Text,
            Some(131_047),
            None,
            TakeTemplatePath,
        ),
        (
            "re-engagement, conversational",
            MessageId::Q_IDEA,
            Interactive,
            Some(131_047),
            None,
            SkipWindowClosed,
        ),
        (
            "re-engagement after the template retry",
            MessageId::SLOT_OFFER,
            Template,
            Some(131_047),
            None,
            job_failed,
        ),
        (
            "re-engagement after the template retry, minor kind",
            MessageId::RESUMED,
            Template,
            Some(131_047),
            None,
            Nothing,
        ),
        (
            "undeliverable client",
            MessageId::Q_IDEA,
            Text,
            Some(131_026),
            None,
            ContactUndeliverable {
                notify_artist: true,
            },
        ),
        (
            "undeliverable artist",
            MessageId::ARTIST_STALE,
            Text,
            Some(131_026),
            None,
            ContactUndeliverable {
                notify_artist: false,
            },
        ),
        (
            "throttled",
            MessageId::Q_IDEA,
            Text,
            Some(130_429),
            None,
            ResendOnce {
                after: Duration::from_secs(30),
            },
        ),
        (
            "pair rate",
            MessageId::Q_IDEA,
            Text,
            Some(131_056),
            None,
            ResendOnce {
                after: Duration::from_secs(6),
            },
        ),
        (
            "temporary",
            MessageId::Q_IDEA,
            Text,
            Some(131_000),
            None,
            ResendOnce {
                after: Duration::from_secs(5),
            },
        ),
        (
            "only once",
            MessageId::SLOT_HELD,
            Text,
            Some(131_000),
            Some(130_429),
            job_failed,
        ),
        (
            "only once, minor kind",
            MessageId::Q_IDEA,
            Text,
            Some(131_056),
            Some(131_056),
            Nothing,
        ),
        (
            "an earlier unrelated error does not count",
            MessageId::Q_IDEA,
            Text,
            Some(131_000),
            Some(131_026),
            ResendOnce {
                after: Duration::from_secs(5),
            },
        ),
        (
            "anything else, link",
            MessageId::DEPOSIT_LINK,
            Text,
            Some(131_053),
            None,
            job_failed,
        ),
        (
            "anything else, artist",
            MessageId::ARTIST_NEW_LEAD,
            Text,
            Some(135_000),
            None,
            Nothing,
        ),
        (
            "no code",
            MessageId::BOOKED_CONFIRMATION,
            Text,
            None,
            None,
            job_failed,
        ),
    ];
    for (name, kind, mode, code, previous, expected) in cases {
        assert_eq!(
            failed_follow_up(kind, mode, code, previous),
            expected,
            "{name}"
        );
    }
}

#[test]
fn delivery_statuses_parse_from_the_webhook_names() {
    for status in DeliveryStatus::ALL {
        assert_eq!(status.as_str().parse::<DeliveryStatus>(), Ok(*status));
    }
    assert!("deleted".parse::<DeliveryStatus>().is_err());
}
