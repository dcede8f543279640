//! What a `whatsapp.send` / `artist.notify` job does with its outbound row (data-and-ops.md §4.3):
//! the checks in the spec's order, then the window decides between free form, a template in the
//! content's place, deferral and skipping.

use chrono::{DateTime, TimeDelta, Utc};

use super::kinds::{self, TemplatePurpose};
use super::state::{OutboundMode, OutboundState};
use super::template::{TemplateFacts, TemplateMessage};
use crate::consultation::Recipient;
use crate::copy::MessageId;
use crate::model::Contact;
use crate::rules::Templates;

/// The outbound row as the gateway sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundView {
    pub kind: MessageId,
    pub state: OutboundState,
    pub mode: OutboundMode,
    pub recipient: Recipient,
    /// The stored template of a `mode = template` row.
    pub template: Option<TemplateMessage>,
}

/// `FEATURE_NOTIFICATIONS_ENABLED` and whether `ARTIST_WHATSAPP_NUMBER` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArtistNotifications {
    pub enabled: bool,
    pub artist_number_configured: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryInput<'a> {
    pub message: &'a OutboundView,
    pub contact: &'a Contact,
    /// For kinds that carry a payment link: whether their payment is still `open`; `None` when
    /// the kind carries none or the row names no payment.
    pub payment_open: Option<bool>,
    /// `WHATSAPP_DRY_RUN` or demo mode.
    pub dry_run: bool,
    pub artist_notifications: ArtistNotifications,
    pub templates: &'a Templates,
    pub facts: &'a TemplateFacts,
    /// `window_safety_margin_seconds`.
    pub window_safety_margin: TimeDelta,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelReason {
    ContactErased,
    NotificationsDisabled,
    NoArtistNumber,
    /// A payment link whose payment was paid, expired or cancelled meanwhile.
    PaymentNoLongerOpen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryPlan {
    /// The row is no longer `queued` (sent, cancelled or deferred by someone else): nothing to do.
    AlreadyHandled,
    /// → `cancelled`; the job finishes as cancelled.
    Cancel(CancelReason),
    /// → `blocked_optout`.
    BlockOptOut,
    /// → `sent` with `provider_message_id = dryrun.<id>`, nothing leaves the process.
    DryRun,
    /// Send the row as stored (text or interactive).
    SendFreeForm,
    /// The row is a template (a stand-in row, or a reminder): send this.
    SendTemplate(TemplateMessage),
    /// Window closed: the row becomes `deferred` and a template row standing in for it is sent;
    /// INFO `template.fallback_used`.
    SendTemplateInstead(TemplateMessage),
    /// Window closed and the kind's template is not configured: → `deferred`, WARN
    /// `whatsapp.template_not_configured.<kind>`, artist alert.
    DeferWithoutTemplate,
    /// Window closed for a conversational reply: → `skipped_window_closed`.
    SkipWindowClosed,
}

pub fn plan_delivery(input: &DeliveryInput) -> DeliveryPlan {
    let message = input.message;
    if message.state != OutboundState::Queued {
        return DeliveryPlan::AlreadyHandled;
    }
    if let Some(stop) = stopped(input) {
        return stop;
    }
    if input.dry_run {
        return DeliveryPlan::DryRun;
    }
    if message.mode == OutboundMode::Template || kinds::is_sent_as_template(message.kind) {
        return match message
            .template
            .clone()
            .or_else(|| configured_template(input))
        {
            Some(template) => DeliveryPlan::SendTemplate(template),
            None => without_template(message.kind),
        };
    }
    if input
        .contact
        .window_open(input.now, input.window_safety_margin)
    {
        DeliveryPlan::SendFreeForm
    } else {
        plan_window_closed(input)
    }
}

/// The window-closed branch on its own, for a send that WhatsApp refused with 131047 or a
/// `failed` callback with that code: the row's state is not checked again.
pub fn plan_window_closed(input: &DeliveryInput) -> DeliveryPlan {
    match configured_template(input) {
        Some(template) => DeliveryPlan::SendTemplateInstead(template),
        None => without_template(input.message.kind),
    }
}

/// Step 2 of §4.3, then the payment check: reasons the row must not go out at all.
fn stopped(input: &DeliveryInput) -> Option<DeliveryPlan> {
    let contact = input.contact;
    let kind = input.message.kind;
    if contact.erased_at.is_some() || contact.phone.is_none() {
        return Some(DeliveryPlan::Cancel(CancelReason::ContactErased));
    }
    if contact.is_opted_out() && !kinds::reaches_opted_out_contacts(kind) {
        return Some(DeliveryPlan::BlockOptOut);
    }
    if input.message.recipient == Recipient::Artist {
        let notifications = input.artist_notifications;
        if !notifications.enabled {
            return Some(DeliveryPlan::Cancel(CancelReason::NotificationsDisabled));
        }
        if !notifications.artist_number_configured {
            return Some(DeliveryPlan::Cancel(CancelReason::NoArtistNumber));
        }
    }
    if kinds::carries_payment_link(kind) && input.payment_open == Some(false) {
        return Some(DeliveryPlan::Cancel(CancelReason::PaymentNoLongerOpen));
    }
    None
}

fn configured_template(input: &DeliveryInput) -> Option<TemplateMessage> {
    let template = TemplatePurpose::for_kind(input.message.kind)?.configured(input.templates)?;
    let profile_name = input.contact.profile_name.as_deref();
    Some(TemplateMessage::build(template, profile_name, input.facts))
}

fn without_template(kind: MessageId) -> DeliveryPlan {
    if kinds::is_deferrable(kind) {
        DeliveryPlan::DeferWithoutTemplate
    } else {
        DeliveryPlan::SkipWindowClosed
    }
}
