//! The upsert algorithm of integrations.md §4.2: check the header once per process, trust a
//! remembered row only after reading its lead id back, else find the lead in column A, else append.
//! Jobs run one at a time per spreadsheet (ordering key), so nothing here guards against a
//! concurrent append of the same lead.

use std::sync::atomic::Ordering;

use inkdesk_domain::provider::ProviderError;
use serde::Deserialize;
use serde_json::{Value, json};

use super::SheetsClient;
use super::a1::{self, first_row_of};
use super::row::{COLUMNS, Cell, LeadRow};

const UNFORMATTED: (&str, &str) = ("valueRenderOption", "UNFORMATTED_VALUE");
const RAW: (&str, &str) = ("valueInputOption", "RAW");

#[derive(Deserialize)]
struct ValueRange {
    #[serde(default)]
    values: Vec<Vec<Value>>,
}

#[derive(Deserialize)]
struct AppendResponse {
    updates: Option<Updates>,
}

#[derive(Deserialize)]
struct Updates {
    #[serde(rename = "updatedRange")]
    updated_range: Option<String>,
}

impl SheetsClient {
    /// Writes the lead's row and returns its row number (to remember in `sheet_rows`). `known_row`
    /// is the remembered one, if any; it is used only when its column A still holds this lead.
    pub async fn upsert(
        &self,
        row: &LeadRow,
        known_row: Option<u32>,
    ) -> Result<u32, ProviderError> {
        self.upsert_cells(row.lead_id, &row.cells(), known_row)
            .await
    }

    pub(super) async fn upsert_cells(
        &self,
        lead_id: i64,
        cells: &[Cell],
        known_row: Option<u32>,
    ) -> Result<u32, ProviderError> {
        self.ensure_header().await?;
        let lead = lead_id.to_string();
        if let Some(row) = known_row.filter(|r| *r >= 2)
            && self.cell_a(row).await?.as_deref() == Some(lead.as_str())
        {
            self.update_row(row, cells).await?;
            return Ok(row);
        }
        match self.find_row(&lead).await? {
            Some(row) => {
                self.update_row(row, cells).await?;
                Ok(row)
            }
            None => self.append_row(cells).await,
        }
    }

    /// Row 1 empty → write the header; `A1 ≠ lead_id` → the sheet is not ours to write.
    async fn ensure_header(&self) -> Result<(), ProviderError> {
        if self.header_checked.load(Ordering::Acquire) {
            return Ok(());
        }
        let range = a1::header_row(&self.tab);
        let url = self.url(&range, "", &[])?;
        let header = self.read("read_header", url).await?;
        match header.first().and_then(|row| row.first()).map(text) {
            None => {
                let cells: Vec<Cell> = COLUMNS
                    .iter()
                    .map(|c| Cell::Text((*c).to_owned()))
                    .collect();
                self.write("write_header", &a1::whole_row(&self.tab, 1), &cells)
                    .await?;
            }
            Some(first) if first == COLUMNS[0] => {}
            Some(_) => return Err(ProviderError::permanent("sheet_layout_unexpected")),
        }
        self.header_checked.store(true, Ordering::Release);
        Ok(())
    }

    /// Column A of `row`, as text; `None` when the cell is empty or past the end.
    async fn cell_a(&self, row: u32) -> Result<Option<String>, ProviderError> {
        let url = self.url(&a1::cell_a(&self.tab, row), "", &[UNFORMATTED])?;
        let values = self.read("read_cell", url).await?;
        Ok(values
            .first()
            .and_then(|r| r.first())
            .map(text)
            .filter(|t| !t.is_empty()))
    }

    /// The first row from row 2 on whose column A is the lead id.
    async fn find_row(&self, lead: &str) -> Result<Option<u32>, ProviderError> {
        let url = self.url(
            &a1::column_a(&self.tab),
            "",
            &[("majorDimension", "ROWS"), UNFORMATTED],
        )?;
        let column = self.read("read_column", url).await?;
        let found = column
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, row)| row.first().map(text).as_deref() == Some(lead))
            .and_then(|(index, _)| u32::try_from(index + 1).ok());
        Ok(found)
    }

    async fn update_row(&self, row: u32, cells: &[Cell]) -> Result<(), ProviderError> {
        self.write("update_row", &a1::whole_row(&self.tab, row), cells)
            .await
    }

    async fn append_row(&self, cells: &[Cell]) -> Result<u32, ProviderError> {
        let url = self.url(
            &a1::column_a(&self.tab),
            ":append",
            &[RAW, ("insertDataOption", "INSERT_ROWS")],
        )?;
        let body = json!({"majorDimension": "ROWS", "values": [to_json(cells)]});
        self.pacer.wait_turn().await;
        let answer = self
            .api
            .call("append_row", |http| http.post(url.clone()).json(&body))
            .await?;
        if !answer.is_success() {
            return Err(answer.error());
        }
        let response: AppendResponse = answer.json()?;
        // The row is in the sheet even if we cannot tell where: a retry finds it in column A.
        response
            .updates
            .and_then(|u| u.updated_range)
            .as_deref()
            .and_then(first_row_of)
            .ok_or_else(|| ProviderError::retryable("appended_row_unknown", None))
    }

    async fn read(
        &self,
        operation: &'static str,
        url: reqwest::Url,
    ) -> Result<Vec<Vec<Value>>, ProviderError> {
        self.pacer.wait_turn().await;
        let answer = self
            .api
            .call(operation, |http| http.get(url.clone()))
            .await?;
        if !answer.is_success() {
            return Err(answer.error());
        }
        Ok(answer.json::<ValueRange>()?.values)
    }

    async fn write(
        &self,
        operation: &'static str,
        range: &str,
        cells: &[Cell],
    ) -> Result<(), ProviderError> {
        let url = self.url(range, "", &[RAW])?;
        let body = json!({"range": range, "majorDimension": "ROWS", "values": [to_json(cells)]});
        self.pacer.wait_turn().await;
        let answer = self
            .api
            .call(operation, |http| http.put(url.clone()).json(&body))
            .await?;
        if answer.is_success() {
            Ok(())
        } else {
            Err(answer.error())
        }
    }
}

fn to_json(cells: &[Cell]) -> Vec<Value> {
    cells.iter().map(Cell::to_json).collect()
}

/// A cell as text, for comparing with a lead id: `42`, `42.0` and `"42"` are all "42".
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                format!("{f:.0}")
            }
            _ => n.to_string(),
        },
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Value::Null | Value::Array(_) | Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::text;
    use serde_json::json;

    #[test]
    fn cells_compare_as_text() {
        assert_eq!(text(&json!(42)), "42");
        assert_eq!(text(&json!(42.0)), "42");
        assert_eq!(text(&json!(" 42 ")), "42");
        assert_eq!(text(&json!(4.5)), "4.5");
        assert_eq!(text(&json!(null)), "");
        assert_eq!(text(&json!(1e300)), "1e+300");
    }
}
