//! The job kinds and their rules (data-and-ops.md §4.2), kept as one table so a new kind is one row.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// What a job does; the name is the value of `jobs.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobKind {
    WhatsappSend,
    ArtistNotify,
    SheetsUpsert,
    CalendarCreateEvent,
    CalendarDeleteEvent,
    CalendarUpdateEvent,
    StripeCreateCheckout,
    StripeExpireSession,
    SlotsOffer,
    MediaFetch,
}

/// Which resource a kind's jobs queue behind: jobs with the same ordering key run one at a time, in id
/// order, so a contact's messages arrive in the order they were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderingScope {
    /// `contact:<contact id>`
    Contact,
    /// `sheets:<spreadsheet id>`
    Spreadsheet,
    /// `calendar:<hold id>`
    CalendarHold,
    /// `lead:<lead id>`
    Lead,
}

impl OrderingScope {
    fn prefix(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Spreadsheet => "sheets",
            Self::CalendarHold => "calendar",
            Self::Lead => "lead",
        }
    }
}

/// How often and how patiently a kind is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: i32,
    pub base: Duration,
    pub cap: Duration,
}

/// One row of the §4.2 table.
struct KindRule {
    name: &'static str,
    ordering: Option<OrderingScope>,
    /// Kinds that only ever need the latest state written once collapse queued duplicates.
    dedupes: bool,
    max_attempts: i32,
    base_secs: u64,
    cap_secs: u64,
}

const fn rule(
    name: &'static str,
    ordering: Option<OrderingScope>,
    dedupes: bool,
    max_attempts: i32,
    base_secs: u64,
    cap_secs: u64,
) -> KindRule {
    KindRule {
        name,
        ordering,
        dedupes,
        max_attempts,
        base_secs,
        cap_secs,
    }
}

use OrderingScope::{CalendarHold, Contact, Lead, Spreadsheet};

const MINUTE: u64 = 60;

impl JobKind {
    pub const ALL: [JobKind; 10] = [
        Self::WhatsappSend,
        Self::ArtistNotify,
        Self::SheetsUpsert,
        Self::CalendarCreateEvent,
        Self::CalendarDeleteEvent,
        Self::CalendarUpdateEvent,
        Self::StripeCreateCheckout,
        Self::StripeExpireSession,
        Self::SlotsOffer,
        Self::MediaFetch,
    ];

    // Kept as an aligned table so it can be read against §4.2 row by row.
    #[rustfmt::skip]
    const fn rule(self) -> KindRule {
        match self {
            //                                 kind                      ordering            dedupe max base cap (s)
            Self::WhatsappSend =>         rule("whatsapp.send",          Some(Contact),      false, 8,  5,   10 * MINUTE),
            Self::ArtistNotify =>         rule("artist.notify",          Some(Contact),      false, 8,  5,   10 * MINUTE),
            Self::SheetsUpsert =>         rule("sheets.upsert",          Some(Spreadsheet),  true,  10, 30,  30 * MINUTE),
            Self::CalendarCreateEvent =>  rule("calendar.create_event",  Some(CalendarHold), true,  12, 10,  15 * MINUTE),
            Self::CalendarDeleteEvent =>  rule("calendar.delete_event",  Some(CalendarHold), true,  12, 10,  15 * MINUTE),
            Self::CalendarUpdateEvent =>  rule("calendar.update_event",  Some(CalendarHold), false, 8,  10,  15 * MINUTE),
            Self::StripeCreateCheckout => rule("stripe.create_checkout", Some(Lead),         true,  6,  5,   5 * MINUTE),
            Self::StripeExpireSession =>  rule("stripe.expire_session",  None,               true,  8,  10,  30 * MINUTE),
            Self::SlotsOffer =>           rule("slots.offer",            Some(Lead),         true,  6,  10,  3 * MINUTE),
            Self::MediaFetch =>           rule("media.fetch",            None,               true,  5,  120, 60 * MINUTE),
        }
    }

    /// The value stored in `jobs.kind`.
    pub const fn as_str(self) -> &'static str {
        self.rule().name
    }

    pub const fn retry_policy(self) -> RetryPolicy {
        let rule = self.rule();
        RetryPolicy {
            max_attempts: rule.max_attempts,
            base: Duration::from_secs(rule.base_secs),
            cap: Duration::from_secs(rule.cap_secs),
        }
    }

    pub const fn ordering_scope(self) -> Option<OrderingScope> {
        self.rule().ordering
    }

    /// `<scope>:<id>` for kinds that run in order behind a resource; `None` for kinds that do not.
    pub fn ordering_key(self, resource_id: impl fmt::Display) -> Option<String> {
        self.ordering_scope()
            .map(|scope| format!("{}:{resource_id}", scope.prefix()))
    }

    /// `<kind>:<subject id>` for kinds whose queued duplicates collapse; `None` for kinds that do not.
    pub fn dedupe_key(self, subject_id: impl fmt::Display) -> Option<String> {
        self.rule()
            .dedupes
            .then(|| format!("{}:{subject_id}", self.as_str()))
    }
}

impl fmt::Display for JobKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `jobs.kind` value this build does not know (a row written by a newer release).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job kind `{0}`")]
pub struct UnknownJobKind(pub String);

impl FromStr for JobKind {
    type Err = UnknownJobKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownJobKind(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in JobKind::ALL {
            assert_eq!(kind.as_str().parse::<JobKind>(), Ok(kind));
        }
        assert!("whatsapp.sent".parse::<JobKind>().is_err());
    }

    #[test]
    fn the_table_matches_the_specification() {
        let sheets = JobKind::SheetsUpsert.retry_policy();
        assert_eq!(sheets.max_attempts, 10);
        assert_eq!(sheets.base, Duration::from_secs(30));
        assert_eq!(sheets.cap, Duration::from_secs(30 * 60));
        assert_eq!(JobKind::MediaFetch.retry_policy().max_attempts, 5);
        assert_eq!(
            JobKind::StripeCreateCheckout.retry_policy().cap,
            Duration::from_secs(300)
        );
    }

    #[test]
    fn keys_follow_the_table() {
        assert_eq!(
            JobKind::WhatsappSend.ordering_key(42).as_deref(),
            Some("contact:42")
        );
        assert_eq!(JobKind::WhatsappSend.dedupe_key(7), None);
        assert_eq!(
            JobKind::SheetsUpsert.ordering_key("sheet-1").as_deref(),
            Some("sheets:sheet-1")
        );
        assert_eq!(
            JobKind::SheetsUpsert.dedupe_key(9).as_deref(),
            Some("sheets.upsert:9")
        );
        assert_eq!(JobKind::StripeExpireSession.ordering_key(3), None);
        assert_eq!(
            JobKind::CalendarDeleteEvent.ordering_key(5).as_deref(),
            Some("calendar:5")
        );
    }
}
