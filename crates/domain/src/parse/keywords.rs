//! Keyword policies (consultation.md §10.2) and the phrase triggers of handovers and deflections
//! (§13.1 H4–H7, §13.2). Every policy reads the K form; exact policies compare the whole message,
//! phrase policies match whole words only, so `IDEAL` never matches `DEAL`.

use super::text::{KeywordText, keyword_form, phrase_match};
use super::yes_no::{YesNo, parse_yes_no};

/// A named set of phrases with its matching rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeywordPolicy {
    /// P4, everywhere, exact.
    OptOut,
    /// P5, opted-out contact, exact. `YES` and `CONTINUE` are not opt-in words.
    OptIn,
    /// H1: exact single words (not when the message ends with `?`) or phrases.
    HumanRequest,
    /// H2, phrase.
    RefundQuestion,
    /// H3, phrase.
    DataRequest,
    /// `NEEDS_ARTIST_REPLY`, exact.
    Resume,
    /// `QUALIFYING`, exact.
    Restart,
    /// Booked or closed-in-grace lead, exact.
    NewEnquiry,
    /// `DEPOSIT_EXPIRED` in manual mode: exact `LINK`/`NEW LINK`, or a yes-word.
    Link,
    /// H4, phrase.
    PriceNegotiation,
    /// H5, phrase.
    Hesitation,
    /// §13.2 scheduling deflection, phrase (the caller skips it at step `timing`).
    SchedulingQuestion,
}

const OPT_OUT: &[&str] = &[
    "STOP",
    "STOP ALL",
    "STOPALL",
    "STOP MESSAGES",
    "STOP MESSAGING ME",
    "UNSUBSCRIBE",
    "UNSUBSCRIBE ME",
    "OPT OUT",
    "OPTOUT",
    "END",
    "QUIT",
];
const OPT_IN: &[&str] = &["START", "UNSTOP", "RESUME", "OPT IN", "OPTIN", "SUBSCRIBE"];
const HUMAN_WORDS: &[&str] = &["HUMAN", "PERSON", "AGENT", "ARTIST", "REAL PERSON"];
const HUMAN_PHRASES: &[&str] = &[
    "TALK TO SOMEONE",
    "SPEAK TO SOMEONE",
    "TALK TO A HUMAN",
    "SPEAK TO A HUMAN",
    "TALK TO A PERSON",
    "SPEAK TO A PERSON",
    "TALK TO A REAL PERSON",
    "TALK TO THE ARTIST",
    "SPEAK TO THE ARTIST",
];
const REFUND: &[&str] = &[
    "REFUND",
    "REFUNDS",
    "REFUNDED",
    "REFUNDABLE",
    "MONEY BACK",
    "CHARGEBACK",
];
const DATA_REQUEST: &[&str] = &[
    "DELETE MY DATA",
    "DELETE DATA",
    "REMOVE MY DATA",
    "ERASE MY DATA",
    "DELETE MY INFO",
    "DELETE MY DETAILS",
    "GDPR",
    "DATA PROTECTION",
    "SUBJECT ACCESS",
];
const RESUME: &[&str] = &["CONTINUE", "RESUME", "CARRY ON"];
const RESTART: &[&str] = &["RESTART", "START OVER"];
const NEW_ENQUIRY: &[&str] = &["NEW", "NEW ENQUIRY", "NEW TATTOO"];
const LINK: &[&str] = &["LINK", "NEW LINK"];
const PRICE_NEGOTIATION: &[&str] = &[
    "CHEAPER",
    "DISCOUNT",
    "DISCOUNTS",
    "LOWER PRICE",
    "BEST PRICE",
    "NEGOTIATE",
    "NEGOTIABLE",
    "HAGGLE",
    "ANY DEALS",
    "A DEAL",
];
const HESITATION: &[&str] = &[
    "I'M READY BUT",
    "IM READY BUT",
    "I WANT TO BUT",
    "I'M INTERESTED BUT",
    "IM INTERESTED BUT",
    "I'D LIKE TO BUT",
    "ID LIKE TO BUT",
    "I'M THINKING BUT",
    "I'M CONSIDERING BUT",
];
const SCHEDULING_QUESTION: &[&str] = &[
    "WHEN ARE YOU AVAILABLE",
    "WHAT DATES",
    "YOUR SCHEDULE",
    "WHEN CAN YOU",
    "NEXT AVAILABLE",
    "EARLIEST APPOINTMENT",
    "ANY AVAILABILITY",
];
const COMPLEX_QUESTION: &[&str] = &[
    "HOW MUCH",
    "HOW LONG",
    "CAN I",
    "WHAT IF",
    "IS IT POSSIBLE",
    "DO YOU",
    "WILL YOU",
    "WHEN CAN",
    "WHERE CAN",
];
const PRICE_QUESTION: &[&str] = &["HOW MUCH", "PRICE", "COST", "QUOTE", "CHARGE"];
const RESCHEDULE: &[&str] = &[
    "RESCHEDULE",
    "REBOOK",
    "CHANGE MY APPOINTMENT",
    "CHANGE MY BOOKING",
    "MOVE MY APPOINTMENT",
    "MOVE MY BOOKING",
    "CHANGE THE DATE",
];
const CANCEL: &[&str] = &[
    "CANCEL",
    "CANCEL MY APPOINTMENT",
    "CANCEL MY BOOKING",
    "CANCEL IT",
];
const CONTINUE_ACKNOWLEDGEMENTS: &[&str] = &[
    "OK",
    "OKAY",
    "YES",
    "YEP",
    "SURE",
    "CONTINUE",
    "GO ON",
    "HI",
    "HELLO",
    "HEY",
    "THANKS",
    "THANK YOU",
];

fn exact(k: &KeywordText, phrases: &[&str]) -> bool {
    phrases.contains(&k.text.as_str())
}

fn phrase(k: &KeywordText, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| phrase_match(&k.text, p))
}

impl KeywordPolicy {
    /// Whether the message (in K form) matches this policy. `artist_name` is the display name from
    /// the studio rules, used only by `TALK TO <ARTIST NAME>`.
    pub fn matches(self, k: &KeywordText, artist_name: &str) -> bool {
        match self {
            Self::OptOut => exact(k, OPT_OUT),
            Self::OptIn => exact(k, OPT_IN),
            Self::HumanRequest => {
                (!k.ends_with_question && exact(k, HUMAN_WORDS))
                    || phrase(k, HUMAN_PHRASES)
                    || asks_for_artist_by_name(k, artist_name)
            }
            Self::RefundQuestion => phrase(k, REFUND),
            Self::DataRequest => phrase(k, DATA_REQUEST),
            Self::Resume => exact(k, RESUME),
            Self::Restart => exact(k, RESTART),
            Self::NewEnquiry => exact(k, NEW_ENQUIRY),
            Self::Link => exact(k, LINK) || parse_yes_no(k) == Some(YesNo::Yes),
            Self::PriceNegotiation => phrase(k, PRICE_NEGOTIATION),
            Self::Hesitation => phrase(k, HESITATION),
            Self::SchedulingQuestion => phrase(k, SCHEDULING_QUESTION),
        }
    }
}

/// `TALK TO <ARTIST NAME>` / `SPEAK TO <ARTIST NAME>`, with the full name or its first word.
fn asks_for_artist_by_name(k: &KeywordText, artist_name: &str) -> bool {
    if !(k.text.contains("TALK TO ") || k.text.contains("SPEAK TO ")) {
        return false;
    }
    let name = keyword_form(artist_name).text;
    let first_name = name.split(' ').next().unwrap_or_default();
    [name.as_str(), first_name]
        .into_iter()
        .filter(|n| n.chars().count() >= 2)
        .any(|n| {
            phrase_match(&k.text, &format!("TALK TO {n}"))
                || phrase_match(&k.text, &format!("SPEAK TO {n}"))
        })
}

/// H6: a long question (N contains `?` and is over 100 characters) with a question phrase.
pub fn is_complex_question(normal: &str, k: &KeywordText) -> bool {
    normal.contains('?') && normal.chars().count() > 100 && phrase(k, COMPLEX_QUESTION)
}

/// §13.2 price deflection: a short question (N ends with `?`, at most 100 characters) about price.
pub fn is_price_question(normal: &str, k: &KeywordText) -> bool {
    normal.ends_with('?') && normal.chars().count() <= 100 && phrase(k, PRICE_QUESTION)
}

/// What an H7 message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BookingChange {
    /// Reason `RESCHEDULE_REQUEST`.
    Reschedule,
    /// Reason `CANCEL_REQUEST`.
    Cancel,
}

/// H7: reschedule phrases are checked first, so "cancel and rebook" is a reschedule.
pub fn booking_change_request(k: &KeywordText) -> Option<BookingChange> {
    if phrase(k, RESCHEDULE) {
        Some(BookingChange::Reschedule)
    } else if phrase(k, CANCEL) {
        Some(BookingChange::Cancel)
    } else {
        None
    }
}

/// P10: a reply that only acknowledges (`ok`, `thanks`, a single emoji), or the `continue` payload.
pub fn is_continue_acknowledgement(normal: &str, k: &KeywordText, reply_id: Option<&str>) -> bool {
    reply_id == Some("continue") || exact(k, CONTINUE_ACKNOWLEDGEMENTS) || is_single_emoji(normal)
}

/// One pictograph, optionally with a variation selector, skin tone or keycap (ZWJ sequences are
/// already split by N, which removes U+200D).
fn is_single_emoji(normal: &str) -> bool {
    let mut pictographs = 0;
    for c in normal.chars() {
        match c {
            '\u{FE0F}' | '\u{FE0E}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' => {}
            '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' => {
                pictographs += 1
            }
            _ => return false,
        }
    }
    pictographs == 1
}

#[cfg(test)]
#[path = "keywords_tests.rs"]
mod tests;
