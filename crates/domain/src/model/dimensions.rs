use serde::{Deserialize, Serialize};

/// Width and height of a design, in hundredths of a centimetre so inches convert exactly
/// (3 in = 762) and areas stay integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dimensions {
    width_centi_cm: u32,
    height_centi_cm: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("each side must be between {min_centi_cm} and {max_centi_cm} hundredths of a centimetre")]
pub struct DimensionsError {
    pub min_centi_cm: u32,
    pub max_centi_cm: u32,
}

impl Dimensions {
    /// Sides in hundredths of a centimetre; both must be non-zero.
    pub fn from_centi_cm(width: u32, height: u32) -> Result<Self, DimensionsError> {
        if width == 0 || height == 0 {
            return Err(DimensionsError {
                min_centi_cm: 1,
                max_centi_cm: u32::MAX,
            });
        }
        Ok(Self {
            width_centi_cm: width,
            height_centi_cm: height,
        })
    }

    pub fn width_centi_cm(&self) -> u32 {
        self.width_centi_cm
    }

    pub fn height_centi_cm(&self) -> u32 {
        self.height_centi_cm
    }

    /// Area in cm² × 10 000 (hundredths × hundredths), exact.
    pub fn area_centi_cm2(&self) -> u64 {
        u64::from(self.width_centi_cm) * u64::from(self.height_centi_cm)
    }

    /// True when the area is at least `cm2` square centimetres.
    pub fn area_at_least(&self, cm2: u32) -> bool {
        self.area_centi_cm2() >= u64::from(cm2) * 10_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inches_area_is_exact() {
        let d = Dimensions::from_centi_cm(762, 1270).unwrap();
        assert_eq!(d.area_centi_cm2(), 967_740);
        assert!(d.area_at_least(50));
        assert!(!d.area_at_least(97));
    }
}
