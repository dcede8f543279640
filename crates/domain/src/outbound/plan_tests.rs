#![allow(clippy::unwrap_used, clippy::expect_used)]
//! data-and-ops.md §4.3–4.5 and integrations.md §2.2: every branch of the gateway's plan.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::consultation::Recipient;
use crate::copy::MessageId;
use crate::model::{ArtistId, Consent, Contact, ContactId, LeadId, Phone};
use crate::rules::Templates;

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, day, hour, minute, 0).unwrap()
}

/// Everything a plan reads, starting from a queued text to a client whose window is open.
struct Setup {
    message: OutboundView,
    contact: Contact,
    payment_open: Option<bool>,
    dry_run: bool,
    notifications: ArtistNotifications,
    templates: Templates,
    facts: TemplateFacts,
    now: DateTime<Utc>,
}

impl Setup {
    fn new(kind: MessageId) -> Self {
        let phone = Phone::parse("447700900123").unwrap();
        let mut contact = Contact::new(ContactId(5), ArtistId::default(), phone, at(20, 9, 0));
        contact.profile_name = Some("Sam Rivers".to_owned());
        contact.record_inbound(at(25, 10, 0), at(25, 10, 0));
        Self {
            message: OutboundView {
                kind,
                state: OutboundState::Queued,
                mode: OutboundMode::Text,
                recipient: if kind.is_artist_notification() {
                    Recipient::Artist
                } else {
                    Recipient::Client
                },
                template: None,
            },
            contact,
            payment_open: None,
            dry_run: false,
            notifications: ArtistNotifications {
                enabled: true,
                artist_number_configured: true,
            },
            templates: Templates::default(),
            facts: TemplateFacts {
                lead_id: Some(LeadId(42)),
                appointment: Some(Appointment {
                    start: at(29, 9, 0),
                    zone: chrono_tz::Europe::London,
                }),
                event_summary: Some("New enquiry ready for review".to_owned()),
            },
            now: at(25, 12, 0),
        }
    }

    fn window_closed(mut self) -> Self {
        self.now = at(27, 12, 0);
        self
    }

    fn plan(&self) -> DeliveryPlan {
        plan_delivery(&self.input())
    }

    fn input(&self) -> DeliveryInput<'_> {
        DeliveryInput {
            message: &self.message,
            contact: &self.contact,
            payment_open: self.payment_open,
            dry_run: self.dry_run,
            artist_notifications: self.notifications,
            templates: &self.templates,
            facts: &self.facts,
            window_safety_margin: TimeDelta::seconds(60),
            now: self.now,
        }
    }
}

fn template(name: &str, params: &[&str]) -> TemplateMessage {
    TemplateMessage {
        name: name.to_owned(),
        language: "en_GB".to_owned(),
        params: params.iter().map(|p| (*p).to_owned()).collect(),
        continue_button: false,
    }
}

fn opted_out(mut s: Setup) -> Setup {
    s.contact = s
        .contact
        .with_consent(Consent::restore(true, Some(at(24, 9, 0)), None));
    s
}

#[test]
fn the_checks_run_in_the_specified_order() {
    use CancelReason::*;
    use DeliveryPlan::*;
    let cases: Vec<(&str, Setup, DeliveryPlan)> = vec![
        (
            "queued text, window open",
            Setup::new(MessageId::Q_BUDGET),
            SendFreeForm,
        ),
        (
            "already sent",
            {
                let mut s = Setup::new(MessageId::Q_BUDGET);
                s.message.state = OutboundState::Sent;
                s
            },
            AlreadyHandled,
        ),
        (
            "deferred by someone else",
            {
                let mut s = Setup::new(MessageId::APPROVED);
                s.message.state = OutboundState::Deferred;
                s
            },
            AlreadyHandled,
        ),
        (
            "erased beats opted out",
            {
                let mut s = opted_out(Setup::new(MessageId::APPROVED));
                s.contact.erased_at = Some(at(24, 10, 0));
                s.contact.phone = None;
                s
            },
            Cancel(ContactErased),
        ),
        (
            "opted out",
            opted_out(Setup::new(MessageId::APPROVED)),
            BlockOptOut,
        ),
        (
            "opted out, artist kind",
            opted_out(Setup::new(MessageId::ARTIST_NEW_LEAD)),
            BlockOptOut,
        ),
        (
            "opt-out confirmation still goes",
            opted_out(Setup::new(MessageId::OPT_OUT_CONFIRMATION)),
            SendFreeForm,
        ),
        (
            "opted-out notice still goes",
            opted_out(Setup::new(MessageId::OPTED_OUT_NOTICE)),
            SendFreeForm,
        ),
        (
            "artist notifications off",
            {
                let mut s = Setup::new(MessageId::ARTIST_NEW_LEAD);
                s.notifications.enabled = false;
                s
            },
            Cancel(NotificationsDisabled),
        ),
        (
            "no artist number",
            {
                let mut s = Setup::new(MessageId::ARTIST_HANDOVER);
                s.notifications.artist_number_configured = false;
                s
            },
            Cancel(NoArtistNumber),
        ),
        (
            "client messages ignore the artist switch",
            {
                let mut s = Setup::new(MessageId::APPROVED);
                s.notifications.enabled = false;
                s
            },
            SendFreeForm,
        ),
        (
            "payment link whose payment is gone",
            {
                let mut s = Setup::new(MessageId::DEPOSIT_LINK);
                s.payment_open = Some(false);
                s
            },
            Cancel(PaymentNoLongerOpen),
        ),
        (
            "payment link still open",
            {
                let mut s = Setup::new(MessageId::SLOT_HELD);
                s.payment_open = Some(true);
                s
            },
            SendFreeForm,
        ),
        (
            "payment state is ignored for other kinds",
            {
                let mut s = Setup::new(MessageId::APPROVED);
                s.payment_open = Some(false);
                s
            },
            SendFreeForm,
        ),
        (
            "dry run even with the window closed",
            {
                let mut s = Setup::new(MessageId::APPROVED).window_closed();
                s.dry_run = true;
                s
            },
            DryRun,
        ),
        (
            "opted out beats dry run",
            {
                let mut s = opted_out(Setup::new(MessageId::APPROVED));
                s.dry_run = true;
                s
            },
            BlockOptOut,
        ),
        (
            "interactive inside the window",
            {
                let mut s = Setup::new(MessageId::Q_COVERUP);
                s.message.mode = OutboundMode::Interactive;
                s
            },
            SendFreeForm,
        ),
    ];
    for (name, setup, expected) in cases {
        assert_eq!(setup.plan(), expected, "{name}");
    }
}

#[test]
fn a_closed_window_sends_the_kinds_template_in_its_place() {
    use DeliveryPlan::*;
    let cases: Vec<(MessageId, DeliveryPlan)> = vec![
        (
            MessageId::APPROVED,
            SendTemplateInstead(template("next_steps_reply_to_continue", &[])),
        ),
        (
            MessageId::ARTIST_MESSAGE,
            SendTemplateInstead(template("next_steps_reply_to_continue", &[])),
        ),
        (
            MessageId::PAYMENT_RECEIVED_PENDING,
            SendTemplateInstead(template("deposit_received_next_steps", &["Sam"])),
        ),
        (
            MessageId::BOOKED_CONFIRMATION,
            SendTemplateInstead(template(
                "booking_confirmed",
                &["Sam", "Mon 29 Mar", "10:00 BST"],
            )),
        ),
        (
            MessageId::ARTIST_NEW_LEAD,
            SendTemplateInstead(template(
                "artist_update",
                &["#42", "New enquiry ready for review"],
            )),
        ),
        (MessageId::Q_BUDGET, SkipWindowClosed),
        (MessageId::REPAIR_SLOT, SkipWindowClosed),
        (MessageId::SLOT_OFFER_NUDGE, SkipWindowClosed),
        (MessageId::DEPOSIT_REMINDER, SkipWindowClosed),
    ];
    for (kind, expected) in cases {
        assert_eq!(Setup::new(kind).window_closed().plan(), expected, "{kind}");
    }
}

#[test]
fn an_unconfigured_template_defers_deferrable_kinds_and_skips_the_rest() {
    let cases = [
        (MessageId::BOOKING_MOVED, DeliveryPlan::DeferWithoutTemplate),
        (
            MessageId::PAYMENT_RECEIVED_BOOKED,
            DeliveryPlan::DeferWithoutTemplate,
        ),
        (
            MessageId::APPOINTMENT_REMINDER_48H,
            DeliveryPlan::SkipWindowClosed,
        ),
    ];
    for (kind, expected) in cases {
        let mut setup = Setup::new(kind).window_closed();
        setup.templates.booking_confirmed.name = String::new();
        setup.templates.appointment_reminder.name = " ".to_owned();
        assert_eq!(setup.plan(), expected, "{kind}");
    }
}

#[test]
fn the_window_closes_a_safety_margin_early_and_never_opened_without_an_inbound_message() {
    let mut setup = Setup::new(MessageId::APPROVED);
    setup.now = at(26, 9, 58) + TimeDelta::seconds(59);
    assert_eq!(setup.plan(), DeliveryPlan::SendFreeForm);
    setup.now = at(26, 9, 59);
    assert!(matches!(setup.plan(), DeliveryPlan::SendTemplateInstead(_)));

    let phone = Phone::parse("447700900999").unwrap();
    let mut artist = Setup::new(MessageId::ARTIST_NEW_LEAD);
    artist.contact = Contact::new(ContactId(1), ArtistId::default(), phone, at(1, 0, 0));
    assert!(matches!(
        artist.plan(),
        DeliveryPlan::SendTemplateInstead(_)
    ));
}

#[test]
fn template_rows_and_reminders_always_go_as_templates() {
    let stored = template("next_steps_reply_to_continue", &[]);
    let mut stand_in = Setup::new(MessageId::SLOT_OFFER).window_closed();
    stand_in.message.mode = OutboundMode::Template;
    stand_in.message.template = Some(stored.clone());
    assert_eq!(stand_in.plan(), DeliveryPlan::SendTemplate(stored));

    // A template row written without its parameters is filled from the configuration.
    let mut bare = Setup::new(MessageId::PAYMENT_PROCESSING);
    bare.message.mode = OutboundMode::Template;
    assert_eq!(
        bare.plan(),
        DeliveryPlan::SendTemplate(template("deposit_received_next_steps", &["Sam"]))
    );

    let reminder = Setup::new(MessageId::APPOINTMENT_REMINDER_2H);
    assert_eq!(
        reminder.plan(),
        DeliveryPlan::SendTemplate(template(
            "appointment_reminder",
            &["Sam", "Mon 29 Mar", "10:00 BST"]
        ))
    );
}

#[test]
fn the_window_closed_branch_ignores_the_rows_state() {
    let mut setup = Setup::new(MessageId::DEPOSIT_LINK);
    setup.message.state = OutboundState::Failed;
    assert_eq!(
        plan_window_closed(&setup.input()),
        DeliveryPlan::SendTemplateInstead(template("next_steps_reply_to_continue", &[]))
    );
    let conversational = Setup::new(MessageId::Q_IDEA);
    assert_eq!(
        plan_window_closed(&conversational.input()),
        DeliveryPlan::SkipWindowClosed
    );
}
