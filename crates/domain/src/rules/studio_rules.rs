//! The whole studio-rules file and its two entry points: parsing and validation.

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use super::booking::BookingRules;
use super::conversation::ConversationRules;
use super::copy::CopyRules;
use super::deposit::DepositRules;
use super::error::RulesError;
use super::estimation::EstimationRules;
use super::hours::OpeningHours;
use super::pricing::PricingRules;
use super::problems::{Problems, RuleProblem};
use super::reminders::ReminderRules;
use super::retention::RetentionRules;
use super::studio::Studio;
use super::tour::TourRules;
use super::whatsapp::WhatsAppRules;

/// Every section of the file; `StudioRules::default()` is exactly the shipped file.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StudioRules {
    pub studio: Studio,
    pub hours: OpeningHours,
    pub booking: BookingRules,
    pub deposit: DepositRules,
    pub pricing: PricingRules,
    pub estimation: EstimationRules,
    pub conversation: ConversationRules,
    pub reminders: ReminderRules,
    pub tour: TourRules,
    pub whatsapp: WhatsAppRules,
    pub copy: CopyRules,
    pub retention: RetentionRules,
}

impl StudioRules {
    /// Parses a studio-rules file. Keys left out keep their defaults; unknown keys and ill-shaped
    /// values are errors naming the dotted key. `studio.locale` is an alias of `copy.locale`: when
    /// only one is written, both take its value (whether they agree is checked by `validate`).
    pub fn from_toml_str(input: &str) -> Result<StudioRules, RulesError> {
        let document = DeTable::parse(input).map_err(|e| RulesError::syntax(input, &e))?;
        let mut rules: StudioRules = toml::from_str(input)
            .map_err(|e| RulesError::from_deserialize(input, document.get_ref(), &e))?;
        let document = document.get_ref();
        match (
            has_key(document, "studio", "locale"),
            has_key(document, "copy", "locale"),
        ) {
            (true, false) => rules.copy.locale = rules.studio.locale.clone(),
            (false, true) => rules.studio.locale = rules.copy.locale.clone(),
            _ => {}
        }
        Ok(rules)
    }

    /// Every semantic problem that does not need the message catalogue (data-and-ops.md §5.2).
    /// Time zones, dates, interval shapes and template parameter names are already enforced by
    /// parsing.
    pub fn validate(&self) -> Vec<RuleProblem> {
        let mut problems = Problems::default();
        self.check(&mut problems);
        problems.into_vec()
    }

    /// [`Self::validate`] plus the copy-override check. `declared_params(message_id)` returns the
    /// placeholder names the catalogue declares for an id, or `None` when the id does not exist.
    pub fn validate_with(
        &self,
        declared_params: &dyn Fn(&str) -> Option<Vec<String>>,
    ) -> Vec<RuleProblem> {
        let mut problems = Problems::default();
        self.check(&mut problems);
        self.copy.check_overrides(declared_params, &mut problems);
        problems.into_vec()
    }

    /// The locale of the message catalogue and of Stripe Checkout.
    pub fn locale(&self) -> &str {
        &self.copy.locale
    }

    fn check(&self, problems: &mut Problems) {
        problems.non_empty("studio.artist_id", &self.studio.artist_id.0);
        problems.non_empty("studio.artist_name", &self.studio.artist_name);
        problems.non_empty("studio.home_city", &self.studio.home_city);
        if self.studio.locale != self.copy.locale {
            problems.push(
                "studio.locale",
                format!(
                    "`{}` must agree with copy.locale `{}` (studio.locale is an alias)",
                    self.studio.locale, self.copy.locale
                ),
            );
        }
        self.hours.check(problems);
        self.booking.check(problems);
        self.deposit.check(problems);
        self.pricing.check(self.studio.currency, problems);
        self.estimation.check(problems);
        self.conversation.check(problems);
        self.reminders.check(problems);
        self.tour.check(problems);
        self.whatsapp.check(problems);
        self.copy.check(problems);
        self.retention.check(problems);
    }
}

fn has_key(document: &DeTable<'_>, section: &str, key: &str) -> bool {
    let table = document
        .iter()
        .find(|(name, _)| name.get_ref() == section)
        .map(|(_, value)| value.get_ref());
    match table {
        Some(DeValue::Table(table)) => table.iter().any(|(name, _)| name.get_ref() == key),
        _ => false,
    }
}
