//! Between a [`Lead`] and its column groups: every part of the lead is written, and a stored row
//! comes back only through `Lead::restore`, which checks the status columns.

use inkdesk_domain::model::{
    AdminRecord, Appointment, BookingDetails, Budget, Complexity, Conversation, Currency,
    DepositTerms, Dimensions, Estimate, FunnelTimestamps, Handover, Interpretation, Lead, Money,
    Region, SizeCategory, StatusRecord,
};
use serde_json::Value;

use super::error::StoreError;
use super::lead_columns::{
    EstimateColumns, FunnelColumns, InterpretationColumns, LeadColumns, ScaledColumns, StateColumns,
};

fn small(value: u16) -> i16 {
    i16::try_from(value).unwrap_or(i16::MAX)
}

fn unsigned(value: i16) -> u16 {
    u16::try_from(value).unwrap_or(0)
}

fn money(amount: Option<i64>, currency: Option<&str>) -> Result<Option<Money>, String> {
    match (amount, currency) {
        (Some(amount), Some(code)) => {
            let currency: Currency = code.parse().map_err(|e| format!("{e}: {code}"))?;
            Ok(Some(Money::new(amount, currency)))
        }
        _ => Ok(None),
    }
}

fn parse<T: std::str::FromStr>(text: Option<&str>) -> Result<Option<T>, String>
where
    T::Err: std::fmt::Display,
{
    text.map(|text| text.parse::<T>().map_err(|e| e.to_string()))
        .transpose()
}

fn category(text: &str) -> Result<SizeCategory, String> {
    SizeCategory::ALL
        .into_iter()
        .find(|category| category.as_str() == text)
        .ok_or_else(|| format!("unknown size category `{text}`"))
}

fn region(text: &str) -> Result<Region, String> {
    Region::ALL
        .into_iter()
        .find(|region| region.as_str() == text)
        .ok_or_else(|| format!("unknown region `{text}`"))
}

impl LeadColumns {
    pub fn of(lead: &Lead) -> Result<Self, serde_json::Error> {
        let record = lead.status_record();
        let conversation = &lead.conversation;
        let handover = record.handover.as_ref();
        let facts = &lead.interpretation;
        let budget = facts.budget;
        let deposit = &lead.deposit;
        let booking = &lead.booking;
        let admin = &lead.admin;
        let estimate = lead.estimate.as_ref();
        let funnel = &record.funnel;
        let state = StateColumns {
            status: record.status.as_str().to_owned(),
            status_entered_at: record.status_entered_at,
            return_status: record.return_status.map(|s| s.as_str().to_owned()),
            booking_mode: record.booking_mode.map(|m| m.as_str().to_owned()),
            current_step: i16::from(conversation.current_step),
            parse_failures: serde_json::to_value(&conversation.parse_failures)?,
            confirmation_shown: conversation.confirmation_shown,
            travel_prompt: conversation.travel_prompt.clone(),
            time_window_round: small(conversation.time_window_round),
            coverup_mentioned: conversation.coverup_mentioned,
            cooldowns: serde_json::to_value(&conversation.cooldowns)?,
            last_client_message_at: conversation.last_client_message_at,
            last_bot_message_at: conversation.last_bot_message_at,
            handover_reason_code: handover.map(|h| h.reason_code.code()),
            handover_reason: handover.map(|h| h.reason.clone()),
            handover_resumable: handover.map(|h| h.resumable),
            admin_notes: admin.admin_notes.clone(),
            last_admin_action: admin.last_admin_action.clone(),
            last_admin_action_at: admin.last_admin_action_at,
            cancellation_reason: admin.cancellation_reason.clone(),
            cancelled_by: admin.cancelled_by.map(|by| by.as_str().to_owned()),
        };
        let interpretation = InterpretationColumns {
            complexity_level: facts.complexity.map(|c| i16::from(c.level())),
            complexity_unsure: facts.complexity_unsure,
            coverup: facts.coverup.map(|c| c.as_str().to_owned()),
            placement_hard: facts.placement_hard,
            budget_amount_minor: budget.map(|b| b.amount.amount_minor),
            budget_currency: budget.map(|b| b.amount.currency.as_str().to_owned()),
            budget_is_range: budget.map(|b| b.is_range),
            budget_gbp_minor: budget.map(|b| b.gbp_minor),
            budget_accepted_minimum: facts.budget_accepted_minimum,
            location_city: facts.location_city.clone(),
            location_country: facts.location_country.clone(),
            country_recognised: facts.country_recognised,
            region: facts.region.map(|r| r.as_str().to_owned()),
            instagram_handle: facts.instagram_handle.clone(),
            requested_city: facts.requested_city.clone(),
            booking_city: facts.booking_city.clone(),
            tour_stop_key: facts.tour_stop_key.clone(),
            tour_offer_options: facts.tour_offer_options.clone(),
            tour_offer_accepted: facts.tour_offer_accepted,
            waitlisted: facts.waitlisted,
        };
        let appointment = booking.appointment;
        let estimate_columns = EstimateColumns {
            estimated_category: estimate.map(|e| e.category.as_str().to_owned()),
            estimated_deposit_minor: estimate.map(|e| e.deposit.amount_minor),
            price_min_minor: estimate.map(|e| e.price_min.amount_minor),
            price_max_minor: estimate.map(|e| e.price_max.amount_minor),
            pricing_trace: estimate.map(|e| e.pricing_trace.clone()),
            region_min_budget_minor: estimate.and_then(|e| e.region_min_budget_gbp_minor),
            below_min_budget: estimate.is_some_and(|e| e.below_min_budget),
            summary_text: lead.summary_text.clone(),
            deposit_amount_minor: deposit.amount.map(|m| m.amount_minor),
            deposit_currency: deposit.amount.map(|m| m.currency.as_str().to_owned()),
            deposit_locked_at: deposit.locked_at,
            deposit_rule_version: deposit.rule_version.clone(),
            deposit_sent_at: deposit.sent_at,
            expiry_count: small(deposit.expiry_count),
            link_reissue_count: small(deposit.link_reissue_count),
            appointment_start_at: appointment.map(|a| a.start_at),
            appointment_end_at: appointment.map(|a| a.end_at),
            confirmed_hold_id: booking.confirmed_hold_id,
            calendar_event_id: booking.calendar_event_id.clone(),
            booking_link: booking.booking_link.clone(),
            booking_tool: booking.booking_tool.map(|t| t.as_str().to_owned()),
            booking_link_sent_at: booking.booking_link_sent_at,
            reschedule_count: small(booking.reschedule_count),
        };
        let funnel = FunnelColumns {
            qualifying_started_at: funnel.qualifying_started_at,
            qualifying_completed_at: funnel.qualifying_completed_at,
            pending_approval_at: funnel.pending_approval_at,
            approved_at: funnel.approved_at,
            deposit_paid_at: funnel.deposit_paid_at,
            booking_pending_at: funnel.booking_pending_at,
            booked_at: funnel.booked_at,
            rejected_at: funnel.rejected_at,
            cancelled_at: funnel.cancelled_at,
            refunded_at: funnel.refunded_at,
            needs_artist_reply_at: funnel.needs_artist_reply_at,
            needs_follow_up_at: funnel.needs_follow_up_at,
            abandoned_at: funnel.abandoned_at,
            stale_at: funnel.stale_at,
            waitlisted_at: funnel.waitlisted_at,
            opted_out_at: funnel.opted_out_at,
        };
        let dimensions = facts.dimensions;
        let scaled = ScaledColumns {
            width_centi_cm: dimensions.and_then(|d| i32::try_from(d.width_centi_cm()).ok()),
            height_centi_cm: dimensions.and_then(|d| i32::try_from(d.height_centi_cm()).ok()),
            days_tenths: estimate.and_then(|e| e.days_tenths).map(i16::from),
        };
        Ok(Self {
            state,
            interpretation,
            estimate: estimate_columns,
            funnel,
            scaled,
        })
    }

    /// The status columns the status machine owns.
    pub fn status_record(&self) -> Result<StatusRecord, String> {
        let state = &self.state;
        let f = &self.funnel;
        let handover = match (&state.handover_reason_code, &state.handover_reason) {
            (Some(code), reason) => Some(Handover {
                reason_code: code.parse().map_err(|e| format!("{e}"))?,
                reason: reason.clone().unwrap_or_default(),
                resumable: state.handover_resumable.unwrap_or(false),
            }),
            (None, _) => None,
        };
        Ok(StatusRecord {
            status: state.status.parse().map_err(|e| format!("{e}"))?,
            status_entered_at: state.status_entered_at,
            return_status: parse(state.return_status.as_deref())?,
            booking_mode: parse(state.booking_mode.as_deref())?,
            handover,
            funnel: FunnelTimestamps {
                qualifying_started_at: f.qualifying_started_at,
                qualifying_completed_at: f.qualifying_completed_at,
                pending_approval_at: f.pending_approval_at,
                approved_at: f.approved_at,
                deposit_paid_at: f.deposit_paid_at,
                booking_pending_at: f.booking_pending_at,
                booked_at: f.booked_at,
                rejected_at: f.rejected_at,
                cancelled_at: f.cancelled_at,
                refunded_at: f.refunded_at,
                needs_artist_reply_at: f.needs_artist_reply_at,
                needs_follow_up_at: f.needs_follow_up_at,
                abandoned_at: f.abandoned_at,
                stale_at: f.stale_at,
                waitlisted_at: f.waitlisted_at,
                opted_out_at: f.opted_out_at,
            },
        })
    }

    /// Fills the plain-data parts of a restored lead. Estimates are stored in the studio currency.
    pub fn fill(self, lead: &mut Lead, studio_currency: Currency) -> Result<(), String> {
        let Self {
            state,
            interpretation: i,
            estimate: e,
            scaled,
            ..
        } = self;
        lead.conversation = Conversation {
            current_step: state.current_step.try_into().map_err(|e| format!("{e}"))?,
            parse_failures: serde_json::from_value(state.parse_failures)
                .map_err(|e| e.to_string())?,
            confirmation_shown: state.confirmation_shown,
            travel_prompt: state.travel_prompt,
            time_window_round: unsigned(state.time_window_round),
            coverup_mentioned: state.coverup_mentioned,
            cooldowns: serde_json::from_value(state.cooldowns).map_err(|e| e.to_string())?,
            last_client_message_at: state.last_client_message_at,
            last_bot_message_at: state.last_bot_message_at,
        };
        let dimensions = match (scaled.width_centi_cm, scaled.height_centi_cm) {
            (Some(width), Some(height)) => Some(
                Dimensions::from_centi_cm(
                    u32::try_from(width).map_err(|e| e.to_string())?,
                    u32::try_from(height).map_err(|e| e.to_string())?,
                )
                .map_err(|e| e.to_string())?,
            ),
            _ => None,
        };
        let budget_amount = money(i.budget_amount_minor, i.budget_currency.as_deref())?;
        lead.interpretation = Interpretation {
            dimensions,
            complexity: i
                .complexity_level
                .map(|level| {
                    u8::try_from(level)
                        .map_err(|e| e.to_string())
                        .and_then(|level| Complexity::try_from(level).map_err(|e| e.to_string()))
                })
                .transpose()?,
            complexity_unsure: i.complexity_unsure,
            coverup: parse(i.coverup.as_deref())?,
            placement_hard: i.placement_hard,
            budget: budget_amount
                .zip(i.budget_gbp_minor)
                .map(|(amount, gbp_minor)| Budget {
                    amount,
                    is_range: i.budget_is_range.unwrap_or(false),
                    gbp_minor,
                }),
            budget_accepted_minimum: i.budget_accepted_minimum,
            location_city: i.location_city,
            location_country: i.location_country,
            country_recognised: i.country_recognised,
            region: i.region.as_deref().map(region).transpose()?,
            instagram_handle: i.instagram_handle,
            requested_city: i.requested_city,
            booking_city: i.booking_city,
            tour_stop_key: i.tour_stop_key,
            tour_offer_options: i.tour_offer_options,
            tour_offer_accepted: i.tour_offer_accepted,
            waitlisted: i.waitlisted,
        };
        lead.estimate = match e.estimated_category.as_deref() {
            Some(name) => {
                let in_studio_currency = |amount: Option<i64>, what: &str| {
                    amount
                        .map(|minor| Money::new(minor, studio_currency))
                        .ok_or_else(|| format!("estimate without {what}"))
                };
                Some(Estimate {
                    category: category(name)?,
                    days_tenths: scaled
                        .days_tenths
                        .map(|days| u8::try_from(days).map_err(|e| e.to_string()))
                        .transpose()?,
                    deposit: in_studio_currency(e.estimated_deposit_minor, "a deposit")?,
                    price_min: in_studio_currency(e.price_min_minor, "a minimum price")?,
                    price_max: in_studio_currency(e.price_max_minor, "a maximum price")?,
                    pricing_trace: e.pricing_trace.unwrap_or(Value::Null),
                    region_min_budget_gbp_minor: e.region_min_budget_minor,
                    below_min_budget: e.below_min_budget,
                })
            }
            None => None,
        };
        lead.summary_text = e.summary_text;
        lead.deposit = DepositTerms {
            amount: money(e.deposit_amount_minor, e.deposit_currency.as_deref())?,
            locked_at: e.deposit_locked_at,
            rule_version: e.deposit_rule_version,
            sent_at: e.deposit_sent_at,
            expiry_count: unsigned(e.expiry_count),
            link_reissue_count: unsigned(e.link_reissue_count),
        };
        lead.booking = BookingDetails {
            appointment: e
                .appointment_start_at
                .zip(e.appointment_end_at)
                .map(|(start_at, end_at)| Appointment { start_at, end_at }),
            confirmed_hold_id: e.confirmed_hold_id,
            calendar_event_id: e.calendar_event_id,
            booking_link: e.booking_link,
            booking_tool: parse(e.booking_tool.as_deref())?,
            booking_link_sent_at: e.booking_link_sent_at,
            reschedule_count: unsigned(e.reschedule_count),
        };
        lead.admin = AdminRecord {
            admin_notes: state.admin_notes,
            last_admin_action: state.last_admin_action,
            last_admin_action_at: state.last_admin_action_at,
            cancellation_reason: state.cancellation_reason,
            cancelled_by: parse(state.cancelled_by.as_deref())?,
        };
        Ok(())
    }
}

/// Keeps `StoreError` out of the pure column mapping above.
pub(super) fn unreadable_lead(id: i64) -> impl Fn(String) -> StoreError {
    move |detail| StoreError::unreadable(format!("lead #{id}"), detail)
}
