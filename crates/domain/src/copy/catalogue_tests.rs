use std::collections::BTreeMap;

use super::*;
use crate::copy::params::{ADMIN_URL, CLIENT, HOME_CITY, LEAD_REF, LINKS, MESSAGES, QUESTION};

fn welcome_params() -> Params {
    Params::new()
        .with("artist_name", "Rowan")
        .with("question", "What would you like?")
}

#[test]
fn render_picks_the_lead_variant_and_variant_zero_without_a_lead() {
    let catalogue = Catalogue::en_gb();
    let entry = catalogue.entry(MessageId::WELCOME).unwrap();
    let variants: Vec<&str> = entry.variants().collect();
    let rendered_for = |lead| {
        catalogue
            .render(MessageId::WELCOME, lead, &welcome_params())
            .unwrap()
    };
    let first_words = |variant: &str| {
        variant
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };

    // Lead 42 gets variant 1, leads 1–3 variant 0 (rule 4 test vector).
    assert!(rendered_for(Some(LeadId(42))).starts_with(&first_words(variants[1])));
    assert!(rendered_for(Some(LeadId(1))).starts_with(&first_words(variants[0])));
    assert_eq!(rendered_for(None), rendered_for(Some(LeadId(1))));
    assert!(rendered_for(None).ends_with("\n\nWhat would you like?"));
}

#[test]
fn missing_parameters_are_errors_never_literal_braces() {
    let catalogue = Catalogue::en_gb();
    let params = Params::new().with("question", "Q?");
    assert_eq!(
        catalogue.render(MessageId::WELCOME, None, &params),
        Err(RenderError::MissingParam {
            id: MessageId::WELCOME,
            param: "artist_name".to_owned(),
        })
    );
    // Declared but unused by the chosen variant still counts: the error must not depend on the lead.
    let repair = catalogue.render_repair(MessageId::REPAIR_DIMENSIONS, 1, &Params::new());
    assert!(matches!(repair, Err(RenderError::MissingParam { .. })));
}

#[test]
fn repair_texts_escalate_by_failure_number() {
    let catalogue = Catalogue::en_gb();
    let params = Params::new()
        .with("artist_name", "Rowan")
        .with("count", "8");
    let first = catalogue
        .render_repair(MessageId::REPAIR_SLOT, 1, &params)
        .unwrap();
    let second = catalogue
        .render_repair(MessageId::REPAIR_SLOT, 2, &params)
        .unwrap();
    assert_ne!(first, second);
    assert!(first.contains("1 to 8"));
    assert!(second.contains("Rowan will step in"));
    assert_eq!(
        catalogue
            .render_repair(MessageId::REPAIR_SLOT, 3, &params)
            .unwrap(),
        second
    );
}

#[test]
fn labels_are_cut_to_their_limit() {
    let catalogue = Catalogue::en_gb();
    let london = Params::new().with(HOME_CITY, "London");
    assert_eq!(
        catalogue
            .render(MessageId::UI_TRAVEL_CITY_STUDIO, None, &london)
            .unwrap(),
        "Studio in London"
    );
    let long = Params::new().with(HOME_CITY, "Newcastle upon Tyne");
    let title = catalogue
        .render(MessageId::UI_TRAVEL_CITY_STUDIO, None, &long)
        .unwrap();
    assert_eq!(title, "Studio in Newcastle…");
    assert_eq!(title.chars().count(), 20);
}

#[test]
fn artist_texts_drop_the_gap_of_an_empty_block() {
    let catalogue = Catalogue::en_gb();
    let params = Params::new()
        .with(LEAD_REF, "#42")
        .with(CLIENT, "Sam (+447700900123)")
        .with(MESSAGES, "- Can I bring a friend?")
        .with(LINKS, "")
        .with(ADMIN_URL, "https://ink.example.com/admin/ui/leads/42");
    let text = catalogue
        .render(MessageId::ARTIST_CLIENT_MESSAGES, None, &params)
        .unwrap();
    assert_eq!(
        text,
        "New messages from Sam (+447700900123) (#42):\n- Can I bring a friend?\n\n\
         Admin page: https://ink.example.com/admin/ui/leads/42"
    );
}

#[test]
fn over_long_values_are_refused_rather_than_sent() {
    let catalogue = Catalogue::en_gb();
    let params = Params::new().with(QUESTION, "x".repeat(5000));
    assert!(matches!(
        catalogue.render(MessageId::ASK_QUESTION, None, &params),
        Err(RenderError::TooLong { limit: 4096, .. })
    ));
    let exact = Params::new().with("text", "y".repeat(4096));
    assert_eq!(
        catalogue
            .render(MessageId::ARTIST_MESSAGE, None, &exact)
            .unwrap()
            .len(),
        4096
    );
}

#[test]
fn valid_overrides_replace_only_the_listed_ids() {
    let mut overrides = BTreeMap::new();
    overrides.insert("welcome", vec!["Hey! {question}"]);
    overrides.insert(
        "q.budget",
        vec!["Budget?", "What budget do you have in mind?"],
    );
    let catalogue = Catalogue::en_gb().with_overrides(&overrides).unwrap();
    assert!(catalogue.validate().is_ok());
    assert_eq!(
        catalogue
            .render(MessageId::WELCOME, Some(LeadId(42)), &welcome_params())
            .unwrap(),
        "Hey! What would you like?"
    );
    assert_eq!(
        catalogue
            .entry(MessageId::Q_BUDGET)
            .unwrap()
            .variant_count(),
        2
    );
    assert_eq!(
        catalogue.entry(MessageId::Q_IDEA),
        Catalogue::en_gb().entry(MessageId::Q_IDEA)
    );
}

#[test]
fn overrides_name_unknown_ids_and_undeclared_placeholders() {
    let overrides = [
        ("wellcome", vec!["Hi {artist_name}".to_owned()]),
        ("q.budget", vec!["Budget for {artist_name}?".to_owned()]),
        ("resumed", vec!["Back! {prompt} {Prompt}".to_owned()]),
    ];
    let errors = Catalogue::en_gb().with_overrides(overrides).unwrap_err();
    assert_eq!(
        errors.0,
        vec![
            CatalogueError::UnknownId {
                id: "wellcome".to_owned()
            },
            CatalogueError::UndeclaredPlaceholder {
                id: "q.budget".to_owned(),
                variant: 0,
                placeholder: "artist_name".to_owned(),
                declared: "none".to_owned(),
            },
            CatalogueError::BadTemplate {
                id: "resumed".to_owned(),
                variant: 0,
                source: TemplateError::BadPlaceholderName("Prompt".to_owned()),
            },
        ]
    );
    let message = errors.to_string();
    assert!(
        message.contains("`wellcome`") && message.contains("{artist_name}"),
        "{message}"
    );
}

#[test]
fn overrides_obey_the_same_rules_as_the_catalogue() {
    let check = |id: &str, variants: Vec<String>| {
        Catalogue::en_gb()
            .with_overrides([(id, variants)])
            .unwrap_err()
            .0
    };
    assert_eq!(
        check("welcome", vec![]),
        vec![CatalogueError::VariantCount {
            id: "welcome".to_owned(),
            count: 0
        }]
    );
    assert!(matches!(
        check("welcome", vec!["{question}".to_owned(); 6])[..],
        [CatalogueError::VariantCount { count: 6, .. }]
    ));
    assert!(matches!(
        check("q.idea", vec!["  ".to_owned()])[..],
        [CatalogueError::EmptyVariant { variant: 0, .. }]
    ));
    assert!(matches!(
        check("q.idea", vec!["Idea? 🎉🎉🎉🎉".to_owned()])[..],
        [CatalogueError::TooManyEmoji { count: 4, .. }]
    ));
    assert!(matches!(
        check("q.idea", vec!["See https://example.com".to_owned()])[..],
        [CatalogueError::LiteralUrl { .. }]
    ));
    assert!(matches!(
        check("q.complexity", vec!["x".repeat(1025)])[..],
        [CatalogueError::TooLong {
            limit: 1024,
            chars: 1025,
            ..
        }]
    ));
    assert!(matches!(
        check(
            "ui.coverup.unsure",
            vec!["I am not really sure".to_owned() + "!"]
        )[..],
        [CatalogueError::TooLong { limit: 20, .. }]
    ));
}

#[test]
fn validation_reports_missing_ids() {
    let mut catalogue = Catalogue::en_gb();
    assert!(catalogue.validate().is_ok());
    catalogue.entries.remove(&MessageId::SLOT_HELD);
    assert_eq!(
        catalogue.validate().unwrap_err().0,
        vec![CatalogueError::MissingId {
            id: "slot_held".to_owned()
        }]
    );
    assert_eq!(
        catalogue.render(MessageId::SLOT_HELD, None, &Params::new()),
        Err(RenderError::UnknownId(MessageId::SLOT_HELD))
    );
}

#[test]
fn labels_become_one_line_and_are_cut_with_an_ellipsis() {
    assert_eq!(truncate_label("Studio in\nLondon", 20), "Studio in London");
    assert_eq!(
        truncate_label("Studio in Llanfairpwllgwyngyll", 20),
        "Studio in Llanfairp…"
    );
    assert_eq!(
        truncate_label("Studio in Stoke on Trent", 20),
        "Studio in Stoke on…"
    );
}

#[test]
fn blank_line_runs_collapse_to_one() {
    assert_eq!(collapse_blank_lines("a\n\n\n\nb\n\n"), "a\n\nb");
    assert_eq!(collapse_blank_lines("a  \n \nb"), "a\n\nb");
}
