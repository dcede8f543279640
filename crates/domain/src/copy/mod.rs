//! The message catalogue (consultation.md §24): every outbound text by message id, with its
//! declared placeholders, 1–5 deterministic variants, studio overrides and locale files,
//! startup validation against WhatsApp's limits, and the formatting of what fills the
//! placeholders (money, sizes, slot labels, the artist's lead summary).
//!
//! Typical use: `Catalogue::en_gb().with_overrides(..)?` once at startup, `validate()` it, then
//! `catalogue.render(MessageId::SLOT_HELD, Some(lead), &params)` per message.

mod catalogue;
mod channel;
mod en_gb;
mod format;
mod id;
mod lint;
mod locale;
pub mod params;
mod split;
mod summary;
mod template;
mod time_labels;
mod validate;
mod variant;

pub use catalogue::{Catalogue, Entry, RenderError};
pub use channel::Channel;
pub use format::{format_dimensions, format_money, format_money_range, format_session_length};
pub use id::{MessageId, UnknownMessageId};
pub use lint::{MAX_EMOJI, contains_literal_url, emoji_count};
pub use locale::{LocaleCatalogue, flatten_copy_table};
pub use params::ParamSpec;
pub use split::{WHATSAPP_TEXT_LIMIT, split_into_parts};
pub use summary::{LeadSummaryInput, SummaryHeadline, client_label, lead_summary};
pub use template::{Params, TemplateError};
pub use time_labels::{
    date_label, date_time_label, slot_label, slot_row_title, time_label, time_range_label,
};
pub use validate::{CatalogueError, CatalogueErrors, MAX_VARIANTS};
pub use variant::{repair_variant, variant_index};
