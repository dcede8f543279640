//! The few studio facts the store needs to turn rows back into the domain model: estimates are
//! stored as bare minor units in the studio's currency, and an open slot offer is read in its tour
//! stop's zone or the studio's; and the terms of the hold a picked slot makes.

use std::collections::HashMap;

use chrono_tz::Tz;
use inkdesk_domain::booking::HoldTerms;
use inkdesk_domain::model::Currency;
use inkdesk_domain::rules::StudioRules;

#[derive(Debug, Clone, PartialEq)]
pub struct StudioFacts {
    pub currency: Currency,
    pub zone: Tz,
    /// Tour stop key → the stop's zone (the studio's when the stop names none).
    pub tour_zones: HashMap<String, Tz>,
    /// What a picked slot's hold and its deposit payment are made of.
    pub holds: HoldTerms,
}

impl StudioFacts {
    pub fn from_rules(rules: &StudioRules) -> Self {
        let zone = rules.studio.time_zone;
        let tour_zones = rules
            .tour
            .stops
            .iter()
            .map(|stop| (stop.key(), stop.time_zone.unwrap_or(zone)))
            .collect();
        Self {
            currency: rules.studio.currency,
            zone,
            tour_zones,
            holds: HoldTerms::from_rules(rules),
        }
    }

    /// The zone an offer's days and times are read in.
    pub fn offer_zone(&self, tour_stop_key: Option<&str>) -> Tz {
        tour_stop_key
            .and_then(|key| self.tour_zones.get(key))
            .copied()
            .unwrap_or(self.zone)
    }
}

impl Default for StudioFacts {
    fn default() -> Self {
        Self::from_rules(&StudioRules::default())
    }
}
