//! Sheets v4 values (integrations.md §4.5): an in-memory grid per spreadsheet and tab; get, update
//! (`valueInputOption=RAW` required, JSON `null` leaves a cell unchanged) and append with
//! `INSERT_ROWS` after the last non-empty row.

use std::collections::HashMap;

use hyper::Method;
use serde_json::{Value, json};

use super::a1::{self, A1, column_letters, quote_tab};
use super::wire::{Reply, bad_request, google_error, json_reply};
use super::{Shared, lock};

pub(crate) type Grid = Vec<Vec<Value>>;

pub(crate) enum Route {
    Get(String, String),
    Update(String, String),
    Append(String, String),
}

/// `segments` are the decoded path segments after `/v4/spreadsheets/`.
pub(crate) fn route(method: &Method, segments: &[String]) -> Option<Route> {
    let [spreadsheet, values, range] = segments else {
        return None;
    };
    if values != "values" {
        return None;
    }
    let id = spreadsheet.clone();
    match (method, range.strip_suffix(":append")) {
        (&Method::POST, Some(range)) => Some(Route::Append(id, range.to_owned())),
        (&Method::GET, None) => Some(Route::Get(id, range.clone())),
        (&Method::PUT, None) => Some(Route::Update(id, range.clone())),
        _ => None,
    }
}

pub(crate) fn handle(
    state: &Shared,
    route: Route,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Reply {
    let param = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let (Route::Get(id, range) | Route::Update(id, range) | Route::Append(id, range)) = &route;
    let mut state = lock(state);
    let Some(spreadsheet) = state.spreadsheets.get_mut(id) else {
        return google_error(
            404,
            "notFound",
            "global",
            "Requested entity was not found.",
            None,
        );
    };
    let Some(parsed) = a1::parse(range) else {
        return bad_request(&format!("Unable to parse range: {range}"));
    };
    let Some(grid) = spreadsheet.get_mut(&parsed.tab) else {
        return bad_request(&format!("Unable to parse range: {range}"));
    };
    let unformatted = param("valueRenderOption") == Some("UNFORMATTED_VALUE");
    if matches!(route, Route::Get(..)) {
        return get(grid, &parsed, range, unformatted);
    }
    if param("valueInputOption") != Some("RAW") {
        return bad_request("valueInputOption must be RAW for inkdesk.");
    }
    let Some(values) = body.and_then(|b| b["values"].as_array()) else {
        return bad_request("Invalid values.");
    };
    if body.is_some_and(|b| b.get("majorDimension").is_some_and(|d| d != "ROWS")) {
        return bad_request("Invalid majorDimension.");
    }
    let rows: Vec<Vec<Value>> = values
        .iter()
        .map(|row| row.as_array().cloned().unwrap_or_default())
        .collect();
    match route {
        Route::Get(..) => bad_request("unreachable"),
        Route::Update(..) => {
            if body
                .and_then(|b| b.get("range"))
                .is_some_and(|r| r != range.as_str())
            {
                return bad_request(
                    "Requested writing within range, but the body names another range.",
                );
            }
            update(grid, &parsed, &rows, id)
        }
        Route::Append(..) => {
            if param("insertDataOption") != Some("INSERT_ROWS") {
                return bad_request("insertDataOption must be INSERT_ROWS for inkdesk.");
            }
            append(grid, &parsed, &rows, id)
        }
    }
}

fn get(grid: &Grid, range: &A1, requested: &str, unformatted: bool) -> Reply {
    let first_row = range.start_row.unwrap_or(0);
    let last_row = range.end_row.unwrap_or(usize::MAX);
    let first_col = range.start_col.unwrap_or(0);
    let last_col = range.end_col.unwrap_or(usize::MAX);
    let mut values: Vec<Vec<Value>> = grid
        .iter()
        .enumerate()
        .filter(|(r, _)| (first_row..=last_row).contains(r))
        .map(|(_, row)| {
            let mut cells: Vec<Value> = row
                .iter()
                .enumerate()
                .filter(|(c, _)| (first_col..=last_col).contains(c))
                .map(|(_, v)| render(v, unformatted))
                .collect();
            while cells.last().is_some_and(is_empty) {
                cells.pop();
            }
            cells
        })
        .collect();
    while values.last().is_some_and(Vec::is_empty) {
        values.pop();
    }
    let mut reply = json!({"range": requested, "majorDimension": "ROWS"});
    if !values.is_empty() {
        reply["values"] = json!(values);
    }
    json_reply(200, &reply)
}

fn update(grid: &mut Grid, range: &A1, rows: &[Vec<Value>], id: &str) -> Reply {
    let row0 = range.start_row.unwrap_or(0);
    let col0 = range.start_col.unwrap_or(0);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let too_tall = range.end_row.is_some_and(|end| row0 + rows.len() > end + 1);
    let too_wide = range.end_col.is_some_and(|end| col0 + width > end + 1);
    if too_tall || too_wide {
        return bad_request("Requested writing within range, but tried writing outside it.");
    }
    let cells = write(grid, row0, col0, rows);
    json_reply(
        200,
        &json!({
            "spreadsheetId": id,
            "updatedRange": span(&range.tab, row0, col0, rows.len(), width),
            "updatedRows": rows.len(),
            "updatedColumns": width,
            "updatedCells": cells,
        }),
    )
}

fn append(grid: &mut Grid, range: &A1, rows: &[Vec<Value>], id: &str) -> Reply {
    let table_end = grid
        .iter()
        .rposition(|row| row.iter().any(|v| !is_empty(v)))
        .map_or(0, |last| last + 1);
    let col0 = range.start_col.unwrap_or(0);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let table_width = grid
        .iter()
        .take(table_end)
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(width);
    // INSERT_ROWS: new rows go in before whatever follows the table (only empty rows here).
    let insert_at = table_end.min(grid.len());
    for _ in 0..rows.len() {
        grid.insert(insert_at, Vec::new());
    }
    let cells = write(grid, table_end, col0, rows);
    let mut reply = json!({
        "spreadsheetId": id,
        "updates": {
            "spreadsheetId": id,
            "updatedRange": span(&range.tab, table_end, col0, rows.len(), width),
            "updatedRows": rows.len(),
            "updatedColumns": width,
            "updatedCells": cells,
        },
    });
    if table_end > 0 {
        reply["tableRange"] = json!(span(&range.tab, 0, 0, table_end, table_width));
    }
    json_reply(200, &reply)
}

/// Writes `rows` at (`row0`, `col0`); `null` leaves a cell as it was. Returns the cells written.
fn write(grid: &mut Grid, row0: usize, col0: usize, rows: &[Vec<Value>]) -> usize {
    let mut written = 0;
    for (r, row) in rows.iter().enumerate() {
        if grid.len() <= row0 + r {
            grid.resize(row0 + r + 1, Vec::new());
        }
        let target = &mut grid[row0 + r];
        for (c, value) in row.iter().enumerate() {
            if value.is_null() {
                continue;
            }
            if target.len() <= col0 + c {
                target.resize(col0 + c + 1, json!(""));
            }
            target[col0 + c] = value.clone();
            written += 1;
        }
    }
    written
}

/// `Tab!A57:BC57` for `rows` × `width` cells at (`row0`, `col0`).
fn span(tab: &str, row0: usize, col0: usize, rows: usize, width: usize) -> String {
    format!(
        "{}!{}{}:{}{}",
        quote_tab(tab),
        column_letters(col0),
        row0 + 1,
        column_letters(col0 + width.max(1) - 1),
        row0 + rows.max(1)
    )
}

/// `FORMATTED_VALUE` (the default) returns every cell as text.
fn render(value: &Value, unformatted: bool) -> Value {
    match value {
        Value::Null => json!(""),
        Value::Bool(b) if !unformatted => json!(if *b { "TRUE" } else { "FALSE" }),
        Value::Number(n) if !unformatted => json!(n.to_string()),
        other => other.clone(),
    }
}

pub(crate) fn is_empty(value: &Value) -> bool {
    value.is_null() || value.as_str() == Some("")
}

pub(crate) fn new_spreadsheet(tab: &str) -> HashMap<String, Grid> {
    HashMap::from([(tab.to_owned(), Grid::new())])
}
