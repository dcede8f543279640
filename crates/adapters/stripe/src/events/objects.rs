//! The `data.object` shapes inkdesk reads (integrations.md §3.4): only the fields booking.md uses,
//! every other field ignored, so a newer API version adding fields changes nothing. Enums keep an
//! `Unknown` arm for values Stripe may add later.

use std::collections::BTreeMap;

use inkdesk_domain::model::{Currency, LeadId, Money};
use serde::{Deserialize, Deserializer};

/// A Checkout Session as carried by the `checkout.session.*` events.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CheckoutSessionObject {
    /// `cs_…`: how the payment row is found.
    pub id: String,
    #[serde(default)]
    pub status: Option<SessionStatus>,
    #[serde(default)]
    pub payment_status: Option<PaymentStatus>,
    /// Minor units; checked against the payment's amount.
    #[serde(default)]
    pub amount_total: Option<i64>,
    /// Lower-case ISO 4217, as Stripe sends it.
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub mode: Option<SessionMode>,
    /// `pi_…`, present once a payment was attempted.
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
    /// The lead id as a string (`"42"`); the fallback when the session is unknown.
    #[serde(default)]
    pub client_reference_id: Option<String>,
    /// Ids only: `lead_id`, `payment_id`, `hold_id` (integrations.md §3.1).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub metadata: BTreeMap<String, String>,
    /// Absent counts as test mode; the livemode check then fails closed for a live key.
    #[serde(default)]
    pub livemode: bool,
}

impl CheckoutSessionObject {
    /// `amount_total` in `currency`, when both are present and the currency is a valid code.
    pub fn amount(&self) -> Option<Money> {
        let currency = self.currency.as_deref()?.parse::<Currency>().ok()?;
        Some(Money::new(self.amount_total?, currency))
    }

    /// `metadata.lead_id`, when it is a positive integer.
    pub fn metadata_lead_id(&self) -> Option<LeadId> {
        self.metadata_id("lead_id").map(LeadId)
    }

    /// `client_reference_id`, when it is a positive integer.
    pub fn reference_lead_id(&self) -> Option<LeadId> {
        self.client_reference_id
            .as_deref()
            .and_then(positive_id)
            .map(LeadId)
    }

    /// `metadata.payment_id`, when it is a positive integer.
    pub fn payment_id(&self) -> Option<i64> {
        self.metadata_id("payment_id")
    }

    /// `metadata.hold_id` (calendar mode only), when it is a positive integer.
    pub fn hold_id(&self) -> Option<i64> {
        self.metadata_id("hold_id")
    }

    fn metadata_id(&self, key: &str) -> Option<i64> {
        self.metadata.get(key).and_then(|v| positive_id(v))
    }
}

/// `status` of a Checkout Session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Open,
    Complete,
    Expired,
    #[serde(other)]
    Unknown,
}

/// `payment_status` of a Checkout Session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Paid,
    /// A delayed payment method has not settled yet (or failed).
    Unpaid,
    /// Treated as a mismatch (booking.md §3.8 step 5).
    NoPaymentRequired,
    #[serde(other)]
    Unknown,
}

/// `mode` of a Checkout Session; inkdesk only ever creates `payment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    Payment,
    Setup,
    Subscription,
    #[serde(other)]
    Unknown,
}

/// A Charge, as carried by `charge.refunded`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChargeObject {
    pub id: String,
    /// The charged amount in minor units.
    pub amount: i64,
    /// Cumulative over every refund so far, so out-of-order events can take the maximum.
    pub amount_refunded: i64,
    #[serde(default)]
    pub currency: Option<String>,
    /// How the payment is found.
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
    /// Whether the charge is fully refunded.
    #[serde(default)]
    pub refunded: bool,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub livemode: bool,
}

/// A Dispute, as carried by `charge.dispute.created`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DisputeObject {
    pub id: String,
    pub amount: i64,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub charge: Option<String>,
    #[serde(default, deserialize_with = "expandable_id")]
    pub payment_intent: Option<String>,
    /// `fraudulent`, `duplicate`, …: shown to the artist.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub livemode: bool,
}

/// Our ids as Stripe echoes them: ASCII digits only, no sign, no leading zero, within `i64`. Anything
/// else (a phone number pasted by hand, `"-1"`, `"4.2e1"`) is not an id.
pub fn positive_id(text: &str) -> Option<i64> {
    let canonical =
        !text.is_empty() && !text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit());
    canonical.then(|| text.parse::<i64>().ok()).flatten()
}

/// A related object's id: Stripe sends the id string, or the whole object when it was expanded.
fn expandable_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Expandable {
        Id(String),
        Object { id: String },
    }
    Ok(
        Option::<Expandable>::deserialize(deserializer)?.map(|e| match e {
            Expandable::Id(id) | Expandable::Object { id } => id,
        }),
    )
}

fn null_as_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(Option::deserialize(deserializer)?.unwrap_or_default())
}
