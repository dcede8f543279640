//! Notifications to the artist (consultation.md §24.2). Each names the lead (`{lead_ref}`, or
//! through `{summary}`, whose first lines carry the reference and the client), names the client
//! with their full number (`{client}`, the artist's own channel), and ends with the admin link.
//!
//! `{links}` holds the action-link lines (`ui.action.*`) and may be empty; blank lines it leaves
//! behind are collapsed when rendering.

use super::{Definition, def};
use crate::copy::MessageId as Id;
use crate::copy::channel::Channel::ArtistText;
use crate::copy::params::{
    ADMIN_URL, AMOUNT, BUDGET, CLIENT, LEAD_REF, LINKS, MESSAGES, MINIMUM, NEEDS_REPLY_COUNT,
    PENDING_COUNT, PROBLEM, REASON, RECENT_MESSAGES, SLOT_LABEL, STAGE, STRIKES, SUMMARY, WINDOWS,
};

pub(super) const DEFINITIONS: &[Definition] = &[
    def(
        Id::ARTIST_NEW_LEAD,
        ArtistText,
        &[SUMMARY, LINKS, ADMIN_URL],
        &["{summary}\n\n{links}\n\nAdmin page: {admin_url}"],
    ),
    def(
        Id::ARTIST_APPROVAL_NUDGE,
        ArtistText,
        &[LEAD_REF, CLIENT, LINKS, ADMIN_URL],
        &[
            "Reminder: enquiry {lead_ref} from {client} is still waiting for your review.\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_STALE,
        ArtistText,
        &[LEAD_REF, CLIENT, SUMMARY, LINKS, ADMIN_URL],
        &[
            "Enquiry {lead_ref} from {client} has had no decision for a while, so it's now marked stale. You can still approve it, and the client's next message reopens it.\n\n{summary}\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    // consultation.md §13.3: reason, last inbound texts, strike counters, summary, links.
    def(
        Id::ARTIST_HANDOVER,
        ArtistText,
        &[
            LEAD_REF,
            CLIENT,
            REASON,
            RECENT_MESSAGES,
            STRIKES,
            SUMMARY,
            LINKS,
            ADMIN_URL,
        ],
        &[
            "Enquiry {lead_ref} from {client} needs your reply: {reason}\n\nLatest messages:\n{recent_messages}\n\nFailed answers: {strikes}\n\n{summary}\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_CLIENT_MESSAGES,
        ArtistText,
        &[LEAD_REF, CLIENT, MESSAGES, LINKS, ADMIN_URL],
        &[
            "New messages from {client} ({lead_ref}):\n{messages}\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_BUDGET_FOLLOW_UP,
        ArtistText,
        &[LEAD_REF, CLIENT, BUDGET, MINIMUM, SUMMARY, LINKS, ADMIN_URL],
        &[
            "Enquiry {lead_ref} from {client}: the budget of {budget} is below the {minimum} minimum. I've asked whether the minimum works; you can approve or reject now.\n\n{summary}\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_BUDGET_DECLINED,
        ArtistText,
        &[LEAD_REF, CLIENT, MINIMUM, ADMIN_URL],
        &[
            "{client} ({lead_ref}) has declined the {minimum} minimum. The enquiry stays open, so you can still approve or reject it.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_BOOKING_CONFIRMED,
        ArtistText,
        &[LEAD_REF, CLIENT, SLOT_LABEL, AMOUNT, SUMMARY, ADMIN_URL],
        &[
            "Booked: {client} ({lead_ref}) on {slot_label}. Deposit of {amount} paid. 🎉\n\n{summary}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_DEPOSIT_PAID,
        ArtistText,
        &[LEAD_REF, CLIENT, AMOUNT, LINKS, ADMIN_URL],
        &[
            "Deposit of {amount} paid by {client} ({lead_ref}). There's no appointment date yet: agree one with the client, then mark it booked.\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_DEPOSIT_PAID_NEEDS_SLOT,
        ArtistText,
        &[LEAD_REF, CLIENT, AMOUNT, ADMIN_URL],
        &[
            "Deposit of {amount} paid by {client} ({lead_ref}), but their held time was taken in the meantime. They've been sent fresh times to pick from, with no second payment.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_PAYMENT_REVIEW,
        ArtistText,
        &[LEAD_REF, CLIENT, AMOUNT, REASON, ADMIN_URL],
        &[
            "A payment for {lead_ref} ({client}) needs your review: {reason}. Amount: {amount}. Please check it in Stripe and refund it if appropriate.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_REFUND_RECORDED,
        ArtistText,
        &[LEAD_REF, CLIENT, AMOUNT, ADMIN_URL],
        &[
            "A refund of {amount} was recorded for {client} ({lead_ref}). The booking still stands; cancel it from the admin page if it's off.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_CANCELLED_PAID,
        ArtistText,
        &[LEAD_REF, CLIENT, AMOUNT, ADMIN_URL],
        &[
            "The booking for {client} ({lead_ref}) is cancelled. A deposit of {amount} was paid: refund it in Stripe if you've agreed to, and inkdesk will record it automatically.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_CALENDAR_FAILED,
        ArtistText,
        &[LEAD_REF, CLIENT, SLOT_LABEL, ADMIN_URL],
        &[
            "The booking for {client} ({lead_ref}) couldn't be added to your calendar. Please add {slot_label} manually; the time stays reserved in inkdesk.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_JOB_FAILED,
        ArtistText,
        &[LEAD_REF, CLIENT, PROBLEM, ADMIN_URL],
        &[
            "Something needs your attention for {client} ({lead_ref}): {problem}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_CLIENT_OPTED_OUT,
        ArtistText,
        &[LEAD_REF, CLIENT, ADMIN_URL],
        &[
            "{client} ({lead_ref}) has opted out of automated messages. Their paid booking is unchanged; contact them directly if anything needs sorting.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_UNDELIVERABLE,
        ArtistText,
        &[LEAD_REF, CLIENT, ADMIN_URL],
        &[
            "Messages to {client} ({lead_ref}) can't be delivered; the number may no longer be on WhatsApp.\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_TIME_WINDOWS,
        ArtistText,
        &[LEAD_REF, CLIENT, WINDOWS, ADMIN_URL],
        &[
            "{client} ({lead_ref}) has sent their preferred times:\n{windows}\n\nOffer matching slots from the admin page: {admin_url}",
        ],
    ),
    // Sent to the artist's own number with no lead in play: counts instead of a lead.
    def(
        Id::ARTIST_INBOX_STATUS,
        ArtistText,
        &[PENDING_COUNT, NEEDS_REPLY_COUNT, ADMIN_URL],
        &[
            "Nothing new is waiting to be delivered to you. Your inbox:\nAwaiting your review: {pending_count}\nNeeding your reply: {needs_reply_count}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_NEEDS_REPLY_NUDGE,
        ArtistText,
        &[LEAD_REF, CLIENT, REASON, LINKS, ADMIN_URL],
        &[
            "Reminder: {client} ({lead_ref}) is still waiting for your reply ({reason}).\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_BOOKING_PENDING_NUDGE,
        ArtistText,
        &[LEAD_REF, CLIENT, AMOUNT, LINKS, ADMIN_URL],
        &[
            "Reminder: {client} ({lead_ref}) paid a {amount} deposit and is still waiting for a confirmed date. Once it's agreed, mark it booked.\n\n{links}\n\nAdmin page: {admin_url}",
        ],
    ),
    def(
        Id::ARTIST_ABANDONED,
        ArtistText,
        &[LEAD_REF, CLIENT, STAGE, ADMIN_URL],
        &[
            "{client} ({lead_ref}) has gone quiet at the {stage} stage, so the enquiry is marked abandoned. It reopens if they write again soon.\n\nAdmin page: {admin_url}",
        ],
    ),
    // A data request may come from a contact without any lead, so the contact is named and the
    // link is the contact's export/erase page (consultation.md §13.1 H3).
    def(
        Id::ARTIST_DATA_REQUEST,
        ArtistText,
        &[CLIENT, ADMIN_URL],
        &[
            "{client} has asked about their personal data (a copy or deletion). Please respond within one month; nothing has been deleted automatically.\n\nExport or erase: {admin_url}",
        ],
    ),
];
