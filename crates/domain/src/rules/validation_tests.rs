//! One test per semantic check of data-and-ops.md §5.2 (plus the few added for safety), each
//! asserting the exact problem text so the dotted key is pinned.

use chrono::NaiveDate;

use super::*;
use crate::model::Currency;

fn problems_after(change: impl FnOnce(&mut StudioRules)) -> Vec<String> {
    let mut rules = StudioRules::default();
    change(&mut rules);
    rules.validate().iter().map(ToString::to_string).collect()
}

fn interval(text: &str) -> OpeningInterval {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn hours_must_close_after_they_open() {
    let problems = problems_after(|r| r.hours.tue = vec![interval("18:00-10:00")]);
    assert_eq!(
        problems,
        ["hours.tue[0] `18:00-10:00` must close after it opens"]
    );
    let problems = problems_after(|r| r.hours.sat = vec![interval("10:00-10:00")]);
    assert_eq!(
        problems,
        ["hours.sat[0] `10:00-10:00` must close after it opens"]
    );
}

#[test]
fn hours_of_one_day_must_not_overlap() {
    let problems =
        problems_after(|r| r.hours.mon = vec![interval("10:00-14:00"), interval("13:00-18:00")]);
    assert_eq!(
        problems,
        ["hours.mon[1] `13:00-18:00` overlaps `10:00-14:00` (hours.mon[0])"]
    );
    let split_day =
        problems_after(|r| r.hours.mon = vec![interval("10:00-13:00"), interval("14:00-18:00")]);
    assert!(split_day.is_empty(), "{split_day:?}");
}

#[test]
fn durations_are_between_1_and_720_minutes() {
    assert_eq!(
        problems_after(|r| r.booking.duration_minutes.small = 0),
        ["booking.duration_minutes.SMALL must be between 1 and 720"]
    );
    assert_eq!(
        problems_after(|r| r.booking.duration_minutes.xl = 721),
        ["booking.duration_minutes.XL must be between 1 and 720"]
    );
    assert!(problems_after(|r| r.booking.duration_minutes.xl = 720).is_empty());
    assert_eq!(
        problems_after(|r| r.booking.default_duration_minutes = 0),
        ["booking.default_duration_minutes must be between 1 and 720"]
    );
}

#[test]
fn slot_count_is_between_1_and_10() {
    assert_eq!(
        problems_after(|r| r.booking.slot_count = 0),
        ["booking.slot_count must be between 1 and 10"]
    );
    assert_eq!(
        problems_after(|r| r.booking.slot_count = 11),
        ["booking.slot_count must be between 1 and 10"]
    );
    assert!(problems_after(|r| r.booking.slot_count = 1).is_empty());
    assert!(problems_after(|r| r.booking.slot_count = 10).is_empty());
}

#[test]
fn slot_generation_steps_are_positive() {
    assert_eq!(
        problems_after(|r| {
            r.booking.slot_step_minutes = 0;
            r.booking.max_slots_per_day = 0;
            r.booking.lookahead_days = 0;
        }),
        [
            "booking.slot_step_minutes must be greater than 0",
            "booking.max_slots_per_day must be greater than 0",
            "booking.lookahead_days must be greater than 0",
        ]
    );
}

#[test]
fn checkout_expiry_is_between_30_and_1430_minutes() {
    let expected = ["deposit.checkout_expiry_minutes must be between 30 and 1430"];
    assert_eq!(
        problems_after(|r| r.deposit.checkout_expiry_minutes = 29),
        expected
    );
    assert_eq!(
        problems_after(|r| r.deposit.checkout_expiry_minutes = 1431),
        expected
    );
    assert!(problems_after(|r| r.deposit.checkout_expiry_minutes = 30).is_empty());
    assert!(problems_after(|r| r.deposit.checkout_expiry_minutes = 1430).is_empty());
}

#[test]
fn area_thresholds_are_strictly_increasing() {
    let expected = [
        "estimation.area_thresholds_cm2 must be strictly increasing from MEDIUM to LARGE to XL, starting above 0",
    ];
    assert_eq!(
        problems_after(|r| r.estimation.area_thresholds_cm2.large = 300),
        expected
    );
    assert_eq!(
        problems_after(|r| r.estimation.area_thresholds_cm2.large = 40),
        expected
    );
    assert_eq!(
        problems_after(|r| r.estimation.area_thresholds_cm2.medium = 0),
        expected
    );
}

#[test]
fn xl_day_bounds_are_strictly_increasing() {
    let problems = problems_after(|r| r.estimation.xl_days_by_area[1].below_area_cm2 = 350);
    assert_eq!(
        problems,
        ["estimation.xl_days_by_area area bounds must be strictly increasing"]
    );
}

#[test]
fn xl_days_min_does_not_exceed_max() {
    assert_eq!(
        problems_after(|r| r.estimation.xl_days_min = HalfDays(9)),
        ["estimation.xl_days_min must not exceed estimation.xl_days_max"]
    );
    assert!(problems_after(|r| r.estimation.xl_days_min = HalfDays(8)).is_empty());
    assert_eq!(
        problems_after(|r| r.estimation.xl_days_min = HalfDays(0)),
        ["estimation.xl_days_min must be greater than 0"]
    );
}

#[test]
fn side_limits_are_ordered() {
    assert_eq!(
        problems_after(|r| r.estimation.min_side_cm = CentiCm(10_000)),
        ["estimation.min_side_cm must be less than estimation.max_side_cm"]
    );
}

#[test]
fn hard_placements_contain_words() {
    assert_eq!(
        problems_after(|r| r.estimation.hard_placements.push(" - ".to_owned())),
        ["estimation.hard_placements[15] must contain a word"]
    );
}

#[test]
fn deposit_amounts_are_positive() {
    let problems = problems_after(|r| {
        r.deposit.amount_minor.small = 0;
        r.deposit.amount_minor.medium = -1;
        r.deposit.amount_minor.large = 0;
        r.deposit.xl_per_day_minor = 0;
        r.deposit.fallback_minor = 0;
    });
    assert_eq!(
        problems,
        [
            "deposit.amount_minor.SMALL must be greater than 0",
            "deposit.amount_minor.MEDIUM must be greater than 0",
            "deposit.amount_minor.LARGE must be greater than 0",
            "deposit.xl_per_day_minor must be greater than 0",
            "deposit.fallback_minor must be greater than 0",
        ]
    );
}

#[test]
fn override_bounds_are_positive_and_ordered() {
    assert_eq!(
        problems_after(|r| r.deposit.override_min_minor = 0),
        ["deposit.override_min_minor must be greater than 0"]
    );
    assert_eq!(
        problems_after(|r| r.deposit.override_min_minor = 600_000),
        ["deposit.override_min_minor must not exceed deposit.override_max_minor"]
    );
}

#[test]
fn pricing_amounts_are_positive() {
    let problems = problems_after(|r| {
        r.pricing.minimum_budget_minor.europe = 0;
        r.pricing.hourly_rate_minor.rest_of_world = -5;
        r.pricing.budget_floor_minor = 0;
        r.pricing.fx_gbp_per_unit_milli.0.insert(Currency::USD, 0);
    });
    assert_eq!(
        problems,
        [
            "pricing.minimum_budget_minor.EUROPE must be greater than 0",
            "pricing.hourly_rate_minor.ROW must be greater than 0",
            "pricing.budget_floor_minor must be greater than 0",
            "pricing.fx_gbp_per_unit_milli.USD must be greater than 0",
        ]
    );
}

#[test]
fn billable_hours_are_positive_and_ordered() {
    let problems = problems_after(|r| {
        r.pricing.billable_hours.large = HoursRange {
            min: TenthHours(100),
            max: TenthHours(75),
        };
        r.pricing.billable_hours.small.min = TenthHours(0);
    });
    assert_eq!(
        problems,
        [
            "pricing.billable_hours.SMALL minimum hours must be greater than 0",
            "pricing.billable_hours.LARGE minimum hours must not exceed maximum hours",
        ]
    );
}

#[test]
fn the_studio_currency_needs_an_exchange_rate() {
    let problems = problems_after(|r| r.studio.currency = "CHF".parse().unwrap());
    assert_eq!(
        problems,
        [
            "pricing.fx_gbp_per_unit_milli.CHF is missing: a rate for the studio currency (studio.currency) is required"
        ]
    );
}

fn leeds(start: &str, end: &str) -> TourStop {
    TourStop {
        city: "Leeds".to_owned(),
        country: "United Kingdom".to_owned(),
        start_date: date(start),
        end_date: date(end),
        time_zone: None,
        hours: None,
        notes: None,
    }
}

#[test]
fn tour_stops_end_on_or_after_their_start() {
    assert_eq!(
        problems_after(|r| r.tour.stops = vec![leeds("2027-04-14", "2027-04-12")]),
        ["tour.stops[0].end_date must not be before start_date 2027-04-14"]
    );
    assert!(problems_after(|r| r.tour.stops = vec![leeds("2027-04-12", "2027-04-12")]).is_empty());
}

#[test]
fn tour_stop_hours_follow_the_hours_rules() {
    let mut stop = leeds("2027-04-12", "2027-04-14");
    stop.hours = Some(vec![interval("19:00-11:00")]);
    assert_eq!(
        problems_after(|r| r.tour.stops = vec![stop]),
        ["tour.stops[0].hours[0] `19:00-11:00` must close after it opens"]
    );
    let mut closed = leeds("2027-04-12", "2027-04-14");
    closed.hours = Some(Vec::new());
    assert_eq!(
        problems_after(|r| r.tour.stops = vec![closed]),
        [
            "tour.stops[0].hours must list at least one interval (leave it out to use the studio hours)"
        ]
    );
}

#[test]
fn tour_stops_need_a_city_country_and_unique_key() {
    let mut nameless = leeds("2027-05-01", "2027-05-02");
    nameless.city = " ".to_owned();
    nameless.country = String::new();
    let problems = problems_after(|r| {
        r.tour.stops = vec![
            leeds("2027-04-12", "2027-04-14"),
            nameless,
            leeds("2027-04-12", "2027-04-13"),
        ]
    });
    assert_eq!(
        problems,
        [
            "tour.stops[1].city must name a city",
            "tour.stops[1].country must not be empty",
            "tour.stops[2] has the same city and start date as tour.stops[0] (key `leeds-2027-04-12`)",
        ]
    );
}

#[test]
fn event_id_prefix_is_base32hex_up_to_20_characters() {
    let expected =
        ["booking.event_id_prefix must be 1 to 20 characters from a-v and 0-9 (base32hex)"];
    assert_eq!(
        problems_after(|r| r.booking.event_id_prefix = "inkwell".to_owned()),
        expected
    );
    assert_eq!(
        problems_after(|r| r.booking.event_id_prefix = String::new()),
        expected
    );
    assert!(problems_after(|r| r.booking.event_id_prefix = "studio01".to_owned()).is_empty());
}

#[test]
fn template_names_and_languages_are_not_empty() {
    let problems = problems_after(|r| {
        r.whatsapp.templates.booking_confirmed.name = " ".to_owned();
        r.whatsapp.templates.artist_update.language = String::new();
    });
    assert_eq!(
        problems,
        [
            "whatsapp.templates.booking_confirmed.name must not be empty",
            "whatsapp.templates.artist_update.language must not be empty",
        ]
    );
}

#[test]
fn template_params_outside_the_allowed_list_do_not_parse() {
    let allowed = "[whatsapp.templates]\nbooking_confirmed = { params = [\"lead_ref\", \"appointment_time\"] }";
    assert!(StudioRules::from_toml_str(allowed).is_ok());
    let unknown = "[whatsapp.templates]\nbooking_confirmed = { params = [\"price\"] }";
    assert!(StudioRules::from_toml_str(unknown).is_err());
}

#[test]
fn studio_identity_is_not_empty() {
    let problems = problems_after(|r| {
        r.studio.artist_name = String::new();
        r.studio.home_city = " ".to_owned();
    });
    assert_eq!(
        problems,
        [
            "studio.artist_name must not be empty",
            "studio.home_city must not be empty",
        ]
    );
}

#[test]
fn conversation_reminder_and_retention_sanity() {
    let problems = problems_after(|r| {
        r.conversation.max_parse_failures = 0;
        r.reminders.qualifying_nudge_after_hours = 48;
        r.retention.processed_events_days = 6;
        r.retention.jobs_dead_days = 0;
    });
    assert_eq!(
        problems,
        [
            "conversation.max_parse_failures must be greater than 0",
            "reminders.qualifying_nudge_after_hours must be less than reminders.qualifying_abandon_after_hours",
            "retention.processed_events_days must be at least 7 (webhook retries last that long)",
            "retention.jobs_dead_days must be greater than 0",
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let problems = problems_after(|r| {
        r.booking.slot_count = 0;
        r.deposit.checkout_expiry_minutes = 10;
        r.booking.event_id_prefix = "INK".to_owned();
    });
    assert_eq!(problems.len(), 3, "{problems:?}");
}
