//! Labels carried inside other messages: reply buttons (consultation.md §7, §14, §16), the slot
//! list (booking.md §3.4), action-link lines, and the one-line `artist_update` template summary
//! (integrations.md §2.2).

use super::{Definition, def};
use crate::copy::MessageId as Id;
use crate::copy::channel::Channel::{
    ArtistText, ButtonTitle, HeaderOrFooter, ListRowDescription, ListRowTitle, TemplateParam, Text,
};
use crate::copy::params::{CITY, DATES, DURATION, HOME_CITY, TIME_RANGE, URL};

pub(super) const DEFINITIONS: &[Definition] = &[
    def(Id::UI_COMPLEXITY_1, ButtonTitle, &[], &["1 · Simple"]),
    def(Id::UI_COMPLEXITY_2, ButtonTitle, &[], &["2 · Medium"]),
    def(Id::UI_COMPLEXITY_3, ButtonTitle, &[], &["3 · High detail"]),
    def(Id::UI_COVERUP_YES, ButtonTitle, &[], &["Yes"]),
    def(Id::UI_COVERUP_NO, ButtonTitle, &[], &["No"]),
    def(Id::UI_COVERUP_UNSURE, ButtonTitle, &[], &["Not sure"]),
    def(
        Id::UI_TRAVEL_CITY_STUDIO,
        ButtonTitle,
        &[HOME_CITY],
        &["Studio in {home_city}"],
    ),
    def(
        Id::UI_TRAVEL_CITY_OTHER,
        ButtonTitle,
        &[],
        &["Somewhere else"],
    ),
    def(Id::UI_TIMING_SOON, ButtonTitle, &[], &["Next 2–4 weeks"]),
    def(Id::UI_TIMING_LATER, ButtonTitle, &[], &["In 1–2 months"]),
    def(Id::UI_TIMING_FLEXIBLE, ButtonTitle, &[], &["I'm flexible"]),
    def(
        Id::UI_BUDGET_FOLLOW_UP_YES,
        ButtonTitle,
        &[],
        &["Yes, that works"],
    ),
    def(Id::UI_BUDGET_FOLLOW_UP_NO, ButtonTitle, &[], &["No thanks"]),
    // §16: `{dates}` is a short range such as "12–14 Apr"; the option line adds the year.
    def(
        Id::UI_TOUR_STOP_BUTTON,
        ButtonTitle,
        &[CITY, DATES],
        &["{city} {dates}"],
    ),
    def(
        Id::UI_TOUR_STUDIO_BUTTON,
        ButtonTitle,
        &[HOME_CITY],
        &["{home_city} studio"],
    ),
    def(
        Id::UI_TOUR_WAITLIST_BUTTON,
        ButtonTitle,
        &[],
        &["Join the waitlist"],
    ),
    def(
        Id::UI_TOUR_STOP_OPTION,
        Text,
        &[CITY, DATES],
        &["{city} guest spot, {dates}"],
    ),
    def(
        Id::UI_TOUR_STUDIO_OPTION,
        Text,
        &[HOME_CITY],
        &["The studio in {home_city}"],
    ),
    def(
        Id::UI_SLOTS_HEADER,
        HeaderOrFooter,
        &[],
        &["Available times"],
    ),
    def(
        Id::UI_SLOTS_FOOTER,
        HeaderOrFooter,
        &[],
        &["Tap a time or reply with its number"],
    ),
    def(Id::UI_SLOTS_BUTTON, ButtonTitle, &[], &["Choose a time"]),
    def(Id::UI_SLOTS_SECTION, ListRowTitle, &[], &["Pick one"]),
    def(
        Id::UI_SLOTS_ROW_DESCRIPTION,
        ListRowDescription,
        &[TIME_RANGE, DURATION],
        &["{time_range} · {duration}"],
    ),
    // Ends the plain-text fallback of a slot list.
    def(
        Id::UI_SLOTS_PLAIN_REPLY,
        Text,
        &[],
        &["Reply with the number of the time you'd like."],
    ),
    // consultation.md §14.7, the `{category_label}` of `completion`.
    def(Id::UI_CATEGORY_SMALL, Text, &[], &["small"]),
    def(Id::UI_CATEGORY_MEDIUM, Text, &[], &["medium-sized"]),
    def(Id::UI_CATEGORY_LARGE, Text, &[], &["large"]),
    def(
        Id::UI_CATEGORY_XL,
        Text,
        &[],
        &["extra-large, multi-session"],
    ),
    def(
        Id::UI_ACTION_APPROVE,
        ArtistText,
        &[URL],
        &["Approve: {url}"],
    ),
    def(Id::UI_ACTION_REJECT, ArtistText, &[URL], &["Reject: {url}"]),
    def(
        Id::UI_ACTION_RESUME,
        ArtistText,
        &[URL],
        &["Resume automation: {url}"],
    ),
    def(
        Id::UI_ACTION_SEND_DEPOSIT,
        ArtistText,
        &[URL],
        &["Send a new deposit link: {url}"],
    ),
    def(
        Id::UI_ACTION_MARK_BOOKED,
        ArtistText,
        &[URL],
        &["Mark as booked: {url}"],
    ),
    def(
        Id::UPDATE_NEW_LEAD,
        TemplateParam,
        &[],
        &["New enquiry ready for review"],
    ),
    def(
        Id::UPDATE_APPROVAL_NUDGE,
        TemplateParam,
        &[],
        &["Enquiry still waiting for your review"],
    ),
    def(
        Id::UPDATE_STALE,
        TemplateParam,
        &[],
        &["Enquiry marked stale, still awaiting a decision"],
    ),
    def(
        Id::UPDATE_HANDOVER,
        TemplateParam,
        &[],
        &["A client needs your reply"],
    ),
    def(
        Id::UPDATE_CLIENT_MESSAGES,
        TemplateParam,
        &[],
        &["New messages from a client"],
    ),
    def(
        Id::UPDATE_BUDGET_FOLLOW_UP,
        TemplateParam,
        &[],
        &["Budget below the minimum, client asked"],
    ),
    def(
        Id::UPDATE_BUDGET_DECLINED,
        TemplateParam,
        &[],
        &["Client declined the minimum budget"],
    ),
    def(
        Id::UPDATE_BOOKING_CONFIRMED,
        TemplateParam,
        &[],
        &["New booking confirmed, deposit paid"],
    ),
    def(
        Id::UPDATE_DEPOSIT_PAID,
        TemplateParam,
        &[],
        &["Deposit paid, appointment date to agree"],
    ),
    def(
        Id::UPDATE_DEPOSIT_PAID_NEEDS_SLOT,
        TemplateParam,
        &[],
        &["Deposit paid, client picking a new time"],
    ),
    def(
        Id::UPDATE_PAYMENT_REVIEW,
        TemplateParam,
        &[],
        &["A payment needs your review"],
    ),
    def(
        Id::UPDATE_REFUND_RECORDED,
        TemplateParam,
        &[],
        &["Refund recorded, booking still stands"],
    ),
    def(
        Id::UPDATE_CANCELLED_PAID,
        TemplateParam,
        &[],
        &["Paid booking cancelled, refund if agreed"],
    ),
    def(
        Id::UPDATE_CALENDAR_FAILED,
        TemplateParam,
        &[],
        &["Calendar event failed, please add it manually"],
    ),
    def(
        Id::UPDATE_JOB_FAILED,
        TemplateParam,
        &[],
        &["Something needs your attention"],
    ),
    def(
        Id::UPDATE_CLIENT_OPTED_OUT,
        TemplateParam,
        &[],
        &["A client with a booking opted out"],
    ),
    def(
        Id::UPDATE_UNDELIVERABLE,
        TemplateParam,
        &[],
        &["Messages to a client can't be delivered"],
    ),
    def(
        Id::UPDATE_TIME_WINDOWS,
        TemplateParam,
        &[],
        &["A client sent their preferred times"],
    ),
    def(
        Id::UPDATE_INBOX_STATUS,
        TemplateParam,
        &[],
        &["Your inbox summary"],
    ),
    def(
        Id::UPDATE_NEEDS_REPLY_NUDGE,
        TemplateParam,
        &[],
        &["A client is still waiting for your reply"],
    ),
    def(
        Id::UPDATE_BOOKING_PENDING_NUDGE,
        TemplateParam,
        &[],
        &["A paid client is waiting for a date"],
    ),
    def(
        Id::UPDATE_ABANDONED,
        TemplateParam,
        &[],
        &["An approved enquiry has gone quiet"],
    ),
    def(
        Id::UPDATE_DATA_REQUEST,
        TemplateParam,
        &[],
        &["A client asked about their personal data"],
    ),
];
