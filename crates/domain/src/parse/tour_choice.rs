//! The client's answer to a tour-conversion offer (consultation.md §16).

use super::text::{keyword_form, phrase_match};
use super::yes_no::{YesNo, parse_yes_no};

/// One numbered option of a `tour_offer`, in the order offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourOption<'a> {
    /// A tour stop; `key` is `<city-slug>-<start_date>`.
    Stop {
        key: &'a str,
        city: &'a str,
    },
    HomeStudio {
        city: &'a str,
    },
}

impl TourOption<'_> {
    fn city(&self) -> &str {
        match self {
            Self::Stop { city, .. } | Self::HomeStudio { city } => city,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourChoice {
    /// The 1-based option accepted.
    Accept(usize),
    /// Join the waitlist.
    Decline,
}

const WAITLIST: &[&str] = &["WAITLIST", "WAIT LIST", "WAITING LIST"];

/// Interprets a reply to the tour offer made to `lead_id`. `None` is a strike (`repair.tour_choice`);
/// buttons of another lead or for an option no longer offered also give `None`, the caller having
/// already answered stale buttons with `stale_choice`.
///
/// Accept: the button, `1`/`2`, the name of an offered city (or `studio`), or a yes-word (option 1).
/// Decline: the waitlist button, a no-word or `waitlist`.
pub fn parse_tour_choice(
    text: &str,
    reply_id: Option<&str>,
    lead_id: i64,
    options: &[TourOption<'_>],
) -> Option<TourChoice> {
    if let Some(id) = reply_id {
        return from_reply_id(id, lead_id, options);
    }
    let k = keyword_form(text);
    if let Some(n) = k
        .text
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=options.len()).contains(n))
    {
        return Some(TourChoice::Accept(n));
    }
    if parse_yes_no(&k) == Some(YesNo::No) || WAITLIST.iter().any(|p| phrase_match(&k.text, p)) {
        return Some(TourChoice::Decline);
    }
    if parse_yes_no(&k) == Some(YesNo::Yes) && !options.is_empty() {
        return Some(TourChoice::Accept(1));
    }
    options
        .iter()
        .position(|option| {
            let city = keyword_form(option.city()).text;
            phrase_match(&k.text, &city)
                || (matches!(option, TourOption::HomeStudio { .. })
                    && phrase_match(&k.text, "STUDIO"))
        })
        .map(|at| TourChoice::Accept(at + 1))
}

fn from_reply_id(id: &str, lead_id: i64, options: &[TourOption<'_>]) -> Option<TourChoice> {
    let rest = id.strip_prefix("tour:")?;
    let (lead, choice) = rest.split_once(':')?;
    if lead.parse::<i64>().ok()? != lead_id {
        return None;
    }
    let position = |wanted: &dyn Fn(&TourOption<'_>) -> bool| {
        options
            .iter()
            .position(wanted)
            .map(|at| TourChoice::Accept(at + 1))
    };
    match choice {
        "waitlist" => Some(TourChoice::Decline),
        "studio" => position(&|o| matches!(o, TourOption::HomeStudio { .. })),
        _ => {
            let key = choice.strip_prefix("stop:")?;
            position(&|o| matches!(o, TourOption::Stop { key: k, .. } if *k == key))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: i64 = 42;
    const OPTIONS: &[TourOption<'static>] = &[
        TourOption::Stop {
            key: "leeds-2027-04-12",
            city: "Leeds",
        },
        TourOption::HomeStudio { city: "London" },
    ];

    /// Spec consultation.md §16 replies: `(row, text, reply id, expected)`.
    const ROWS: &[(&str, &str, Option<&str>, Option<TourChoice>)] = &[
        (
            "stop button",
            "Leeds 12–14 Apr",
            Some("tour:42:stop:leeds-2027-04-12"),
            Some(TourChoice::Accept(1)),
        ),
        (
            "studio button",
            "London studio",
            Some("tour:42:studio"),
            Some(TourChoice::Accept(2)),
        ),
        (
            "waitlist button",
            "Join the waitlist",
            Some("tour:42:waitlist"),
            Some(TourChoice::Decline),
        ),
        ("number 1", "1", None, Some(TourChoice::Accept(1))),
        ("number 2", "2", None, Some(TourChoice::Accept(2))),
        (
            "city name",
            "Leeds please",
            None,
            Some(TourChoice::Accept(1)),
        ),
        (
            "home city name",
            "london",
            None,
            Some(TourChoice::Accept(2)),
        ),
        (
            "studio word",
            "the studio",
            None,
            Some(TourChoice::Accept(2)),
        ),
        ("yes-word", "yes", None, Some(TourChoice::Accept(1))),
        ("no-word", "no thanks", None, Some(TourChoice::Decline)),
        (
            "waitlist word",
            "put me on the waitlist",
            None,
            Some(TourChoice::Decline),
        ),
        ("unclear", "hmm", None, None),
        ("number out of range", "3", None, None),
        ("other lead's button", "", Some("tour:41:studio"), None),
        (
            "unknown stop",
            "",
            Some("tour:42:stop:york-2027-05-01"),
            None,
        ),
    ];

    #[test]
    fn spec_section_16_replies() {
        let failures: Vec<String> = ROWS
            .iter()
            .filter_map(|(row, text, reply_id, expected)| {
                let got = parse_tour_choice(text, *reply_id, LEAD, OPTIONS);
                (got != *expected)
                    .then(|| format!("row {row} {text:?}: expected {expected:?}, got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
