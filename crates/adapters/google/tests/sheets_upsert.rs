#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The lead-log upsert against the fake Sheets: one row per lead, found again after humans move rows,
//! empty values clearing cells, and the header check.

mod support;

use inkdesk_domain::model::LeadId;
use inkdesk_domain::ports::LeadSheet;
use inkdesk_domain::provider::ProviderError;
use inkdesk_google::LeadRow;
use inkdesk_google::sheets::COLUMNS;
use inkdesk_test_support::fake_google::{FAKE_SHEET_TAB, FAKE_SPREADSHEET_ID, FakeApi, FakeGoogle};
use serde_json::{Value, json};
use support::{sheets, sheets_on_tab, start};

fn lead(id: i64, name: Option<&str>, status: &str) -> LeadRow {
    LeadRow {
        lead_id: id,
        whatsapp_number: Some("447700900123".into()),
        client_name: name.map(str::to_owned),
        budget_amount: Some(30_000),
        deposit_paid: Some(false),
        status: Some(status.into()),
        ..LeadRow::default()
    }
}

fn rows(fake: &FakeGoogle) -> Vec<Vec<Value>> {
    fake.sheet_rows(FAKE_SPREADSHEET_ID, FAKE_SHEET_TAB)
}

fn header() -> Vec<Value> {
    COLUMNS.iter().map(|c| json!(c)).collect()
}

#[tokio::test]
async fn the_first_upsert_writes_the_header_and_appends_then_updates_the_same_row() {
    let fake = start().await;
    let client = sheets(&fake).await;

    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "NEW"), None)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "QUALIFYING"), None)
            .await
            .unwrap(),
        2
    );

    let rows = rows(&fake);
    assert_eq!(rows.len(), 2, "one header, one row per lead");
    assert_eq!(rows[0], header());
    assert_eq!(rows[1].len(), 55);
    assert_eq!(rows[1][0], json!(42));
    assert_eq!(rows[1][2], json!("Sam"));
    assert_eq!(rows[1][19], json!(30_000));
    assert_eq!(rows[1][26], json!(false));
    assert_eq!(rows[1][32], json!("QUALIFYING"));

    let requests = fake.requests_to(FakeApi::Sheets);
    let calls: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.rsplit('/').next().unwrap()))
        .collect();
    assert_eq!(
        calls,
        [
            ("GET", "Leads%211%3A1"),
            ("PUT", "Leads%21A1%3ABC1"),
            ("GET", "Leads%21A%3AA"),
            ("POST", "Leads%21A%3AA:append"),
            ("GET", "Leads%21A%3AA"),
            ("PUT", "Leads%21A2%3ABC2"),
        ]
    );
    assert!(requests.iter().all(|r| r.authorized));
    let append = &requests[3];
    assert_eq!(
        append.query_param("valueInputOption").as_deref(),
        Some("RAW")
    );
    assert_eq!(
        append.query_param("insertDataOption").as_deref(),
        Some("INSERT_ROWS")
    );
    assert_eq!(
        requests[2].query_param("valueRenderOption").as_deref(),
        Some("UNFORMATTED_VALUE")
    );
    let update = &requests[5];
    assert_eq!(
        update.query_param("valueInputOption").as_deref(),
        Some("RAW")
    );
    assert_eq!(update.body.as_ref().unwrap()["range"], "Leads!A2:BC2");
    assert_eq!(update.body.as_ref().unwrap()["majorDimension"], "ROWS");
}

#[tokio::test]
async fn empty_values_clear_cells_and_are_never_null() {
    let fake = start().await;
    let client = sheets(&fake).await;
    client
        .upsert(&lead(42, Some("Sam"), "NEW"), None)
        .await
        .unwrap();
    let mut erased = lead(42, None, "NEW");
    erased.whatsapp_number = None;
    client.upsert(&erased, Some(2)).await.unwrap();

    let row = &rows(&fake)[1];
    assert_eq!(row[1], json!(""));
    assert_eq!(row[2], json!(""));
    let update = fake.requests_to(FakeApi::Sheets).pop().unwrap();
    let values = &update.body.unwrap()["values"][0];
    assert!(values.as_array().unwrap().iter().all(|v| !v.is_null()));
}

#[tokio::test]
async fn a_remembered_row_is_checked_and_a_moved_row_is_found_again() {
    let fake = start().await;
    let client = sheets(&fake).await;
    assert_eq!(
        client
            .upsert(&lead(41, Some("Ann"), "NEW"), None)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "NEW"), None)
            .await
            .unwrap(),
        3
    );

    // The remembered row still holds the lead: one read of A3, one write.
    let before = fake.requests_to(FakeApi::Sheets).len();
    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "BOOKED"), Some(3))
            .await
            .unwrap(),
        3
    );
    let paths: Vec<String> = fake.requests_to(FakeApi::Sheets)[before..]
        .iter()
        .map(|r| r.path.rsplit('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["Leads%21A3", "Leads%21A3%3ABC3"]);

    // A human deletes row 2: lead 42 moves up to row 2 and row 3 is empty.
    fake.delete_sheet_row(FAKE_SPREADSHEET_ID, FAKE_SHEET_TAB, 2);
    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "CANCELLED"), Some(3))
            .await
            .unwrap(),
        2
    );
    let rows = rows(&fake);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][32], json!("CANCELLED"));

    // A remembered row now holding another lead is not overwritten.
    assert_eq!(
        client
            .upsert(&lead(41, Some("Ann"), "STALE"), Some(2))
            .await
            .unwrap(),
        3
    );
    assert_eq!(rows_count_for(&fake, 41), 1);
    assert_eq!(rows_count_for(&fake, 42), 1);
}

fn rows_count_for(fake: &FakeGoogle, lead: i64) -> usize {
    rows(fake)
        .iter()
        .filter(|r| r.first() == Some(&json!(lead)))
        .count()
}

#[tokio::test]
async fn an_existing_sheet_is_matched_by_text_and_a_foreign_layout_is_refused() {
    let fake = start().await;
    fake.set_sheet_rows(
        FAKE_SPREADSHEET_ID,
        FAKE_SHEET_TAB,
        vec![
            header(),
            vec![json!("40")],
            vec![json!(" 42 "), json!("old")],
        ],
    );
    let client = sheets(&fake).await;
    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "NEW"), None)
            .await
            .unwrap(),
        3
    );
    assert_eq!(rows(&fake).len(), 3);

    let fake = start().await;
    fake.set_sheet_rows(
        FAKE_SPREADSHEET_ID,
        FAKE_SHEET_TAB,
        vec![vec![json!("Name")]],
    );
    let client = sheets(&fake).await;
    assert_eq!(
        client
            .upsert(&lead(42, Some("Sam"), "NEW"), None)
            .await
            .unwrap_err(),
        ProviderError::permanent("sheet_layout_unexpected")
    );
    assert_eq!(
        fake.requests_to(FakeApi::Sheets).len(),
        1,
        "nothing written"
    );
}

#[tokio::test]
async fn the_header_is_checked_once_per_client() {
    let fake = start().await;
    let client = sheets(&fake).await;
    client.upsert(&lead(1, None, "NEW"), None).await.unwrap();
    client
        .clone()
        .upsert(&lead(2, None, "NEW"), None)
        .await
        .unwrap();
    let header_reads = fake
        .requests_to(FakeApi::Sheets)
        .iter()
        .filter(|r| r.path.ends_with("%211%3A1"))
        .count();
    assert_eq!(header_reads, 1);
}

#[tokio::test]
async fn a_tab_name_with_spaces_and_quotes_is_quoted_and_encoded() {
    let fake = start().await;
    fake.set_sheet_rows(FAKE_SPREADSHEET_ID, "Rowan's leads", vec![]);
    let client = sheets_on_tab(&fake, "Rowan's leads").await;
    assert_eq!(client.upsert(&lead(7, None, "NEW"), None).await.unwrap(), 2);
    let append = &fake.requests_to(FakeApi::Sheets)[3];
    assert!(
        append
            .path
            .ends_with("/values/%27Rowan%27%27s%20leads%27%21A%3AA:append"),
        "{}",
        append.path
    );
    assert_eq!(
        fake.sheet_rows(FAKE_SPREADSHEET_ID, "Rowan's leads").len(),
        2
    );
}

#[tokio::test]
async fn the_port_writes_text_cells_under_the_lead_id() {
    let fake = start().await;
    let client = sheets(&fake).await;
    let mut cells = vec!["42".to_owned(), "447700900123".to_owned(), String::new()];
    cells.extend(std::iter::repeat_n("x".to_owned(), 60));
    client.upsert_row(LeadId(42), cells).await.unwrap();
    let row = &rows(&fake)[1];
    assert_eq!(row.len(), 55);
    assert_eq!(row[0], json!(42));
    assert_eq!(row[1], json!("447700900123"));
    assert_eq!(row[2], json!(""));
}
