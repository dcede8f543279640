//! `[whatsapp]` and `[whatsapp.templates]`: interactive messages, read receipts, and the approved
//! templates used outside the 24-hour window (integrations.md §2.2).

use serde::{Deserialize, Deserializer};

use super::problems::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WhatsAppRules {
    /// Send questions with fixed options as reply buttons.
    pub interactive: bool,
    pub mark_read: bool,
    pub templates: Templates,
}

impl Default for WhatsAppRules {
    fn default() -> Self {
        Self {
            interactive: true,
            mark_read: false,
            templates: Templates::default(),
        }
    }
}

/// One template per purpose. Each may be given partially; missing keys keep that template's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Templates {
    #[serde(deserialize_with = "client_reply_to_continue")]
    pub client_reply_to_continue: Template,
    #[serde(deserialize_with = "payment_received")]
    pub payment_received: Template,
    #[serde(deserialize_with = "booking_confirmed")]
    pub booking_confirmed: Template,
    #[serde(deserialize_with = "appointment_reminder")]
    pub appointment_reminder: Template,
    #[serde(deserialize_with = "artist_update")]
    pub artist_update: Template,
}

impl Default for Templates {
    fn default() -> Self {
        use TemplateParam::*;
        Self {
            client_reply_to_continue: Template::en_gb("next_steps_reply_to_continue", &[]),
            payment_received: Template::en_gb("deposit_received_next_steps", &[ClientFirstName]),
            booking_confirmed: Template::en_gb(
                "booking_confirmed",
                &[ClientFirstName, AppointmentDate, AppointmentTime],
            ),
            appointment_reminder: Template::en_gb(
                "appointment_reminder",
                &[ClientFirstName, AppointmentDate, AppointmentTime],
            ),
            artist_update: Template::en_gb("artist_update", &[LeadRef, EventSummary]),
        }
    }
}

/// An approved WhatsApp template: its name, language and body parameters in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    /// Meta's language code, e.g. `en_GB`.
    pub language: String,
    pub params: Vec<TemplateParam>,
    /// Adds the quick-reply `continue` button component when sending.
    pub continue_button: bool,
}

impl Template {
    fn en_gb(name: &str, params: &[TemplateParam]) -> Self {
        Self {
            name: name.to_owned(),
            language: "en_GB".to_owned(),
            params: params.to_vec(),
            continue_button: false,
        }
    }
}

/// The values inkdesk can put into a template body; any other name in `params` is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateParam {
    /// First word of the WhatsApp profile name, else `there`.
    ClientFirstName,
    /// `Mon 29 Mar`.
    AppointmentDate,
    /// `10:00 BST`.
    AppointmentTime,
    /// `#42`.
    LeadRef,
    /// One-line event summary, at most 60 characters.
    EventSummary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplatePatch {
    name: Option<String>,
    language: Option<String>,
    params: Option<Vec<TemplateParam>>,
    continue_button: Option<bool>,
}

impl TemplatePatch {
    fn over(self, default: Template) -> Template {
        Template {
            name: self.name.unwrap_or(default.name),
            language: self.language.unwrap_or(default.language),
            params: self.params.unwrap_or(default.params),
            continue_button: self.continue_button.unwrap_or(default.continue_button),
        }
    }
}

fn patched<'de, D: Deserializer<'de>>(
    deserializer: D,
    default: Template,
) -> Result<Template, D::Error> {
    TemplatePatch::deserialize(deserializer).map(|patch| patch.over(default))
}

fn client_reply_to_continue<'de, D: Deserializer<'de>>(d: D) -> Result<Template, D::Error> {
    patched(d, Templates::default().client_reply_to_continue)
}

fn payment_received<'de, D: Deserializer<'de>>(d: D) -> Result<Template, D::Error> {
    patched(d, Templates::default().payment_received)
}

fn booking_confirmed<'de, D: Deserializer<'de>>(d: D) -> Result<Template, D::Error> {
    patched(d, Templates::default().booking_confirmed)
}

fn appointment_reminder<'de, D: Deserializer<'de>>(d: D) -> Result<Template, D::Error> {
    patched(d, Templates::default().appointment_reminder)
}

fn artist_update<'de, D: Deserializer<'de>>(d: D) -> Result<Template, D::Error> {
    patched(d, Templates::default().artist_update)
}

impl Templates {
    pub fn all(&self) -> [(&'static str, &Template); 5] {
        [
            ("client_reply_to_continue", &self.client_reply_to_continue),
            ("payment_received", &self.payment_received),
            ("booking_confirmed", &self.booking_confirmed),
            ("appointment_reminder", &self.appointment_reminder),
            ("artist_update", &self.artist_update),
        ]
    }
}

impl WhatsAppRules {
    pub(super) fn check(&self, problems: &mut Problems) {
        for (purpose, template) in self.templates.all() {
            let at = format!("whatsapp.templates.{purpose}");
            problems.non_empty(format!("{at}.name"), &template.name);
            problems.non_empty(format!("{at}.language"), &template.language);
        }
    }
}
