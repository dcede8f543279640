use super::*;

const GBP: Currency = Currency::GBP;
const USD: Currency = Currency::USD;
const EUR: Currency = Currency::EUR;

/// `(amount_minor, currency, is_range)`.
type Expected = Option<(i64, Currency, bool)>;

/// Spec consultation.md §25.2: `(row, input, expected)`; the default currency is GBP.
const ROWS: &[(&str, &str, Expected)] = &[
    ("1", "400", Some((40_000, GBP, false))),
    ("2a", "£400", Some((40_000, GBP, false))),
    ("2b", "400£", Some((40_000, GBP, false))),
    ("3a", "400 gbp", Some((40_000, GBP, false))),
    ("3b", "GBP 400", Some((40_000, GBP, false))),
    ("3c", "400 pounds", Some((40_000, GBP, false))),
    ("4a", "£ 400", Some((40_000, GBP, false))),
    ("4b", "  £400  ", Some((40_000, GBP, false))),
    ("4c", "£400\u{00A0}", Some((40_000, GBP, false))),
    ("5", "presupuesto £400", Some((40_000, GBP, false))),
    ("6a", "~400", Some((40_000, GBP, false))),
    ("6b", "around 400", Some((40_000, GBP, false))),
    ("6c", "approx £400", Some((40_000, GBP, false))),
    ("7", "£400 and I can stretch", Some((40_000, GBP, false))),
    ("8a", "$500", Some((50_000, USD, false))),
    ("8b", "500 usd", Some((50_000, USD, false))),
    ("9", "€500", Some((50_000, EUR, false))),
    ("10a", "1,200", Some((120_000, GBP, false))),
    ("10b", "£1,200", Some((120_000, GBP, false))),
    ("11", "£400.00", Some((40_000, GBP, false))),
    ("12", "400.50", Some((40_050, GBP, false))),
    ("13", "£1,500.50", Some((150_050, GBP, false))),
    ("14a", "400-500", Some((40_000, GBP, true))),
    ("14b", "£400-500", Some((40_000, GBP, true))),
    ("15", "between 300 and 500", Some((30_000, GBP, true))),
    ("16", "£600 to £800", Some((60_000, GBP, true))),
    ("17", "1-2k", Some((100_000, GBP, true))),
    ("18", "500-1k", Some((50_000, GBP, true))),
    ("19", "£0-£200", None),
    ("20a", "0", None),
    ("20b", "£0", None),
    ("20c", "budget is 0", None),
    ("21a", "-400", None),
    ("21b", "£-400", None),
    ("21c", "around -500", None),
    ("22a", "I can do £", None),
    ("22b", "not a number", None),
    ("22c", "", None),
    ("22d", "not sure", None),
    ("23", "£4", Some((400, GBP, false))),
    ("24", "1000", Some((100_000, GBP, false))),
    ("25", "400k", Some((40_000_000, GBP, false))),
    ("26", "1k", Some((100_000, GBP, false))),
    ("27", "1.5k", Some((150_000, GBP, false))),
    ("28", "10k budget", Some((1_000_000, GBP, false))),
    ("29", "2k", Some((200_000, GBP, false))),
    ("30", "1 000", Some((100_000, GBP, false))),
    ("31", "four hundred", Some((40_000, GBP, false))),
    ("32", "five hundred pounds", Some((50_000, GBP, false))),
    ("33", "fifteen hundred", Some((150_000, GBP, false))),
    ("34a", "2 grand", Some((200_000, GBP, false))),
    ("34b", "a grand", Some((100_000, GBP, false))),
    ("35", "500 quid", Some((50_000, GBP, false))),
    ("36", "10x15cm", None),
    ("37", "10x15cm £500", Some((50_000, GBP, false))),
    (
        "38",
        "I can do 2 sessions of £300",
        Some((30_000, GBP, false)),
    ),
    ("39", "400.555", Some((40_056, GBP, false))),
];

/// Further cases this implementation pins down (not rows of the spec table).
const EXTRA: &[(&str, &str, Expected)] = &[
    (
        "worked path budget",
        "around £500",
        Some((50_000, GBP, false)),
    ),
    (
        "marker on the upper bound",
        "400-500 pounds",
        Some((40_000, GBP, true)),
    ),
    (
        "between with markers",
        "between £300 and £500",
        Some((30_000, GBP, true)),
    ),
    ("spaced k", "10 k", Some((1_000_000, GBP, false))),
    ("kg is not k", "10kg", Some((1_000, GBP, false))),
    (
        "thousand after digits",
        "2 thousand",
        Some((200_000, GBP, false)),
    ),
    ("euro word", "450 euros", Some((45_000, EUR, false))),
    ("dollar word", "600 dollars", Some((60_000, USD, false))),
    ("usd before", "USD 600", Some((60_000, USD, false))),
    ("decimal comma", "€450,50", Some((45_050, EUR, false))),
    (
        "thousands groups",
        "£1,200,000",
        Some((120_000_000, GBP, false)),
    ),
    ("dash before marker", "-£400", None),
    ("size with inches", "3x5in £200", Some((20_000, GBP, false))),
    (
        "size with by",
        "10 by 15 and 300",
        Some((30_000, GBP, false)),
    ),
    (
        "spoken with and",
        "three hundred and fifty",
        Some((35_000, GBP, false)),
    ),
    (
        "spoken range",
        "between three hundred and five hundred",
        Some((30_000, GBP, true)),
    ),
    (
        "en dash range",
        "£400\u{2013}£500",
        Some((40_000, GBP, true)),
    ),
    ("huge number", "99999999999999999999999", None),
    ("k grand overflow", "99999999999999999k", None),
];

fn run(table: &[(&str, &str, Expected)]) {
    let failures: Vec<String> = table
        .iter()
        .filter_map(|(row, input, expected)| {
            let got = parse_money(input, GBP).map(|m| (m.amount_minor, m.currency, m.is_range));
            (got != *expected)
                .then(|| format!("row {row} {input:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spec_table_25_2() {
    run(ROWS);
}

#[test]
fn extra_cases() {
    run(EXTRA);
}

#[test]
fn default_currency_applies_without_marker() {
    let parsed = parse_money("500", EUR).map(|m| m.money());
    assert_eq!(parsed, Some(Money::new(50_000, EUR)));
    assert_eq!(parse_money("£500", EUR).map(|m| m.currency), Some(GBP));
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,40}") {
        let _ = parse_money(&text, GBP);
    }

    #[test]
    fn pounds_round_trip(amount in 1i64..10_000_000) {
        let parsed = parse_money(&format!("£{amount}"), GBP).map(|m| m.amount_minor);
        proptest::prop_assert_eq!(parsed, Some(amount * 100));
    }
}
