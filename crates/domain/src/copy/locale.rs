//! Copy from TOML: `[copy.overrides."en-GB"]` tables and whole locale files (consultation.md §24
//! rule 5). Unquoted dotted keys (`q.budget = [...]`) arrive as nested tables, so keys are
//! flattened back into message ids; a single string is accepted as a one-variant list.

use std::collections::BTreeMap;

use super::{Catalogue, CatalogueError, CatalogueErrors, MessageId};

/// A catalogue loaded from a locale file, with the ids that fell back to en-GB (for the one
/// startup WARN that lists them).
#[derive(Debug, Clone)]
pub struct LocaleCatalogue {
    pub catalogue: Catalogue,
    pub fallbacks: Vec<MessageId>,
}

/// Message id → variants from a TOML table, whether ids were written quoted (`"q.budget"`) or
/// as dotted keys (`q.budget`).
pub fn flatten_copy_table(
    table: &toml::Table,
) -> Result<BTreeMap<String, Vec<String>>, CatalogueErrors> {
    let mut flat = BTreeMap::new();
    let mut errors = Vec::new();
    flatten_into("", table, &mut flat, &mut errors);
    if errors.is_empty() {
        Ok(flat)
    } else {
        Err(CatalogueErrors(errors))
    }
}

fn flatten_into(
    prefix: &str,
    table: &toml::Table,
    flat: &mut BTreeMap<String, Vec<String>>,
    errors: &mut Vec<CatalogueError>,
) {
    for (key, value) in table {
        let id = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(nested) => flatten_into(&id, nested, flat, errors),
            toml::Value::String(text) => {
                flat.insert(id, vec![text.clone()]);
            }
            toml::Value::Array(items) => {
                let texts: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect();
                match texts {
                    Some(texts) => {
                        flat.insert(id, texts);
                    }
                    None => errors.push(not_text(&id)),
                }
            }
            _ => errors.push(not_text(&id)),
        }
    }
}

fn not_text(id: &str) -> CatalogueError {
    CatalogueError::File(format!("`{id}` must be a string or a list of strings"))
}

impl Catalogue {
    /// A second locale: its ids replace en-GB's, every other id falls back to en-GB.
    pub fn from_locale_file(toml_text: &str) -> Result<LocaleCatalogue, CatalogueErrors> {
        let table: toml::Table = toml_text.parse().map_err(|e: toml::de::Error| {
            CatalogueErrors(vec![CatalogueError::File(e.to_string())])
        })?;
        let texts = flatten_copy_table(&table)?;
        let fallbacks = MessageId::all()
            .filter(|id| !texts.contains_key(id.as_str()))
            .collect();
        let catalogue = Catalogue::en_gb().with_overrides(&texts)?;
        Ok(LocaleCatalogue {
            catalogue,
            fallbacks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::Params;

    #[test]
    fn dotted_and_quoted_keys_flatten_to_ids() {
        let table: toml::Table = r#"
            welcome = ["Hi! {question}", "Hello! {question}"]
            "q.budget" = "Budget?"
            repair.slot = ["Pick 1 to {count}.", "1 to {count}, please."]
        "#
        .parse()
        .unwrap();
        let flat = flatten_copy_table(&table).unwrap();
        assert_eq!(flat["welcome"].len(), 2);
        assert_eq!(flat["q.budget"], vec!["Budget?"]);
        assert_eq!(flat["repair.slot"][1], "1 to {count}, please.");
    }

    #[test]
    fn non_text_values_are_named() {
        let table: toml::Table = "welcome = 3\nq.idea = [1, 2]".parse().unwrap();
        let errors = flatten_copy_table(&table).unwrap_err();
        let message = errors.to_string();
        assert!(
            message.contains("`welcome`") && message.contains("`q.idea`"),
            "{message}"
        );
    }

    #[test]
    fn locale_file_replaces_listed_ids_and_reports_fallbacks() {
        let loaded =
            Catalogue::from_locale_file(r#"q.location_city = "¿En qué ciudad vives?""#).unwrap();
        let text = loaded
            .catalogue
            .render(MessageId::Q_LOCATION_CITY, None, &Params::new())
            .unwrap();
        assert_eq!(text, "¿En qué ciudad vives?");
        assert!(!loaded.fallbacks.contains(&MessageId::Q_LOCATION_CITY));
        assert!(loaded.fallbacks.contains(&MessageId::WELCOME));
        assert_eq!(loaded.fallbacks.len(), MessageId::all().count() - 1);
    }

    #[test]
    fn broken_locale_files_fail_with_a_reason() {
        assert!(Catalogue::from_locale_file("welcome = [").is_err());
        let errors = Catalogue::from_locale_file(r#"wellcome = "Hi""#).unwrap_err();
        assert_eq!(
            errors.0,
            vec![CatalogueError::UnknownId {
                id: "wellcome".to_owned()
            }]
        );
    }
}
