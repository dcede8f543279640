//! Handover to the artist (`NEEDS_ARTIST_REPLY`): why, in words, and whether the client may resume
//! (consultation.md §13).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::strike::StrikeField;
use super::string_enum::UnknownName;

/// The reason code of a handover (`leads.handover_reason_code`), one per trigger of §13.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum HandoverReason {
    HumanRequest,
    RefundQuestion,
    DataRequest,
    PriceNegotiation,
    Hesitation,
    ComplexQuestion,
    RescheduleRequest,
    CancelRequest,
    /// Third failed parse of the field (`PARSE_FAILURE:<field>`).
    ParseFailure(StrikeField),
    CoverUp,
    TimeWindows,
    PaymentReview,
    PaymentLinkFailed,
    PaidNoSlot,
}

const PARSE_FAILURE_PREFIX: &str = "PARSE_FAILURE:";

const FIXED_CODES: [(HandoverReason, &str); 13] = [
    (HandoverReason::HumanRequest, "HUMAN_REQUEST"),
    (HandoverReason::RefundQuestion, "REFUND_QUESTION"),
    (HandoverReason::DataRequest, "DATA_REQUEST"),
    (HandoverReason::PriceNegotiation, "PRICE_NEGOTIATION"),
    (HandoverReason::Hesitation, "HESITATION"),
    (HandoverReason::ComplexQuestion, "COMPLEX_QUESTION"),
    (HandoverReason::RescheduleRequest, "RESCHEDULE_REQUEST"),
    (HandoverReason::CancelRequest, "CANCEL_REQUEST"),
    (HandoverReason::CoverUp, "COVER_UP"),
    (HandoverReason::TimeWindows, "TIME_WINDOWS"),
    (HandoverReason::PaymentReview, "PAYMENT_REVIEW"),
    (HandoverReason::PaymentLinkFailed, "PAYMENT_LINK_FAILED"),
    (HandoverReason::PaidNoSlot, "PAID_NO_SLOT"),
];

impl HandoverReason {
    /// The exact code, e.g. `HUMAN_REQUEST` or `PARSE_FAILURE:budget`.
    pub fn code(self) -> String {
        match self {
            HandoverReason::ParseFailure(field) => format!("{PARSE_FAILURE_PREFIX}{field}"),
            fixed => FIXED_CODES
                .iter()
                .find(|(reason, _)| *reason == fixed)
                .map(|(_, code)| (*code).to_owned())
                .unwrap_or_default(),
        }
    }

    /// Whether the client may resume with `CONTINUE` (the last column of §13.1). The artist can
    /// always resume.
    pub fn client_can_resume(self) -> bool {
        matches!(
            self,
            HandoverReason::HumanRequest
                | HandoverReason::RefundQuestion
                | HandoverReason::PriceNegotiation
                | HandoverReason::Hesitation
                | HandoverReason::ComplexQuestion
                | HandoverReason::ParseFailure(_)
        )
    }

    /// Raised by the completion decision, after every question is answered: resuming goes on to
    /// approval, never back into the questions (README Clarifications).
    pub fn raised_at_completion(self) -> bool {
        self == HandoverReason::CoverUp
    }
}

impl fmt::Display for HandoverReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for HandoverReason {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || {
            let mut names: Vec<&str> = FIXED_CODES.iter().map(|(_, code)| *code).collect();
            names.push("PARSE_FAILURE:<field>");
            UnknownName::new("handover reason", text, &names)
        };
        if let Some(field) = text.strip_prefix(PARSE_FAILURE_PREFIX) {
            return field
                .parse()
                .map(HandoverReason::ParseFailure)
                .map_err(|_| unknown());
        }
        FIXED_CODES
            .iter()
            .find(|(_, code)| *code == text)
            .map(|(reason, _)| *reason)
            .ok_or_else(unknown)
    }
}

impl TryFrom<String> for HandoverReason {
    type Error = UnknownName;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<HandoverReason> for String {
    fn from(reason: HandoverReason) -> Self {
        reason.code()
    }
}

/// An open handover: stored on the lead while it is in `NEEDS_ARTIST_REPLY`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub reason_code: HandoverReason,
    /// Human-readable reason for the artist, at most [`Handover::REASON_MAX_CHARS`] characters.
    pub reason: String,
    /// The client may resume it with `CONTINUE`.
    pub resumable: bool,
}

impl Handover {
    /// `leads.handover_reason` is `varchar(200)`.
    pub const REASON_MAX_CHARS: usize = 200;

    /// A handover for `reason_code`, resumable by the client as §13.1 says; the text is cut to fit.
    pub fn new(reason_code: HandoverReason, reason: &str) -> Self {
        Self {
            reason_code,
            reason: truncate_chars(reason.trim(), Self::REASON_MAX_CHARS),
            resumable: reason_code.client_can_resume(),
        }
    }

    /// Adds a further reason to an open handover (an event needing review while the lead is already
    /// with the artist; no second transition is recorded).
    pub fn append_reason(&mut self, more: &str) {
        let combined = if self.reason.is_empty() {
            more.trim().to_owned()
        } else {
            format!("{}; {}", self.reason, more.trim())
        };
        self.reason = truncate_chars(&combined, Self::REASON_MAX_CHARS);
    }
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_exact_strings_of_the_trigger_table() {
        assert_eq!(HandoverReason::HumanRequest.code(), "HUMAN_REQUEST");
        assert_eq!(HandoverReason::PaidNoSlot.code(), "PAID_NO_SLOT");
        assert_eq!(
            HandoverReason::ParseFailure(StrikeField::Slot).code(),
            "PARSE_FAILURE:slot"
        );
        let every = FIXED_CODES.iter().map(|(reason, _)| *reason).chain(
            StrikeField::ALL
                .iter()
                .map(|f| HandoverReason::ParseFailure(*f)),
        );
        for reason in every {
            assert_eq!(reason.code().parse::<HandoverReason>(), Ok(reason));
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(
                serde_json::from_str::<HandoverReason>(&json).unwrap(),
                reason
            );
        }
    }

    #[test]
    fn unknown_codes_are_rejected() {
        assert!("PARSE_FAILURE:idea".parse::<HandoverReason>().is_err());
        assert!("human_request".parse::<HandoverReason>().is_err());
        let error = "NOPE".parse::<HandoverReason>().unwrap_err().to_string();
        assert!(error.contains("HUMAN_REQUEST") && error.contains("PARSE_FAILURE:<field>"));
    }

    #[test]
    fn client_resumability_follows_the_trigger_table() {
        use HandoverReason::*;
        for yes in [
            HumanRequest,
            RefundQuestion,
            PriceNegotiation,
            Hesitation,
            ComplexQuestion,
            ParseFailure(StrikeField::Budget),
        ] {
            assert!(yes.client_can_resume(), "{yes}");
        }
        for no in [
            DataRequest,
            RescheduleRequest,
            CancelRequest,
            CoverUp,
            TimeWindows,
            PaymentReview,
            PaymentLinkFailed,
            PaidNoSlot,
        ] {
            assert!(!no.client_can_resume(), "{no}");
        }
    }

    #[test]
    fn reasons_are_cut_to_two_hundred_characters() {
        let long = "é".repeat(250);
        let mut handover = Handover::new(HandoverReason::HumanRequest, &long);
        assert_eq!(handover.reason.chars().count(), 200);
        assert!(handover.resumable);
        handover.append_reason("payment needs review");
        assert_eq!(handover.reason.chars().count(), 200);
    }

    #[test]
    fn appended_reasons_are_kept_after_the_first() {
        let mut handover = Handover::new(HandoverReason::CancelRequest, "client asked to cancel");
        handover.append_reason("payment needs review: amount mismatch");
        assert_eq!(
            handover.reason,
            "client asked to cancel; payment needs review: amount mismatch"
        );
        assert_eq!(handover.reason_code, HandoverReason::CancelRequest);
    }
}
