use super::*;

/// Expected sides in hundredths of a centimetre.
type Expected = Option<(u32, u32)>;

/// Spec consultation.md §25.1: `(row, input, expected)`.
const ROWS: &[(&str, &str, Expected)] = &[
    ("1", "10x12cm", Some((1000, 1200))),
    ("2", "10×12cm", Some((1000, 1200))),
    ("3", "10× 12 cm", Some((1000, 1200))),
    ("4", "10 x12cm", Some((1000, 1200))),
    ("5", "10 x 12 cm", Some((1000, 1200))),
    ("6", "10x12 inches", Some((2540, 3048))),
    ("7", "3x5 inches", Some((762, 1270))),
    ("8", "8x12cm", Some((800, 1200))),
    ("9", "10cm", Some((1000, 1000))),
    ("10", "10x", None),
    ("11", "x12", None),
    ("12a", "", None),
    ("12b", "not a size", None),
    ("12c", "huge", None),
    ("13a", "200x300cm", None),
    ("13b", "150x50cm", None),
    ("13c", "50x150cm", None),
    ("14", "10x12cm??", Some((1000, 1200))),
    ("15", "10\u{00A0}x\u{00A0}12cm", Some((1000, 1200))),
    ("16", "100x100cm", Some((10_000, 10_000))),
    ("17", "101x10cm", None),
    ("18", "10cmx12cm", Some((1000, 1200))),
    ("19", "10cm x 12cm", Some((1000, 1200))),
    ("20", "12cm x 8cm", Some((1200, 800))),
    ("21", "10 by 12 cm", Some((1000, 1200))),
    ("22", "8*12cm", Some((800, 1200))),
    ("23", "30cm x 20cm", Some((3000, 2000))),
    ("24", "10 inspired", None),
    ("25", "10 x 12", Some((1000, 1200))),
    ("26", "10x15", Some((1000, 1500))),
    ("27", "80x120mm", Some((800, 1200))),
    ("28", "3 x 5\"", Some((762, 1270))),
    ("29", "4in", Some((1016, 1016))),
    ("30", "4 in x 6 in", Some((1016, 1524))),
    ("31", "10X12CM", Some((1000, 1200))),
    ("32", "about 10x15 on my forearm", Some((1000, 1500))),
    ("33", "7.5 x 10 cm", Some((750, 1000))),
    ("34", "7,5 x 10 cm", Some((750, 1000))),
    ("35", "0x10cm", None),
    ("36", "10-12cm", Some((1200, 1200))),
    ("37", "10x15x2cm", Some((1000, 1500))),
    ("38", "15", Some((1500, 1500))),
    ("39", "around 12", Some((1200, 1200))),
    ("40", "12 cm wide", Some((1200, 1200))),
    ("41", "I have 2 ideas", None),
    ("42", "palm-sized", None),
];

/// Further cases this implementation pins down (not rows of the spec table).
const EXTRA: &[(&str, &str, Expected)] = &[
    ("curly-quote inches", "3 x 5\u{201D}", Some((762, 1270))),
    (
        "double-prime inches",
        "3\u{2033} x 5\u{2033}",
        Some((762, 1270)),
    ),
    ("glued inch unit before x", "4inx6in", Some((1016, 1524))),
    (
        "in as a preposition",
        "about 10x15 in my arm",
        Some((1000, 1500)),
    ),
    ("in as a preposition, single", "10 in the morning", None),
    ("approx with a dot", "approx. 12", Some((1200, 1200))),
    ("leading dot is a decimal", ".5", None),
    ("mm single", "50mm", Some((500, 500))),
    ("half centimetre boundary", "0.5cm", Some((50, 50))),
    ("below half a centimetre", "0.4cm", None),
    ("rounding to hundredths", "1.005 x 2cm", Some((101, 200))),
    ("huge digits", "99999999999999999999999x1cm", None),
    (
        "size inside a sentence",
        "Upper arm, about 10x15cm",
        Some((1000, 1500)),
    ),
    ("size repair example", "8 by 12 cm", Some((800, 1200))),
    ("size repair example 2", "10x7cm", Some((1000, 700))),
    ("tilde", "~12", Some((1200, 1200))),
];

fn run(table: &[(&str, &str, Expected)]) {
    let failures: Vec<String> = table
        .iter()
        .filter_map(|(row, input, expected)| {
            let got = parse_dimensions(input).map(|d| (d.width_centi_cm(), d.height_centi_cm()));
            (got != *expected)
                .then(|| format!("row {row} {input:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spec_table_25_1() {
    run(ROWS);
}

#[test]
fn extra_cases() {
    run(EXTRA);
}

#[test]
fn custom_limits_are_respected() {
    let limits = SideLimits {
        min_centi_cm: 100,
        max_centi_cm: 5000,
    };
    assert!(parse_dimensions_within("0.5cm", limits).is_none());
    assert!(parse_dimensions_within("60x10cm", limits).is_none());
    assert!(parse_dimensions_within("50x10cm", limits).is_some());
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,40}") {
        let _ = parse_dimensions(&text);
    }

    #[test]
    fn whole_centimetre_pairs_round_trip(w in 1u32..=100, h in 1u32..=100) {
        let parsed = parse_dimensions(&format!("{w}x{h}cm"));
        proptest::prop_assert_eq!(parsed.map(|d| (d.width_centi_cm(), d.height_centi_cm())), Some((w * 100, h * 100)));
    }
}
