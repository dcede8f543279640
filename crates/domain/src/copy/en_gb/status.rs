//! Handovers, status replies, opt-out, pilot and panic modes, completion, budget follow-up and
//! tour conversion (consultation.md §6, §13, §14, §16, §17, §19–§21).

use super::{Definition, def};
use crate::copy::MessageId as Id;
use crate::copy::channel::Channel::{InteractiveBody, Text};
use crate::copy::params::{
    ARTIST_NAME, CATEGORY_LABEL, CITY, LEAD_REF, MINIMUM, OPTIONS, PROMPT, REQUESTED_CITY,
};

pub(super) const DEFINITIONS: &[Definition] = &[
    // §13.1: client copy per trigger. Only resumable handovers mention CONTINUE;
    // `handover.generic` also covers non-resumable ones (H12), so it does not.
    def(
        Id::HANDOVER_HUMAN,
        Text,
        &[ARTIST_NAME],
        &[
            "Of course! I've asked {artist_name} to reply to you personally here. Automated questions are paused until then; reply CONTINUE if you'd rather carry on.",
        ],
    ),
    def(
        Id::HANDOVER_REFUND,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for asking. Refunds are handled personally, so I've passed your message to {artist_name}, who will reply here. Reply CONTINUE if you'd like to carry on in the meantime.",
        ],
    ),
    def(
        Id::HANDOVER_DATA_REQUEST,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks, I've passed your data request to {artist_name}, who will confirm what happens with your details within one month at the latest.",
        ],
    ),
    def(
        Id::HANDOVER_GENERIC,
        Text,
        &[ARTIST_NAME],
        &["Thanks! I've passed this to {artist_name}, who will get back to you here personally."],
    ),
    def(
        Id::HANDOVER_QUESTION,
        Text,
        &[ARTIST_NAME],
        &[
            "That's a good one to answer personally, so I've passed it to {artist_name}, who will reply here. Reply CONTINUE if you'd like to carry on with the questions meanwhile.",
        ],
    ),
    def(
        Id::HANDOVER_COVERUP,
        Text,
        &[ARTIST_NAME],
        &[
            "Thank you, that's everything I need! Cover-ups need a closer look, so {artist_name} will review yours personally and get back to you here.",
        ],
    ),
    def(
        Id::HANDOVER_PARSE_FAILURE,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry for the back and forth! I've asked {artist_name} to help, and they'll reply here. Reply CONTINUE whenever you'd like to try again.",
        ],
    ),
    def(
        Id::HANDOVER_RESCHEDULE,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for letting us know. I've passed your request to {artist_name}, who will reply here to arrange a new time.",
        ],
    ),
    def(
        Id::HANDOVER_CANCEL_REQUEST,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for letting us know. I've passed your cancellation request to {artist_name}, who will reply here personally.",
        ],
    ),
    // §6 and §13.3. `handover_hold` has exactly three variants (rule 4 test vectors).
    def(
        Id::HANDOVER_HOLD,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for your message! It's with {artist_name}, who will reply here as soon as possible.",
            "Thanks! Your message is with {artist_name}, who will get back to you here soon.",
            "Got it, thank you. I've added this for {artist_name}, who will reply to you here personally.",
        ],
    ),
    def(
        Id::RESUMED,
        Text,
        &[PROMPT],
        &[
            "Thanks for waiting! Let's carry on where we left off.\n\n{prompt}",
            "Great, we're back on track. Here's where we were:\n\n{prompt}",
        ],
    ),
    def(
        Id::WELCOME_BACK,
        Text,
        &[PROMPT],
        &[
            "Welcome back! Let's pick up where we left off.\n\n{prompt}",
            "Good to hear from you again! Here's where we were:\n\n{prompt}",
        ],
    ),
    // README clarification: a "new enquiry" phrase while a lead is active keeps that lead.
    def(
        Id::ENQUIRY_ALREADY_OPEN,
        Text,
        &[LEAD_REF, PROMPT],
        &[
            "You already have an open enquiry with us ({lead_ref}), so let's carry on with that one.\n\n{prompt}",
        ],
    ),
    // §19: opt-out must say that automated messages stop and that START undoes it.
    def(
        Id::OPT_OUT_CONFIRMATION,
        Text,
        &[],
        &[
            "You're unsubscribed and won't receive any more automated messages from this number. If you change your mind, just reply START.",
        ],
    ),
    def(
        Id::OPTED_OUT_NOTICE,
        Text,
        &[],
        &[
            "You're currently opted out of automated messages from this number. Reply START if you'd like to hear from us again.",
        ],
    ),
    def(
        Id::OPT_IN_CONFIRMATION,
        Text,
        &[],
        &["Welcome back, you're opted in again! 👋"],
    ),
    // §20, §21.
    def(
        Id::PILOT_NOTICE,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for your message! The booking assistant for {artist_name} is only open to a small test group at the moment, so it can't take your enquiry here just yet. Please try again soon.",
        ],
    ),
    def(
        Id::PANIC_RESPONSE,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for your message. Automated replies are paused for a little while, but your message is saved and {artist_name} will get back to you personally.",
        ],
    ),
    // §14.7. Exactly three variants (rule 4 test vectors). No article before the label:
    // "an extra-large, multi-session piece" vs "a medium-sized piece".
    def(
        Id::COMPLETION,
        Text,
        &[ARTIST_NAME, CATEGORY_LABEL],
        &[
            "That's everything, thank you! Your {category_label} piece is now with {artist_name} for review, and you'll hear back here soon. ✨",
            "Thank you, that's all I need! I've sent your {category_label} design to {artist_name} to review. You'll get a reply here once it's been looked at.",
            "All done, thanks for your patience! Your {category_label} tattoo is with {artist_name} now, and you'll hear back here soon.",
        ],
    ),
    // §14.5 and §17: sent with yes/no buttons, and again on resume, so no "that's everything".
    def(
        Id::BUDGET_BELOW_MINIMUM,
        InteractiveBody,
        &[ARTIST_NAME, MINIMUM],
        &[
            "One thing before your enquiry goes to {artist_name}: the minimum for a booking is {minimum}. Would that work for you?",
            "Just so you know, bookings start at {minimum}. Does that work for you before I pass this to {artist_name}?",
        ],
    ),
    def(
        Id::BUDGET_FOLLOW_UP_DECLINED,
        Text,
        &[ARTIST_NAME],
        &[
            "No problem at all, thanks for letting us know. I've passed your enquiry to {artist_name}, who may still be in touch here.",
        ],
    ),
    // §16: `{options}` holds the numbered option lines (see `ui.tour.*_option`). Also re-sent
    // on resume (§13.3).
    def(
        Id::TOUR_OFFER,
        InteractiveBody,
        &[REQUESTED_CITY, OPTIONS],
        &[
            "There aren't any dates in {requested_city} at the moment, but here's what's possible:\n{options}\n\nReply with the option number, or 'waitlist' to hear when {requested_city} comes up.",
        ],
    ),
    def(Id::TOUR_ACCEPTED, Text, &[CITY], &["Lovely, {city} it is!"]),
    def(
        Id::TOUR_WAITLISTED,
        Text,
        &[REQUESTED_CITY],
        &[
            "No problem! You're on the waitlist for {requested_city}, and you'll hear from us here if a date there opens up.",
        ],
    ),
    def(
        Id::WAITLISTED,
        Text,
        &[CITY],
        &[
            "Thanks for all the details! There aren't any dates in {city} right now, so I've added you to the waitlist. You'll hear from us here if that changes.",
        ],
    ),
    // §6 acks. `pending_approval_ack` has exactly three variants (rule 4 test vectors).
    def(
        Id::PENDING_APPROVAL_ACK,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks! Your enquiry is with {artist_name} for review, and I've added your message to it.",
            "Thank you, I've added that to your enquiry. You'll hear back here once {artist_name} has reviewed it.",
            "Noted, thanks! Your enquiry is still with {artist_name}, and your message has been added for them to see.",
        ],
    ),
    def(
        Id::REJECTED,
        Text,
        &[ARTIST_NAME],
        &[
            "Thank you so much for your enquiry. Unfortunately {artist_name} isn't able to take on this project, but we really appreciate you getting in touch.",
        ],
    ),
    def(
        Id::REJECTED_ACK,
        Text,
        &[ARTIST_NAME],
        &["Thanks for your message! I've passed it on to {artist_name}."],
    ),
    def(
        Id::WAITLISTED_ACK,
        Text,
        &[ARTIST_NAME],
        &["Thanks! You're still on the waitlist, and I've passed your message to {artist_name}."],
    ),
    def(
        Id::CANCELLED_ACK,
        Text,
        &[ARTIST_NAME],
        &[
            "Thanks for your message! I've passed it on to {artist_name}, who will reply here if needed.",
        ],
    ),
];
