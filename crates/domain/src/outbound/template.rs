//! Filling an approved template: the parameter values in the configured order, sanitised the way
//! Meta accepts them (integrations.md §2.2), and the form a template row is stored in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::copy::{Catalogue, MessageId, Params, date_label, time_label};
use crate::model::LeadId;
use crate::rules::{Template, TemplateParam};

/// Longest template parameter, in characters.
pub const PARAM_MAX_CHARS: usize = 60;

/// Shown when the client's profile name gives no first name.
const NO_FIRST_NAME: &str = "there";

/// Meta refuses empty parameters; a value we cannot fill must still be something.
const UNKNOWN_VALUE: &str = "-";

/// An approved template as sent: name, language, body parameters in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMessage {
    pub name: String,
    pub language: String,
    pub params: Vec<String>,
    /// Adds the quick-reply `continue` button.
    pub continue_button: bool,
}

/// The appointment a booking template or reminder is about, in the zone it is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appointment {
    pub start: DateTime<Utc>,
    pub zone: Tz,
}

/// What template parameters can be filled from, besides the contact's profile name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateFacts {
    pub lead_id: Option<LeadId>,
    pub appointment: Option<Appointment>,
    /// The one-line `update.*` text for an artist notification (see [`event_summary`]).
    pub event_summary: Option<String>,
}

/// The stored `template_params` value: everything besides the name that sending needs, so a
/// template row can be sent (and re-sent) without consulting the configuration again.
#[derive(Deserialize)]
struct StoredParams {
    language: String,
    params: Vec<String>,
    #[serde(default)]
    continue_button: bool,
}

impl TemplateMessage {
    /// Fills `template`'s parameters, in its configured order.
    pub fn build(template: &Template, profile_name: Option<&str>, facts: &TemplateFacts) -> Self {
        let params = template
            .params
            .iter()
            .map(|param| param_value(*param, profile_name, facts))
            .collect();
        Self {
            name: template.name.clone(),
            language: template.language.clone(),
            params,
            continue_button: template.continue_button,
        }
    }

    /// The `template_params` column.
    pub fn stored_params(&self) -> Value {
        json!({
            "language": self.language,
            "params": self.params,
            "continue_button": self.continue_button,
        })
    }

    /// Reads a template row back; `None` when the columns do not hold a template.
    pub fn from_stored(name: &str, params: &Value) -> Option<Self> {
        let stored = StoredParams::deserialize(params).ok()?;
        (!name.trim().is_empty()).then(|| Self {
            name: name.to_owned(),
            language: stored.language,
            params: stored.params,
            continue_button: stored.continue_button,
        })
    }

    /// The `body` of a template row, for the admin pages: `artist_update: #42 | New enquiry`.
    pub fn summary(&self) -> String {
        if self.params.is_empty() {
            self.name.clone()
        } else {
            format!("{}: {}", self.name, self.params.join(" | "))
        }
    }
}

fn param_value(param: TemplateParam, profile_name: Option<&str>, facts: &TemplateFacts) -> String {
    let value = match param {
        TemplateParam::ClientFirstName => return first_name(profile_name),
        TemplateParam::AppointmentDate => facts.appointment.map(|a| date_label(a.start, a.zone)),
        TemplateParam::AppointmentTime => facts.appointment.map(|a| time_label(a.start, a.zone)),
        TemplateParam::LeadRef => facts.lead_id.map(|lead| lead.to_string()),
        TemplateParam::EventSummary => facts.event_summary.clone(),
    };
    sanitise_param(value.as_deref().unwrap_or_default(), UNKNOWN_VALUE)
}

/// The first word of the WhatsApp profile name, else `there`.
pub fn first_name(profile_name: Option<&str>) -> String {
    let word = profile_name
        .and_then(|name| name.split_whitespace().next())
        .unwrap_or_default();
    sanitise_param(word, NO_FIRST_NAME)
}

/// Meta's rules for a body parameter: line breaks and tabs become spaces, runs of more than three
/// spaces collapse to one, the ends are trimmed, at most 60 characters, and never empty (`fallback`).
pub fn sanitise_param(raw: &str, fallback: &str) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let collapsed = collapse_long_space_runs(&spaced);
    let truncated: String = collapsed.trim().chars().take(PARAM_MAX_CHARS).collect();
    let trimmed = truncated.trim_end();
    if trimmed.is_empty() {
        fallback.to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn collapse_long_space_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0usize;
    for c in text.chars() {
        if c == ' ' {
            run += 1;
            continue;
        }
        push_spaces(&mut out, run);
        run = 0;
        out.push(c);
    }
    push_spaces(&mut out, run);
    out
}

fn push_spaces(out: &mut String, run: usize) {
    let kept = if run > 3 { 1 } else { run };
    out.extend(std::iter::repeat_n(' ', kept));
}

/// The one-line summary of an artist notification for the `artist_update` template; `None` for
/// kinds that are not artist notifications.
pub fn event_summary(
    catalogue: &Catalogue,
    kind: MessageId,
    lead: Option<LeadId>,
) -> Option<String> {
    let line = kind.artist_update_line()?;
    catalogue.render(line, lead, &Params::new()).ok()
}
