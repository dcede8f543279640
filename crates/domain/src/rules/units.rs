//! Exact fixed-point quantities for the few rules the TOML writes as decimals (`1.5` days, `7.5` hours,
//! `0.5` cm). They are read once, checked to be an exact multiple of their step, and from then on are
//! plain integers, so estimation never touches a float.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Session days in halves: `HalfDays(3)` is 1.5 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfDays(pub u8);

impl HalfDays {
    pub const ONE_DAY: HalfDays = HalfDays(2);

    pub fn halves(self) -> u8 {
        self.0
    }

    pub fn saturating_add(self, other: HalfDays) -> HalfDays {
        HalfDays(self.0.saturating_add(other.0))
    }
}

/// Hours in tenths: `TenthHours(75)` is 7.5 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenthHours(pub u32);

impl TenthHours {
    pub fn tenths(self) -> u32 {
        self.0
    }
}

/// A length in hundredths of a centimetre, the unit [`crate::model::Dimensions`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CentiCm(pub u32);

impl CentiCm {
    pub fn centi_cm(self) -> u32 {
        self.0
    }
}

impl fmt::Display for HalfDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, u64::from(self.0) * 5, 1)
    }
}

impl fmt::Display for TenthHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, u64::from(self.0), 1)
    }
}

impl fmt::Display for CentiCm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, u64::from(self.0), 2)
    }
}

/// Writes `value / 10^decimals` without trailing zeros: `(75, 1)` → `7.5`, `(40, 1)` → `4`,
/// `(5, 2)` → `0.05`.
fn write_decimal(f: &mut fmt::Formatter<'_>, value: u64, decimals: u32) -> fmt::Result {
    let scale = 10_u64.pow(decimals);
    let whole = value / scale;
    let fraction = value % scale;
    if fraction == 0 {
        return write!(f, "{whole}");
    }
    let width = decimals as usize;
    let digits = format!("{fraction:0width$}");
    write!(f, "{whole}.{}", digits.trim_end_matches('0'))
}

/// Reads a TOML/JSON integer or decimal as an exact count of `1/scale` steps.
struct FixedPointVisitor {
    scale: u32,
    expecting: &'static str,
}

impl<'de> Visitor<'de> for FixedPointVisitor {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        v.checked_mul(u64::from(self.scale))
            .and_then(|steps| u32::try_from(steps).ok())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u32, E> {
        let scaled = v * f64::from(self.scale);
        let rounded = scaled.round();
        // Decimals like 7.5 are exact in binary; 0.1-style steps are off by far less than this tolerance.
        let exact = v.is_finite() && (scaled - rounded).abs() < 1e-6;
        if exact && (0.0..=f64::from(u32::MAX)).contains(&rounded) {
            Ok(rounded as u32)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
}

fn deserialize_steps<'de, D: Deserializer<'de>>(
    deserializer: D,
    scale: u32,
    expecting: &'static str,
) -> Result<u32, D::Error> {
    deserializer.deserialize_any(FixedPointVisitor { scale, expecting })
}

impl<'de> Deserialize<'de> for HalfDays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const EXPECTING: &str = "a number of days in steps of 0.5 (at most 127.5)";
        let halves = deserialize_steps(deserializer, 2, EXPECTING)?;
        u8::try_from(halves).map(HalfDays).map_err(|_| {
            de::Error::invalid_value(de::Unexpected::Unsigned(halves.into()), &EXPECTING)
        })
    }
}

impl<'de> Deserialize<'de> for TenthHours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_steps(deserializer, 10, "a number of hours in steps of 0.1").map(TenthHours)
    }
}

impl<'de> Deserialize<'de> for CentiCm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_steps(
            deserializer,
            100,
            "a length in centimetres in steps of 0.01",
        )
        .map(CentiCm)
    }
}

// Serialised as plain decimal numbers (`1.5`, `7.5`) so traces read naturally in JSON; every value is
// an exact short decimal, which the shortest-round-trip float printer reproduces digit for digit.
impl Serialize for HalfDays {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.0) / 2.0)
    }
}

impl Serialize for TenthHours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.0) / 10.0)
    }
}

impl Serialize for CentiCm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.0) / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Probe {
        days: Option<HalfDays>,
        hours: Option<TenthHours>,
        side: Option<CentiCm>,
    }

    fn probe(toml_text: &str) -> Result<Probe, toml::de::Error> {
        toml::from_str(toml_text)
    }

    #[test]
    fn decimals_and_integers_read_as_exact_steps() {
        let p = probe("days = 1.5\nhours = 7.5\nside = 0.5").unwrap();
        assert_eq!(p.days, Some(HalfDays(3)));
        assert_eq!(p.hours, Some(TenthHours(75)));
        assert_eq!(p.side, Some(CentiCm(50)));
        let p = probe("days = 3\nhours = 4\nside = 100").unwrap();
        assert_eq!(p.days, Some(HalfDays(6)));
        assert_eq!(p.hours, Some(TenthHours(40)));
        assert_eq!(p.side, Some(CentiCm(10_000)));
    }

    #[test]
    fn values_between_steps_or_negative_are_rejected() {
        assert!(probe("days = 1.25").is_err());
        assert!(probe("hours = 4.25").is_err());
        assert!(probe("side = 0.005").is_err());
        assert!(probe("days = -1").is_err());
        assert!(probe("days = 200").is_err());
        assert!(probe("days = \"2\"").is_err());
    }

    #[test]
    fn display_is_a_short_decimal() {
        assert_eq!(HalfDays(3).to_string(), "1.5");
        assert_eq!(HalfDays(4).to_string(), "2");
        assert_eq!(TenthHours(75).to_string(), "7.5");
        assert_eq!(TenthHours(40).to_string(), "4");
        assert_eq!(CentiCm(50).to_string(), "0.5");
        assert_eq!(CentiCm(5).to_string(), "0.05");
        assert_eq!(CentiCm(762).to_string(), "7.62");
    }

    #[test]
    fn json_round_trip_keeps_exact_values() {
        let json = serde_json::to_string(&(HalfDays(7), TenthHours(95), CentiCm(1270))).unwrap();
        assert_eq!(json, "[3.5,9.5,12.7]");
        let back: (HalfDays, TenthHours, CentiCm) = serde_json::from_str(&json).unwrap();
        assert_eq!(back, (HalfDays(7), TenthHours(95), CentiCm(1270)));
    }
}
