//! consultation.md §15.7, every worked example, plus the lead of the §14 worked path.

use super::*;
use crate::model::{Dimensions, Region, SizeCategory};
use crate::rules::StudioRules;

struct Row {
    number: u8,
    /// Sides in hundredths of a centimetre (3 × 5 in = 762 × 1270).
    centi_cm: (u32, u32),
    complexity: u8,
    cover_up: CoverUp,
    placement: Option<&'static str>,
    region: Region,
    category: SizeCategory,
    bumps: &'static [CategoryBump],
    days_halves: Option<u8>,
    deposit_minor: i64,
    price: (i64, i64),
}

const fn cm(width: u32, height: u32) -> (u32, u32) {
    (width * 100, height * 100)
}

use CategoryBump::{CoverUp as ByCoverUp, HardPlacement as ByHard, HighComplexity as ByC3};
use CoverUp::{No, Yes};
use SizeCategory::{Large, Medium, Small, Xl};

#[rustfmt::skip]
const ROWS: [Row; 13] = [
    Row { number: 1, centi_cm: cm(8, 12), complexity: 2, cover_up: No, placement: Some("Inner forearm"), region: Region::Uk, category: Medium, bumps: &[], days_halves: None, deposit_minor: 15_000, price: (65_000, 91_000) },
    Row { number: 2, centi_cm: cm(10, 15), complexity: 2, cover_up: No, placement: Some("Upper arm"), region: Region::Uk, category: Large, bumps: &[], days_halves: None, deposit_minor: 20_000, price: (97_500, 130_000) },
    Row { number: 3, centi_cm: cm(5, 8), complexity: 1, cover_up: No, placement: Some("arm"), region: Region::Uk, category: Small, bumps: &[], days_halves: None, deposit_minor: 15_000, price: (52_000, 65_000) },
    Row { number: 4, centi_cm: cm(5, 5), complexity: 1, cover_up: Yes, placement: Some("arm"), region: Region::Uk, category: Medium, bumps: &[ByCoverUp], days_halves: None, deposit_minor: 15_000, price: (65_000, 91_000) },
    Row { number: 5, centi_cm: cm(7, 7), complexity: 3, cover_up: No, placement: Some("ribs"), region: Region::Europe, category: Large, bumps: &[ByC3, ByHard], days_halves: None, deposit_minor: 20_000, price: (105_000, 140_000) },
    Row { number: 6, centi_cm: cm(8, 8), complexity: 3, cover_up: No, placement: Some("arm"), region: Region::Uk, category: Large, bumps: &[ByC3], days_halves: None, deposit_minor: 20_000, price: (97_500, 130_000) },
    Row { number: 7, centi_cm: (762, 1270), complexity: 1, cover_up: No, placement: Some("forearm"), region: Region::Uk, category: Medium, bumps: &[], days_halves: None, deposit_minor: 15_000, price: (65_000, 91_000) },
    Row { number: 8, centi_cm: cm(15, 20), complexity: 2, cover_up: No, placement: Some("back"), region: Region::Uk, category: Xl, bumps: &[], days_halves: Some(4), deposit_minor: 40_000, price: (247_000, 286_000) },
    Row { number: 9, centi_cm: cm(20, 25), complexity: 2, cover_up: No, placement: Some("upper back"), region: Region::RestOfWorld, category: Xl, bumps: &[], days_halves: Some(6), deposit_minor: 60_000, price: (427_500, 495_000) },
    Row { number: 10, centi_cm: cm(25, 25), complexity: 3, cover_up: No, placement: Some("full back"), region: Region::Uk, category: Xl, bumps: &[], days_halves: Some(7), deposit_minor: 70_000, price: (432_250, 500_500) },
    Row { number: 11, centi_cm: cm(18, 18), complexity: 2, cover_up: No, placement: None, region: Region::Uk, category: Xl, bumps: &[], days_halves: Some(3), deposit_minor: 30_000, price: (185_250, 214_500) },
    Row { number: 12, centi_cm: cm(30, 30), complexity: 3, cover_up: Yes, placement: Some("full back"), region: Region::Uk, category: Xl, bumps: &[], days_halves: Some(8), deposit_minor: 80_000, price: (494_000, 572_000) },
    Row { number: 13, centi_cm: cm(25, 25), complexity: 2, cover_up: No, placement: None, region: Region::Uk, category: Xl, bumps: &[], days_halves: Some(5), deposit_minor: 50_000, price: (308_750, 357_500) },
];

fn input_of(row: &Row) -> EstimateInput {
    let (width, height) = row.centi_cm;
    EstimateInput {
        dimensions: Dimensions::from_centi_cm(width, height).ok(),
        complexity: Complexity::try_from(row.complexity).ok(),
        cover_up: Some(row.cover_up),
        placement: row.placement.map(str::to_owned),
        region: row.region,
    }
}

fn mismatch(row: &Row, estimate: &Estimate) -> Option<String> {
    let got = (
        estimate.category,
        estimate.bumps.as_slice(),
        estimate.xl_days.map(HalfDays::halves),
        estimate.deposit_minor,
        (estimate.price_min_minor(), estimate.price_max_minor()),
    );
    let want = (
        row.category,
        row.bumps,
        row.days_halves,
        row.deposit_minor,
        row.price,
    );
    (got != want).then(|| format!("row {}: got {got:?}, want {want:?}", row.number))
}

#[test]
fn every_worked_example_of_section_15_7() {
    let rules = StudioRules::default();
    let failures: Vec<String> = ROWS
        .iter()
        .filter_map(|row| mismatch(row, &estimate(&input_of(row), &rules)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn traces_name_category_region_and_days() {
    let rules = StudioRules::default();
    for row in &ROWS {
        let trace = estimate(&input_of(row), &rules).trace;
        assert_eq!(
            (trace.category, trace.region),
            (row.category, row.region),
            "row {}",
            row.number
        );
        let days = row.days_halves.map_or(HalfDays::ONE_DAY, HalfDays);
        assert_eq!(trace.days_factor, days, "row {}", row.number);
    }
}

/// consultation.md §14: 8×12 cm, complexity 2, no cover-up, inner forearm, UK.
#[test]
fn the_lead_of_the_completion_worked_path() {
    let input = EstimateInput {
        dimensions: Dimensions::from_centi_cm(800, 1200).ok(),
        complexity: Some(Complexity::Medium),
        cover_up: Some(CoverUp::No),
        placement: Some("Inner forearm".to_owned()),
        region: Region::Uk,
    };
    let estimate = estimate(&input, &StudioRules::default());
    assert_eq!(estimate.category, SizeCategory::Medium);
    assert_eq!(estimate.deposit_minor, 15_000);
    assert_eq!(
        (estimate.price_min_minor(), estimate.price_max_minor()),
        (65_000, 91_000)
    );
    assert!(!estimate.hard_placement);
}

#[test]
fn unsure_cover_up_does_not_bump() {
    let input = EstimateInput {
        cover_up: Some(CoverUp::Unsure),
        ..input_of(&ROWS[3])
    };
    assert_eq!(
        estimate(&input, &StudioRules::default()).category,
        SizeCategory::Small
    );
}

#[test]
fn incomplete_lead_without_dimensions() {
    let input = EstimateInput {
        dimensions: None,
        complexity: Some(Complexity::Medium),
        cover_up: None,
        placement: Some("thigh".to_owned()),
        region: Region::Europe,
    };
    let estimate = estimate(&input, &StudioRules::default());
    assert_eq!(estimate.base_category, SizeCategory::Medium);
    assert_eq!(estimate.category, SizeCategory::Large);
    assert_eq!(estimate.bumps, [CategoryBump::HardPlacement]);
    assert_eq!(estimate.xl_days, None);
    assert_eq!(estimate.deposit_minor, 20_000);
    assert_eq!(
        (estimate.price_min_minor(), estimate.price_max_minor()),
        (105_000, 140_000)
    );
}
