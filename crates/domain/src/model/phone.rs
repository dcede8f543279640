use std::fmt;

use serde::{Deserialize, Serialize};

/// An E.164 number as WhatsApp sends it: 8–15 digits, no `+`.
///
/// `Display` and `Debug` print only the last four digits, so a phone can never leak into a log line by
/// accident; use [`Phone::digits`] where the full number is genuinely needed (the Graph API, the database).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a phone number must be 8 to 15 digits with country code")]
pub struct PhoneError;

impl Phone {
    /// Accepts digits with an optional leading `+` and ignores spaces, dashes and brackets.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let trimmed = raw.trim();
        let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let mut digits = String::with_capacity(body.len());
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' => {}
                _ => return Err(PhoneError),
            }
        }
        if (8..=15).contains(&digits.len()) {
            Ok(Self(digits))
        } else {
            Err(PhoneError)
        }
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `***` followed by the last four digits: the only form allowed in logs and system events.
    pub fn masked(&self) -> String {
        let tail = &self.0[self.0.len().saturating_sub(4)..];
        format!("***{tail}")
    }

    /// The last `n` digits, for suffix search in the admin API.
    pub fn ends_with(&self, suffix: &str) -> bool {
        self.0.ends_with(suffix)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(value: Phone) -> Self {
        value.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plus_and_separators() {
        let phone = Phone::parse("+44 7700-900123").unwrap();
        assert_eq!(phone.digits(), "447700900123");
    }

    #[test]
    fn rejects_letters_and_wrong_lengths() {
        assert!(Phone::parse("4477OO900123").is_err());
        assert!(Phone::parse("1234567").is_err());
        assert!(Phone::parse("1234567890123456").is_err());
    }

    #[test]
    fn debug_and_display_mask_all_but_last_four() {
        let phone = Phone::parse("447700900123").unwrap();
        assert_eq!(format!("{phone}"), "***0123");
        assert!(!format!("{phone:?}").contains("447700"));
    }
}
