#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

const SECRET: &[u8] = b"whsec_test_inkdesk";
const T: i64 = 1_806_056_504;
const BODY: &[u8] = br#"{"id":"evt_test_inkdesk","object":"event"}"#;
const V1: &str = "4c8d4d08cef5d16fb21f437e6a470d305e7e999f4c963a696d410f3daf62dd32";

fn check(header: Option<&str>, now: i64) -> Result<(), StripeSignatureError> {
    verify_stripe_signature(SECRET, BODY, header, now, DEFAULT_TOLERANCE_SECS)
}

#[test]
fn spec_test_vector() {
    assert_eq!(BODY.len(), 42);
    let header = format!("t={T},v1={V1}");
    assert_eq!(sign(SECRET, T, BODY), header);
    assert_eq!(check(Some(&header), T), Ok(()));
}

#[test]
fn the_vector_is_valid_exactly_for_a_clock_within_300_seconds() {
    let header = format!("t={T},v1={V1}");
    assert_eq!(check(Some(&header), 1_806_056_204), Ok(()));
    assert_eq!(check(Some(&header), 1_806_056_804), Ok(()));
    assert_eq!(
        check(Some(&header), 1_806_056_203),
        Err(StripeSignatureError::Stale)
    );
    assert_eq!(
        check(Some(&header), 1_806_056_805),
        Err(StripeSignatureError::Stale)
    );
}

#[test]
fn any_one_of_several_v1_may_match_and_v0_is_ignored() {
    let wrong = "0".repeat(64);
    let rotated = format!("t={T},v1={wrong},v1={V1},v0={wrong}");
    assert_eq!(check(Some(&rotated), T), Ok(()));
    let first = format!("t={T}, v1={V1}, v1={wrong}");
    assert_eq!(check(Some(&first), T), Ok(()));
    let only_v0 = format!("t={T},v0={V1}");
    assert_eq!(
        check(Some(&only_v0), T),
        Err(StripeSignatureError::Malformed)
    );
    let upper = format!("t={T},v1={}", V1.to_uppercase());
    assert_eq!(check(Some(&upper), T), Ok(()));
}

#[test]
fn missing_and_malformed_headers_are_distinguished() {
    assert_eq!(check(None, T), Err(StripeSignatureError::Missing));
    for header in [
        "",
        ",,,",
        "garbage",
        &format!("v1={V1}"),
        &format!("t=,v1={V1}"),
        &format!("t=-5,v1={V1}"),
        &format!("t=12a,v1={V1}"),
        &format!("t=99999999999999999999999,v1={V1}"),
        &format!("t={T},t={T},v1={V1}"),
        &format!("t={T}"),
        &format!("t={T},v2={V1}"),
    ] {
        assert_eq!(
            check(Some(header), T),
            Err(StripeSignatureError::Malformed),
            "{header}"
        );
    }
}

#[test]
fn undecodable_or_wrong_v1_values_do_not_match() {
    for v1 in [
        "0".repeat(64),
        "g".repeat(64),
        V1[..63].to_owned(),
        format!("{V1}00"),
        "é".repeat(32),
        String::new(),
    ] {
        let header = format!("t={T},v1={v1}");
        assert_eq!(
            check(Some(&header), T),
            Err(StripeSignatureError::NoMatch),
            "{v1}"
        );
    }
}

#[test]
fn the_timestamp_is_part_of_what_is_signed() {
    let moved = format!("t={},v1={V1}", T + 1);
    assert_eq!(check(Some(&moved), T), Err(StripeSignatureError::NoMatch));
}

#[test]
fn one_byte_of_difference_in_body_or_secret_fails() {
    let header = format!("t={T},v1={V1}");
    let reserialised = br#"{"id": "evt_test_inkdesk", "object": "event"}"#;
    assert_eq!(
        verify_stripe_signature(SECRET, reserialised, Some(&header), T, 300),
        Err(StripeSignatureError::NoMatch)
    );
    assert_eq!(
        verify_stripe_signature(b"whsec_test_inkdesK", BODY, Some(&header), T, 300),
        Err(StripeSignatureError::NoMatch)
    );
}

#[test]
fn a_forged_stale_header_reports_no_match_not_stale() {
    let header = format!("t=1,v1={}", "0".repeat(64));
    assert_eq!(check(Some(&header), T), Err(StripeSignatureError::NoMatch));
}

#[test]
fn extreme_clocks_and_tolerances_do_not_overflow() {
    let header = sign(SECRET, 0, BODY);
    assert_eq!(
        verify_stripe_signature(SECRET, BODY, Some(&header), i64::MIN, 300),
        Err(StripeSignatureError::Stale)
    );
    let far = sign(SECRET, i64::MAX, BODY);
    assert_eq!(
        verify_stripe_signature(SECRET, BODY, Some(&far), i64::MIN, i64::MAX),
        Err(StripeSignatureError::Stale)
    );
    // A negative tolerance accepts only the exact second.
    let now = sign(SECRET, T, BODY);
    assert_eq!(
        verify_stripe_signature(SECRET, BODY, Some(&now), T, -1),
        Ok(())
    );
}

#[test]
fn an_empty_secret_verifies_nothing() {
    let forged = sign(b"", T, BODY);
    assert_eq!(
        verify_stripe_signature(b"", BODY, Some(&forged), T, 300),
        Err(StripeSignatureError::NoSecret)
    );
}

#[test]
fn reasons_are_stable_strings() {
    assert_eq!(StripeSignatureError::Stale.reason(), "stale");
    assert_eq!(StripeSignatureError::NoMatch.reason(), "no_match");
    assert_eq!(StripeSignatureError::Malformed.reason(), "malformed");
    assert_eq!(StripeSignatureError::Missing.reason(), "missing");
}
