#![allow(clippy::unwrap_used, clippy::expect_used)]
//! integrations.md §2.2: parameter sanitisation, first names, and the stored form of a template row.

use chrono::{TimeZone, Utc};
use serde_json::json;

use super::*;
use crate::copy::{Catalogue, MessageId};
use crate::model::LeadId;
use crate::rules::{Template, TemplateParam, Templates};

#[test]
fn parameters_are_sanitised_the_way_meta_accepts_them() {
    let long = "x".repeat(70);
    let cases = [
        ("Mon 29 Mar", "Mon 29 Mar"),
        ("line one\nline two", "line one line two"),
        ("tab\there\r\nand more", "tab here  and more"),
        ("three   spaces stay", "three   spaces stay"),
        ("four    spaces go", "four spaces go"),
        ("many \t\n  \n  mixed", "many mixed"),
        ("   padded   ", "padded"),
        (long.as_str(), &long[..60]),
        ("", "-"),
        (" \n\t ", "-"),
    ];
    for (raw, expected) in cases {
        assert_eq!(sanitise_param(raw, "-"), expected, "{raw:?}");
    }
}

#[test]
fn truncation_counts_characters_and_leaves_no_trailing_space() {
    let accented = "é".repeat(61);
    assert_eq!(sanitise_param(&accented, "-").chars().count(), 60);
    let spaced = format!("{} tail", "a".repeat(59));
    assert_eq!(sanitise_param(&spaced, "-"), "a".repeat(59));
}

#[test]
fn the_first_name_is_the_first_word_of_the_profile_name() {
    let cases = [
        (Some("Sam Rivers"), "Sam"),
        (Some("  Ana\tMaria "), "Ana"),
        (Some("Zoë"), "Zoë"),
        (Some("   "), "there"),
        (Some(""), "there"),
        (None, "there"),
    ];
    for (profile, expected) in cases {
        assert_eq!(first_name(profile), expected, "{profile:?}");
    }
}

#[test]
fn parameters_follow_the_configured_order_and_missing_facts_are_never_empty() {
    let template = Template {
        name: "custom".to_owned(),
        language: "en_US".to_owned(),
        params: vec![
            TemplateParam::AppointmentTime,
            TemplateParam::LeadRef,
            TemplateParam::ClientFirstName,
            TemplateParam::EventSummary,
            TemplateParam::AppointmentDate,
        ],
        continue_button: true,
    };
    let facts = TemplateFacts {
        lead_id: Some(LeadId(7)),
        appointment: Some(Appointment {
            start: Utc.with_ymd_and_hms(2027, 1, 4, 15, 30, 0).unwrap(),
            zone: chrono_tz::Europe::London,
        }),
        event_summary: Some("Client\nwrote again".to_owned()),
    };
    let built = TemplateMessage::build(&template, Some("Kai"), &facts);
    assert_eq!(
        built.params,
        ["15:30 GMT", "#7", "Kai", "Client wrote again", "Mon 4 Jan"]
    );
    assert!(built.continue_button);
    assert_eq!(built.language, "en_US");

    let nothing = TemplateMessage::build(&template, None, &TemplateFacts::default());
    assert_eq!(nothing.params, ["-", "-", "there", "-", "-"]);
}

#[test]
fn a_template_row_round_trips_through_its_columns() {
    let message = TemplateMessage::build(
        &Templates::default().artist_update,
        None,
        &TemplateFacts {
            lead_id: Some(LeadId(42)),
            event_summary: Some("New enquiry ready for review".to_owned()),
            ..TemplateFacts::default()
        },
    );
    let stored = message.stored_params();
    assert_eq!(
        stored,
        json!({"language": "en_GB", "params": ["#42", "New enquiry ready for review"], "continue_button": false})
    );
    assert_eq!(
        TemplateMessage::from_stored("artist_update", &stored),
        Some(message.clone())
    );
    assert_eq!(
        message.summary(),
        "artist_update: #42 | New enquiry ready for review"
    );
    assert_eq!(TemplateMessage::from_stored("", &stored), None);
    assert_eq!(TemplateMessage::from_stored("x", &json!(["#42"])), None);
}

#[test]
fn the_event_summary_is_the_kinds_update_line() {
    let catalogue = Catalogue::en_gb();
    assert_eq!(
        event_summary(&catalogue, MessageId::ARTIST_NEW_LEAD, Some(LeadId(1))).as_deref(),
        Some("New enquiry ready for review")
    );
    assert_eq!(event_summary(&catalogue, MessageId::APPROVED, None), None);
    for kind in MessageId::all().filter(|k| k.is_artist_notification()) {
        let line = event_summary(&catalogue, kind, None).unwrap();
        assert!(line.chars().count() <= 60, "{kind}: {line}");
    }
}
