//! The shipped studio-rules file, copied verbatim from data-and-ops.md §5.2, and parsing failures
//! that must name the offending key.

use super::*;

/// data-and-ops.md §5.2, verbatim.
const SPEC_DEFAULT_FILE: &str = r##"
[studio]
artist_id = "default"
artist_name = "the artist"        # production validation requires a real name
studio_name = ""
home_city = "London"
home_country = "United Kingdom"
time_zone = "Europe/London"       # IANA
currency = "GBP"
locale = "en-GB"
offer_home_studio = true

[hours]                           # local wall clock; several intervals per day allowed; close > open
mon = ["10:00-18:00"]
tue = ["10:00-18:00"]
wed = ["10:00-18:00"]
thu = ["10:00-18:00"]
fri = ["10:00-18:00"]
sat = ["10:00-16:00"]
sun = []
closed_dates = []                 # ["2027-12-25", ...]

[booking]
duration_minutes = { SMALL = 120, MEDIUM = 180, LARGE = 240, XL = 360 }
default_duration_minutes = 180
buffer_minutes = 30
minimum_notice_hours = 24
lookahead_days = 21
slot_count = 8                    # 1..10
slot_step_minutes = 60
max_slots_per_day = 2
block_all_day_events = true
hold_release_grace_seconds = 120
offer_valid_hours = 48
pick_min_lead_hours = 2
auto_reoffer_after_expiry = 1
async_payment_hold_hours = 72
booked_lead_live_days_without_time = 60
event_id_prefix = "ink"           # base32hex characters only

[deposit]
amount_minor = { SMALL = 15000, MEDIUM = 15000, LARGE = 20000 }
xl_per_day_minor = 20000
fallback_minor = 5000
override_min_minor = 100
override_max_minor = 500000
rule_version = "v1"
checkout_expiry_minutes = 1430    # 30..1430; also the hold TTL
client_link_reissues = 2          # manual mode, client-triggered

[pricing]
minimum_budget_minor = { UK = 40000, EUROPE = 50000, ROW = 60000 }
hourly_rate_minor = { UK = 13000, EUROPE = 14000, ROW = 15000 }
billable_hours = { SMALL = [4.0, 5.0], MEDIUM = [5.0, 7.0], LARGE = [7.5, 10.0], XL = [9.5, 11.0] }
budget_floor_minor = 5000
fx_gbp_per_unit_milli = { GBP = 1000, USD = 790, EUR = 850 }

[estimation]
area_thresholds_cm2 = { MEDIUM = 50, LARGE = 150, XL = 300 }
xl_days_by_area = [[350, 1.5], [500, 2.0], [700, 2.5]]   # below each bound; otherwise xl_days_max_base
xl_days_max_base = 3.0
xl_days_bump = 0.5
xl_days_min = 1.0
xl_days_max = 4.0
hard_placements = ["RIBS", "RIB", "RIBCAGE", "RIB CAGE", "STOMACH", "BELLY", "SIDE", "SPINE", "BACK",
                   "FULL BACK", "SLEEVE", "HALF SLEEVE", "FULL SLEEVE", "THIGH", "THIGHS"]
max_side_cm = 100
min_side_cm = 0.5

[conversation]
max_parse_failures = 3
status_ack_cooldown_hours = 6
client_note_forward_minutes = 30
opening_idea_min_content_words = 3
time_windows_required = 2
media_burst_seconds = 120
unsupported_reply_cooldown_minutes = 10
opted_out_notice_cooldown_hours = 24
pilot_notice_cooldown_days = 7
panic_reply_cooldown_hours = 6
closed_lead_grace_hours = 24
abandoned_resume_days = 14
stale_reopen_days = 30
window_safety_margin_seconds = 60

[reminders]
qualifying_nudge_after_hours = 12
post_approval_nudge_after_hours = 12
qualifying_abandon_after_hours = 48
post_approval_abandon_after_days = 7
approval_nudge_after_hours = 24
stale_after_days = 7
needs_reply_nudge_after_hours = 24
booking_pending_nudge_after_hours = 72
appointment_offsets_hours = [48, 2]

[tour]
stops = []   # [{ city = "Leeds", country = "United Kingdom", start_date = "2027-04-12", end_date = "2027-04-14",
             #    time_zone = "Europe/London", hours = ["11:00-19:00"], notes = "Guest spot at Ink & Iron" }]

[whatsapp]
interactive = true
mark_read = false

[whatsapp.templates]
client_reply_to_continue = { name = "next_steps_reply_to_continue", language = "en_GB", params = [], continue_button = false }
payment_received = { name = "deposit_received_next_steps", language = "en_GB", params = ["client_first_name"] }
booking_confirmed = { name = "booking_confirmed", language = "en_GB", params = ["client_first_name", "appointment_date", "appointment_time"] }
appointment_reminder = { name = "appointment_reminder", language = "en_GB", params = ["client_first_name", "appointment_date", "appointment_time"] }
artist_update = { name = "artist_update", language = "en_GB", params = ["lead_ref", "event_summary"] }

[copy]
locale = "en-GB"
files = []                        # extra locale files
[copy.overrides."en-GB"]          # message id -> list of variants, e.g. welcome = ["Hi! ..."]

[retention]
processed_events_days = 30
system_events_days = 90
jobs_succeeded_days = 14
jobs_dead_days = 90
action_tokens_days_after_expiry = 30
closed_lead_content_days = 365
attachment_days_after_close = 180
closed_lead_anonymise_days = 730
"##;

#[test]
fn the_spec_default_file_parses_to_the_compiled_in_defaults() {
    let parsed = StudioRules::from_toml_str(SPEC_DEFAULT_FILE).unwrap();
    assert_eq!(parsed, StudioRules::default());
}

#[test]
fn an_empty_file_is_all_defaults() {
    assert_eq!(
        StudioRules::from_toml_str("").unwrap(),
        StudioRules::default()
    );
}

#[test]
fn the_defaults_have_no_problems() {
    assert_eq!(StudioRules::default().validate(), Vec::<RuleProblem>::new());
}

fn key_of_error(input: &str) -> String {
    match StudioRules::from_toml_str(input) {
        Ok(_) => panic!("{input:?} should not parse"),
        Err(error) => error
            .key()
            .map(str::to_owned)
            .unwrap_or_else(|| error.to_string()),
    }
}

#[test]
fn parse_errors_name_the_offending_key() {
    let cases = [
        ("[booking]\nslot_cout = 3", "booking.slot_cout"),
        ("[bookking]\nslot_count = 3", "bookking"),
        ("[studio]\ntime_zone = \"Mars/Olympus\"", "studio.time_zone"),
        ("[studio]\ncurrency = \"POUNDS\"", "studio.currency"),
        ("[hours]\nmon = [\"10:00-18:00\", \"9-5\"]", "hours.mon[1]"),
        (
            "[hours]\nclosed_dates = [\"2027-02-30\"]",
            "hours.closed_dates[0]",
        ),
        (
            "[[tour.stops]]\ncity = \"Leeds\"\nstart_date = \"2027-04-12\"\nend_date = \"2027-04-14\"",
            "tour.stops[0]",
        ),
        (
            "[[tour.stops]]\ncity = \"Leeds\"\ncountry = \"United Kingdom\"\nstart_date = 2027-04-12\n\
             end_date = 2027-04-14\ntime_zone = \"Nowhere/City\"",
            "tour.stops[0].time_zone",
        ),
        (
            "[[tour.stops]]\ncity = \"Leeds\"\ncountry = \"UK\"\nstart_date = \"2027-04-12\"\n\
             end_date = \"2027-04-14\"\nvenue = \"Ink & Iron\"",
            "tour.stops[0].venue",
        ),
        (
            "[whatsapp.templates]\npayment_received = { params = [\"client_name\"] }",
            "whatsapp.templates.payment_received.params[0]",
        ),
        (
            "[whatsapp.templates]\nartist_update = { nmae = \"x\" }",
            "whatsapp.templates.artist_update.nmae",
        ),
        (
            "[whatsapp.templates]\nreminder = { name = \"x\" }",
            "whatsapp.templates.reminder",
        ),
        (
            "[booking]\nduration_minutes = { HUGE = 600 }",
            "booking.duration_minutes.HUGE",
        ),
        (
            "[deposit]\namount_minor = { XL = 60000 }",
            "deposit.amount_minor.XL",
        ),
        (
            "[pricing]\nfx_gbp_per_unit_milli = { POUND = 1000 }",
            "pricing.fx_gbp_per_unit_milli.POUND",
        ),
        (
            "[pricing]\nbillable_hours = { SMALL = [4.0] }",
            "pricing.billable_hours.SMALL",
        ),
        (
            "[pricing]\nminimum_budget_minor = { US = 1 }",
            "pricing.minimum_budget_minor.US",
        ),
        ("[booking]\nslot_count = -1", "booking.slot_count"),
        ("[booking]\nslot_count = \"eight\"", "booking.slot_count"),
        (
            "[estimation]\nxl_days_by_area = [[350, 1.25]]",
            "estimation.xl_days_by_area[0][1]",
        ),
        (
            "[estimation]\nmin_side_cm = 0.001",
            "estimation.min_side_cm",
        ),
        (
            "[copy.overrides.\"en-GB\"]\nwelcome = \"Hi\"",
            "copy.overrides.\"en-GB\".welcome",
        ),
        ("[copy]\nlanguage = \"fr-FR\"", "copy.language"),
        ("[retention]\nforever = true", "retention.forever"),
        ("studio = 3", "studio"),
    ];
    for (input, key) in cases {
        assert_eq!(key_of_error(input), key, "for input {input:?}");
    }
}

#[test]
fn unknown_key_error_reads_well() {
    let error = StudioRules::from_toml_str("\n[booking]\nslot_cout = 3\n").unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with(
            "studio rules: `booking.slot_cout` (line 3, column 1): unknown field `slot_cout`"
        ),
        "{text}"
    );
}

#[test]
fn syntax_errors_give_the_position() {
    let error = StudioRules::from_toml_str("[booking\nslot_count = 1").unwrap_err();
    assert!(
        matches!(
            error,
            RulesError::Syntax {
                line: 1,
                column: 9,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn partial_tables_keep_the_other_defaults() {
    let rules = StudioRules::from_toml_str(
        "[booking]\nduration_minutes = { XL = 480 }\n\
         [pricing]\nfx_gbp_per_unit_milli = { CAD = 560 }\n\
         [whatsapp.templates]\npayment_received = { name = \"paid_v2\" }\n",
    )
    .unwrap();
    let defaults = StudioRules::default();
    assert_eq!(rules.booking.duration_minutes.xl, 480);
    assert_eq!(rules.booking.duration_minutes.small, 120);
    let fx = &rules.pricing.fx_gbp_per_unit_milli;
    assert_eq!(fx.gbp_per_unit_milli("CAD".parse().unwrap()), Some(560));
    assert_eq!(
        fx.gbp_per_unit_milli(crate::model::Currency::USD),
        Some(790)
    );
    let template = &rules.whatsapp.templates.payment_received;
    assert_eq!(template.name, "paid_v2");
    assert_eq!(
        template.params,
        defaults.whatsapp.templates.payment_received.params
    );
    assert_eq!(template.language, "en_GB");
}

#[test]
fn values_are_typed() {
    let rules = StudioRules::from_toml_str(
        "[studio]\ntime_zone = \"America/New_York\"\ncurrency = \"usd\"\n\
         [hours]\nsun = [\"11:00-13:00\", \"14:00-17:30\"]\nclosed_dates = [2027-12-25]\n\
         [[tour.stops]]\ncity = \"Leeds\"\ncountry = \"United Kingdom\"\nstart_date = \"2027-04-12\"\n\
         end_date = \"2027-04-14\"\ntime_zone = \"Europe/London\"\nhours = [\"11:00-19:00\"]\n\
         notes = \"Guest spot at Ink & Iron\"\n",
    )
    .unwrap();
    assert_eq!(rules.studio.time_zone, chrono_tz::America::New_York);
    assert_eq!(rules.studio.currency, crate::model::Currency::USD);
    assert_eq!(rules.hours.on(chrono::Weekday::Sun).len(), 2);
    assert_eq!(rules.hours.sun[1].to_string(), "14:00-17:30");
    let christmas = chrono::NaiveDate::from_ymd_opt(2027, 12, 25).unwrap();
    assert!(rules.hours.is_closed_on(christmas));
    let stop = &rules.tour.stops[0];
    assert_eq!(stop.key(), "leeds-2027-04-12");
    assert_eq!(stop.time_zone, Some(chrono_tz::Europe::London));
    assert_eq!(stop.notes.as_deref(), Some("Guest spot at Ink & Iron"));
    assert!(rules.validate().is_empty(), "{:?}", rules.validate());
}

#[test]
fn studio_locale_is_an_alias_of_copy_locale() {
    let only_studio = StudioRules::from_toml_str("[studio]\nlocale = \"fr-FR\"").unwrap();
    assert_eq!(only_studio.locale(), "fr-FR");
    assert!(only_studio.validate().is_empty());

    let only_copy = StudioRules::from_toml_str("[copy]\nlocale = \"fr-FR\"").unwrap();
    assert_eq!(only_copy.studio.locale, "fr-FR");
    assert!(only_copy.validate().is_empty());

    let agreeing =
        StudioRules::from_toml_str("[studio]\nlocale = \"fr-FR\"\n[copy]\nlocale = \"fr-FR\"")
            .unwrap();
    assert!(agreeing.validate().is_empty());
}

#[test]
fn disagreeing_locales_are_a_problem() {
    let rules =
        StudioRules::from_toml_str("[studio]\nlocale = \"fr-FR\"\n[copy]\nlocale = \"en-GB\"")
            .unwrap();
    let problems: Vec<String> = rules.validate().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        ["studio.locale `fr-FR` must agree with copy.locale `en-GB` (studio.locale is an alias)"]
    );
}
