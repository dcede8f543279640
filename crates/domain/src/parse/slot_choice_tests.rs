use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;

use super::*;

const OFFER_ID: i64 = 91;

/// A local London time in the week of Monday 29 March 2027 (BST, UTC+1), as UTC.
fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    let naive = NaiveDate::from_ymd_opt(2027, month, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .unwrap();
    London
        .from_local_datetime(&naive)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn slot(month: u32, day: u32, hour: u32) -> OfferedSlot {
    OfferedSlot {
        start: at(month, day, hour),
        end: at(month, day, hour + 3),
    }
}

/// The spec fixture: 1 Mon 10:00, 2 Mon 14:00, 3 Mon 16:00, 4 Wed 10:00, 5 Wed 14:00, 6 Wed 16:00,
/// 7 Fri 10:00, 8 Fri 14:00 (Monday 29 March, Wednesday 31 March, Friday 2 April 2027).
fn fixture() -> Vec<OfferedSlot> {
    vec![
        slot(3, 29, 10),
        slot(3, 29, 14),
        slot(3, 29, 16),
        slot(3, 31, 10),
        slot(3, 31, 14),
        slot(3, 31, 16),
        slot(4, 2, 10),
        slot(4, 2, 14),
    ]
}

fn offer(slots: &[OfferedSlot]) -> SlotOffer<'_> {
    SlotOffer {
        offer_id: OFFER_ID,
        slots,
        zone: London,
    }
}

fn chosen(index: usize, matched_by: SlotMatch) -> SlotChoice {
    SlotChoice::Chosen { index, matched_by }
}

fn rejected(reason: SlotRejection) -> SlotChoice {
    SlotChoice::Rejected(reason)
}

use SlotMatch as M;
use SlotRejection as R;

/// Spec consultation.md §25.4 against the 8-slot fixture: `(row, message, expected)`.
fn rows() -> Vec<(&'static str, &'static str, SlotChoice)> {
    vec![
        ("1a", "1", chosen(1, M::Number)),
        ("1b", "2", chosen(2, M::Number)),
        ("1c", "5", chosen(5, M::Number)),
        ("1d", "8", chosen(8, M::Number)),
        ("2a", "9", rejected(R::OutOfRange)),
        ("2b", "10", rejected(R::OutOfRange)),
        ("2c", "0", rejected(R::OutOfRange)),
        ("3a", "option 3", chosen(3, M::Option)),
        ("3b", "number 5", chosen(5, M::Option)),
        ("3c", "slot 2", chosen(2, M::Option)),
        ("3d", "choice 4", chosen(4, M::Option)),
        ("3e", "OPTION 1", chosen(1, M::Option)),
        ("3f", "option2", chosen(2, M::Option)),
        ("4", "#6", chosen(6, M::Hash)),
        ("5a", "I'd like option 3 please", chosen(3, M::Option)),
        ("5b", "Can I have number 5?", chosen(5, M::Option)),
        ("6a", "3)", chosen(3, M::List)),
        ("6b", "3:", chosen(3, M::List)),
        ("7", "3.", chosen(3, M::Number)),
        ("8a", "Monday morning", chosen(1, M::Daypart)),
        ("8b", "Mon morning", chosen(1, M::Daypart)),
        ("8c", "MONDAY MORNING", chosen(1, M::Daypart)),
        ("9", "Monday afternoon", chosen(2, M::Daypart)),
        ("10", "wed morning", chosen(4, M::Daypart)),
        ("11", "Tuesday afternoon works for me", rejected(R::NoMatch)),
        ("12a", "the 2pm one", chosen(2, M::Time)),
        ("12b", "2pm slot", chosen(2, M::Time)),
        ("12c", "2:00pm", chosen(2, M::Time)),
        ("12d", "14:00", chosen(2, M::Time)),
        ("12e", "14.00", chosen(2, M::Time)),
        ("12f", "the 14:00 one", chosen(2, M::Time)),
        ("13", "10am", chosen(1, M::Time)),
        ("14a", "4pm", chosen(3, M::Time)),
        ("14b", "the 4:00pm one", chosen(3, M::Time)),
        ("15", "15:00", rejected(R::NoTimeMatch)),
        ("16", "13:30", chosen(2, M::Time)),
        ("17a", "maybe", rejected(R::NoIntent)),
        ("17b", "I don't know", rejected(R::NoIntent)),
        ("18a", "I have 3 questions", rejected(R::NoIntent)),
        ("18b", "Call me at 5", rejected(R::NoIntent)),
        ("18c", "we are 4 people", rejected(R::NoIntent)),
        ("18d", "I want 1 tattoo", rejected(R::NoIntent)),
        ("18e", "at 5", rejected(R::NoIntent)),
        ("18f", "the 2 one", rejected(R::NoIntent)),
        ("19a", "option 2 or 3", rejected(R::MultipleNumbers)),
        ("19b", "1 or 2", rejected(R::MultipleNumbers)),
        ("19c", "2, 4, 5", rejected(R::MultipleNumbers)),
        ("19d", "option 3 or 4", rejected(R::MultipleNumbers)),
        ("20", "next month works", rejected(R::NoIntent)),
        ("21", "I am free friday", chosen(7, M::Daypart)),
        ("22", "10am or 2pm", rejected(R::MultipleTimes)),
        ("23", "friday 2pm", chosen(8, M::Daypart)),
        ("24", "wednesday at 4", chosen(6, M::Daypart)),
        ("25a", "the first one", chosen(1, M::Ordinal)),
        ("25b", "the last one", chosen(8, M::Ordinal)),
        ("26", "none of these work", rejected(R::NoneSuit)),
        ("27a", "Monday", chosen(1, M::Daypart)),
        ("27b", "Mon 16:00", chosen(3, M::Daypart)),
        ("28", "Friday or Monday", rejected(R::MultipleDays)),
    ]
}

fn run(slots: &[OfferedSlot], table: Vec<(&str, Option<&str>, Option<&str>, SlotChoice)>) {
    let offer = offer(slots);
    let failures: Vec<String> = table
        .into_iter()
        .filter_map(|(row, message, reply_id, expected)| {
            let got = parse_slot_choice(message, reply_id, &offer);
            (got != expected).then(|| {
                format!("row {row} {message:?} / {reply_id:?}: expected {expected:?}, got {got:?}")
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spec_table_25_4_fixture_rows() {
    let table = rows()
        .into_iter()
        .map(|(row, message, expected)| (row, Some(message), None, expected))
        .collect();
    run(&fixture(), table);
}

#[test]
fn spec_table_25_4_reply_ids() {
    run(
        &fixture(),
        vec![
            ("29", None, Some("slot:91:3"), chosen(3, M::ListReply)),
            ("30", None, Some("slot:88:3"), rejected(R::StaleOffer)),
        ],
    );
}

#[test]
fn spec_table_25_4_row_31_smaller_offers() {
    let slots = fixture();
    run(
        slots.get(..5).unwrap(),
        vec![
            ("31 max 5", Some("5"), None, chosen(5, M::Number)),
            ("31 max 5", Some("6"), None, rejected(R::OutOfRange)),
        ],
    );
    run(
        slots.get(..3).unwrap(),
        vec![
            ("31 max 3", Some("#6"), None, rejected(R::OutOfRange)),
            ("31 max 3", Some("#3"), None, chosen(3, M::Hash)),
        ],
    );
}

#[test]
fn spec_table_25_4_row_32_no_slot_near_the_time() {
    run(
        &[slot(3, 29, 10), slot(3, 29, 16)],
        vec![("32", Some("2pm"), None, rejected(R::NoTimeMatch))],
    );
}

#[test]
fn further_cases() {
    run(
        &fixture(),
        vec![
            ("no message", None, None, rejected(R::NoMessage)),
            ("blank message", Some("  "), None, rejected(R::NoMessage)),
            (
                "reply id out of range",
                None,
                Some("slot:91:9"),
                rejected(R::OutOfRange),
            ),
            (
                "foreign reply id",
                Some("Yes"),
                Some("ans:coverup:yes"),
                rejected(R::StaleOffer),
            ),
            (
                "copied offer line",
                Some("1. Mon 29 Mar, 10:00\u{2013}13:00 BST"),
                None,
                chosen(1, M::List),
            ),
            (
                "ordinal digits",
                Some("the 2nd one"),
                None,
                chosen(2, M::Ordinal),
            ),
            (
                "ordinal out of range",
                Some("the tenth"),
                None,
                rejected(R::OutOfRange),
            ),
            (
                "other times",
                Some("any other times?"),
                None,
                rejected(R::NoneSuit),
            ),
            (
                "weekday and time not near",
                Some("friday 4pm"),
                None,
                rejected(R::NoMatch),
            ),
            (
                "weekday at 10",
                Some("wednesday at 10"),
                None,
                chosen(4, M::Daypart),
            ),
            ("a.m.", Some("10 a.m."), None, chosen(1, M::Time)),
            (
                "hash with keyword",
                Some("option #4"),
                None,
                chosen(4, M::Option),
            ),
            ("exclamation", Some("7!"), None, chosen(7, M::Number)),
        ],
    );
}

#[test]
fn reasons_and_matches_have_their_event_names() {
    assert_eq!(SlotRejection::NoTimeMatch.as_str(), "no_time_match");
    assert_eq!(SlotMatch::ListReply.as_str(), "list_reply");
    assert_eq!(
        serde_json::to_string(&SlotRejection::MultipleNumbers).unwrap(),
        "\"multiple_numbers\""
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,40}", reply in proptest::option::of("\\PC{0,20}")) {
        let slots = fixture();
        let _ = parse_slot_choice(Some(&text), reply.as_deref(), &offer(&slots));
    }
}
