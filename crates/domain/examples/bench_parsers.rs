//! `cargo xtask bench parsers`: single-threaded throughput of the answer parsers over one million
//! mixed answers (target: under two seconds in release mode). A benchmark, not a test: it prints
//! figures and never fails on timing.

#![allow(clippy::expect_used)] // a constant, valid date; not input-derived

use std::time::Instant;

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::London;
use inkdesk_domain::model::Currency;
use inkdesk_domain::parse::*;

fn main() {
    let start = Utc
        .with_ymd_and_hms(2027, 3, 29, 9, 0, 0)
        .single()
        .expect("valid instant");
    let slots: Vec<OfferedSlot> = (0..8)
        .map(|i| OfferedSlot {
            start: start + chrono::Duration::hours(i * 26),
            end: start + chrono::Duration::hours(i * 26 + 3),
        })
        .collect();
    let offer = SlotOffer {
        offer_id: 1,
        slots: &slots,
        zone: London,
    };
    let places = Places::builtin().with_city("London", Some("UK"));
    let answers: &[&str] = &[
        "8x12cm",
        "about 10x15 on my forearm",
        "around £500",
        "1-2k",
        "five hundred pounds",
        "London",
        "Berlin Germany",
        "Madrid, España",
        "UK",
        "Monday morning",
        "the 2pm one",
        "option 3 please",
        "2",
        "not sure",
        "yes, it's a cover up",
        "@sam.ink.ideas",
        "Saturday mornings or any time on the 14th",
        "I'd love a fine line swallow with a little banner",
        "STOP",
        "can I talk to someone?",
    ];
    let rounds = 1_000_000 / answers.len();
    let began = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for (i, answer) in answers.iter().enumerate() {
            let hit = match i % 10 {
                0 => parse_dimensions(answer).is_some(),
                1 => parse_money(answer, Currency::GBP).is_some(),
                2 => places.parse_location(answer).is_accepted(),
                3 => matches!(
                    parse_slot_choice(Some(answer), None, &offer),
                    SlotChoice::Chosen { .. }
                ),
                4 => parse_complexity(answer, None).is_some(),
                5 => parse_coverup(answer, None).is_some(),
                6 => matches!(parse_instagram_handle(answer), InstagramAnswer::Handle(_)),
                7 => !parse_time_windows(answer).is_empty(),
                8 => is_tattoo_description(answer, OPENING_IDEA_MIN_CONTENT_WORDS),
                _ => KeywordPolicy::OptOut.matches(&text::keyword_form(answer), "Sam"),
            };
            hits += usize::from(hit);
        }
    }
    let elapsed = began.elapsed();
    println!(
        "{} answers in {elapsed:?} ({hits} hits)",
        rounds * answers.len()
    );
    println!(
        "parsers: {:.0} answers/s single-threaded",
        (rounds * answers.len()) as f64 / elapsed.as_secs_f64()
    );
}
