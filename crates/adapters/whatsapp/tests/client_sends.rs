#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Cloud API client against the fake Graph API: request shape, success and every error class.

mod support;

use std::time::Duration;

use inkdesk_domain::provider::ProviderError;
use inkdesk_test_support::fake_whatsapp::FakeFailure;
use inkdesk_whatsapp::{
    ListMessage, ListRow, ListSection, ReplyButton, ReplyButtons, TemplateMessage,
};
use serde_json::json;
use support::{SAM, client, client_with, phone, start};

fn buttons() -> ReplyButtons {
    ReplyButtons {
        body: "Is this covering up an existing tattoo?".into(),
        buttons: vec![
            ReplyButton {
                id: "ans:coverup:yes".into(),
                title: "Yes".into(),
            },
            ReplyButton {
                id: "ans:coverup:no".into(),
                title: "No".into(),
            },
        ],
    }
}

fn slots() -> ListMessage {
    ListMessage {
        header: Some("Available times".into()),
        body: "Here are the next free times".into(),
        footer: None,
        button: "Choose a time".into(),
        sections: vec![ListSection {
            title: Some("Pick one".into()),
            rows: (1..=10)
                .map(|n| ListRow {
                    id: format!("slot:91:{n}"),
                    title: format!("Slot {n}"),
                    description: Some("10:00–13:00 BST · 3 hours".into()),
                })
                .collect(),
        }],
    }
}

#[tokio::test]
async fn text_is_sent_as_the_spec_says_and_returns_the_wamid() {
    let fake = start().await;
    let id = client(&fake)
        .send_text(&phone(SAM), "Got it.")
        .await
        .unwrap();
    assert_eq!(id.as_str(), "wamid.FAKE.1");

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v24.0/109876543210987/messages");
    assert!(request.authorized);
    assert_eq!(request.header("authorization"), Some("Bearer [redacted]"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("inkdesk/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.recipient.as_deref(), Some(SAM));
    assert_eq!(request.message_type.as_deref(), Some("text"));
    assert_eq!(
        request.body,
        Some(
            json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": SAM,
                    "type": "text", "text": {"preview_url": false, "body": "Got it."}})
        )
    );
}

#[tokio::test]
async fn interactive_and_template_messages_are_accepted() {
    let fake = start().await;
    let client = client(&fake);
    let to = phone(SAM);
    assert_eq!(
        client
            .send_interactive_buttons(&to, &buttons())
            .await
            .unwrap()
            .as_str(),
        "wamid.FAKE.1"
    );
    assert_eq!(
        client
            .send_interactive_list(&to, &slots())
            .await
            .unwrap()
            .as_str(),
        "wamid.FAKE.2"
    );
    let confirmed = TemplateMessage::new("booking_confirmed").with_body_parameters([
        "Sam",
        "Mon 29 Mar",
        "10:00 BST",
    ]);
    assert_eq!(
        client
            .send_template(&to, &confirmed)
            .await
            .unwrap()
            .as_str(),
        "wamid.FAKE.3"
    );
    let reply = TemplateMessage::new("next_steps_reply_to_continue").with_quick_reply("continue");
    client.send_template(&to, &reply).await.unwrap();

    let sent = fake.sent_messages();
    let types: Vec<_> = sent
        .iter()
        .map(|r| r.message_type.as_deref().unwrap())
        .collect();
    assert_eq!(
        types,
        ["interactive", "interactive", "template", "template"]
    );
    assert_eq!(
        sent[1].body.as_ref().unwrap()["interactive"]["type"],
        "list"
    );
}

#[tokio::test]
async fn template_problems_are_permanent() {
    let fake = start().await;
    let client = client(&fake);
    let to = phone(SAM);
    let unknown = TemplateMessage::new("not_approved");
    assert_eq!(
        client.send_template(&to, &unknown).await,
        Err(ProviderError::permanent("132001"))
    );
    let short = TemplateMessage::new("booking_confirmed").with_body_parameters(["Sam"]);
    assert_eq!(
        client.send_template(&to, &short).await,
        Err(ProviderError::permanent("132000"))
    );
}

#[tokio::test]
async fn a_server_error_is_retryable_and_the_next_attempt_succeeds() {
    let fake = start().await;
    let client = client(&fake);
    fake.fail_next(1, FakeFailure::http(500));
    assert_eq!(
        client.send_text(&phone(SAM), "hi").await,
        Err(ProviderError::retryable("http_500", None))
    );
    assert_eq!(
        client.send_text(&phone(SAM), "hi").await.unwrap().as_str(),
        "wamid.FAKE.1"
    );
    let statuses: Vec<_> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(500), Some(200)]);
}

#[tokio::test]
async fn rate_limits_carry_retry_after_or_the_code_floor() {
    let fake = start().await;
    let client = client(&fake);
    let to = phone(SAM);
    fake.fail_next(1, FakeFailure::http(429).with_retry_after(7));
    assert_eq!(
        client.send_text(&to, "hi").await,
        Err(ProviderError::retryable(
            "http_429",
            Some(Duration::from_secs(7))
        ))
    );
    fake.fail_next(
        1,
        FakeFailure::graph(130_429)
            .with_status(429)
            .with_retry_after(45),
    );
    assert_eq!(
        client.send_text(&to, "hi").await,
        Err(ProviderError::retryable(
            "130429",
            Some(Duration::from_secs(45))
        ))
    );
    fake.fail_next(1, FakeFailure::graph(130_429).with_status(429));
    assert_eq!(
        client.send_text(&to, "hi").await,
        Err(ProviderError::retryable(
            "130429",
            Some(Duration::from_secs(30))
        ))
    );
    fake.fail_next(1, FakeFailure::graph(131_056));
    assert_eq!(
        client.send_text(&to, "hi").await,
        Err(ProviderError::retryable(
            "131056",
            Some(Duration::from_secs(6))
        ))
    );
}

#[tokio::test]
async fn a_closed_window_refuses_free_form_but_takes_templates() {
    let fake = start().await;
    let client = client(&fake);
    let to = phone(SAM);
    fake.close_window_for(SAM);
    assert_eq!(
        client.send_text(&to, "hi").await,
        Err(ProviderError::WindowClosed)
    );
    assert_eq!(
        client.send_interactive_buttons(&to, &buttons()).await,
        Err(ProviderError::WindowClosed)
    );
    let template = TemplateMessage::new("next_steps_reply_to_continue");
    assert!(client.send_template(&to, &template).await.is_ok());
    // Other contacts are unaffected.
    assert!(client.send_text(&phone("447700900456"), "hi").await.is_ok());
}

#[tokio::test]
async fn permanent_codes_are_permanent() {
    let fake = start().await;
    let client = client(&fake);
    for code in [131_026, 131_048, 131_009, 133_010] {
        fake.fail_next(1, FakeFailure::graph(code));
        assert_eq!(
            client.send_text(&phone(SAM), "hi").await,
            Err(ProviderError::permanent(code.to_string()))
        );
    }
}

#[tokio::test]
async fn broken_credentials_are_auth_broken() {
    let fake = start().await;
    let wrong_token = client_with(&fake, |config| config.access_token = "expired".into());
    assert_eq!(
        wrong_token.send_text(&phone(SAM), "hi").await,
        Err(ProviderError::auth_broken("190"))
    );
    assert!(!fake.requests()[0].authorized);

    fake.fail_next(1, FakeFailure::graph(368).with_status(403));
    assert_eq!(
        client(&fake).send_text(&phone(SAM), "hi").await,
        Err(ProviderError::auth_broken("368"))
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_as_retryable() {
    let fake = start().await;
    let client = client_with(&fake, |config| {
        config.timeouts.api = Duration::from_millis(200);
    });
    fake.fail_next(1, FakeFailure::Delay(Duration::from_secs(2)));
    assert_eq!(
        client.send_text(&phone(SAM), "hi").await,
        Err(ProviderError::retryable("timeout", None))
    );
}

#[tokio::test]
async fn dropped_and_refused_connections_are_retryable() {
    let fake = start().await;
    let client = client(&fake);
    fake.fail_next(1, FakeFailure::Reset);
    let error = client.send_text(&phone(SAM), "hi").await.unwrap_err();
    assert_eq!(error.class(), "retryable", "{error:?}");

    let base = fake.base_url();
    drop(fake);
    tokio::task::yield_now().await;
    let refused = support::client_at(&base, "anything");
    let error = refused.send_text(&phone(SAM), "hi").await.unwrap_err();
    assert_eq!(error, ProviderError::retryable("connection", None));
}

#[tokio::test]
async fn per_recipient_scripts_leave_other_recipients_alone() {
    let fake = start().await;
    let client = client(&fake);
    fake.fail_next_for(SAM, 1, FakeFailure::graph(131_026));
    assert!(client.send_text(&phone("447700900456"), "hi").await.is_ok());
    assert_eq!(
        client.send_text(&phone(SAM), "hi").await,
        Err(ProviderError::permanent("131026"))
    );
    assert!(client.send_text(&phone(SAM), "hi").await.is_ok());
}

#[tokio::test]
async fn invalid_messages_fail_before_any_request() {
    let fake = start().await;
    let client = client(&fake);
    assert_eq!(
        client.send_text(&phone(SAM), &"a".repeat(4097)).await,
        Err(ProviderError::permanent("invalid_message.text.body"))
    );
    let mut list = slots();
    let extra = list.sections[0].rows[0].clone();
    list.sections[0].rows.push(extra);
    assert_eq!(
        client.send_interactive_list(&phone(SAM), &list).await,
        Err(ProviderError::permanent("invalid_message.list.rows"))
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn mark_read_posts_the_read_status() {
    let fake = start().await;
    client(&fake).mark_read("wamid.INBOUND").await.unwrap();
    let request = &fake.requests()[0];
    assert_eq!(
        request.body,
        Some(
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.INBOUND"})
        )
    );
    assert_eq!(request.message_type, None);
    assert!(fake.sent_messages().is_empty());
}
