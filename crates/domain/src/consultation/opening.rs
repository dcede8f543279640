//! A lead's first message (§4 step 6, §8): the lead is created and moved to `QUALIFYING`, and the
//! message is classified — media, a tattoo description kept as the idea, or anything else.

use super::decision::Disposition;
use super::draft::Draft;
use super::input::{InboundContent, LeadContext};
use super::outbound::Text;
use super::prompts;
use crate::copy::MessageId;
use crate::copy::params::{ARTIST_NAME, QUESTION};
use crate::model::{Lead, LeadStatus, QuestionKey, QuestionStep};
use crate::parse::{is_tattoo_description, mentions_coverup};
use crate::status::TransitionReason;

/// Creates the lead in `NEW` with the reserved id and moves it to `QUALIFYING`. False (nothing
/// created) when no id was reserved.
pub(super) fn create_lead(d: &mut Draft<'_, '_>) -> bool {
    let Some(id) = d.input.new_lead_id else {
        return false;
    };
    let lead = Lead::new(id, d.contact.artist_id.clone(), d.contact.id, d.now());
    d.ctx = Some(LeadContext::new(lead));
    d.lead_created = true;
    d.move_to(LeadStatus::Qualifying, TransitionReason::FirstMessage)
}

/// `welcome` around a question.
pub(super) fn welcome(d: &Draft<'_, '_>, question: Text) -> Text {
    Text::new(MessageId::WELCOME)
        .with(ARTIST_NAME, d.artist_name())
        .with_text(QUESTION, question)
}

/// Sends `welcome` + the idea question; the lead stays at step 0.
pub(super) fn welcome_and_ask_idea(d: &mut Draft<'_, '_>) {
    let question = prompts::question(d, QuestionKey::Idea);
    let text = welcome(d, question);
    d.reply(text);
}

/// §8: classifies the opening message of a lead just created.
pub(super) fn handle(d: &mut Draft<'_, '_>) {
    d.attach_media();
    let description = match &d.input.inbound.content {
        InboundContent::Text { .. } | InboundContent::Media { .. } => {
            let text = d.input.inbound.text();
            let min_words = usize::try_from(d.rules().conversation.opening_idea_min_content_words)
                .unwrap_or(usize::MAX);
            (!text.trim().is_empty() && is_tattoo_description(text, min_words))
                .then(|| text.to_owned())
        }
        _ => None,
    };
    let Some(idea) = description else {
        welcome_and_ask_idea(d);
        d.set_disposition(Disposition::Reprompt);
        return;
    };
    d.store_answer(QuestionKey::Idea, &idea, None);
    let mentioned = mentions_coverup(&d.k);
    if let Some(lead) = d.lead_mut() {
        lead.conversation.current_step =
            QuestionKey::Placement.step().unwrap_or(QuestionStep::FIRST);
        lead.conversation.coverup_mentioned |= mentioned;
    }
    let question = prompts::question(d, QuestionKey::Placement);
    let text = Text::new(MessageId::WELCOME_WITH_IDEA)
        .with(ARTIST_NAME, d.artist_name())
        .with_text(QUESTION, question);
    d.reply(text);
    d.set_disposition(Disposition::Answer);
}
