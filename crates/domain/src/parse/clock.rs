//! Days, parts of day, clock times and months as clients write them; shared by slot choice and
//! time-window collection.

use chrono::Weekday;

use super::scan::{Piece, Token, small_number};

/// A weekday name or abbreviation (whole words only, so `month` is not `mon`).
pub(crate) fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// Part of day, as a half-open range of local hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    pub fn of(word: &str) -> Option<DayPart> {
        Some(match word {
            "morning" | "mornings" => Self::Morning,
            "afternoon" | "afternoons" => Self::Afternoon,
            "evening" | "evenings" => Self::Evening,
            "night" | "nights" => Self::Night,
            _ => return None,
        })
    }

    pub fn contains_hour(self, hour: u32) -> bool {
        let (from, to) = match self {
            Self::Morning => (6, 12),
            Self::Afternoon => (12, 17),
            Self::Evening => (17, 21),
            Self::Night => (21, 24),
        };
        (from..to).contains(&hour)
    }
}

/// A month name or abbreviation; `may` and `mar` are also ordinary words, so callers only count them
/// next to a number.
pub(crate) fn month(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

pub(crate) fn is_ambiguous_month(word: &str) -> bool {
    matches!(word, "may" | "mar")
}

/// `1st`, `2nd`, `14th`: digits followed directly by an ordinal suffix.
pub(crate) fn ordinal_suffix_follows(tokens: &[Token<'_>], digits_at: usize) -> bool {
    tokens
        .get(digits_at + 1)
        .is_some_and(|t| t.attached() && matches!(t.piece, Piece::Word("st" | "nd" | "rd" | "th")))
}

/// A clock time found in the text: minutes after local midnight and the tokens it used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClockTime {
    pub minutes: u32,
    pub first_token: usize,
    pub last_token: usize,
}

impl ClockTime {
    pub fn uses(&self, token: usize) -> bool {
        (self.first_token..=self.last_token).contains(&token)
    }
}

/// Every clock time in `tokens`: `H[:MM] am|pm`, `HH:MM`, `HH.MM` (hour ≤ 23) and, when
/// `at_hour_is_time` (a weekday was named), `at H`, where 1–7 means the afternoon (`at 4` = 16:00).
pub(crate) fn clock_times(tokens: &[Token<'_>], at_hour_is_time: bool) -> Vec<ClockTime> {
    let mut times = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        match clock_time_at(tokens, at, at_hour_is_time) {
            Some(time) => {
                at = time.last_token + 1;
                times.push(time);
            }
            None => at += 1,
        }
    }
    times
}

fn clock_time_at(tokens: &[Token<'_>], at: usize, at_hour_is_time: bool) -> Option<ClockTime> {
    let hour_digits = tokens.get(at)?.digits()?;
    if hour_digits.len() > 2 {
        return None;
    }
    let hour = small_number(hour_digits)?;
    let (minute, after_minutes) = match minutes_after(tokens, at) {
        Some(minute) => (Some(minute), at + 3),
        None => (None, at + 1),
    };
    if let Some((meridiem_pm, last)) = meridiem(tokens, after_minutes) {
        if !(1..=12).contains(&hour) {
            return None;
        }
        let hour = match (hour, meridiem_pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        return Some(ClockTime {
            minutes: hour * 60 + minute.unwrap_or(0),
            first_token: at,
            last_token: last,
        });
    }
    if let Some(minute) = minute {
        return (hour <= 23).then_some(ClockTime {
            minutes: hour * 60 + minute,
            first_token: at,
            last_token: at + 2,
        });
    }
    let after_at = at
        .checked_sub(1)
        .and_then(|before| tokens.get(before))
        .is_some_and(|t| t.is_word("at"));
    let glued_to_more = tokens
        .get(at + 1)
        .is_some_and(|t| t.attached() && !matches!(t.piece, Piece::Symbol('.' | '!' | '?' | ',')));
    if at_hour_is_time && after_at && !glued_to_more && (1..=23).contains(&hour) {
        let hour = if hour <= 7 { hour + 12 } else { hour };
        return Some(ClockTime {
            minutes: hour * 60,
            first_token: at,
            last_token: at,
        });
    }
    None
}

/// `:MM` or `.MM` glued to the hour.
fn minutes_after(tokens: &[Token<'_>], hour_at: usize) -> Option<u32> {
    let separator = tokens.get(hour_at + 1)?;
    let digits = tokens.get(hour_at + 2)?;
    let glued = separator.attached() && digits.attached();
    let minutes = digits
        .digits()
        .filter(|d| d.len() == 2)
        .and_then(small_number)?;
    (glued && (separator.is_symbol(':') || separator.is_symbol('.')) && minutes <= 59)
        .then_some(minutes)
}

/// `am`/`pm` (glued or spaced) or `a.m.`/`p.m.` at `at`; returns whether it is pm and its last token.
fn meridiem(tokens: &[Token<'_>], at: usize) -> Option<(bool, usize)> {
    match tokens.get(at)?.word()? {
        "am" => Some((false, at)),
        "pm" => Some((true, at)),
        letter @ ("a" | "p") => {
            let dot = tokens.get(at + 1)?;
            let m = tokens.get(at + 2)?;
            (dot.is_symbol('.') && dot.attached() && m.is_word("m") && m.attached()).then(|| {
                let last = match tokens.get(at + 3) {
                    Some(t) if t.is_symbol('.') && t.attached() => at + 3,
                    _ => at + 2,
                };
                (letter == "p", last)
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::tokenize;
    use super::*;

    fn minutes(text: &str, weekday_named: bool) -> Vec<u32> {
        clock_times(&tokenize(text), weekday_named)
            .iter()
            .map(|t| t.minutes)
            .collect()
    }

    #[test]
    fn clock_times_in_their_written_forms() {
        assert_eq!(minutes("2pm", false), vec![840]);
        assert_eq!(minutes("2 pm", false), vec![840]);
        assert_eq!(minutes("2:30pm", false), vec![870]);
        assert_eq!(minutes("2.30 p.m.", false), vec![870]);
        assert_eq!(minutes("12am 12pm", false), vec![0, 720]);
        assert_eq!(minutes("14:00 and 9.15", false), vec![840, 555]);
        assert_eq!(minutes("24:00 13pm 0am", false), Vec::<u32>::new());
        assert_eq!(minutes("i am free", false), Vec::<u32>::new());
        assert_eq!(minutes("at 4", false), Vec::<u32>::new());
        assert_eq!(minutes("wednesday at 4", true), vec![960]);
        assert_eq!(minutes("wednesday at 10", true), vec![600]);
    }

    #[test]
    fn day_parts_are_half_open() {
        assert!(DayPart::Morning.contains_hour(6));
        assert!(!DayPart::Morning.contains_hour(12));
        assert!(DayPart::Afternoon.contains_hour(12));
        assert!(DayPart::Night.contains_hour(23));
        assert_eq!(weekday("month"), None);
        assert_eq!(month("sept"), Some(9));
    }
}
