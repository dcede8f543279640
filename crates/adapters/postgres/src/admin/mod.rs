//! The admin API's reads (lead list and detail, funnel, events, debug view, contact export) and the
//! GDPR erase (http-api.md §5.2–§5.3, §5.15–§5.18).
//!
//! Reads return rows shaped for the admin JSON; the server only adds what it computes (links, the
//! actions on offer). Lists page by keyset: newest first on `(timestamp, id)`, the last row's key being
//! where the next page starts.

mod contacts;
mod debug;
mod erase;
mod events;
mod funnel;
mod json_rows;
mod lead_detail;
mod lead_list;
mod lead_records;

use chrono::{DateTime, Utc};

pub use contacts::{ContactExport, ContactMatch, export_contact, search_contacts};
pub use debug::{LeadDebug, lead_debug};
pub use erase::{EraseBlocked, EraseOutcome, EraseRequest, erase_contact};
pub use events::{EventFilter, EventRow, EventTypeMatch, list_events};
pub use funnel::{FunnelCounts, funnel_counts};
pub use lead_detail::{
    BookingColumns, ContactRow, DepositColumns, EstimateColumns, InterpretationColumns, LeadDetail,
    LeadRow, lead_detail,
};
pub use lead_list::{LeadFilter, LeadListItem, LeadSort, list_leads};
pub use lead_records::{
    AnswerRow, AttachmentRow, HistoryRow, HoldRow, OfferRow, OutboundRow, PaymentRow,
};

/// Where a newest-first list continues: strictly older than this row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey {
    pub at: DateTime<Utc>,
    pub id: i64,
}

/// One page of a newest-first list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `None` on the last page.
    pub next: Option<PageKey>,
}

impl<T> Page<T> {
    /// `rows` were fetched with `limit + 1`: the extra row only says that another page exists.
    fn from_rows(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> PageKey) -> Self {
        let limit = usize::try_from(limit).unwrap_or(0);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more { rows.last().map(key) } else { None };
        Self { items: rows, next }
    }
}
