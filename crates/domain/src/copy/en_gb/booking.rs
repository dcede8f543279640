//! Approval, slot offers, holds, deposits, payments, bookings, time windows and reminders
//! (booking.md §2–§9, consultation.md §18, §23).
//!
//! Kinds that may be deferred behind a template (data-and-ops.md §4.4) are written to make sense
//! when they arrive hours later, after the client replies to the template.

use super::{Definition, def};
use crate::copy::MessageId as Id;
use crate::copy::channel::Channel::{InteractiveBody, Text};
use crate::copy::params::{
    AMOUNT, ARTIST_NAME, EXPIRES_LABEL, HOME_CITY, REMAINING, SLOT_LABEL, SLOT_LINES, TEXT,
    TIME_LABEL, URL,
};

pub(super) const DEFINITIONS: &[Definition] = &[
    def(
        Id::APPROVED,
        Text,
        &[ARTIST_NAME],
        &[
            "Great news, {artist_name} has approved your idea! 🎉 I'm checking the calendar now and will send you some free times shortly.",
            "Good news: your idea has been approved by {artist_name}! 🎉 I'm finding the next free times and will send them over shortly.",
        ],
    ),
    def(
        Id::SLOTS_COMING,
        Text,
        &[],
        &[
            "Your times are on their way. I'm just checking the calendar, so they'll arrive here in a moment.",
        ],
    ),
    // §3.4: offer intros are list bodies; `{slot_lines}` makes the text complete on its own.
    def(
        Id::SLOT_OFFER,
        InteractiveBody,
        &[SLOT_LINES],
        &[
            "Here are the next free times for your session:\n{slot_lines}",
            "These are the next available times for your tattoo:\n{slot_lines}",
        ],
    ),
    def(
        Id::SLOT_OFFER_REFRESH,
        InteractiveBody,
        &[SLOT_LINES],
        &[
            "Sorry, that time isn't available any more. Here are the latest free times:\n{slot_lines}",
        ],
    ),
    def(
        Id::SLOT_OFFER_NUDGE,
        Text,
        &[],
        &[
            "Just checking in: did any of the times I sent work for you? Reply with its number, or let me know if none of them suit.",
        ],
    ),
    def(
        Id::HOLD_EXPIRED_REOFFER,
        InteractiveBody,
        &[SLOT_LINES],
        &[
            "The hold on your time has ended because the deposit wasn't paid, so the slot has been released. No problem, here are the current free times:\n{slot_lines}",
        ],
    ),
    // §3.7 step 5: followed by `deposit_policy`.
    def(
        Id::SLOT_HELD,
        Text,
        &[SLOT_LABEL, AMOUNT, URL, EXPIRES_LABEL],
        &[
            "Lovely, {slot_label} is held for you until {expires_label}. 🗓️\n\nTo confirm it, please pay the {amount} deposit here:\n{url}\n\nIf it isn't paid by then, the time is released.",
        ],
    ),
    // Manual mode: the client's first message after approval, and every re-issued link.
    def(
        Id::DEPOSIT_LINK,
        Text,
        &[ARTIST_NAME, AMOUNT, URL, EXPIRES_LABEL],
        &[
            "Here's your secure link to pay the {amount} deposit:\n{url}\n\nIt's valid until {expires_label}. Once it's paid, {artist_name} will confirm your appointment date with you here.",
        ],
    ),
    def(
        Id::DEPOSIT_REMINDER,
        Text,
        &[AMOUNT, URL, EXPIRES_LABEL],
        &["A quick reminder: your {amount} deposit link is valid until {expires_label}.\n{url}"],
    ),
    def(
        Id::AWAITING_DEPOSIT_ACK,
        Text,
        &[AMOUNT, URL, EXPIRES_LABEL],
        &[
            "Thanks for your message! Your {amount} deposit link is still valid until {expires_label}:\n{url}",
        ],
    ),
    // One text for both modes: in calendar mode any reply brings fresh times, in manual mode
    // LINK (or a yes) brings a fresh link.
    def(
        Id::DEPOSIT_EXPIRED,
        Text,
        &[],
        &[
            "Your deposit link has expired, and nothing has been charged. Whenever you're ready, reply LINK and we'll pick things up again.",
        ],
    ),
    // §3.8, §3.10: followed by `deposit_policy` in the same message.
    def(
        Id::PAYMENT_RECEIVED_BOOKED,
        Text,
        &[ARTIST_NAME, AMOUNT, SLOT_LABEL],
        &[
            "Deposit of {amount} received, thank you! 🎉 You're booked in with {artist_name} on {slot_label}, and I'll send you a reminder before the day.",
        ],
    ),
    def(
        Id::PAYMENT_RECEIVED_PENDING,
        Text,
        &[ARTIST_NAME, AMOUNT],
        &[
            "Deposit of {amount} received, thank you! 🎉 You'll hear from {artist_name} here shortly to confirm your appointment date.",
        ],
    ),
    def(
        Id::PAYMENT_RECEIVED_NEEDS_SLOT,
        InteractiveBody,
        &[AMOUNT, SLOT_LINES],
        &[
            "Your {amount} deposit has been received, thank you! Unfortunately the time you picked was taken in the meantime, so please choose a new one (no further payment needed):\n{slot_lines}",
        ],
    ),
    def(
        Id::PAYMENT_RECEIVED_ACK,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks! Your deposit is safely received, and I've passed your message to {artist_name}.",
        ],
    ),
    def(
        Id::PAYMENT_PROCESSING,
        Text,
        &[AMOUNT],
        &[
            "Thanks! Your {amount} deposit payment is still processing, and I'll confirm here as soon as it's through.",
        ],
    ),
    def(
        Id::PAYMENT_FAILED,
        Text,
        &[],
        &[
            "Sorry, your deposit payment didn't go through, so nothing has been booked or charged. Reply here whenever you'd like to try again.",
        ],
    ),
    def(
        Id::REFUND_CONFIRMATION,
        Text,
        &[AMOUNT],
        &[
            "Your {amount} deposit has been refunded. It can take 5–10 working days to show on your statement.",
        ],
    ),
    // Studios state their own policy through an override; the default promises nothing either way.
    def(
        Id::DEPOSIT_POLICY,
        Text,
        &[ARTIST_NAME],
        &[
            "About your deposit: it secures your appointment and comes off the final price on the day. If you need to change anything, please message here as early as possible and {artist_name} will help.",
        ],
    ),
    // §4, §8, §9.
    def(
        Id::BOOKING_LINK,
        Text,
        &[ARTIST_NAME, URL],
        &[
            "To choose your appointment date with {artist_name}, please use this booking link:\n{url}",
        ],
    ),
    def(
        Id::BOOKED_CONFIRMATION,
        Text,
        &[ARTIST_NAME, SLOT_LABEL],
        &[
            "You're booked in with {artist_name} on {slot_label}! 🎉 If anything changes, just message here.",
        ],
    ),
    // Mark-booked without a time (booking.md §4): the date was agreed outside inkdesk.
    def(
        Id::BOOKED_CONFIRMATION_WITHOUT_TIME,
        Text,
        &[ARTIST_NAME],
        &[
            "You're booked in with {artist_name}! 🎉 Your appointment is confirmed for the date you agreed. If anything changes, just message here.",
        ],
    ),
    def(
        Id::BOOKING_MOVED,
        Text,
        &[ARTIST_NAME, SLOT_LABEL],
        &["Your appointment with {artist_name} has moved to {slot_label}. See you then!"],
    ),
    def(
        Id::BOOKED_ACK,
        Text,
        &[ARTIST_NAME, SLOT_LABEL],
        &[
            "Thanks for your message! I've passed it on to {artist_name}. Your appointment is on {slot_label}.",
        ],
    ),
    def(
        Id::BOOKED_ACK_WITHOUT_TIME,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for your message! I've passed it on to {artist_name}, who will reply here if needed.",
        ],
    ),
    def(
        Id::BOOKING_PENDING_ACK,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks! I've passed your message to {artist_name}, who will confirm your appointment date here.",
        ],
    ),
    def(
        Id::CANCELLED_BY_ARTIST,
        Text,
        &[ARTIST_NAME],
        &[
            "We're sorry to let you know that your booking with {artist_name} has been cancelled. If you have any questions, just reply here.",
        ],
    ),
    // consultation.md §18: windows are read in the studio's own time zone.
    def(
        Id::TIME_WINDOW_REQUEST,
        Text,
        &[HOME_CITY],
        &[
            "Let's find a time that suits you. Could you send 2 or 3 days or times that usually work for you ({home_city} time)? For example: weekday evenings after 6pm, Saturday mornings, or any time on the 14th.",
        ],
    ),
    def(
        Id::TIME_WINDOW_MORE,
        Text,
        &[REMAINING],
        &["Thanks, that's noted! I need {remaining} more. Which other day or time would suit you?"],
    ),
    def(
        Id::TIME_WINDOWS_COLLECTED,
        Text,
        &[ARTIST_NAME],
        &[
            "Perfect, thank you! I've sent your preferred times to {artist_name}, who will offer you a time here soon.",
        ],
    ),
    // consultation.md §23.
    def(
        Id::APPOINTMENT_REMINDER_48H,
        Text,
        &[SLOT_LABEL],
        &[
            "A friendly reminder: your tattoo appointment is on {slot_label}. 🗓️ Get a good night's sleep, eat beforehand and bring some water. See you soon!",
        ],
    ),
    def(
        Id::APPOINTMENT_REMINDER_2H,
        Text,
        &[TIME_LABEL],
        &["See you soon! Your tattoo appointment starts today at {time_label}. ⏰"],
    ),
    // http-api.md §5.13: the artist's own words, verbatim.
    def(Id::ARTIST_MESSAGE, Text, &[TEXT], &["{text}"]),
];
