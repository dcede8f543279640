//! A small tokenizer shared by the parsers that read numbers, units, times and dates.
//!
//! Text is cut into maximal runs of letters (words), runs of ASCII digits and single other symbols; each
//! token remembers whether whitespace preceded it, because `2pm`/`2 pm` and `10x12`/`10 x 12` mean the
//! same while `7,5` and `7, 5` do not.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Word(&'a str),
    Digits(&'a str),
    Symbol(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub piece: Piece<'a>,
    /// Whitespace came directly before this token.
    pub spaced: bool,
}

impl<'a> Token<'a> {
    pub fn word(&self) -> Option<&'a str> {
        match self.piece {
            Piece::Word(word) => Some(word),
            _ => None,
        }
    }

    pub fn digits(&self) -> Option<&'a str> {
        match self.piece {
            Piece::Digits(digits) => Some(digits),
            _ => None,
        }
    }

    pub fn is_word(&self, expected: &str) -> bool {
        self.word() == Some(expected)
    }

    pub fn is_symbol(&self, expected: char) -> bool {
        self.piece == Piece::Symbol(expected)
    }

    /// This token is glued to the previous one (no whitespace in between).
    pub fn attached(&self) -> bool {
        !self.spaced
    }
}

/// Cuts `text` into tokens. Callers pass lower-cased N text so words compare directly.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 2 + 1);
    let mut spaced = false;
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        if first.is_whitespace() {
            spaced = true;
            rest = &rest[first.len_utf8()..];
            continue;
        }
        let (piece, len) = if first.is_ascii_digit() {
            let len = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            (Piece::Digits(&rest[..len]), len)
        } else if first.is_alphabetic() {
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            (Piece::Word(&rest[..len]), len)
        } else {
            (Piece::Symbol(first), first.len_utf8())
        };
        tokens.push(Token { piece, spaced });
        spaced = false;
        rest = &rest[len..];
    }
    tokens
}

/// The value of a short digit run; `None` when it has more than nine digits.
pub(crate) fn small_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

/// An exact non-negative decimal read from digits: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    pub mantissa: u64,
    pub scale: u32,
}

/// Fraction digits beyond this are dropped: they can no longer change a rounded money or size value.
const MAX_SCALE: u32 = 6;

impl Decimal {
    /// `self × factor`, rounded half up to an integer; `None` on overflow.
    pub fn times_rounded(&self, factor: u64) -> Option<u64> {
        let product = u128::from(self.mantissa).checked_mul(u128::from(factor))?;
        let divisor = 10u128.pow(self.scale);
        let rounded = (product + divisor / 2) / divisor;
        u64::try_from(rounded).ok()
    }

    /// Numeric comparison, exact for the magnitudes the parsers accept.
    pub fn le(&self, other: &Decimal) -> bool {
        let left = u128::from(self.mantissa) * 10u128.pow(MAX_SCALE - self.scale);
        let right = u128::from(other.mantissa) * 10u128.pow(MAX_SCALE - other.scale);
        left <= right
    }

    pub fn whole(value: u64) -> Self {
        Self {
            mantissa: value,
            scale: 0,
        }
    }
}

/// Which digit groupings a number may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grouping {
    /// `7.5` and `7,5` (a comma followed by one or two digits).
    DecimalsOnly,
    /// Also thousands separators: `1,200`, `1 000`.
    Thousands,
}

/// Reads the number starting at `tokens[at]` (which must be digits). Returns the value and the index of
/// the first token after it, or `None` when `tokens[at]` is not digits or the number is absurdly long.
pub(crate) fn read_number(
    tokens: &[Token<'_>],
    at: usize,
    grouping: Grouping,
) -> Option<(Decimal, usize)> {
    let first = tokens.get(at)?.digits()?;
    let mut builder = NumberBuilder::default();
    builder.push_integer(first)?;
    let mut next = at + 1;
    let mut grouped = false;
    if grouping == Grouping::Thousands {
        while let Some(group) = attached_group(tokens, next, ',') {
            if group.len() != 3 {
                break;
            }
            builder.push_integer(group)?;
            next += 2;
            grouped = true;
        }
        if !grouped && first.len() <= 3 {
            while let Some(group) = tokens
                .get(next)
                .filter(|t| t.spaced)
                .and_then(Token::digits)
            {
                if group.len() != 3 || glued_number_follows(tokens, next + 1) {
                    break;
                }
                builder.push_integer(group)?;
                next += 1;
                grouped = true;
            }
        }
    }
    if let Some(fraction) = attached_group(tokens, next, '.') {
        builder.push_fraction(fraction);
        next += 2;
    } else if let Some(fraction) = attached_group(tokens, next, ',')
        && !grouped
        && fraction.len() <= 2
    {
        builder.push_fraction(fraction);
        next += 2;
    }
    Some((builder.finish(), next))
}

/// The digits of `<symbol><digits>` glued together at `tokens[at]`, e.g. `,200` in `1,200`.
fn attached_group<'a>(tokens: &[Token<'a>], at: usize, symbol: char) -> Option<&'a str> {
    let separator = tokens.get(at)?;
    let digits = tokens.get(at + 1)?;
    if separator.is_symbol(symbol) && separator.attached() && digits.attached() {
        digits.digits()
    } else {
        None
    }
}

/// A space-separated group stops being a thousands group when it continues as `,ddd` or `.d`.
fn glued_number_follows(tokens: &[Token<'_>], at: usize) -> bool {
    attached_group(tokens, at, ',').is_some()
}

#[derive(Default)]
struct NumberBuilder {
    mantissa: u64,
    scale: u32,
}

impl NumberBuilder {
    fn push_integer(&mut self, digits: &str) -> Option<()> {
        for digit in digits.bytes() {
            self.mantissa = self
                .mantissa
                .checked_mul(10)?
                .checked_add(u64::from(digit - b'0'))?;
        }
        Some(())
    }

    fn push_fraction(&mut self, digits: &str) {
        for digit in digits.bytes().take(MAX_SCALE as usize) {
            match self
                .mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(digit - b'0')))
            {
                Some(mantissa) => {
                    self.mantissa = mantissa;
                    self.scale += 1;
                }
                None => return,
            }
        }
    }

    fn finish(self) -> Decimal {
        Decimal {
            mantissa: self.mantissa,
            scale: self.scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str, grouping: Grouping) -> Option<(u64, u32, usize)> {
        let tokens = tokenize(text);
        read_number(&tokens, 0, grouping).map(|(d, next)| (d.mantissa, d.scale, next))
    }

    #[test]
    fn tokens_split_letters_digits_and_symbols() {
        let tokens = tokenize("10x12cm £ 5");
        let pieces: Vec<_> = tokens.iter().map(|t| (t.piece, t.spaced)).collect();
        assert_eq!(
            pieces,
            vec![
                (Piece::Digits("10"), false),
                (Piece::Word("x"), false),
                (Piece::Digits("12"), false),
                (Piece::Word("cm"), false),
                (Piece::Symbol('£'), true),
                (Piece::Digits("5"), true),
            ]
        );
    }

    #[test]
    fn numbers_read_decimals_and_groups() {
        assert_eq!(number("7.5", Grouping::DecimalsOnly), Some((75, 1, 3)));
        assert_eq!(number("7,5", Grouping::DecimalsOnly), Some((75, 1, 3)));
        assert_eq!(number("1,200", Grouping::DecimalsOnly), Some((1, 0, 1)));
        assert_eq!(number("1,200", Grouping::Thousands), Some((1200, 0, 3)));
        assert_eq!(
            number("1,500.50", Grouping::Thousands),
            Some((150_050, 2, 5))
        );
        assert_eq!(number("1 000", Grouping::Thousands), Some((1000, 0, 2)));
        assert_eq!(number("1 00", Grouping::Thousands), Some((1, 0, 1)));
        assert_eq!(number("99999999999999999999999", Grouping::Thousands), None);
    }

    #[test]
    fn decimal_rounds_half_up() {
        let d = Decimal {
            mantissa: 400_555,
            scale: 3,
        };
        assert_eq!(d.times_rounded(100), Some(40_056));
        assert!(Decimal::whole(1).le(&Decimal::whole(2)));
        assert!(!Decimal::whole(500).le(&Decimal::whole(1)));
    }
}
