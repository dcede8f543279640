//! The admin read API through the running server: the key check before anything else, the lead list
//! and detail, the funnel, events and the debug view (http-api.md §1.2, §5.2–§5.3, §5.15–§5.17).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_support;
mod support;

use admin_support::{ADMIN_KEY, CLIENT, answer, consult, get, get_ok, lead_of, spawn_admin};
use serde_json::{Value, json};
use support::{CONSULTATION, TestApp};

const MISSING: &str = "Missing API key. Provide X-Admin-API-Key header.";

#[tokio::test(flavor = "multi_thread")]
async fn authentication_answers_before_any_lookup_and_the_same_for_every_id() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "a", 0).await;
    assert_eq!(lead_of(&app, CLIENT).await, 1, "the first lead is #1");

    let (status, missing_unknown) = answer(get(&app, "/admin/leads/999999", None).await).await;
    assert_eq!(status, 401);
    let (status, missing_known) = answer(get(&app, "/admin/leads/1", None).await).await;
    assert_eq!(status, 401);
    assert_eq!(missing_unknown, missing_known);
    assert_eq!(
        missing_known,
        json!({"detail": MISSING, "code": "unauthorized"})
    );
    // Before path validation too.
    assert_eq!(
        answer(get(&app, "/admin/leads/abc", None).await).await.0,
        401
    );
    assert_eq!(answer(get(&app, "/admin/nowhere", None).await).await.0, 401);

    let (status, wrong_unknown) =
        answer(get(&app, "/admin/leads/999999", Some("not-the-key")).await).await;
    assert_eq!(status, 403);
    let (status, wrong_known) =
        answer(get(&app, "/admin/leads/1", Some("not-the-key")).await).await;
    assert_eq!(status, 403);
    assert_eq!(wrong_unknown, wrong_known);
    assert_eq!(
        wrong_known,
        json!({"detail": "Invalid API key.", "code": "forbidden"})
    );

    assert_eq!(
        answer(get(&app, "/admin/leads/999999", Some(ADMIN_KEY)).await)
            .await
            .0,
        404
    );
    assert_eq!(
        answer(get(&app, "/admin/leads/abc", Some(ADMIN_KEY)).await)
            .await
            .0,
        404
    );
    assert_eq!(
        answer(get(&app, "/admin/leads/0", Some(ADMIN_KEY)).await)
            .await
            .0,
        404
    );
    let (status, unknown_route) = answer(get(&app, "/admin/nowhere", Some(ADMIN_KEY)).await).await;
    assert_eq!(
        (status, unknown_route["code"].as_str()),
        (404, Some("not_found"))
    );
    let lead = get_ok(&app, "/admin/leads/1").await;
    assert_eq!(lead["lead_id"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_keys_leave_one_masked_event_per_address_per_minute() {
    let app = spawn_admin().await;
    for _ in 0..3 {
        get(&app, "/admin/leads/7", Some("guess")).await;
    }
    let events = app
        .count("SELECT count(*) FROM system_events WHERE event_type = 'admin.auth_failure'")
        .await;
    assert_eq!(events, 1);
    let masked = app
        .count(
            "SELECT count(*) FROM system_events WHERE event_type = 'admin.auth_failure'
             AND level = 'WARN' AND payload->>'ip_masked' = '127.0.0.x'
             AND payload->>'path_template' = '/admin/leads/{id}'",
        )
        .await;
    assert_eq!(masked, 1, "masked address and route template only");
    // A missing key is not a guess: no event.
    get(&app, "/admin/leads/7", None).await;
    assert_eq!(app.count("SELECT count(*) FROM system_events").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn development_without_a_key_leaves_the_admin_api_open() {
    let app = TestApp::spawn().await;
    let (status, page) = answer(get(&app, "/admin/leads", None).await).await;
    assert_eq!(status, 200);
    assert_eq!(page, json!({"items": [], "next_cursor": null}));
}

#[tokio::test(flavor = "multi_thread")]
async fn leads_are_listed_newest_first_filtered_and_paged() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "a", 0).await;
    consult(&app, "447700900456", "b", 1000).await;

    let page = get_ok(&app, "/admin/leads").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["wa_from"], "447700900456", "newest first");
    assert_eq!(items[1]["wa_from"], CLIENT);
    assert_eq!(items[1]["status"], "PENDING_APPROVAL");
    assert_eq!(items[1]["client_name"], "Sam");
    assert_eq!(items[1]["needs_action"], true);
    assert!(items[1]["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(page["next_cursor"], Value::Null);

    let first = get_ok(&app, "/admin/leads?limit=1").await;
    assert_eq!(first["items"][0]["wa_from"], "447700900456");
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = get_ok(&app, &format!("/admin/leads?limit=1&cursor={cursor}")).await;
    assert_eq!(second["items"][0]["wa_from"], CLIENT);
    assert_eq!(second["next_cursor"], Value::Null);

    let by_suffix = get_ok(&app, "/admin/leads?phone_suffix=0123").await;
    assert_eq!(by_suffix["items"].as_array().unwrap().len(), 1);
    let qualifying = get_ok(&app, "/admin/leads?status=QUALIFYING,REJECTED").await;
    assert!(qualifying["items"].as_array().unwrap().is_empty());
    let pending = get_ok(
        &app,
        "/admin/leads?status=PENDING_APPROVAL&needs_action=true",
    )
    .await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 2);
    let later = get_ok(
        &app,
        "/admin/leads?created_after=2999-01-01T00:00:00%2B01:00",
    )
    .await;
    assert!(later["items"].as_array().unwrap().is_empty());

    for (query, field) in [
        ("status=BOGUS", "status"),
        ("status=,", "status"),
        ("phone_suffix=12ab", "phone_suffix"),
        ("phone_suffix=123", "phone_suffix"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=garbage", "cursor"),
        ("sort=oldest", "sort"),
        ("created_before=yesterday", "created_before"),
        ("colour=red", "query"),
    ] {
        let (status, body) =
            answer(get(&app, &format!("/admin/leads?{query}"), Some(ADMIN_KEY)).await).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(body["code"], "validation_error", "{query}");
        assert_eq!(body["errors"][0]["field"], field, "{query}");
    }
    // A cursor of one sort order does not continue the other.
    let (status, _) = answer(
        get(
            &app,
            &format!("/admin/leads?sort=updated_desc&cursor={cursor}"),
            Some(ADMIN_KEY),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lead_detail_has_answers_history_messages_and_actions() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "a", 0).await;
    let id = lead_of(&app, CLIENT).await;
    let lead = get_ok(&app, &format!("/admin/leads/{id}")).await;

    assert_eq!(lead["wa_from"], CLIENT);
    assert_eq!(lead["status"], "PENDING_APPROVAL");
    assert_eq!(lead["answers"]["idea"], CONSULTATION[0]);
    assert_eq!(lead["answers"]["placement"], "Inner forearm");
    assert_eq!(lead["contact"]["phone"], CLIENT);
    assert_eq!(lead["contact"]["profile_name"], "Sam");
    assert!(lead["contact"]["window_open_until"].is_string());
    assert!(lead["summary_text"].is_string());
    assert!(lead["estimate"]["category"].is_string());
    assert_eq!(lead["interpretation"]["location"]["city"], "Leeds");
    assert_eq!(lead["history"][0]["to"], "QUALIFYING");
    assert_eq!(lead["history"][0]["reason_code"], "first_message");
    assert_eq!(
        lead["available_actions"],
        json!(["approve", "reject", "messages"])
    );
    let outbound = lead["outbound_messages"].as_array().unwrap();
    assert!(!outbound.is_empty());
    assert!(
        outbound.iter().all(|m| m["state"] == "queued"),
        "no workers ran"
    );
    assert!(outbound.iter().any(|m| m["recipient_role"] == "artist"));
    assert_eq!(lead["payments"], json!([]));
    assert_eq!(lead["holds"], json!([]));
    assert_eq!(lead["handover"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_funnel_counts_what_leads_ever_reached() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "a", 0).await;
    // A second lead that only started.
    app.say("447700900456", "wamid.b0", CONSULTATION[0], 2000)
        .await;

    let funnel = get_ok(&app, "/admin/funnel?days=7").await;
    assert_eq!(funnel["period_days"], 7);
    assert!(funnel["cutoff_date"].as_str().unwrap().ends_with('Z'));
    let counts = &funnel["counts"];
    assert_eq!(counts["new_leads"], 2);
    assert_eq!(counts["qualifying_started"], 2);
    assert_eq!(counts["qualifying_completed"], 1);
    assert_eq!(counts["pending_approval"], 1);
    assert_eq!(counts["approved"], 0);
    assert_eq!(counts["booked"], 0);
    let rates = &funnel["rates"];
    assert_eq!(rates["consult_start_rate"], 1.0);
    assert_eq!(rates["consult_completion_rate"], 0.5);
    assert_eq!(rates["approval_rate"], 0.0);

    assert_eq!(get_ok(&app, "/admin/funnel?days=0").await["period_days"], 1);
    assert_eq!(
        get_ok(&app, "/admin/funnel?days=99999").await["period_days"],
        3650
    );
    assert_eq!(get_ok(&app, "/admin/funnel").await["period_days"], 7);
    let (status, _) = answer(get(&app, "/admin/funnel?days=week", Some(ADMIN_KEY)).await).await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn events_are_filtered_paged_and_their_limits_validated() {
    let app = spawn_admin().await;
    for _ in 0..2 {
        // Distinct requests from one address: one event.
        get(&app, "/admin/funnel", Some("guess")).await;
    }
    consult(&app, CLIENT, "a", 0).await;

    let all = get_ok(&app, "/admin/events").await;
    let items = all["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let auth = get_ok(&app, "/admin/events?event_type=admin.*&level=WARN").await;
    assert_eq!(auth["items"].as_array().unwrap().len(), 1);
    assert_eq!(auth["items"][0]["event_type"], "admin.auth_failure");
    assert_eq!(
        auth["items"][0]["payload"]["path_template"],
        "/admin/funnel"
    );
    let exact = get_ok(&app, "/admin/events?event_type=admin.auth_failure").await;
    assert_eq!(exact["items"].as_array().unwrap().len(), 1);
    let none = get_ok(&app, "/admin/events?event_type=admin.auth").await;
    assert!(none["items"].as_array().unwrap().is_empty(), "exact match");

    if items.len() > 1 {
        let first = get_ok(&app, "/admin/events?limit=1").await;
        let cursor = first["next_cursor"].as_str().unwrap();
        let second = get_ok(&app, &format!("/admin/events?limit=1&cursor={cursor}")).await;
        assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    }

    for query in [
        "limit=0",
        "limit=-5",
        "limit=1001",
        "limit=many",
        "level=DEBUG",
        "lead_id=x",
        "since=now",
        "cursor=%%%",
        "event_type=bad%20type",
        "unknown=1",
    ] {
        let (status, body) =
            answer(get(&app, &format!("/admin/events?{query}"), Some(ADMIN_KEY)).await).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("validation_error")),
            "{query}"
        );
    }
    assert_eq!(
        get_ok(&app, "/admin/events?limit=1000").await["items"]
            .as_array()
            .unwrap()
            .len(),
        items.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_debug_view_shows_the_trail_but_no_token_hash() {
    let app = spawn_admin().await;
    consult(&app, CLIENT, "a", 0).await;
    let id = lead_of(&app, CLIENT).await;
    let debug = get_ok(&app, &format!("/admin/debug/lead/{id}")).await;

    assert_eq!(debug["lead"]["lead_id"], id);
    assert_eq!(
        debug["inbound_messages"].as_array().unwrap().len(),
        CONSULTATION.len()
    );
    assert!(!debug["outbound_messages"].as_array().unwrap().is_empty());
    assert!(!debug["jobs"].as_array().unwrap().is_empty());
    assert!(!debug["status_history"].as_array().unwrap().is_empty());
    assert!(!debug["processed_events"].as_array().unwrap().is_empty());
    let tokens = debug["tokens"].as_array().unwrap();
    assert!(!tokens.is_empty(), "the artist summary minted action links");
    assert!(tokens.iter().all(|t| t.get("token_hash").is_none()));
    assert!(!debug.to_string().contains("token_hash"));
    let at = debug["inbound_messages"][0]["received_at"]
        .as_str()
        .unwrap();
    assert!(at.ends_with('Z'), "{at}");
    assert_eq!(
        answer(get(&app, "/admin/debug/lead/424242", Some(ADMIN_KEY)).await)
            .await
            .0,
        404
    );
}
