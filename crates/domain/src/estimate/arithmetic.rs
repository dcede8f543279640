//! The one rounding rule of estimation, for configurations whose products are not whole minor units.

/// `value × numerator / denominator`, rounded half up, computed in 128 bits and saturated to `i64`.
/// With the shipped rules every result is exact and no rounding happens.
pub(super) fn scale_round_half_up(value: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let product = i128::from(value) * i128::from(numerator);
    let denominator = i128::from(denominator);
    let rounded = (2 * product + denominator).div_euclid(2 * denominator);
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_products_are_unchanged() {
        assert_eq!(scale_round_half_up(13_000, 95 * 4, 20), 247_000);
    }

    #[test]
    fn halves_round_up_and_the_rest_to_nearest() {
        assert_eq!(scale_round_half_up(3, 1, 2), 2);
        assert_eq!(scale_round_half_up(7, 1, 3), 2);
        assert_eq!(scale_round_half_up(8, 1, 3), 3);
    }

    #[test]
    fn overflow_saturates_and_zero_denominator_is_zero() {
        assert_eq!(scale_round_half_up(i64::MAX, 4, 1), i64::MAX);
        assert_eq!(scale_round_half_up(5, 1, 0), 0);
    }
}
