//! The CI checks on the compiled-in texts (consultation.md §24 rules 1–7).

use std::collections::BTreeSet;

use super::definitions;
use crate::copy::template::{self, Params};
use crate::copy::{Catalogue, Channel, MAX_VARIANTS, MessageId, emoji_count, params};
use crate::model::LeadId;

fn all_variants() -> impl Iterator<Item = (MessageId, usize, &'static str)> {
    definitions().flat_map(|def| {
        def.variants
            .iter()
            .enumerate()
            .map(move |(i, text)| (def.id, i, *text))
    })
}

fn sample_params(declared: &[&str]) -> Params {
    let mut values = Params::new();
    for name in declared {
        values.set(name, format!("<{name}>"));
    }
    values
}

#[test]
fn the_compiled_in_catalogue_passes_startup_validation() {
    if let Err(errors) = Catalogue::en_gb().validate() {
        panic!("{errors}");
    }
}

#[test]
fn every_id_has_exactly_one_definition() {
    let defined: Vec<MessageId> = definitions().map(|d| d.id).collect();
    let unique: BTreeSet<MessageId> = defined.iter().copied().collect();
    assert_eq!(defined.len(), unique.len(), "an id is defined twice");
    let all: BTreeSet<MessageId> = MessageId::all().collect();
    assert_eq!(unique, all);
}

#[test]
fn every_placeholder_is_declared_and_every_declared_param_is_used_and_bounded() {
    for def in definitions() {
        let mut used = BTreeSet::new();
        for (i, text) in def.variants.iter().enumerate() {
            let pieces = template::parse(text).unwrap_or_else(|e| panic!("{} #{i}: {e}", def.id));
            for name in template::placeholders(&pieces) {
                assert!(
                    def.params.contains(&name),
                    "{} #{i} uses undeclared {{{name}}}",
                    def.id
                );
                used.insert(name);
            }
        }
        for name in def.params {
            assert!(
                used.contains(name),
                "{} declares {{{name}}} but never uses it",
                def.id
            );
            assert!(
                params::spec(name).is_some(),
                "{{{name}}} has no length bound"
            );
        }
    }
}

#[test]
fn every_variant_renders_with_its_declared_params_and_leaves_no_braces() {
    let catalogue = Catalogue::en_gb();
    for def in definitions() {
        let params = sample_params(def.params);
        for variant in 0..def.variants.len() {
            let text = catalogue
                .render_variant(def.id, variant, &params)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(
                !text.trim().is_empty(),
                "{} #{variant} renders empty",
                def.id
            );
            let stripped = def
                .params
                .iter()
                .fold(text, |t, name| t.replace(&format!("<{name}>"), ""));
            assert!(
                !stripped.contains(['{', '}']),
                "{} #{variant} leaks a brace",
                def.id
            );
        }
        for lead in [1, 2, 3, 42, 1000] {
            assert!(
                catalogue
                    .render(def.id, Some(LeadId(lead)), &params)
                    .is_ok()
            );
        }
    }
}

#[test]
fn variant_counts_match_the_spec() {
    let count = |id: MessageId| definitions().find(|d| d.id == id).map(|d| d.variants.len());
    assert_eq!(count(MessageId::WELCOME), Some(3));
    assert_eq!(count(MessageId::ASK_QUESTION), Some(5));
    assert_eq!(count(MessageId::COMPLETION), Some(3));
    assert_eq!(count(MessageId::HANDOVER_HOLD), Some(3));
    assert_eq!(count(MessageId::PENDING_APPROVAL_ACK), Some(3));
    for def in definitions() {
        assert!(
            (1..=MAX_VARIANTS).contains(&def.variants.len()),
            "{}",
            def.id
        );
        if def.id.as_str().starts_with("repair.") {
            assert_eq!(
                def.variants.len(),
                2,
                "{} needs a gentle and a short variant",
                def.id
            );
            assert!(
                def.variants[1].contains("{artist_name}"),
                "{} #1 must name the handover",
                def.id
            );
        }
    }
}

#[test]
fn question_texts_are_the_spec_defaults() {
    let text = |id: MessageId| definitions().find(|d| d.id == id).map(|d| d.variants[0]);
    assert_eq!(
        text(MessageId::Q_DIMENSIONS),
        Some(
            "Roughly how big should it be? Width × height in cm (e.g. 8×12cm) or inches (e.g. 3×5in). A best guess is fine."
        )
    );
    assert_eq!(
        text(MessageId::Q_LOCATION_COUNTRY),
        Some("And which country is that?")
    );
    assert!(text(MessageId::Q_STYLE).is_some_and(|t| t.contains("watercolour")));
}

/// Common first names (UK top names plus the spec's example names); whole words, capitalised.
const FIRST_NAMES: &[&str] = &[
    "Rowan", "Sam", "Alex", "Jamie", "Charlie", "Oliver", "Jack", "Harry", "George", "Noah", "Leo",
    "Oscar", "Arthur", "Freddie", "Alfie", "Theo", "Thomas", "James", "John", "David", "Michael",
    "Daniel", "Ben", "Tom", "Chris", "Ryan", "Liam", "Luke", "Adam", "Olivia", "Amelia", "Isla",
    "Ava", "Mia", "Emily", "Sophie", "Sophia", "Grace", "Lily", "Freya", "Ella", "Chloe", "Jess",
    "Jessica", "Ellie", "Emma", "Sarah", "Laura", "Kate", "Lucy", "Hannah", "Ruby", "Zoe", "Anna",
    "Maria", "Megan", "Holly", "Amy", "Rachel", "Rebecca", "Taylor", "Jordan", "Morgan", "Casey",
    "Riley", "Robin", "Kim", "Max", "Nina", "Luca", "Marco", "Dave", "Steve", "Mike",
];

#[test]
fn no_personal_names() {
    for (id, i, text) in all_variants() {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            assert!(
                !FIRST_NAMES.contains(&word),
                "{id} #{i} contains the name {word}"
            );
        }
    }
}

#[test]
fn artist_name_never_opens_a_sentence() {
    // The default artist name is "the artist": it must read well mid-sentence only.
    for (id, i, text) in all_variants() {
        for (at, _) in text.match_indices("{artist_name}") {
            let before = text[..at].trim_end_matches(' ');
            let opens = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']);
            assert!(!opens, "{id} #{i} starts a sentence with {{artist_name}}");
        }
    }
}

#[test]
fn at_most_three_emoji_per_variant() {
    for (id, i, text) in all_variants() {
        assert!(
            emoji_count(text) <= 3,
            "{id} #{i} has {} emoji",
            emoji_count(text)
        );
    }
}

#[test]
fn british_spelling() {
    const AMERICAN: &[&str] = &[
        "color",
        "colors",
        "favorite",
        "center",
        "realize",
        "realized",
        "organize",
        "apologize",
        "canceled",
        "canceling",
        "traveling",
        "traveled",
        "gray",
        "customize",
        "jewelry",
        "watercolor",
        "inquiry",
        "personalized",
        "finalize",
        "prioritize",
        "program",
        "catalog",
    ];
    for (id, i, text) in all_variants() {
        let lower = text.to_lowercase();
        for word in lower.split(|c: char| !c.is_alphanumeric()) {
            assert!(
                !AMERICAN.contains(&word),
                "{id} #{i} uses the American spelling {word}"
            );
        }
    }
}

#[test]
fn artist_notifications_name_the_lead_and_client_and_end_with_the_admin_link() {
    for def in definitions().filter(|d| d.id.is_artist_notification()) {
        for (i, text) in def.variants.iter().enumerate() {
            assert!(
                text.ends_with("{admin_url}"),
                "{} #{i} must end with the admin link",
                def.id
            );
            let names_lead = text.contains("{summary}") || text.contains("{lead_ref}");
            let names_client = text.contains("{summary}") || text.contains("{client}");
            match def.id {
                // No lead in play: a status count, or a contact who may have no lead.
                MessageId::ARTIST_INBOX_STATUS => {}
                MessageId::ARTIST_DATA_REQUEST => assert!(names_client),
                _ => assert!(
                    names_lead && names_client,
                    "{} #{i} must name lead and client",
                    def.id
                ),
            }
        }
    }
}

#[test]
fn only_resumable_handovers_offer_continue() {
    let resumable = [
        MessageId::HANDOVER_HUMAN,
        MessageId::HANDOVER_REFUND,
        MessageId::HANDOVER_QUESTION,
        MessageId::HANDOVER_PARSE_FAILURE,
    ];
    for def in definitions().filter(|d| d.id.as_str().starts_with("handover.")) {
        for text in def.variants {
            assert_eq!(
                text.contains("CONTINUE"),
                resumable.contains(&def.id),
                "{}",
                def.id
            );
        }
    }
}

#[test]
fn repairs_never_suggest_a_size_the_parser_rejects() {
    for (id, i, text) in all_variants() {
        assert!(!text.to_lowercase().contains("palm"), "{id} #{i}");
    }
}

#[test]
fn interactive_and_label_channels_are_where_the_spec_puts_them() {
    let channel = |id: MessageId| definitions().find(|d| d.id == id).map(|d| d.channel);
    for id in [
        MessageId::Q_COMPLEXITY,
        MessageId::Q_COVERUP,
        MessageId::Q_TRAVEL_CITY,
        MessageId::Q_TIMING,
        MessageId::BUDGET_BELOW_MINIMUM,
        MessageId::TOUR_OFFER,
        MessageId::SLOT_OFFER,
        MessageId::SLOT_OFFER_REFRESH,
        MessageId::HOLD_EXPIRED_REOFFER,
        MessageId::PAYMENT_RECEIVED_NEEDS_SLOT,
    ] {
        assert_eq!(channel(id), Some(Channel::InteractiveBody), "{id}");
    }
    for def in definitions().filter(|d| d.id.is_artist_notification()) {
        assert_eq!(def.channel, Channel::ArtistText, "{}", def.id);
    }
    for id in MessageId::all().filter(|id| id.as_str().starts_with("update.")) {
        assert_eq!(channel(id), Some(Channel::TemplateParam), "{id}");
    }
}
