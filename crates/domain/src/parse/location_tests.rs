use super::*;
use crate::model::Region;

fn country(name: &str) -> Country {
    Country::from_canonical(name).unwrap()
}

fn city(city: &str, country_name: Option<&str>) -> Location {
    Location::City {
        city: city.to_owned(),
        country: country_name.map(country),
    }
}

fn city_country(city: &str, country_name: &str) -> Location {
    Location::CityCountry {
        city: city.to_owned(),
        country: country(country_name),
    }
}

fn country_only(country_name: &str) -> Location {
    Location::CountryOnly {
        country: country(country_name),
    }
}

/// Spec consultation.md §25.3, `parse_location` table: `(row, input, expected, expected region)`.
fn location_rows() -> Vec<(&'static str, &'static str, Location, Option<Region>)> {
    use Region::*;
    vec![
        (
            "1",
            "London UK",
            city_country("London", "United Kingdom"),
            Some(Uk),
        ),
        (
            "2",
            "london uk",
            city_country("London", "United Kingdom"),
            Some(Uk),
        ),
        (
            "3",
            "London",
            city("London", Some("United Kingdom")),
            Some(Uk),
        ),
        (
            "4a",
            "Manchester",
            city("Manchester", Some("United Kingdom")),
            Some(Uk),
        ),
        (
            "4b",
            "Birmingham",
            city("Birmingham", Some("United Kingdom")),
            Some(Uk),
        ),
        (
            "4c",
            "Glasgow",
            city("Glasgow", Some("United Kingdom")),
            Some(Uk),
        ),
        (
            "4d",
            "Edinburgh",
            city("Edinburgh", Some("United Kingdom")),
            Some(Uk),
        ),
        ("5", "RandomCity", city("RandomCity", None), None),
        (
            "6a",
            "United Kingdom",
            country_only("United Kingdom"),
            Some(Uk),
        ),
        ("6b", "UK", country_only("United Kingdom"), Some(Uk)),
        (
            "7",
            "Paris France",
            city_country("Paris", "France"),
            Some(Europe),
        ),
        (
            "8",
            "New York USA",
            city_country("New York", "United States"),
            Some(RestOfWorld),
        ),
        ("9a", "", Location::Invalid, None),
        ("9b", "A", Location::Invalid, None),
        ("10a", "flexible", Location::Flexible, None),
        ("10b", "anywhere", Location::Flexible, None),
        (
            "11",
            "London, United Kingdom",
            city_country("London", "United Kingdom"),
            Some(Uk),
        ),
        (
            "12",
            "Berlin Germany",
            city_country("Berlin", "Germany"),
            Some(Europe),
        ),
        ("13", "Germany", country_only("Germany"), Some(Europe)),
        ("14", "Albany", city("Albany", None), None),
        ("15", "Many places", Location::Flexible, None),
        ("16", "any", Location::Flexible, None),
        ("17", "E1 6AN", Location::Invalid, None),
        ("18", "idk", Location::Invalid, None),
        (
            "19",
            "Tokyo",
            city("Tokyo", Some("Japan")),
            Some(RestOfWorld),
        ),
        (
            "20",
            "Sao Paulo Brazil",
            city_country("Sao Paulo", "Brazil"),
            Some(RestOfWorld),
        ),
        (
            "21",
            "Cardiff Wales",
            city_country("Cardiff", "United Kingdom"),
            Some(Uk),
        ),
        (
            "22",
            "Dublin",
            city("Dublin", Some("Ireland")),
            Some(Europe),
        ),
        (
            "23",
            "Belfast, Northern Ireland",
            city_country("Belfast", "United Kingdom"),
            Some(Uk),
        ),
        (
            "24",
            "München Deutschland",
            city_country("München", "Germany"),
            Some(Europe),
        ),
        (
            "25",
            "Madrid, España",
            city_country("Madrid", "Spain"),
            Some(Europe),
        ),
        (
            "26",
            "Leeds.",
            city("Leeds", Some("United Kingdom")),
            Some(Uk),
        ),
        ("27", "Anywhere in Europe", Location::Flexible, None),
    ]
}

#[test]
fn spec_table_25_3_parse_location() {
    let failures: Vec<String> = location_rows()
        .into_iter()
        .filter_map(|(row, input, expected, region)| {
            let got = parse_location(input);
            let got_region = got.country().map(Country::region);
            (got != expected || got_region != region).then(|| {
                format!("row {row} {input:?}: expected {expected:?} / {region:?}, got {got:?} / {got_region:?}")
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `(region, recognised)`; `None` is a strike.
type CountryExpected = Option<(Region, bool)>;

/// Spec consultation.md §25.3, region-of-a-country-answer table:
/// `(row, city answer, country answer, expected)`.
const COUNTRY_ROWS: &[(&str, Option<&str>, &str, CountryExpected)] = &[
    ("uk-1", None, "UK", Some((Region::Uk, true))),
    ("uk-2", None, "United Kingdom", Some((Region::Uk, true))),
    ("uk-3", None, "England", Some((Region::Uk, true))),
    ("uk-4", None, "Scotland", Some((Region::Uk, true))),
    ("uk-5", None, "Wales", Some((Region::Uk, true))),
    ("uk-6", None, "gb", Some((Region::Uk, true))),
    ("eu-1", None, "France", Some((Region::Europe, true))),
    ("eu-2", None, "Germany", Some((Region::Europe, true))),
    ("eu-3", None, "Spain", Some((Region::Europe, true))),
    ("eu-4", None, "Italy", Some((Region::Europe, true))),
    ("eu-5", None, "Netherlands", Some((Region::Europe, true))),
    ("eu-6", None, "Switzerland", Some((Region::Europe, true))),
    ("row-1", None, "USA", Some((Region::RestOfWorld, true))),
    ("row-2", None, "Canada", Some((Region::RestOfWorld, true))),
    (
        "row-3",
        None,
        "Australia",
        Some((Region::RestOfWorld, true)),
    ),
    ("row-4", None, "Japan", Some((Region::RestOfWorld, true))),
    ("row-5", None, "Brazil", Some((Region::RestOfWorld, true))),
    ("the-uk", None, "the UK", Some((Region::Uk, true))),
    ("u.k.", None, "U.K.", Some((Region::Uk, true))),
    (
        "deutschland",
        None,
        "Deutschland",
        Some((Region::Europe, true)),
    ),
    ("london-typed", None, "London", Some((Region::Uk, true))),
    (
        "narnia-after-london",
        Some("London"),
        "Narnia",
        Some((Region::Uk, true)),
    ),
    (
        "narnia-after-randomcity",
        Some("RandomCity"),
        "Narnia",
        Some((Region::RestOfWorld, false)),
    ),
    ("empty", None, "", None),
];

#[test]
fn spec_table_25_3_country_regions() {
    let failures: Vec<String> = COUNTRY_ROWS
        .iter()
        .filter_map(|(row, city_answer, input, expected)| {
            let inferred = city_answer.and_then(|c| parse_location(c).country());
            let answer = parse_country(input, inferred);
            let got = match &answer {
                CountryAnswer::Invalid => None,
                CountryAnswer::Unrecognised(_) => Some((Region::RestOfWorld, false)),
                CountryAnswer::Recognised(c) | CountryAnswer::Inferred(c) => {
                    Some((c.region(), true))
                }
            };
            (got != *expected)
                .then(|| format!("row {row} {input:?}: expected {expected:?}, got {answer:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn country_answers_keep_what_was_inferred_and_what_was_typed() {
    let uk = country("United Kingdom");
    assert_eq!(
        parse_country("Narnia", Some(uk)),
        CountryAnswer::Inferred(uk)
    );
    assert_eq!(
        parse_country("Narnia", None),
        CountryAnswer::Unrecognised("Narnia".to_owned())
    );
    assert_eq!(parse_country("idk", Some(uk)), CountryAnswer::Invalid);
    assert_eq!(parse_country("x", None), CountryAnswer::Invalid);
    assert_eq!(
        parse_country("Leeds, England", None),
        CountryAnswer::Recognised(uk)
    );
}

#[test]
fn extra_location_cases() {
    assert_eq!(parse_location("SW1A 1AA"), Location::Invalid);
    assert_eq!(parse_location("sw1a1aa"), Location::Invalid);
    assert_eq!(
        parse_location("Chicago United States of America"),
        city_country("Chicago", "United States")
    );
    assert_eq!(
        parse_location("zurich"),
        city("Zurich", Some("Switzerland"))
    );
    assert_eq!(
        parse_location("Shoreditch, London, UK"),
        city_country("Shoreditch, London", "United Kingdom")
    );
    assert_eq!(parse_location("I don't know"), Location::Invalid);
    assert_eq!(parse_location("doesn't matter"), Location::Flexible);
    assert_eq!(parse_location("Margate"), city("Margate", None));
    let places = Places::builtin().with_city("Margate", Some("UK"));
    assert_eq!(
        places.parse_location("margate"),
        city("Margate", Some("United Kingdom"))
    );
}

#[test]
fn location_serialises_with_its_kind() {
    let json = serde_json::to_value(city_country("London", "United Kingdom")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "city_country", "city": "London", "country": "United Kingdom"})
    );
    let back: Location = serde_json::from_value(json).unwrap();
    assert_eq!(back, city_country("London", "United Kingdom"));
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,40}") {
        let _ = parse_location(&text);
        let _ = parse_country(&text, None);
    }
}
