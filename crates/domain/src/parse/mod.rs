//! Parsers for free-text answers, one module per concept. Each takes text (N form is computed inside)
//! and returns a typed interpretation or `None`; none of them panics on any input.

mod coverup;
mod dimensions;
mod keywords;
mod location;
mod money;
mod money_words;
mod places;
mod places_tables;
mod quantity;
mod scan;
pub mod text;
mod yes_no;

pub use coverup::{mentions_coverup, parse_coverup};
pub use dimensions::{SideLimits, parse_dimensions, parse_dimensions_within};
pub use keywords::{
    BookingChange, KeywordPolicy, booking_change_request, is_complex_question,
    is_continue_acknowledgement, is_price_question,
};
pub use location::{CountryAnswer, Location, parse_country, parse_location};
pub use money::{ParsedMoney, parse_money};
pub use places::{Country, KnownCity, Places, parse_country_alias, region_for_country};
pub use yes_no::{
    YesNo, YesNoUnsure, is_skip_answer, is_unsure, parse_yes_no, parse_yes_no_unsure,
};
