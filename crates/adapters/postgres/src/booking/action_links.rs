//! One-tap action links (http-api.md §4): looking a link up changes nothing; using it consumes the
//! token atomically in the same transaction as the action, so fifty concurrent taps act once and an
//! action that fails leaves the token unused.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Bytea, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use inkdesk_domain::booking::{ApprovalRequest, BookingRefusal, MarkBookedRequest, RejectRequest};
use inkdesk_domain::consultation::LinkAction;
use inkdesk_domain::model::{Actor, BookingMode, LeadId, LeadStatus};

use super::{BookingError, PgBooking};
use crate::conversation::UnitError;

/// Where a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Live,
    Used,
    /// The lead moved on (a transition or a sibling link revoked it).
    Revoked,
    Expired,
    /// The lead is no longer in the status the link was minted for.
    WrongStatus {
        required: LeadStatus,
    },
}

/// What the confirm page shows about a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionLinkView {
    pub lead_id: LeadId,
    pub action: LinkAction,
    pub status: LeadStatus,
    pub state: LinkState,
    pub expires_at: DateTime<Utc>,
    pub client_first_name: Option<String>,
    pub summary: Option<String>,
}

/// The outcome of using a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkUse {
    /// No token has this hash.
    Unknown,
    /// The link could not be used; nothing changed.
    Refused(ActionLinkView),
    Done {
        lead_id: LeadId,
        action: LinkAction,
        status: LeadStatus,
    },
}

#[derive(diesel::QueryableByName)]
struct StoredLink {
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    required_status: String,
    #[diesel(sql_type = Timestamptz)]
    expires_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    used_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    revoked_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    profile_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    summary_text: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct ConsumedLink {
    #[diesel(sql_type = BigInt)]
    lead_id: i64,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    required_status: String,
}

fn unreadable(what: &str, value: &str) -> BookingError {
    UnitError::unreadable(what, value).into()
}

impl StoredLink {
    fn view(self, now: DateTime<Utc>) -> Result<ActionLinkView, BookingError> {
        let action: LinkAction = self
            .action
            .parse()
            .map_err(|_| unreadable("action token action", &self.action))?;
        let required: LeadStatus = self
            .required_status
            .parse()
            .map_err(|_| unreadable("action token status", &self.required_status))?;
        let status: LeadStatus = self
            .status
            .parse()
            .map_err(|_| unreadable("lead status", &self.status))?;
        let state = if self.used_at.is_some() {
            LinkState::Used
        } else if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if self.expires_at <= now {
            LinkState::Expired
        } else if status != required {
            LinkState::WrongStatus { required }
        } else {
            LinkState::Live
        };
        let first_name = self
            .profile_name
            .as_deref()
            .and_then(|name| name.split_whitespace().next())
            .map(str::to_owned);
        Ok(ActionLinkView {
            lead_id: LeadId(self.lead_id),
            action,
            status,
            state,
            expires_at: self.expires_at,
            client_first_name: first_name,
            summary: self.summary_text,
        })
    }
}

async fn find(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<Option<ActionLinkView>, BookingError> {
    let found: Vec<StoredLink> = diesel::sql_query(
        "SELECT t.lead_id, t.action, t.required_status, t.expires_at, t.used_at, t.revoked_at,
                l.status, c.profile_name, l.summary_text
         FROM action_tokens t
         JOIN leads l ON l.id = t.lead_id
         JOIN contacts c ON c.id = l.contact_id
         WHERE t.token_hash = $1",
    )
    .bind::<Bytea, _>(token_hash.as_slice())
    .load(conn)
    .await?;
    found
        .into_iter()
        .next()
        .map(|link| link.view(now))
        .transpose()
}

impl PgBooking {
    /// The link as the confirm page shows it; `None` for an unknown token. Changes nothing.
    pub async fn inspect_link(
        &self,
        token_hash: &[u8; 32],
        now: DateTime<Utc>,
    ) -> Result<Option<ActionLinkView>, BookingError> {
        let mut conn = self.db().connection().await.map_err(UnitError::from)?;
        find(&mut conn, token_hash, now).await
    }

    /// Consumes the token and runs its action in one transaction (http-api.md §4.2 step 4). Any
    /// refusal of the action rolls everything back, the token included.
    pub async fn use_link(
        &self,
        token_hash: &[u8; 32],
        mode: BookingMode,
        now: DateTime<Utc>,
    ) -> Result<LinkUse, BookingError> {
        let mut conn = self.begin().await?;
        let result = self.use_link_in(&mut conn, token_hash, mode, now).await;
        let outcome = Self::finish(&mut conn, result).await?;
        // Back to the pool before asking for another: fifty taps must not hold fifty pairs.
        drop(conn);
        match outcome {
            Some(done) => Ok(done),
            None => {
                let mut conn = self.db().connection().await.map_err(UnitError::from)?;
                Ok(match find(&mut conn, token_hash, now).await? {
                    Some(view) => LinkUse::Refused(view),
                    None => LinkUse::Unknown,
                })
            }
        }
    }

    /// `None` when the token could not be consumed (the caller explains why, outside the
    /// transaction that was rolled back).
    async fn use_link_in(
        &self,
        conn: &mut AsyncPgConnection,
        token_hash: &[u8; 32],
        mode: BookingMode,
        now: DateTime<Utc>,
    ) -> Result<Option<LinkUse>, BookingError> {
        let consumed: Vec<ConsumedLink> = diesel::sql_query(
            "UPDATE action_tokens SET used_at = $2
             WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
             RETURNING lead_id, action, required_status",
        )
        .bind::<Bytea, _>(token_hash.as_slice())
        .bind::<Timestamptz, _>(now)
        .load(conn)
        .await?;
        let Some(link) = consumed.into_iter().next() else {
            return Ok(None);
        };
        let lead_id = LeadId(link.lead_id);
        let action: LinkAction = link
            .action
            .parse()
            .map_err(|_| unreadable("action token action", &link.action))?;
        let required: LeadStatus = link
            .required_status
            .parse()
            .map_err(|_| unreadable("action token status", &link.required_status))?;
        let current = self.lock(conn, lead_id, now).await?.lead.status();
        if current != required {
            // Rolled back by the caller's error path: the token stays unused.
            return Err(BookingRefusal::NotAllowed(format!(
                "Cannot perform this action. Lead is in status '{current}', but requires '{required}'"
            ))
            .into());
        }
        let status = match action {
            LinkAction::Reject => {
                let request = RejectRequest {
                    reason: Some("via action link".to_owned()),
                    notify_client: true,
                };
                self.reject_in(conn, lead_id, &request, Actor::Artist, now)
                    .await?
            }
            LinkAction::Approve => self.approve_by_link(conn, lead_id, mode, now).await?,
            LinkAction::Resume => self.resume_in(conn, lead_id, Actor::Artist, now).await?,
            LinkAction::MarkBooked => {
                let request = MarkBookedRequest {
                    appointment: None,
                    notify_client: true,
                };
                self.mark_booked_in(conn, lead_id, &request, Actor::Artist, false, now)
                    .await?
            }
            LinkAction::SendDeposit => self.send_deposit_in(conn, lead_id, None, now).await?.status,
        };
        diesel::sql_query(
            "UPDATE action_tokens SET revoked_at = $2
             WHERE lead_id = $1 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind::<BigInt, _>(lead_id.0)
        .bind::<Timestamptz, _>(now)
        .execute(conn)
        .await?;
        Ok(Some(LinkUse::Done {
            lead_id,
            action,
            status,
        }))
    }

    /// Approval through a link: the approval use case without an override or note.
    async fn approve_by_link(
        &self,
        conn: &mut AsyncPgConnection,
        lead_id: LeadId,
        mode: BookingMode,
        now: DateTime<Utc>,
    ) -> Result<LeadStatus, BookingError> {
        let request = ApprovalRequest::by(Actor::Artist);
        let approved = self.approve_in(conn, lead_id, &request, mode, now).await?;
        Ok(approved.status)
    }
}
