//! What the artist does to a conversation from the admin API or a one-tap link, decided by the same
//! handlers a client's message runs, so a resume by the artist says exactly what a client's
//! `CONTINUE` would.

use super::decision::{Decision, Disposition};
use super::draft::Draft;
use super::input::ConsultationInput;
use super::statuses::resume;
use crate::model::{Actor, LeadStatus};

/// Resumes automation after a handover (consultation.md §13.3). `input.inbound` stands for the
/// artist's command and is not stored; `None` when the lead is not waiting for the artist.
pub fn resume_by_artist(input: &ConsultationInput<'_>, actor: Actor) -> Option<Decision> {
    let mut d = Draft::new(input);
    let waiting = d
        .lead()
        .is_some_and(|lead| lead.status() == LeadStatus::NeedsArtistReply);
    if !waiting || !resume(&mut d, actor) {
        return None;
    }
    d.set_disposition(Disposition::Command);
    Some(d.finish())
}
