//! How values are written inside messages (consultation.md §9.5, §24 rule 7): money with its
//! symbol and thousands separators, sizes as `8×12 cm`, session lengths.

use crate::model::{Currency, Dimensions, Money};

/// `£500`, `£1,250`, `£200.50`, `$600`, `€450`; currencies without a symbol here are written
/// with their code (`CHF 12.50`). Decimals appear only when the amount is not whole.
pub fn format_money(money: Money) -> String {
    let sign = if money.amount_minor < 0 { "-" } else { "" };
    let amount = money.amount_minor.unsigned_abs();
    let digits = match minor_digits(money.currency) {
        0 => group_thousands(amount),
        _ => {
            let (whole, fraction) = (amount / 100, amount % 100);
            if fraction == 0 {
                group_thousands(whole)
            } else {
                format!("{}.{fraction:02}", group_thousands(whole))
            }
        }
    };
    match symbol(money.currency) {
        Some(symbol) => format!("{sign}{symbol}{digits}"),
        None => format!("{sign}{} {digits}", money.currency),
    }
}

/// `£400–£500`: each end carries its own symbol, joined by an en dash.
pub fn format_money_range(low: Money, high: Money) -> String {
    format!("{}–{}", format_money(low), format_money(high))
}

/// `8×12 cm`, `7.6×12.7 cm`: at most one decimal, none for whole centimetres.
pub fn format_dimensions(dimensions: Dimensions) -> String {
    format!(
        "{}×{} cm",
        centimetres(dimensions.width_centi_cm()),
        centimetres(dimensions.height_centi_cm())
    )
}

/// `3 hours`, `1 hour`, `2 h 30 min`, `45 min`: the session length in a slot row description.
pub fn format_session_length(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (1, 0) => "1 hour".to_owned(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn symbol(currency: Currency) -> Option<&'static str> {
    match currency.as_str() {
        "GBP" => Some("£"),
        "USD" => Some("$"),
        "EUR" => Some("€"),
        _ => None,
    }
}

/// Minor-unit digits per ISO 4217; the zero-decimal currencies are the ones Stripe lists.
fn minor_digits(currency: Currency) -> u32 {
    const ZERO_DECIMAL: [&str; 16] = [
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
        "XAF", "XOF", "XPF",
    ];
    if ZERO_DECIMAL.contains(&currency.as_str()) {
        0
    } else {
        2
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Hundredths of a centimetre to at most one decimal, rounded half up.
fn centimetres(centi_cm: u32) -> String {
    let tenths = (u64::from(centi_cm) + 5) / 10;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(minor: i64, code: &str) -> Money {
        Money::new(minor, code.parse().unwrap())
    }

    #[test]
    fn money_follows_rule_seven() {
        assert_eq!(format_money(Money::gbp(50_000)), "£500");
        assert_eq!(format_money(Money::gbp(125_000)), "£1,250");
        assert_eq!(format_money(Money::gbp(20_050)), "£200.50");
        assert_eq!(format_money(Money::gbp(5)), "£0.05");
        assert_eq!(format_money(Money::gbp(0)), "£0");
        assert_eq!(format_money(Money::gbp(123_456_789)), "£1,234,567.89");
        assert_eq!(format_money(Money::gbp(100_000_000)), "£1,000,000");
        assert_eq!(format_money(money(60_000, "USD")), "$600");
        assert_eq!(format_money(money(45_000, "EUR")), "€450");
        assert_eq!(format_money(money(1_250, "CHF")), "CHF 12.50");
        assert_eq!(format_money(money(125_000, "CHF")), "CHF 1,250");
        assert_eq!(format_money(money(5_000, "JPY")), "JPY 5,000");
        assert_eq!(format_money(Money::gbp(-1_500)), "-£15");
        assert_eq!(
            format_money(Money::gbp(i64::MIN)),
            "-£92,233,720,368,547,758.08"
        );
    }

    #[test]
    fn ranges_carry_the_symbol_on_each_end_once() {
        assert_eq!(
            format_money_range(Money::gbp(40_000), Money::gbp(50_000)),
            "£400–£500"
        );
    }

    #[test]
    fn sizes_have_at_most_one_decimal() {
        let size = |w, h| format_dimensions(Dimensions::from_centi_cm(w, h).unwrap());
        assert_eq!(size(800, 1200), "8×12 cm");
        assert_eq!(size(762, 1270), "7.6×12.7 cm");
        assert_eq!(size(750, 1000), "7.5×10 cm");
        assert_eq!(size(1016, 1524), "10.2×15.2 cm");
        assert_eq!(size(50, 10_000), "0.5×100 cm");
        assert_eq!(size(999, 996), "10×10 cm");
    }

    #[test]
    fn session_lengths() {
        assert_eq!(format_session_length(180), "3 hours");
        assert_eq!(format_session_length(60), "1 hour");
        assert_eq!(format_session_length(150), "2 h 30 min");
        assert_eq!(format_session_length(45), "45 min");
    }
}
