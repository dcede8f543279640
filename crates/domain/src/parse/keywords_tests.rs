use super::super::coverup::mentions_coverup;
use super::*;

const ARTIST: &str = "Sam Rivera";

#[derive(Debug, Clone, Copy)]
enum Expect {
    Matches(KeywordPolicy),
    DoesNotMatch(KeywordPolicy),
    Change(BookingChange),
    /// No policy, no H7 phrase and no cover-up mention: the text is handled as an ordinary answer.
    NoTrigger,
    /// No handover trigger, but the text mentions a cover-up.
    CoverUpMentionOnly,
}

const ALL_POLICIES: &[KeywordPolicy] = &[
    KeywordPolicy::OptOut,
    KeywordPolicy::OptIn,
    KeywordPolicy::HumanRequest,
    KeywordPolicy::RefundQuestion,
    KeywordPolicy::DataRequest,
    KeywordPolicy::Resume,
    KeywordPolicy::Restart,
    KeywordPolicy::NewEnquiry,
    KeywordPolicy::Link,
    KeywordPolicy::PriceNegotiation,
    KeywordPolicy::Hesitation,
    KeywordPolicy::SchedulingQuestion,
];

/// Spec consultation.md §25.5 at the parser level: `(row, message, expectation)`. The status-dependent
/// effects in the table (transitions, acks, resumability, the `timing` exception of the scheduling
/// deflection) belong to the engine; these rows pin what each message matches.
const ROWS: &[(&str, &str, Expect)] = &[
    ("1", "STOP", Expect::Matches(KeywordPolicy::OptOut)),
    ("2a", "stop.", Expect::Matches(KeywordPolicy::OptOut)),
    ("2b", "Stop!", Expect::Matches(KeywordPolicy::OptOut)),
    ("3", "I'll stop by the shop", Expect::NoTrigger),
    ("4", "don't stop the convo", Expect::NoTrigger),
    ("5", "UNSUBSCRIBE", Expect::Matches(KeywordPolicy::OptOut)),
    ("6", "STOP", Expect::Matches(KeywordPolicy::OptOut)),
    ("7", "START", Expect::Matches(KeywordPolicy::OptIn)),
    ("8", "YES", Expect::DoesNotMatch(KeywordPolicy::OptIn)),
    ("9", "human", Expect::Matches(KeywordPolicy::HumanRequest)),
    (
        "10a",
        "human?",
        Expect::DoesNotMatch(KeywordPolicy::HumanRequest),
    ),
    (
        "10b",
        "are you human",
        Expect::DoesNotMatch(KeywordPolicy::HumanRequest),
    ),
    (
        "10c",
        "are you human?",
        Expect::DoesNotMatch(KeywordPolicy::HumanRequest),
    ),
    (
        "11",
        "can I talk to someone?",
        Expect::Matches(KeywordPolicy::HumanRequest),
    ),
    ("12", "ARTIST", Expect::Matches(KeywordPolicy::HumanRequest)),
    (
        "13",
        "can I get a refund please",
        Expect::Matches(KeywordPolicy::RefundQuestion),
    ),
    (
        "14",
        "is the deposit refundable?",
        Expect::Matches(KeywordPolicy::RefundQuestion),
    ),
    (
        "15",
        "delete that tattoo idea from the sheet",
        Expect::NoTrigger,
    ),
    ("16", "delete the design", Expect::NoTrigger),
    (
        "17",
        "please delete my data",
        Expect::Matches(KeywordPolicy::DataRequest),
    ),
    (
        "18",
        "Can you give me a discount?",
        Expect::Matches(KeywordPolicy::PriceNegotiation),
    ),
    ("19", "I want an ideal dragon design", Expect::NoTrigger),
    ("20", "you offered a consultation", Expect::NoTrigger),
    (
        "21",
        "I\u{2019}m ready but nervous about the pain",
        Expect::Matches(KeywordPolicy::Hesitation),
    ),
    (
        "22",
        "I need a cover-up of an old name",
        Expect::CoverUpMentionOnly,
    ),
    (
        "23",
        "when are you available?",
        Expect::Matches(KeywordPolicy::SchedulingQuestion),
    ),
    (
        "24",
        "when are you available? I'm flexible",
        Expect::Matches(KeywordPolicy::SchedulingQuestion),
    ),
    ("25", "CONTINUE", Expect::Matches(KeywordPolicy::Resume)),
    ("26", "CONTINUE", Expect::Matches(KeywordPolicy::Resume)),
    ("27", "RESTART", Expect::Matches(KeywordPolicy::Restart)),
    ("28", "NEW", Expect::Matches(KeywordPolicy::NewEnquiry)),
    (
        "29",
        "can I reschedule?",
        Expect::Change(BookingChange::Reschedule),
    ),
    ("30", "discover", Expect::NoTrigger),
];

fn no_trigger(k: &KeywordText) -> bool {
    ALL_POLICIES.iter().all(|p| !p.matches(k, ARTIST)) && booking_change_request(k).is_none()
}

fn holds(k: &KeywordText, expect: Expect) -> bool {
    match expect {
        Expect::Matches(policy) => policy.matches(k, ARTIST),
        Expect::DoesNotMatch(policy) => !policy.matches(k, ARTIST),
        Expect::Change(change) => booking_change_request(k) == Some(change),
        Expect::NoTrigger => no_trigger(k) && !mentions_coverup(k),
        Expect::CoverUpMentionOnly => no_trigger(k) && mentions_coverup(k),
    }
}

#[test]
fn spec_table_25_5() {
    let failures: Vec<String> = ROWS
        .iter()
        .filter(|(_, text, expect)| !holds(&keyword_form(text), *expect))
        .map(|(row, text, expect)| format!("row {row} {text:?}: expected {expect:?}"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn matches(policy: KeywordPolicy, text: &str) -> bool {
    policy.matches(&keyword_form(text), ARTIST)
}

#[test]
fn every_listed_phrase_matches_its_policy() {
    let sets: &[(KeywordPolicy, &[&str])] = &[
        (KeywordPolicy::OptOut, OPT_OUT),
        (KeywordPolicy::OptIn, OPT_IN),
        (KeywordPolicy::HumanRequest, HUMAN_WORDS),
        (KeywordPolicy::HumanRequest, HUMAN_PHRASES),
        (KeywordPolicy::RefundQuestion, REFUND),
        (KeywordPolicy::DataRequest, DATA_REQUEST),
        (KeywordPolicy::Resume, RESUME),
        (KeywordPolicy::Restart, RESTART),
        (KeywordPolicy::NewEnquiry, NEW_ENQUIRY),
        (KeywordPolicy::Link, LINK),
        (KeywordPolicy::PriceNegotiation, PRICE_NEGOTIATION),
        (KeywordPolicy::Hesitation, HESITATION),
        (KeywordPolicy::SchedulingQuestion, SCHEDULING_QUESTION),
    ];
    for (policy, phrases) in sets {
        for phrase in *phrases {
            assert!(matches(*policy, phrase), "{policy:?} {phrase}");
        }
    }
}

#[test]
fn exact_policies_need_the_whole_message() {
    assert!(!matches(KeywordPolicy::OptOut, "please stop"));
    assert!(!matches(KeywordPolicy::OptIn, "start over"));
    assert!(matches(KeywordPolicy::Restart, "start over"));
    assert!(!matches(KeywordPolicy::NewEnquiry, "new tattoo of a cat"));
    assert!(matches(KeywordPolicy::Resume, "carry on!"));
}

#[test]
fn human_request_by_artist_name() {
    assert!(matches(
        KeywordPolicy::HumanRequest,
        "can I speak to Sam Rivera please"
    ));
    assert!(matches(KeywordPolicy::HumanRequest, "can I talk to sam?"));
    assert!(!matches(
        KeywordPolicy::HumanRequest,
        "can I talk to samantha"
    ));
    assert!(!KeywordPolicy::HumanRequest.matches(&keyword_form("talk to x"), "X"));
}

#[test]
fn link_accepts_yes_words() {
    assert!(matches(KeywordPolicy::Link, "new link"));
    assert!(matches(KeywordPolicy::Link, "yes please"));
    assert!(!matches(KeywordPolicy::Link, "no"));
}

#[test]
fn price_negotiation_is_whole_words() {
    assert!(matches(
        KeywordPolicy::PriceNegotiation,
        "is there a deal for two?"
    ));
    assert!(!matches(
        KeywordPolicy::PriceNegotiation,
        "I want an ideal dragon design"
    ));
}

#[test]
fn question_triggers_need_their_length_and_question_mark() {
    let short = "How much would this cost?";
    assert!(is_price_question(short, &keyword_form(short)));
    assert!(!is_complex_question(short, &keyword_form(short)));
    let long = "I was wondering, before I commit to anything, how long would a piece like this take and \
                could it be done in a single session?";
    assert!(is_complex_question(long, &keyword_form(long)));
    assert!(!is_price_question(
        "the price is fine",
        &keyword_form("the price is fine")
    ));
}

#[test]
fn booking_changes() {
    let change = |text: &str| booking_change_request(&keyword_form(text));
    assert_eq!(change("I need to cancel"), Some(BookingChange::Cancel));
    assert_eq!(
        change("can we change the date?"),
        Some(BookingChange::Reschedule)
    );
    assert_eq!(
        change("cancel and rebook please"),
        Some(BookingChange::Reschedule)
    );
    assert_eq!(change("sounds great"), None);
}

#[test]
fn continue_acknowledgements() {
    let ack = |text: &str| is_continue_acknowledgement(text, &keyword_form(text), None);
    assert!(ack("ok"));
    assert!(ack("Thank you!"));
    assert!(ack("\u{1F44D}"));
    assert!(ack("\u{1F44D}\u{1F3FD}"));
    assert!(ack("\u{2764}\u{FE0F}"));
    assert!(!ack("\u{1F44D}\u{1F44D}"));
    assert!(!ack("ok but when?"));
    assert!(is_continue_acknowledgement(
        "",
        &keyword_form(""),
        Some("continue")
    ));
}
