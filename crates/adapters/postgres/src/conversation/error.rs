//! What can go wrong inside a conversation unit of work, and how it reaches the use case as a
//! `PortError`: races are `Conflict` (the provider retries and the next attempt sees the winner's
//! rows), a lost database is `Unavailable`, anything else is a write that can never succeed.
//!
//! Messages name statuses, lead ids, constraint names and error kinds only: Postgres' own texts can
//! quote row values (a phone number in a unique-violation detail), so they never leave this module.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use inkdesk_domain::model::{LeadId, LeadStatus};
use inkdesk_domain::ports::PortError;

use crate::DbError;
use crate::system_events::SystemEventError;

/// The partial unique index "one active lead per contact": the backstop of lead resolution.
const ONE_ACTIVE_LEAD_INDEX: &str = "leads_one_active_per_contact";

#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    #[error(transparent)]
    Db(#[from] DbError),
    /// The conditional lead update matched no row: someone moved the lead first.
    #[error("lead {lead} was no longer {expected}")]
    LeadMoved {
        lead: LeadId,
        expected: LeadStatus,
        new_status: LeadStatus,
    },
    /// A row this build cannot turn back into the domain model.
    #[error("stored {what} is unreadable: {detail}")]
    Unreadable { what: String, detail: String },
    /// The unit of work was already ended (or dropped for being open too long).
    #[error("unit of work {0} is not open")]
    NotOpen(u64),
    /// The one system-event writer refused a payload (a key that could carry personal data).
    #[error("system event refused: {0}")]
    EventRefused(String),
}

impl StoreError {
    pub(crate) fn unreadable(what: impl Into<String>, detail: impl ToString) -> Self {
        Self::Unreadable {
            what: what.into(),
            detail: detail.to_string(),
        }
    }
}

impl From<DieselError> for StoreError {
    fn from(error: DieselError) -> Self {
        Self::Db(DbError::Query(error))
    }
}

impl From<SystemEventError> for StoreError {
    fn from(error: SystemEventError) -> Self {
        match error {
            SystemEventError::Db(db) => Self::Db(db),
            refused => Self::EventRefused(refused.to_string()),
        }
    }
}

impl From<StoreError> for PortError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Db(db) => port_error(&db),
            StoreError::LeadMoved {
                lead,
                expected,
                new_status,
            } => PortError::Conflict(format!(
                "lead {lead} was no longer {expected} when moving it to {new_status}"
            )),
            StoreError::NotOpen(ticket) => PortError::Unavailable(format!(
                "unit of work {ticket} is no longer open (it ended or timed out)"
            )),
            unreadable @ StoreError::Unreadable { .. } => {
                PortError::Rejected(unreadable.to_string())
            }
            refused @ StoreError::EventRefused(_) => PortError::Rejected(refused.to_string()),
        }
    }
}

fn port_error(error: &DbError) -> PortError {
    match error {
        DbError::Connect(_) | DbError::Pool(_) | DbError::Timeout => {
            PortError::Unavailable("no database connection".to_owned())
        }
        DbError::Migration(_) => PortError::Unavailable("database schema not ready".to_owned()),
        DbError::Query(query) => query_error(query),
    }
}

fn query_error(error: &DieselError) -> PortError {
    match error {
        DieselError::DatabaseError(kind, info) => {
            let constraint = info.constraint_name().unwrap_or("");
            match kind {
                DatabaseErrorKind::SerializationFailure => {
                    PortError::Conflict("serialization failure".to_owned())
                }
                DatabaseErrorKind::UniqueViolation if constraint == ONE_ACTIVE_LEAD_INDEX => {
                    PortError::Conflict("the contact already has an active lead".to_owned())
                }
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand => {
                    PortError::Unavailable("database connection lost".to_owned())
                }
                // diesel has no kind for these; Postgres' message texts are stable.
                _ if info.message().starts_with("deadlock detected") => {
                    PortError::Conflict("deadlock".to_owned())
                }
                _ if info.message().contains("lock timeout") => {
                    PortError::Conflict("lock wait timed out".to_owned())
                }
                _ if info.message().contains("idle-in-transaction timeout") => {
                    PortError::Unavailable("the unit of work timed out".to_owned())
                }
                other => PortError::Rejected(format!(
                    "database refused the write ({other:?}{}{constraint})",
                    if constraint.is_empty() { "" } else { " on " }
                )),
            }
        }
        DieselError::NotFound => PortError::NotFound("row".to_owned()),
        DieselError::BrokenTransactionManager
        | DieselError::AlreadyInTransaction
        | DieselError::NotInTransaction => {
            PortError::Unavailable("database transaction was lost".to_owned())
        }
        _ => PortError::Rejected("a value could not be written or read".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Info {
        message: &'static str,
        constraint: Option<&'static str>,
    }

    impl diesel::result::DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.message
        }
        fn details(&self) -> Option<&str> {
            Some("Key (artist_id, phone)=(default, 447700900123) already exists.")
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.constraint
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn db(
        kind: DatabaseErrorKind,
        message: &'static str,
        constraint: Option<&'static str>,
    ) -> PortError {
        let error = DieselError::DatabaseError(
            kind,
            Box::new(Info {
                message,
                constraint,
            }),
        );
        StoreError::from(error).into()
    }

    #[test]
    fn races_are_conflicts() {
        assert!(matches!(
            db(
                DatabaseErrorKind::SerializationFailure,
                "could not serialize",
                None
            ),
            PortError::Conflict(_)
        ));
        assert!(matches!(
            db(DatabaseErrorKind::Unknown, "deadlock detected", None),
            PortError::Conflict(_)
        ));
        assert!(matches!(
            db(
                DatabaseErrorKind::UniqueViolation,
                "duplicate key",
                Some(ONE_ACTIVE_LEAD_INDEX)
            ),
            PortError::Conflict(_)
        ));
    }

    #[test]
    fn a_lost_connection_is_unavailable() {
        assert!(matches!(
            db(DatabaseErrorKind::ClosedConnection, "closed", None),
            PortError::Unavailable(_)
        ));
    }

    #[test]
    fn other_refusals_never_quote_row_values() {
        let error = db(
            DatabaseErrorKind::UniqueViolation,
            "duplicate key value violates unique constraint",
            Some("contacts_artist_id_phone_key"),
        );
        let PortError::Rejected(message) = error else {
            panic!("expected Rejected, got {error:?}");
        };
        assert!(
            message.contains("contacts_artist_id_phone_key"),
            "{message}"
        );
        assert!(!message.contains("447700"), "{message}");
    }
}
