//! Where a text ends up on WhatsApp, which decides the length limit it must respect.

use std::fmt;

/// The WhatsApp surface a catalogue text is rendered into (integrations.md §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// A free-form text message (or a message that may be merged into one).
    Text,
    /// The body of an interactive button or list message.
    InteractiveBody,
    /// A reply-button title, or the button that opens a list.
    ButtonTitle,
    /// A list row title, or a list section title.
    ListRowTitle,
    ListRowDescription,
    /// An interactive message's header or footer.
    HeaderOrFooter,
    /// A body parameter of an approved template.
    TemplateParam,
    /// A notification to the artist: no fixed limit, long texts are split into parts.
    ArtistText,
}

impl Channel {
    /// Longest rendered text, in characters, that the surface accepts as a whole.
    pub fn max_chars(self) -> Option<usize> {
        match self {
            Channel::Text => Some(4096),
            Channel::InteractiveBody => Some(1024),
            Channel::ButtonTitle => Some(20),
            Channel::ListRowTitle => Some(24),
            Channel::ListRowDescription => Some(72),
            Channel::HeaderOrFooter | Channel::TemplateParam => Some(60),
            Channel::ArtistText => None,
        }
    }

    /// Labels are cut to fit rather than rejected: a long city name must not stop a button
    /// from being sent (consultation.md §7, "title truncated to 20").
    pub fn is_label(self) -> bool {
        matches!(
            self,
            Channel::ButtonTitle
                | Channel::ListRowTitle
                | Channel::ListRowDescription
                | Channel::HeaderOrFooter
                | Channel::TemplateParam
        )
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Text => "a text message",
            Channel::InteractiveBody => "an interactive body",
            Channel::ButtonTitle => "a button title",
            Channel::ListRowTitle => "a list row title",
            Channel::ListRowDescription => "a list row description",
            Channel::HeaderOrFooter => "a header or footer",
            Channel::TemplateParam => "a template parameter",
            Channel::ArtistText => "an artist notification",
        })
    }
}
