//! What the client is asked next: the question texts and their buttons (§7), and the prompt of
//! each status used by resumes, welcome-backs, opt-ins and repeated prompts (§13.3).

use super::decision::{JobRequest, OfferCause};
use super::draft::Draft;
use super::outbound::{Button, Text};
use crate::copy::params::{
    AMOUNT, ARTIST_NAME, EXPIRES_LABEL, HOME_CITY, MINIMUM, QUESTION, SLOT_LABEL, URL,
};
use crate::copy::{MessageId, format_money};
use crate::copy::{date_time_label, slot_label};
use crate::model::{LeadStatus, Money, QuestionKey};

/// The text of question `key` (`q.<key>`).
pub(super) fn question(d: &Draft<'_, '_>, key: QuestionKey) -> Text {
    let id = MessageId::question(key.as_str()).unwrap_or(MessageId::Q_IDEA);
    let text = Text::new(id);
    match key {
        QuestionKey::Style => text.with(ARTIST_NAME, d.artist_name()),
        QuestionKey::TravelCity => text.with(HOME_CITY, d.home_city()),
        _ => text,
    }
}

/// The reply buttons of question `key`, when interactive messages are on.
pub(super) fn question_buttons(d: &Draft<'_, '_>, key: QuestionKey) -> Vec<Button> {
    if !d.rules().whatsapp.interactive {
        return Vec::new();
    }
    let button = |id: &str, title: Text| Button {
        id: id.to_owned(),
        title,
    };
    match key {
        QuestionKey::Complexity => vec![
            button("ans:complexity:1", Text::new(MessageId::UI_COMPLEXITY_1)),
            button("ans:complexity:2", Text::new(MessageId::UI_COMPLEXITY_2)),
            button("ans:complexity:3", Text::new(MessageId::UI_COMPLEXITY_3)),
        ],
        QuestionKey::Coverup => vec![
            button("ans:coverup:yes", Text::new(MessageId::UI_COVERUP_YES)),
            button("ans:coverup:no", Text::new(MessageId::UI_COVERUP_NO)),
            button(
                "ans:coverup:unsure",
                Text::new(MessageId::UI_COVERUP_UNSURE),
            ),
        ],
        QuestionKey::TravelCity => vec![
            button(
                "ans:travel_city:studio",
                Text::new(MessageId::UI_TRAVEL_CITY_STUDIO).with(HOME_CITY, d.home_city()),
            ),
            button(
                "ans:travel_city:other",
                Text::new(MessageId::UI_TRAVEL_CITY_OTHER),
            ),
        ],
        QuestionKey::Timing => vec![
            button("ans:timing:soon", Text::new(MessageId::UI_TIMING_SOON)),
            button("ans:timing:later", Text::new(MessageId::UI_TIMING_LATER)),
            button(
                "ans:timing:flexible",
                Text::new(MessageId::UI_TIMING_FLEXIBLE),
            ),
        ],
        _ => Vec::new(),
    }
}

/// The yes/no buttons of the budget follow-up (§14 step 5).
pub(super) fn budget_follow_up_buttons(d: &Draft<'_, '_>) -> Vec<Button> {
    if !d.rules().whatsapp.interactive {
        return Vec::new();
    }
    vec![
        Button {
            id: "ans:budget_follow_up:yes".to_owned(),
            title: Text::new(MessageId::UI_BUDGET_FOLLOW_UP_YES),
        },
        Button {
            id: "ans:budget_follow_up:no".to_owned(),
            title: Text::new(MessageId::UI_BUDGET_FOLLOW_UP_NO),
        },
    ]
}

/// The question the client answers next, as its own message: with buttons when it has them,
/// otherwise wrapped in `ask_question` (§9.4).
pub(super) fn ask(d: &mut Draft<'_, '_>, key: QuestionKey) {
    let buttons = question_buttons(d, key);
    let text = if buttons.is_empty() {
        Text::new(MessageId::ASK_QUESTION).with_text(QUESTION, question(d, key))
    } else {
        question(d, key)
    };
    d.reply_with_buttons(text, buttons);
}

/// `wrapper` (a text with a `{question}` placeholder) around the current question, with its buttons.
pub(super) fn wrap_current_question(d: &mut Draft<'_, '_>, wrapper: Text) {
    let key = current_key(d);
    let buttons = question_buttons(d, key);
    let text = wrapper.with_text(QUESTION, question(d, key));
    d.reply_with_buttons(text, buttons);
}

pub(super) fn current_key(d: &Draft<'_, '_>) -> QuestionKey {
    d.lead().map_or(QuestionKey::Idea, |lead| {
        lead.conversation.current_step.key()
    })
}

/// A status's prompt: the text and the buttons that go with it.
pub(super) struct Prompt {
    pub text: Text,
    pub buttons: Vec<Button>,
}

/// What the client is waiting on in the lead's current status (§13.3). Prompts that need fresh
/// slots enqueue `slots.offer`, whose message follows.
pub(super) fn status_prompt(d: &mut Draft<'_, '_>) -> Prompt {
    let Some(lead) = d.lead() else {
        return Prompt {
            text: question(d, QuestionKey::Idea),
            buttons: Vec::new(),
        };
    };
    let lead_id = lead.id;
    let status = lead.status();
    let name = d.artist_name();
    let artist = |id: MessageId| Text::new(id).with(ARTIST_NAME, name);
    let plain = |text: Text| Prompt {
        text,
        buttons: Vec::new(),
    };
    match status {
        LeadStatus::New | LeadStatus::Qualifying => {
            let key = current_key(d);
            Prompt {
                text: question(d, key),
                buttons: question_buttons(d, key),
            }
        }
        LeadStatus::TourConversionOffered => super::tour::offer_prompt(d),
        LeadStatus::NeedsFollowUp => Prompt {
            text: Text::new(MessageId::BUDGET_BELOW_MINIMUM)
                .with(ARTIST_NAME, name)
                .with(MINIMUM, format_money(regional_minimum(d))),
            buttons: budget_follow_up_buttons(d),
        },
        LeadStatus::AwaitingSlot => {
            d.job(JobRequest::SlotsOffer {
                lead_id,
                cause: OfferCause::Resumed,
            });
            plain(Text::new(MessageId::SLOTS_COMING))
        }
        LeadStatus::CollectingTimeWindows => {
            plain(Text::new(MessageId::TIME_WINDOW_REQUEST).with(HOME_CITY, d.home_city()))
        }
        LeadStatus::AwaitingDeposit => match awaiting_deposit_ack(d) {
            Some(text) => plain(text),
            None => plain(Text::new(MessageId::SLOTS_COMING)),
        },
        LeadStatus::DepositExpired => plain(Text::new(MessageId::DEPOSIT_EXPIRED)),
        LeadStatus::DepositPaid => plain(artist(MessageId::PAYMENT_RECEIVED_ACK)),
        LeadStatus::BookingPending => plain(artist(MessageId::BOOKING_PENDING_ACK)),
        LeadStatus::Booked => plain(booked_ack(d)),
        LeadStatus::PendingApproval | LeadStatus::Stale => {
            plain(artist(MessageId::PENDING_APPROVAL_ACK))
        }
        LeadStatus::NeedsArtistReply => plain(artist(MessageId::HANDOVER_HOLD)),
        LeadStatus::Waitlisted => plain(artist(MessageId::WAITLISTED_ACK)),
        LeadStatus::Rejected => plain(artist(MessageId::REJECTED_ACK)),
        LeadStatus::Cancelled | LeadStatus::Refunded => plain(artist(MessageId::CANCELLED_ACK)),
        LeadStatus::Abandoned | LeadStatus::OptOut => plain(Text::new(MessageId::Q_IDEA)),
    }
}

/// The region's minimum budget (GBP minor units, §15.5).
pub(super) fn regional_minimum(d: &Draft<'_, '_>) -> Money {
    let region = d
        .lead()
        .and_then(|lead| lead.interpretation.region)
        .unwrap_or(crate::model::Region::RestOfWorld);
    Money::gbp(d.rules().pricing.minimum_budget_minor.for_region(region))
}

/// `awaiting_deposit_ack` with the still-valid link, when the link exists.
pub(super) fn awaiting_deposit_ack(d: &Draft<'_, '_>) -> Option<Text> {
    let checkout = d.ctx.as_ref()?.open_checkout.as_ref()?;
    let zone = d.rules().studio.time_zone;
    Some(
        Text::new(MessageId::AWAITING_DEPOSIT_ACK)
            .with(AMOUNT, format_money(checkout.amount))
            .with(URL, checkout.url.clone())
            .with(EXPIRES_LABEL, date_time_label(checkout.expires_at, zone)),
    )
}

/// `booked_ack` with the appointment, or its variant while the time is not known.
pub(super) fn booked_ack(d: &Draft<'_, '_>) -> Text {
    let zone = d.rules().studio.time_zone;
    match d.lead().and_then(|lead| lead.booking.appointment) {
        Some(appointment) => Text::new(MessageId::BOOKED_ACK)
            .with(ARTIST_NAME, d.artist_name())
            .with(
                SLOT_LABEL,
                slot_label(appointment.start_at, appointment.end_at, zone),
            ),
        None => Text::new(MessageId::BOOKED_ACK_WITHOUT_TIME).with(ARTIST_NAME, d.artist_name()),
    }
}
