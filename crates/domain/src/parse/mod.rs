//! Parsers for free-text answers, one module per concept. Each takes text (N form is computed inside)
//! and returns a typed interpretation or `None`; none of them panics on any input.

mod clock;
mod complexity;
mod coverup;
mod dimensions;
mod guards;
mod instagram;
mod keywords;
mod location;
mod money;
mod money_words;
mod opening;
mod places;
mod places_tables;
mod quantity;
mod scan;
mod slot_choice;
mod slot_reading;
pub mod text;
mod time_window;
mod tour_choice;
mod travel_city;
mod yes_no;

pub use complexity::{Complexity, ComplexityLevelError, parse_complexity};
pub use coverup::{mentions_coverup, parse_coverup};
pub use dimensions::{SideLimits, parse_dimensions, parse_dimensions_within};
pub use guards::{BundleSignals, WrongField, alpha_ratio, wrong_field_answer};
pub use instagram::{InstagramAnswer, parse_instagram_handle};
pub use keywords::{
    BookingChange, KeywordPolicy, booking_change_request, is_complex_question,
    is_continue_acknowledgement, is_price_question,
};
pub use location::{CountryAnswer, Location, parse_country, parse_location};
pub use money::{ParsedMoney, parse_money};
pub use opening::{OPENING_IDEA_MIN_CONTENT_WORDS, content_word_count, is_tattoo_description};
pub use places::{Country, KnownCity, Places, parse_country_alias, region_for_country};
pub use slot_choice::{
    OfferedSlot, SlotChoice, SlotMatch, SlotOffer, SlotRejection, parse_slot_choice,
};
pub use time_window::{MAX_WINDOWS_PER_MESSAGE, names_a_time, parse_time_windows};
pub use tour_choice::{TourChoice, TourOption, parse_tour_choice};
pub use travel_city::{TravelCity, parse_travel_city};
pub use yes_no::{
    YesNo, YesNoUnsure, is_skip_answer, is_unsure, parse_yes_no, parse_yes_no_unsure,
};

#[cfg(test)]
mod robustness_tests;
