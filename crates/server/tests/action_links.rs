//! One-tap action links over HTTP (http-api.md §4): confirm pages change nothing, a POST acts once
//! however often it is sent, and stale links change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use inkdesk_domain::ports::hash_action_token;
use inkdesk_test_support::TestDb;
use support::{CONSULTATION, TestApp};

const CLIENT: &str = "447700900123";

/// A lead at PENDING_APPROVAL and the raw tokens of the artist summary's links, by action.
async fn pending_lead_with_links() -> (TestApp, Vec<(String, String)>) {
    lead_with_links(&CONSULTATION, "PENDING_APPROVAL").await
}

async fn lead_with_links(messages: &[&str], status: &str) -> (TestApp, Vec<(String, String)>) {
    // The artist tapping fifty times is this file's point; the action-link bucket would stop it.
    inkdesk_test_support::init_crypto();
    let db = TestDb::fresh().await;
    let mut settings = support::settings(db.url(), None);
    settings.rate_limit.enabled = false;
    let base = support::spawn_with(settings, false);
    let app = TestApp {
        base,
        db,
        t0: support::t0(),
    };
    for (n, text) in messages.iter().enumerate() {
        let response = app
            .say(CLIENT, &format!("wamid.a{n}"), text, n as i64 * 60)
            .await;
        assert_eq!(response.status().as_u16(), 200);
    }
    assert_eq!(lead_status(&app).await, status);
    let bodies = texts(
        &app,
        "SELECT body AS value FROM outbound_messages WHERE recipient_role = 'artist' ORDER BY id",
    )
    .await;
    let mut links = Vec::new();
    for body in bodies {
        for piece in body.split("/a/").skip(1) {
            let token: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let hash: String = hash_action_token(&token)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let action = texts(
                &app,
                &format!(
                    "SELECT action AS value FROM action_tokens
                     WHERE token_hash = decode('{hash}', 'hex')"
                ),
            )
            .await;
            links.push((action[0].clone(), token));
        }
    }
    (app, links)
}

fn token_for<'a>(links: &'a [(String, String)], action: &str) -> &'a str {
    &links
        .iter()
        .find(|(a, _)| a == action)
        .unwrap_or_else(|| panic!("the summary carries a {action} link: {links:?}"))
        .1
}

async fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        value: String,
    }
    let mut conn = app.db.connect().await;
    diesel::sql_query(sql)
        .load::<Row>(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.value)
        .collect()
}

async fn lead_status(app: &TestApp) -> String {
    texts(app, "SELECT status AS value FROM leads").await[0].clone()
}

async fn execute(app: &TestApp, token: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("{}/a/{token}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("confirm=yes")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn run_sql(app: &TestApp, sql: &str) {
    let mut conn = app.db.connect().await;
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn the_summary_carries_approve_and_reject_links_and_get_changes_nothing() {
    let (app, links) = pending_lead_with_links().await;
    let approve = token_for(&links, "approve");
    token_for(&links, "reject");
    let response = reqwest::get(format!("{}/a/{approve}", app.base))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("x-robots-tag", "noindex, nofollow"),
        ("content-type", "text/html; charset=utf-8"),
    ] {
        assert_eq!(headers.get(name).unwrap(), value, "{name}");
    }
    let page = response.text().await.unwrap();
    assert!(page.contains("Approve enquiry #"), "{page}");
    assert!(page.contains("name=\"confirm\" value=\"yes\""));
    assert_eq!(lead_status(&app).await, "PENDING_APPROVAL");
    assert_eq!(
        app.count("SELECT count(*) FROM action_tokens WHERE used_at IS NOT NULL")
            .await,
        0,
        "a GET never uses a token"
    );
}

#[tokio::test]
async fn a_summary_with_markup_is_escaped_on_the_confirm_page() {
    let (app, links) = pending_lead_with_links().await;
    run_sql(
        &app,
        "UPDATE leads SET summary_text = '<script>alert(1)</script> & \"quotes\"'",
    )
    .await;
    let page = reqwest::get(format!("{}/a/{}", app.base, token_for(&links, "reject")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
}

#[tokio::test]
async fn fifty_concurrent_posts_act_once_and_the_rest_see_already_used() {
    let (app, links) = pending_lead_with_links().await;
    let reject = token_for(&links, "reject").to_owned();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let base = app.base.clone();
        let token = reject.clone();
        tasks.spawn(async move {
            let response = reqwest::Client::new()
                .post(format!("{base}/a/{token}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("confirm=yes")
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        });
    }
    let mut done = 0;
    let mut used = 0;
    while let Some(result) = tasks.join_next().await {
        let (status, page) = result.unwrap();
        if status == 200 && page.contains("Done") {
            done += 1;
        } else if page.contains("already been used") {
            used += 1;
        } else {
            panic!("unexpected answer {status}: {page}");
        }
    }
    assert_eq!((done, used), (1, 49));
    assert_eq!(lead_status(&app).await, "REJECTED");
    assert_eq!(
        app.count("SELECT count(*) FROM status_history WHERE to_status = 'REJECTED'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'rejected'")
            .await,
        1
    );
    // The sibling approve link is revoked with the action.
    let (status, page) = execute(&app, token_for(&links, "approve")).await;
    assert_eq!(status, 410, "{page}");
    assert!(page.contains("moved on"));
}

#[tokio::test]
async fn expired_and_wrong_status_links_change_nothing() {
    let (app, links) = pending_lead_with_links().await;
    let reject = token_for(&links, "reject");
    run_sql(
        &app,
        "UPDATE action_tokens SET expires_at = now() - interval '1 hour' WHERE action = 'reject'",
    )
    .await;
    let (status, page) = execute(&app, reject).await;
    assert_eq!(status, 410);
    assert!(page.contains("expired"));

    let approve = token_for(&links, "approve");
    run_sql(
        &app,
        "UPDATE action_tokens SET required_status = 'QUALIFYING' WHERE action = 'approve'",
    )
    .await;
    let shown = reqwest::get(format!("{}/a/{approve}", app.base))
        .await
        .unwrap();
    assert_eq!(shown.status().as_u16(), 409);
    let (status, page) = execute(&app, approve).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("requires &#x27;QUALIFYING&#x27;"), "{page}");
    assert_eq!(lead_status(&app).await, "PENDING_APPROVAL");
    assert_eq!(
        app.count("SELECT count(*) FROM action_tokens WHERE used_at IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn unknown_used_and_malformed_links_share_one_status() {
    let (app, links) = pending_lead_with_links().await;
    let reject = token_for(&links, "reject");
    assert_eq!(execute(&app, reject).await.0, 200);
    let (used, _) = execute(&app, reject).await;
    let (unknown, page) = execute(&app, &"A".repeat(43)).await;
    assert!(page.contains("isn&#x27;t valid"));
    let malformed = reqwest::get(format!("{}/a/short", app.base))
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!((used, unknown, malformed), (404, 404, 404));
    let missing_confirmation = reqwest::Client::new()
        .post(format!("{}/a/{}", app.base, token_for(&links, "approve")))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(missing_confirmation, 400);
}

#[tokio::test]
async fn the_handover_resume_link_gives_the_conversation_back() {
    let messages = [CONSULTATION[0], CONSULTATION[1], "human"];
    let (app, links) = lead_with_links(&messages, "NEEDS_ARTIST_REPLY").await;
    let (status, page) = execute(&app, token_for(&links, "resume")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(lead_status(&app).await, "QUALIFYING");
    assert_eq!(
        app.count("SELECT count(*) FROM outbound_messages WHERE kind = 'resumed'")
            .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM status_history
             WHERE from_status = 'NEEDS_ARTIST_REPLY' AND to_status = 'QUALIFYING' AND actor = 'artist'"
        )
        .await,
        1
    );
}
