//! The copy-override check of data-and-ops.md §5.2, which needs the message catalogue: overrides may
//! only name existing message ids and use the placeholders those ids declare.

use super::*;

/// A stand-in catalogue: `welcome` declares `artist_name` and `question`; nothing else exists.
fn catalogue(id: &str) -> Option<Vec<String>> {
    (id == "welcome").then(|| vec!["artist_name".to_owned(), "question".to_owned()])
}

fn override_problems(toml_overrides: &str) -> Vec<String> {
    let rules =
        StudioRules::from_toml_str(&format!("[copy.overrides.\"en-GB\"]\n{toml_overrides}"))
            .unwrap();
    assert!(rules.validate().is_empty(), "validate() ignores overrides");
    rules
        .validate_with(&catalogue)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn copy_overrides_with_known_ids_and_declared_placeholders_pass() {
    assert!(override_problems("welcome = [\"Hi, {artist_name} here! {question}\"]").is_empty());
}

#[test]
fn copy_overrides_must_name_existing_message_ids() {
    assert_eq!(
        override_problems("welcom = [\"Hi!\"]"),
        ["copy.overrides.\"en-GB\".welcom is not a message id of the catalogue"]
    );
}

#[test]
fn copy_overrides_may_only_use_declared_placeholders() {
    assert_eq!(
        override_problems("welcome = [\"Hi {client_name}! {question}\"]"),
        [
            "copy.overrides.\"en-GB\".welcome[0] uses `{client_name}`, which `welcome` does not declare"
        ]
    );
}

#[test]
fn copy_overrides_have_one_to_five_non_empty_variants() {
    assert_eq!(
        override_problems("welcome = []"),
        ["copy.overrides.\"en-GB\".welcome must have between 1 and 5 variants"]
    );
    assert_eq!(
        override_problems("welcome = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]"),
        ["copy.overrides.\"en-GB\".welcome must have between 1 and 5 variants"]
    );
    assert_eq!(
        override_problems("welcome = [\"Hi\", \" \"]"),
        ["copy.overrides.\"en-GB\".welcome[1] must not be empty"]
    );
}

#[test]
fn copy_overrides_are_looked_up_by_locale_and_id() {
    let rules =
        StudioRules::from_toml_str("[copy.overrides.\"en-GB\"]\nwelcome = [\"Hiya\"]").unwrap();
    assert_eq!(
        rules.copy.overrides.variants("en-GB", "welcome"),
        Some(&["Hiya".to_owned()][..])
    );
    assert_eq!(rules.copy.overrides.variants("fr-FR", "welcome"), None);
}
