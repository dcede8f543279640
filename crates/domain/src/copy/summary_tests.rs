use super::*;

/// Lead #42 of the worked path (consultation.md §14).
fn worked_example() -> LeadSummaryInput {
    LeadSummaryInput {
        client_name: Some("Sam Taylor".to_owned()),
        client_phone: Some(Phone::parse("447700900123").unwrap()),
        idea: Some(
            "Hi! I'd love a fine line swallow with a little banner, something delicate".to_owned(),
        ),
        placement: Some("Inner forearm".to_owned()),
        size: Some(Dimensions::from_centi_cm(800, 1200).unwrap()),
        complexity: Some(2),
        style: Some("Fine line".to_owned()),
        coverup: Some("no".to_owned()),
        city: Some("London".to_owned()),
        country: Some("United Kingdom".to_owned()),
        region: Some(Region::Uk),
        wanted_city: Some("London".to_owned()),
        budget: Some(Money::gbp(50_000)),
        minimum_budget: Some(Money::gbp(40_000)),
        instagram_handle: Some("sam.ink.ideas".to_owned()),
        timing: Some("Next 2-4 weeks".to_owned()),
        reference_images: 1,
        category: Some(SizeCategory::Medium),
        deposit: Some(Money::gbp(15_000)),
        price_range: Some((Money::gbp(65_000), Money::gbp(91_000))),
        ..LeadSummaryInput::new(LeadId(42))
    }
}

#[test]
fn worked_example_summary() {
    assert_eq!(
        lead_summary(&worked_example()),
        "New enquiry #42 — ready for review\n\
         Client: Sam Taylor (+447700900123)\n\
         Idea: Hi! I'd love a fine line swallow with a little banner, something delicate\n\
         Placement: Inner forearm · Size: 8×12 cm · Complexity: 2/3\n\
         Style: Fine line · Cover-up: no\n\
         Location: London, United Kingdom (UK) · Wants: London\n\
         Budget: £500 · minimum £400\n\
         Instagram: @sam.ink.ideas\n\
         Timing: Next 2-4 weeks\n\
         References: 1 image\n\
         Estimate: MEDIUM · deposit £150 · range £650–£910"
    );
}

#[test]
fn empty_lines_are_omitted() {
    let summary = lead_summary(&LeadSummaryInput {
        headline: SummaryHeadline::Reference,
        idea: Some("   ".to_owned()),
        ..LeadSummaryInput::new(LeadId(7))
    });
    assert_eq!(summary, "Enquiry #7");
}

#[test]
fn partial_lines_keep_only_known_parts() {
    let summary = lead_summary(&LeadSummaryInput {
        size: Some(Dimensions::from_centi_cm(762, 1270).unwrap()),
        country: Some("Spain".to_owned()),
        region: Some(Region::Europe),
        reference_links: 2,
        reference_images: 3,
        ..LeadSummaryInput::new(LeadId(9))
    });
    assert_eq!(
        summary,
        "New enquiry #9 — ready for review\n\
         Size: 7.6×12.7 cm\n\
         Location: Spain (EUROPE)\n\
         References: 3 images, 2 links"
    );
}

#[test]
fn budget_markers() {
    let below = LeadSummaryInput {
        budget: Some(Money::gbp(30_000)),
        minimum_budget: Some(Money::gbp(40_000)),
        below_minimum: true,
        ..LeadSummaryInput::new(LeadId(1))
    };
    assert!(lead_summary(&below).contains("Budget: £300 · minimum £400 · below minimum"));

    let accepted = LeadSummaryInput {
        accepted_minimum: true,
        ..below.clone()
    };
    assert!(lead_summary(&accepted).ends_with("Budget: £300 · accepted minimum £400"));

    let range = LeadSummaryInput {
        budget: Some(Money::new(40_000, "USD".parse().unwrap())),
        budget_is_range: true,
        ..LeadSummaryInput::new(LeadId(1))
    };
    assert!(lead_summary(&range).ends_with("Budget: from $400"));
}

#[test]
fn xl_estimate_notes_and_unsure_complexity() {
    let summary = lead_summary(&LeadSummaryInput {
        complexity: Some(2),
        complexity_unsure: true,
        coverup: Some("unsure".to_owned()),
        category: Some(SizeCategory::Xl),
        session_days_in_halves: Some(3),
        deposit: Some(Money::gbp(30_000)),
        handover_reason: Some("Cover-up to assess".to_owned()),
        client_notes: 2,
        ..LeadSummaryInput::new(LeadId(5))
    });
    assert!(
        summary.contains("Complexity: 2/3 (client unsure)"),
        "{summary}"
    );
    assert!(summary.contains("Cover-up: unsure"));
    assert!(summary.contains("Estimate: XL · 1.5 days · deposit £300"));
    assert!(summary.ends_with("Notes: Cover-up to assess · 2 client notes"));
    assert_eq!(days(2), "1 day");
    assert_eq!(days(8), "4 days");
}

#[test]
fn client_text_stays_on_one_line_and_long_ideas_are_cut() {
    let idea = format!("dragon\n\nwith {}", "scales ".repeat(80));
    let summary = lead_summary(&LeadSummaryInput {
        client_name: Some("  Sam\nTaylor ".to_owned()),
        idea: Some(idea),
        ..LeadSummaryInput::new(LeadId(3))
    });
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines[1], "Client: Sam Taylor");
    let shown = lines[2].strip_prefix("Idea: ").unwrap();
    assert!(shown.starts_with("dragon with scales"));
    assert!(shown.ends_with('…'));
    assert!(shown.chars().count() <= IDEA_MAX_CHARS);
    assert_eq!(lines.len(), 3);
}

#[test]
fn client_label_with_and_without_a_name() {
    let phone = Phone::parse("447700900123").unwrap();
    assert_eq!(client_label(Some("Sam"), &phone), "Sam (+447700900123)");
    assert_eq!(client_label(Some("  "), &phone), "+447700900123");
    assert_eq!(client_label(None, &phone), "+447700900123");
}
