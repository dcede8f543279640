//! No parser panics, whatever the text or reply id.

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::London;
use proptest::prelude::*;

use super::*;
use crate::model::Currency;

fn any_reply_id() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        "\\PC{0,20}",
        "(slot|ans:complexity|ans:coverup|ans:travel_city|tour:42):\\PC{0,12}",
    ])
}

proptest! {
    #[test]
    fn no_parser_panics(text in "\\PC{0,80}", reply_id in any_reply_id()) {
        let reply = reply_id.as_deref();
        let start = Utc.with_ymd_and_hms(2027, 3, 29, 9, 0, 0).unwrap();
        let slots = [OfferedSlot { start, end: start + chrono::Duration::hours(3) }];
        let offer = SlotOffer { offer_id: 1, slots: &slots, zone: London };
        let places = Places::builtin().with_city("London", Some("UK"));
        let k = text::keyword_form(&text);
        let _ = parse_dimensions(&text);
        let _ = parse_money(&text, Currency::GBP);
        let _ = places.parse_location(&text);
        let _ = places.parse_country(&text, None);
        let _ = parse_slot_choice(Some(&text), reply, &offer);
        let _ = parse_time_windows(&text);
        let _ = parse_complexity(&text, reply);
        let _ = parse_coverup(&text, reply);
        let _ = parse_instagram_handle(&text);
        let _ = parse_travel_city(&places, &text, reply, "London");
        let _ = parse_tour_choice(&text, reply, 42, &[TourOption::HomeStudio { city: "London" }]);
        let _ = wrong_field_answer(&text);
        let _ = BundleSignals::of(&text).count(false);
        let _ = is_tattoo_description(&text, OPENING_IDEA_MIN_CONTENT_WORDS);
        let _ = is_continue_acknowledgement(&text, &k, reply);
        let _ = KeywordPolicy::HumanRequest.matches(&k, &text);
        let _ = is_skip_answer(&text);
    }
}
