//! Offering slots (booking.md §3.4): what the `slots.offer` job's transaction does with the slots
//! it generated. The lead must still want an offer; then either the numbered offer goes out, or,
//! with no free time, the client is asked for the times that suit them (a paid lead goes to the
//! artist instead).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::offer_text::offer_body;
use super::{LeadChanges, lead_zone};
use crate::consultation::{ActionLink, LeadContext, LinkAction, OfferCause, SystemEvent, Text};
use crate::copy::MessageId;
use crate::copy::params::{
    ARTIST_NAME, CLIENT, HOME_CITY, LEAD_REF, REASON, RECENT_MESSAGES, STRIKES, SUMMARY,
};
use crate::model::{
    Actor, BookingMode, Handover, HandoverReason, Lead, LeadId, LeadStatus, SizeCategory,
};
use crate::rules::{StudioRules, TourStop};
use crate::slots::{Slot, SlotRequest};
use crate::status::TransitionReason;

/// As many of the latest client texts, and as much of each, as a handover notice shows.
const RECENT_MESSAGES_SHOWN: usize = 5;
const RECENT_MESSAGE_CHARS: usize = 80;

/// What the artist reads as the reason of a paid lead left without a slot.
const PAID_NO_SLOT_WORDS: &str = "the deposit is paid but no slot can be offered";

/// The facts of one offer besides the locked lead.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferFacts {
    pub cause: OfferCause,
    /// Generated for the lead (§3.2), ascending and numbered from 1.
    pub slots: Vec<Slot>,
    /// The session length the slots were generated with.
    pub duration_minutes: u32,
    /// The lead already has a `confirmed` hold (it is booked, whatever its status says).
    pub has_confirmed_hold: bool,
    /// The client as the artist sees them (`Sam (+447700900123)`), for a handover notice.
    pub client: String,
}

/// An offer to store (`slot_offers`, source `generated`, state `open`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewOffer {
    pub slots: Vec<Slot>,
    pub duration_minutes: u32,
    pub tour_stop_key: Option<String>,
    /// The zone its days and times are read in.
    pub zone: Tz,
    /// Sent as a WhatsApp list (`whatsapp.interactive`); otherwise as text ending with how to
    /// reply.
    pub interactive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OfferDecision {
    /// The lead no longer waits for times (it moved on, or is booked): nothing is written and
    /// the job has done its work.
    NotWanted { status: LeadStatus },
    /// The previous open offer is superseded by this one, sent with `changes`.
    Offer {
        changes: LeadChanges,
        offer: NewOffer,
    },
    /// No free time: the previous open offer is superseded, and `changes` ask the client for
    /// time windows (or hand a paid lead to the artist).
    NoSlots { changes: LeadChanges },
}

/// The replace key of a lead's offer messages: a newer offer cancels one not yet sent.
pub fn offer_replace_key(lead_id: LeadId) -> String {
    format!("offer:{}", lead_id.0)
}

/// The tour stop a lead books at, when it books away from the home studio and the stop still
/// exists in the rules.
pub fn tour_stop<'r>(rules: &'r StudioRules, tour_stop_key: Option<&str>) -> Option<&'r TourStop> {
    let key = tour_stop_key?;
    rules.tour.stops.iter().find(|stop| stop.key() == key)
}

/// The slot request for a lead before the calendar is read (busy ranges, blocked dates and holds
/// empty): its `search_window` is where to read free/busy.
pub fn slot_request(
    rules: &StudioRules,
    category: Option<SizeCategory>,
    tour_stop_key: Option<&str>,
    now: DateTime<Utc>,
) -> SlotRequest {
    match tour_stop(rules, tour_stop_key) {
        Some(stop) => SlotRequest::for_tour_stop(
            rules,
            stop,
            category,
            now,
            Vec::new(),
            Vec::new(),
            Vec::new(),
        ),
        None => SlotRequest::from_rules(rules, category, now, Vec::new(), Vec::new(), Vec::new()),
    }
}

/// Whether the lead still waits for times (§3.4): `AWAITING_SLOT`, `DEPOSIT_PAID` without a
/// booking, or a lead the artist asked fresh times for; always a calendar-mode lead. The job asks
/// before reading the calendar and again under the lead lock.
pub fn wants_offer(lead: &Lead, cause: OfferCause, has_confirmed_hold: bool) -> bool {
    let calendar = lead.booking_mode() == Some(BookingMode::Calendar);
    let waiting = match lead.status() {
        LeadStatus::AwaitingSlot => true,
        LeadStatus::DepositPaid => !has_confirmed_hold,
        // The artist asked for fresh times for a lead resting without an offer (§3.11).
        LeadStatus::CollectingTimeWindows | LeadStatus::DepositExpired => {
            cause == OfferCause::Artist
        }
        _ => false,
    };
    calendar && waiting
}

/// Decides the offer for the locked lead.
pub fn offer_slots(
    ctx: &LeadContext,
    facts: OfferFacts,
    rules: &StudioRules,
    now: DateTime<Utc>,
) -> OfferDecision {
    let lead = &ctx.lead;
    let status = lead.status();
    if !wants_offer(lead, facts.cause, facts.has_confirmed_hold) {
        return OfferDecision::NotWanted { status };
    }
    let mut changes = LeadChanges::new(lead.clone(), ctx.payments);
    if facts.slots.is_empty() {
        no_slots(&mut changes, ctx, &facts, rules, now);
        return OfferDecision::NoSlots { changes };
    }
    if matches!(
        status,
        LeadStatus::CollectingTimeWindows | LeadStatus::DepositExpired
    ) && changes
        .move_to(
            LeadStatus::AwaitingSlot,
            TransitionReason::SlotsOffered,
            Actor::Admin,
            now,
        )
        .is_err()
    {
        return OfferDecision::NotWanted { status };
    }
    let tour_stop_key = lead.interpretation.tour_stop_key.clone();
    let zone = lead_zone(rules, lead);
    let interactive = rules.whatsapp.interactive;
    let paid = lead
        .deposit
        .amount
        .or_else(|| lead.estimate.as_ref().map(|estimate| estimate.deposit));
    let mut parts = vec![offer_body(facts.cause, &facts.slots, zone, paid)];
    if !interactive {
        parts.push(Text::new(MessageId::UI_SLOTS_PLAIN_REPLY));
    }
    changes.tell_client(parts);
    if let Some(message) = changes.outbound.last_mut() {
        // A newer offer cancels one still waiting to go out (data-and-ops.md §4.3 rule 8).
        message.replace_key = Some(offer_replace_key(lead.id));
    }
    OfferDecision::Offer {
        changes,
        offer: NewOffer {
            slots: facts.slots,
            duration_minutes: facts.duration_minutes,
            tour_stop_key,
            zone,
            interactive,
        },
    }
}

/// No free time: a waiting lead collects time windows; a paid one goes to the artist.
fn no_slots(
    changes: &mut LeadChanges,
    ctx: &LeadContext,
    facts: &OfferFacts,
    rules: &StudioRules,
    now: DateTime<Utc>,
) {
    let lead_id = changes.lead.id;
    let category = ctx.lead.estimate.as_ref().map(|e| e.category.as_str());
    let fallback = SystemEvent::info(
        "calendar.no_slots_fallback",
        Some(lead_id),
        serde_json::json!({
            "reason": "no_free_slots",
            "duration_minutes": facts.duration_minutes,
            "category": category,
        }),
    );
    match ctx.lead.status() {
        LeadStatus::AwaitingSlot => {
            let moved = changes.move_to(
                LeadStatus::CollectingTimeWindows,
                TransitionReason::NoFreeSlots,
                Actor::System,
                now,
            );
            if moved.is_ok() {
                let home_city = rules.studio.home_city.as_str();
                changes.tell_client(vec![
                    Text::new(MessageId::TIME_WINDOW_REQUEST).with(HOME_CITY, home_city),
                ]);
            }
            changes.event(fallback);
        }
        LeadStatus::DepositPaid => hand_over_paid_lead(changes, ctx, facts, rules, now),
        // The artist's request found nothing; the lead keeps waiting where it is.
        _ => changes.event(fallback),
    }
}

/// `NEEDS_ARTIST_REPLY` (`PAID_NO_SLOT`): `handover.generic` to the client, `artist.handover` with
/// the resume and mark-booked links.
fn hand_over_paid_lead(
    changes: &mut LeadChanges,
    ctx: &LeadContext,
    facts: &OfferFacts,
    rules: &StudioRules,
    now: DateTime<Utc>,
) {
    let handover = Handover::new(HandoverReason::PaidNoSlot, PAID_NO_SLOT_WORDS);
    let moved = changes.move_to(
        LeadStatus::NeedsArtistReply,
        TransitionReason::Handover(handover),
        Actor::System,
        now,
    );
    if moved.is_err() {
        return;
    }
    let artist_name = rules.studio.artist_name.as_str();
    changes.tell_client(vec![
        Text::new(MessageId::HANDOVER_GENERIC).with(ARTIST_NAME, artist_name),
    ]);
    let recent: Vec<String> = ctx
        .recent_client_texts
        .iter()
        .rev()
        .take(RECENT_MESSAGES_SHOWN)
        .rev()
        .map(|text| format!("• {}", shortened(text)))
        .collect();
    let text = Text::new(MessageId::ARTIST_HANDOVER)
        .with(LEAD_REF, changes.lead.id.to_string())
        .with(CLIENT, facts.client.as_str())
        .with(REASON, PAID_NO_SLOT_WORDS)
        .with(RECENT_MESSAGES, dash_if_empty(recent.join("\n")))
        .with(STRIKES, "—")
        .with(
            SUMMARY,
            dash_if_empty(changes.lead.summary_text.clone().unwrap_or_default()),
        );
    let links = [LinkAction::Resume, LinkAction::MarkBooked]
        .into_iter()
        .map(|action| ActionLink {
            action,
            required_status: LeadStatus::NeedsArtistReply,
        })
        .collect();
    changes.tell_artist(text, links);
    let lead_id = changes.lead.id;
    changes.event(SystemEvent::info(
        "handover.started",
        Some(lead_id),
        serde_json::json!({
            "reason_code": HandoverReason::PaidNoSlot.code(),
            "return_status": LeadStatus::DepositPaid.as_str(),
        }),
    ));
}

fn shortened(text: &str) -> String {
    if text.chars().count() <= RECENT_MESSAGE_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(RECENT_MESSAGE_CHARS - 1).collect();
    cut.push('…');
    cut
}

fn dash_if_empty(text: String) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
#[path = "offer_tests.rs"]
mod tests;
