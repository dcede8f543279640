//! What a reply to a slot offer says: weekdays, parts of day, clock times, option numbers and the
//! explicit forms (`option 3`, `#3`, `3)`, `the first one`), and which slot they point to
//! (consultation.md §25.4 rules 3–8).

use chrono::{Datelike, Timelike, Weekday};

use super::clock::{ClockTime, DayPart, clock_times, month, ordinal_suffix_follows, weekday};
use super::scan::{Piece, Token, small_number};
use super::slot_choice::{SlotChoice, SlotMatch, SlotOffer, SlotRejection, choose};

const OPTION_WORDS: &[&str] = &["option", "slot", "choice", "number"];

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

/// A time named together with a slot matches when the slot starts within this many minutes of it.
const TIME_TOLERANCE_MINUTES: u32 = 30;

/// What a message says about days, times and option numbers.
pub(super) struct Reading<'t, 'a> {
    tokens: &'t [Token<'a>],
    offer: &'t SlotOffer<'t>,
    weekdays: Vec<Weekday>,
    day_parts: Vec<DayPart>,
    times: Vec<ClockTime>,
}

impl<'t, 'a> Reading<'t, 'a> {
    pub(super) fn new(tokens: &'t [Token<'a>], offer: &'t SlotOffer<'t>) -> Self {
        let mut weekdays = Vec::new();
        let mut day_parts = Vec::new();
        for word in tokens.iter().filter_map(Token::word) {
            if let Some(day) = weekday(word)
                && !weekdays.contains(&day)
            {
                weekdays.push(day);
            }
            if let Some(part) = DayPart::of(word) {
                day_parts.push(part);
            }
        }
        let times = clock_times(tokens, !weekdays.is_empty());
        Self {
            tokens,
            offer,
            weekdays,
            day_parts,
            times,
        }
    }

    fn max(&self) -> usize {
        self.offer.slots.len()
    }

    pub(super) fn choice(&self) -> SlotChoice {
        let mut numbers = self.option_numbers();
        numbers.sort_unstable();
        numbers.dedup();
        if numbers.len() >= 2 {
            return SlotChoice::Rejected(SlotRejection::MultipleNumbers);
        }
        if let Some(choice) = self.explicit_choice() {
            return choice;
        }
        if self.weekdays.len() >= 2 {
            return SlotChoice::Rejected(SlotRejection::MultipleDays);
        }
        let mut minutes: Vec<u32> = self.times.iter().map(|t| t.minutes).collect();
        minutes.sort_unstable();
        minutes.dedup();
        if minutes.len() >= 2 {
            return SlotChoice::Rejected(SlotRejection::MultipleTimes);
        }
        let time = minutes.first().copied();
        if let Some(day) = self.weekdays.first() {
            return match self.best_slot(Some(*day), time) {
                Some(index) => SlotChoice::Chosen {
                    index,
                    matched_by: SlotMatch::Daypart,
                },
                None => SlotChoice::Rejected(SlotRejection::NoMatch),
            };
        }
        if let Some(time) = time {
            return match self.best_slot(None, Some(time)) {
                Some(index) => SlotChoice::Chosen {
                    index,
                    matched_by: SlotMatch::Time,
                },
                None => SlotChoice::Rejected(SlotRejection::NoTimeMatch),
            };
        }
        SlotChoice::Rejected(SlotRejection::NoIntent)
    }

    fn in_time(&self, at: usize) -> bool {
        self.times.iter().any(|t| t.uses(at))
    }

    fn digits_value(&self, at: usize) -> Option<usize> {
        let token = self.tokens.get(at)?;
        small_number(token.digits()?).and_then(|n| usize::try_from(n).ok())
    }

    /// Standalone integers 1..=max that are not part of a time, a date, an ordinal or a decimal.
    fn option_numbers(&self) -> Vec<usize> {
        (0..self.tokens.len())
            .filter(|&at| !self.in_time(at) && !ordinal_suffix_follows(self.tokens, at))
            .filter(|&at| !self.next_to_month(at) && !self.in_decimal(at))
            .filter_map(|at| self.digits_value(at))
            .filter(|n| (1..=self.max()).contains(n))
            .collect()
    }

    fn next_to_month(&self, at: usize) -> bool {
        let is_month =
            |token: Option<&Token<'_>>| token.and_then(Token::word).and_then(month).is_some();
        is_month(self.tokens.get(at + 1))
            || is_month(at.checked_sub(1).and_then(|b| self.tokens.get(b)))
    }

    fn in_decimal(&self, at: usize) -> bool {
        let glued_digits = |separator: Option<&Token<'_>>, digits: Option<&Token<'_>>| {
            separator.is_some_and(|s| s.attached() && (s.is_symbol('.') || s.is_symbol(',')))
                && digits.is_some_and(|d| d.attached() && d.digits().is_some())
        };
        let before = at
            .checked_sub(2)
            .map(|b| (self.tokens.get(b), self.tokens.get(b + 1)));
        glued_digits(self.tokens.get(at + 1), self.tokens.get(at + 2))
            || before.is_some_and(|(digits, separator)| {
                glued_digits(separator, self.tokens.get(at))
                    && digits.and_then(Token::digits).is_some()
            })
    }

    /// Tier 1: a bare number, `option N`, `#N`, `N)` and ordinals.
    fn explicit_choice(&self) -> Option<SlotChoice> {
        let max = self.max();
        match self.tokens {
            [only]
            | [
                only,
                Token {
                    piece: Piece::Symbol('.' | '!'),
                    ..
                },
            ] if only.digits().is_some() => {
                return Some(choose(
                    self.digits_value(0).unwrap_or(0),
                    max,
                    SlotMatch::Number,
                ));
            }
            _ => {}
        }
        for at in 0..self.tokens.len() {
            if self
                .tokens
                .get(at)
                .and_then(Token::word)
                .is_some_and(|w| OPTION_WORDS.contains(&w))
            {
                let number_at = if self.tokens.get(at + 1).is_some_and(|t| t.is_symbol('#')) {
                    at + 2
                } else {
                    at + 1
                };
                if let Some(n) = self
                    .digits_value(number_at)
                    .filter(|_| !self.in_time(number_at))
                {
                    return Some(choose(n, max, SlotMatch::Option));
                }
            }
        }
        for at in 0..self.tokens.len() {
            let hash = self.tokens.get(at).is_some_and(|t| t.is_symbol('#'));
            let glued = self.tokens.get(at + 1).is_some_and(Token::attached);
            if let Some(n) = self.digits_value(at + 1).filter(|_| hash && glued) {
                return Some(choose(n, max, SlotMatch::Hash));
            }
        }
        if let Some(choice) = self.list_choice() {
            return Some(choice);
        }
        if self.weekdays.is_empty() && self.times.is_empty() {
            return self.ordinal().map(|n| choose(n, max, SlotMatch::Ordinal));
        }
        None
    }

    /// The message starts with `N)`, `N:` or `N.` (then nothing, or text after a space).
    fn list_choice(&self) -> Option<SlotChoice> {
        let n = self.digits_value(0)?;
        let marker = self.tokens.get(1)?;
        let is_marker = marker.attached() && matches!(marker.piece, Piece::Symbol(')' | ':' | '.'));
        let then_text = self.tokens.get(2).is_none_or(|t| t.spaced);
        (is_marker && then_text).then(|| choose(n, self.max(), SlotMatch::List))
    }

    fn ordinal(&self) -> Option<usize> {
        self.tokens.iter().enumerate().find_map(|(at, token)| {
            if let Some(word) = token.word() {
                if word == "last" {
                    return Some(self.max());
                }
                return ORDINALS
                    .iter()
                    .find(|(name, _)| *name == word)
                    .map(|(_, n)| *n as usize);
            }
            self.digits_value(at)
                .filter(|n| (1..=10).contains(n) && ordinal_suffix_follows(self.tokens, at))
        })
    }

    /// The earliest slot on `day` (within the named parts of day), or the closest to `time` within
    /// the tolerance (ties to the earliest).
    fn best_slot(&self, day: Option<Weekday>, time: Option<u32>) -> Option<usize> {
        let zone = self.offer.zone;
        self.offer
            .slots
            .iter()
            .enumerate()
            .filter_map(|(at, slot)| {
                let local = slot.start.with_timezone(&zone);
                let on_day = day.is_none_or(|d| local.weekday() == d);
                let in_part = day.is_none()
                    || self.day_parts.is_empty()
                    || self.day_parts.iter().any(|p| p.contains_hour(local.hour()));
                let distance = time.map(|t| (local.hour() * 60 + local.minute()).abs_diff(t));
                let near = distance.is_none_or(|d| d <= TIME_TOLERANCE_MINUTES);
                (on_day && in_part && near).then_some((distance.unwrap_or(0), slot.start, at + 1))
            })
            .min()
            .map(|(_, _, index)| index)
    }
}
