//! The compiled-in en-GB texts, one file per area of the product.
//!
//! House style: warm, brief and professional; British spelling; at most three emoji; the artist
//! and the city only through `{artist_name}` and `{home_city}` (the default artist name is
//! "the artist", so `{artist_name}` never opens a sentence); links only through placeholders.

mod artist;
mod booking;
mod conversation;
mod labels;
mod status;
#[cfg(test)]
mod tests;

use super::MessageId;
use super::channel::Channel;

/// One compiled-in catalogue entry.
pub(crate) struct Definition {
    pub id: MessageId,
    pub channel: Channel,
    pub params: &'static [&'static str],
    pub variants: &'static [&'static str],
}

pub(crate) const fn def(
    id: MessageId,
    channel: Channel,
    params: &'static [&'static str],
    variants: &'static [&'static str],
) -> Definition {
    Definition {
        id,
        channel,
        params,
        variants,
    }
}

pub(crate) fn definitions() -> impl Iterator<Item = &'static Definition> {
    [
        conversation::DEFINITIONS,
        status::DEFINITIONS,
        booking::DEFINITIONS,
        artist::DEFINITIONS,
        labels::DEFINITIONS,
    ]
    .into_iter()
    .flatten()
}
