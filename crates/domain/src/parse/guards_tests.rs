use super::*;

/// Spec consultation.md §11.1: `(row, step, text, expected)`.
const WRONG_FIELD_ROWS: &[(&str, &str, &str, Option<WrongField>)] = &[
    ("budget-bare", "idea", "500", Some(WrongField::Budget)),
    ("budget-pounds", "idea", "£400", Some(WrongField::Budget)),
    (
        "size-only",
        "idea, placement",
        "10x15cm",
        Some(WrongField::Dimensions),
    ),
    ("description", "idea", "2 dragons fighting", None),
    ("placement-with-size", "placement", "10cm above wrist", None),
];

#[test]
fn spec_table_11_1() {
    let failures: Vec<String> = WRONG_FIELD_ROWS
        .iter()
        .filter_map(|(row, step, text, expected)| {
            let got = wrong_field_answer(text);
            (got != *expected)
                .then(|| format!("row {row} ({step}) {text:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How a row of §11.2 is expected to come out at parser level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bundle {
    /// Fewer than two signals: normal handling.
    NotABundle,
    /// Two or more: re-prompt (unless the step's own parser accepts it).
    Bundle,
}

/// Spec consultation.md §11.2: `(row, text, merge style and handle, expected signals, expected)`.
/// Merging applies at steps `style`, `reference_images` and `instagram_handle`.
const BUNDLE_ROWS: &[(&str, &str, bool, usize, Bundle)] = &[
    ("one-style", "realism", false, 1, Bundle::NotABundle),
    ("one-budget", "500", false, 1, Bundle::NotABundle),
    ("style-size", "realism 10x15", false, 2, Bundle::Bundle),
    ("budget-style", "500 realism", false, 2, Bundle::Bundle),
    (
        "three",
        "Upper arm, realism, about 10x15, budget 500",
        false,
        3,
        Bundle::Bundle,
    ),
    (
        "no-signal-1",
        "dragon, flowers, black and grey",
        false,
        0,
        Bundle::NotABundle,
    ),
    (
        "no-signal-2",
        "small heart on my wrist",
        false,
        0,
        Bundle::NotABundle,
    ),
    ("size-1", "10x15cm", false, 1, Bundle::NotABundle),
    ("size-2", "10x15", false, 1, Bundle::NotABundle),
    (
        "size-3",
        "Upper arm, about 10x15cm",
        false,
        1,
        Bundle::NotABundle,
    ),
    ("floor-49", "49", false, 1, Bundle::NotABundle),
    ("floor-£49", "£49", false, 1, Bundle::NotABundle),
    ("floor-50", "50", false, 1, Bundle::NotABundle),
    ("floor-£50", "£50", false, 1, Bundle::NotABundle),
    ("floor-49-budget", "49 budget", false, 1, Bundle::NotABundle),
    ("50-realism", "50 realism", false, 2, Bundle::Bundle),
    ("£49-realism", "£49 realism", false, 2, Bundle::Bundle),
    ("dimensions-step", "10x15cm £500", false, 2, Bundle::Bundle),
    (
        "reference-handle",
        "Realism like @someartist",
        true,
        1,
        Bundle::NotABundle,
    ),
    (
        "reference-link",
        "Realism like instagram.com/someartist",
        true,
        1,
        Bundle::NotABundle,
    ),
    (
        "instagram-step",
        "@myhandle realism",
        true,
        1,
        Bundle::NotABundle,
    ),
    (
        "style-step",
        "fine line @artist",
        true,
        1,
        Bundle::NotABundle,
    ),
];

#[test]
fn spec_table_11_2() {
    let failures: Vec<String> = BUNDLE_ROWS
        .iter()
        .filter_map(|(row, text, merge, count, expected)| {
            let signals = BundleSignals::of(text);
            let got_count = signals.count(*merge);
            let got = if signals.is_bundle(*merge) { Bundle::Bundle } else { Bundle::NotABundle };
            (got_count != *count || got != *expected).then(|| {
                format!("row {row} {text:?}: expected {count} / {expected:?}, got {got_count} / {got:?} ({signals:?})")
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bundle_that_is_a_valid_size_answer_is_still_a_size() {
    let text = "10x15cm £500";
    assert!(BundleSignals::of(text).is_bundle(false));
    let size = parse_dimensions(text).map(|d| (d.width_centi_cm(), d.height_centi_cm()));
    assert_eq!(size, Some((1000, 1500)));
}

#[test]
fn without_merging_style_and_handle_count_twice() {
    assert_eq!(BundleSignals::of("fine line @artist").count(false), 2);
    assert!(!BundleSignals::of("sam@").handle_or_link);
}

#[test]
fn alpha_ratio_counts_letters_over_visible_characters() {
    assert_eq!(alpha_ratio(""), 0.0);
    assert_eq!(alpha_ratio("ab 12"), 0.5);
}
