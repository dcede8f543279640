//! Three-strike repair (§12): the first two failures of a field get its repair text (gentle, then
//! short), the third hands the lead over with `PARSE_FAILURE:<field>`.

use super::decision::Disposition;
use super::draft::Draft;
use super::handover::hand_over;
use super::outbound::Text;
use super::prompts::regional_minimum;
use crate::copy::params::{ARTIST_NAME, COUNT, HOME_CITY, MINIMUM};
use crate::copy::{MessageId, format_money};
use crate::model::{HandoverReason, StrikeField};

/// Counts a failed parse of `field` and replies accordingly.
pub(super) fn strike(d: &mut Draft<'_, '_>, field: StrikeField) {
    let Some(lead) = d.lead_mut() else {
        return;
    };
    let failures = lead.conversation.parse_failures.record_failure(field);
    let max = d.rules().conversation.max_parse_failures;
    if u32::from(failures) >= max {
        // The artist reads the failing text as a note.
        d.store_note();
        hand_over(d, HandoverReason::ParseFailure(field));
        return;
    }
    let text = repair_text(d, field, failures);
    d.reply(text);
    d.set_disposition(Disposition::Repair);
}

fn repair_text(d: &Draft<'_, '_>, field: StrikeField, failures: u8) -> Text {
    let id = MessageId::repair(field.as_str()).unwrap_or(MessageId::REPAIR_DIMENSIONS);
    let text = Text::repair(id, failures).with(ARTIST_NAME, d.artist_name());
    match field {
        StrikeField::TravelCity => text.with(HOME_CITY, d.home_city()),
        StrikeField::Slot => {
            let slots = d
                .ctx
                .as_ref()
                .and_then(|ctx| ctx.open_offer.as_ref())
                .map_or(0, |offer| offer.slots.len());
            text.with(COUNT, slots.to_string())
        }
        StrikeField::BudgetFollowUp => text.with(MINIMUM, format_money(regional_minimum(d))),
        _ => text,
    }
}
