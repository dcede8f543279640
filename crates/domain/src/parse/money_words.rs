//! Amounts written in words (`four hundred`, `fifteen hundred`, `a grand`), read only when the answer
//! has no digit at all.

use super::quantity::Item;
use super::scan::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberWord {
    /// zero … nineteen, and the tens.
    Units(u64),
    /// `a` / `an`, which count as one only before a scale word (`a grand`, `a hundred`).
    Article,
    Scale(u64),
}

fn number_word(item: &Item<'_>) -> Option<NumberWord> {
    let word = match item {
        Item::Grand => return Some(NumberWord::Scale(1000)),
        Item::Word(word) => *word,
        _ => return None,
    };
    let value = match word {
        "a" | "an" => return Some(NumberWord::Article),
        "hundred" => return Some(NumberWord::Scale(100)),
        "thousand" => return Some(NumberWord::Scale(1000)),
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(NumberWord::Units(value))
}

/// Replaces every run of number words by one `Item::Number`; other items are kept as they are.
pub(crate) fn merge_number_words<'a>(items: &[Item<'a>]) -> Vec<Item<'a>> {
    let mut merged = Vec::with_capacity(items.len());
    let mut at = 0;
    while let Some(item) = items.get(at) {
        match read_run(items, at) {
            Some((value, next)) => {
                merged.push(Item::Number(Decimal::whole(value)));
                at = next;
            }
            None => {
                merged.push(*item);
                at += 1;
            }
        }
    }
    merged
}

/// Reads one spoken number starting at `at`; returns its value and the index after it.
fn read_run(items: &[Item<'_>], at: usize) -> Option<(u64, usize)> {
    let mut composer = Composer::default();
    let mut next = at;
    loop {
        let word = items.get(next).and_then(number_word);
        match word {
            Some(NumberWord::Units(value)) => composer.add(value),
            Some(NumberWord::Scale(scale)) => composer.scale(scale),
            Some(NumberWord::Article) if next_is_scale(items, next + 1) => composer.add(1),
            _ => {
                if is_joiner(items, next, &composer) {
                    next += 1;
                    continue;
                }
                break;
            }
        }
        next += 1;
    }
    composer.started.then_some((composer.value(), next))
}

fn next_is_scale(items: &[Item<'_>], at: usize) -> bool {
    matches!(
        items.get(at).and_then(number_word),
        Some(NumberWord::Scale(_))
    )
}

/// `and` inside a number (`three hundred and fifty`) and the hyphen of `twenty-five`. An `and` that
/// starts a second scaled number (`between three hundred and five hundred`) ends the first one.
fn is_joiner(items: &[Item<'_>], at: usize, composer: &Composer) -> bool {
    if !composer.started {
        return false;
    }
    let following = items.get(at + 1).and_then(number_word);
    match items.get(at) {
        Some(Item::Word("and")) => {
            let Some(next_scale) = first_scale_after(items, at + 1) else {
                return matches!(following, Some(NumberWord::Units(_)));
            };
            matches!(
                following,
                Some(NumberWord::Units(_)) | Some(NumberWord::Article)
            ) && next_scale < composer.last_scale
        }
        Some(Item::Dash) => {
            composer.current % 100 >= 20
                && composer.current.is_multiple_of(10)
                && matches!(following, Some(NumberWord::Units(1..=9)))
        }
        _ => false,
    }
}

fn first_scale_after(items: &[Item<'_>], from: usize) -> Option<u64> {
    items
        .iter()
        .skip(from)
        .map_while(number_word)
        .find_map(|word| match word {
            NumberWord::Scale(scale) => Some(scale),
            _ => None,
        })
}

#[derive(Default)]
struct Composer {
    started: bool,
    total: u64,
    current: u64,
    last_scale: u64,
}

impl Composer {
    fn add(&mut self, value: u64) {
        self.started = true;
        self.current = self.current.saturating_add(value);
    }

    fn scale(&mut self, scale: u64) {
        self.started = true;
        let base = self.current.max(1);
        if scale >= 1000 {
            self.total = self.total.saturating_add(base.saturating_mul(scale));
            self.current = 0;
        } else {
            self.current = base.saturating_mul(scale);
        }
        self.last_scale = scale;
    }

    fn value(&self) -> u64 {
        self.total.saturating_add(self.current)
    }
}

#[cfg(test)]
mod tests {
    use super::super::quantity::lex;
    use super::super::scan::Grouping;
    use super::*;

    fn numbers(text: &str) -> Vec<u64> {
        merge_number_words(&lex(text, Grouping::Thousands))
            .into_iter()
            .filter_map(|item| match item {
                Item::Number(d) => Some(d.mantissa),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn spoken_numbers_compose() {
        assert_eq!(numbers("four hundred"), vec![400]);
        assert_eq!(numbers("fifteen hundred"), vec![1500]);
        assert_eq!(numbers("a grand"), vec![1000]);
        assert_eq!(numbers("two thousand five hundred"), vec![2500]);
        assert_eq!(numbers("one hundred and fifty"), vec![150]);
        assert_eq!(numbers("twenty-five"), vec![25]);
        assert_eq!(numbers("one thousand and five hundred"), vec![1500]);
        assert_eq!(
            numbers("between three hundred and five hundred"),
            vec![300, 500]
        );
        assert_eq!(numbers("not a number"), Vec::<u64>::new());
    }
}
