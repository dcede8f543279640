//! The decision's effects on rows other than the contact and the lead, applied in the global lock
//! order (payments → holds → tokens, then rows nobody else locks), whatever order they were
//! decided in.
//!
//! Slot holds and deposit re-issues are booking use cases (`crate::booking::hold`) that run inside
//! this unit of work.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::consultation::{Effect, InboundContent, InboundMessage};
use inkdesk_domain::model::{ContactId, InboundMessageId, LeadId};

use super::error::StoreError;
use super::outbound::{self, PendingSend};
use super::{Setup, tokens};
use crate::NewJob;
use crate::booking::hold;
use crate::schema::payments;

/// What the effects leave for the end of the unit of work.
#[derive(Default)]
pub(super) struct Followups {
    pub sends: Vec<PendingSend>,
    pub jobs: Vec<NewJob>,
}

pub(super) struct Scope<'a> {
    pub setup: &'a Setup,
    pub contact: ContactId,
    /// The message the unit of work handles; `None` for use cases started by the artist, a
    /// provider callback or a job.
    pub inbound: Option<(&'a InboundMessage, InboundMessageId)>,
    pub now: DateTime<Utc>,
}

fn lock_rank(effect: &Effect) -> u8 {
    match effect {
        Effect::ExpireOpenCheckoutSessions { .. } | Effect::ReissueDepositLink { .. } => 0,
        Effect::ReleaseHeldHolds { .. } | Effect::HoldSlot { .. } => 1,
        Effect::RevokeActionTokens { .. } => 2,
        Effect::AttachMedia { .. }
        | Effect::FlushDeferredOutbound
        | Effect::BlockPendingOutbound => 3,
    }
}

pub(super) async fn apply(
    conn: &mut AsyncPgConnection,
    effects: &[Effect],
    scope: &Scope<'_>,
) -> Result<Followups, StoreError> {
    let mut ordered: Vec<&Effect> = effects.iter().collect();
    ordered.sort_by_key(|effect| lock_rank(effect));
    let mut followups = Followups::default();
    for effect in ordered {
        match effect {
            Effect::ExpireOpenCheckoutSessions { lead_id } => {
                for payment in open_payments(conn, *lead_id).await? {
                    followups
                        .jobs
                        .push(NewJob::stripe_expire_session(*lead_id, payment));
                }
            }
            Effect::ReleaseHeldHolds { lead_id, reason } => {
                release_held_holds(conn, *lead_id, reason.as_str(), scope.now).await?;
            }
            Effect::RevokeActionTokens { lead_id } => {
                tokens::revoke_unused(conn, *lead_id, scope.now).await?;
            }
            Effect::AttachMedia { lead_id } => {
                if let Some(job) = attach_media(conn, *lead_id, scope).await? {
                    followups.jobs.push(job);
                }
            }
            Effect::FlushDeferredOutbound => {
                let (sends, offers) =
                    outbound::flush_deferred(conn, scope.contact, scope.now).await?;
                followups.sends.extend(sends);
                followups.jobs.extend(offers);
            }
            Effect::BlockPendingOutbound => outbound::block_pending(conn, scope.contact).await?,
            // Boxed: these write the lead's changes, which apply effects of their own.
            Effect::HoldSlot {
                lead_id,
                offer_id,
                index,
            } => {
                let hold = hold::hold_picked_slot(
                    conn,
                    scope.setup,
                    *lead_id,
                    *offer_id,
                    *index,
                    scope.now,
                );
                Box::pin(hold).await?;
            }
            Effect::ReissueDepositLink { lead_id } => {
                let reissue = hold::reissue_deposit_link(conn, scope.setup, *lead_id, scope.now);
                Box::pin(reissue).await?;
            }
        }
    }
    Ok(followups)
}

/// The lead's open Checkout sessions, locked in ascending id order.
async fn open_payments(conn: &mut AsyncPgConnection, lead: LeadId) -> Result<Vec<i64>, StoreError> {
    Ok(payments::table
        .filter(payments::lead_id.eq(lead.0))
        .filter(payments::status.eq("open"))
        .order(payments::id.asc())
        .select(payments::id)
        .for_update()
        .load(conn)
        .await?)
}

async fn release_held_holds(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    diesel::sql_query(
        "UPDATE slot_holds SET state = 'released', release_reason = $2, released_at = $3
         WHERE id IN (SELECT id FROM slot_holds WHERE lead_id = $1 AND state = 'held'
                      ORDER BY id FOR UPDATE)",
    )
    .bind::<BigInt, _>(lead.0)
    .bind::<Text, _>(reason)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// §22.2: types inkdesk keeps; other documents are recorded as metadata only.
fn fetchable(mime_type: Option<&str>) -> bool {
    match mime_type {
        // The real type is known once downloaded; the fetch job decides then.
        None => true,
        Some(mime) => {
            let mime = mime
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            mime.starts_with("image/")
                || mime.starts_with("audio/")
                || matches!(
                    mime.as_str(),
                    "application/pdf" | "video/mp4" | "video/3gpp"
                )
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Stores the message's media as an attachment of the lead; a `media.fetch` job downloads it.
async fn attach_media(
    conn: &mut AsyncPgConnection,
    lead: LeadId,
    scope: &Scope<'_>,
) -> Result<Option<NewJob>, StoreError> {
    let Some((inbound, inbound_id)) = scope.inbound else {
        return Ok(None);
    };
    let InboundContent::Media {
        kind,
        media_id,
        caption,
        mime_type,
        filename,
    } = &inbound.content
    else {
        return Ok(None);
    };
    let fetch = fetchable(mime_type.as_deref());
    let Inserted { id } = diesel::sql_query(
        "INSERT INTO attachments (lead_id, inbound_message_id, kind, whatsapp_media_id, mime_type,
                                  filename, caption, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id",
    )
    .bind::<BigInt, _>(lead.0)
    .bind::<BigInt, _>(inbound_id.0)
    .bind::<Text, _>(kind.as_str())
    .bind::<Text, _>(media_id)
    .bind::<Nullable<Text>, _>(mime_type.as_deref())
    .bind::<Nullable<Text>, _>(filename.as_deref())
    .bind::<Nullable<Text>, _>(caption.as_deref())
    .bind::<Text, _>(if fetch { "pending" } else { "skipped" })
    .bind::<Timestamptz, _>(scope.now)
    .get_result(conn)
    .await?;
    Ok(fetch.then(|| NewJob::media_fetch(lead, id)))
}

#[cfg(test)]
mod tests {
    use super::fetchable;

    #[test]
    fn only_the_kept_media_types_are_fetched() {
        for kept in [
            None,
            Some("image/jpeg"),
            Some("audio/ogg; codecs=opus"),
            Some("application/pdf"),
            Some("video/mp4"),
        ] {
            assert!(fetchable(kept), "{kept:?}");
        }
        for skipped in [
            Some("application/zip"),
            Some("video/quicktime"),
            Some("text/plain"),
        ] {
            assert!(!fetchable(skipped), "{skipped:?}");
        }
    }
}
