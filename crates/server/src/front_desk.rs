//! Composition of the inbound use case: the domain's `InboundService` over the Postgres store, the
//! wall clock and the id generator, configured from the settings and the studio rules.

use chrono::TimeDelta;
use inkdesk_domain::copy::Catalogue;
use inkdesk_domain::model::Phone;
use inkdesk_domain::parse::Places;
use inkdesk_domain::rules::StudioRules;
use inkdesk_domain::service::{FrontDeskConfig, InboundService, LinkBuilder};
use inkdesk_postgres::Database;
use inkdesk_postgres::conversation::{PgStore, StudioFacts, UnitCopy};

use crate::config::Settings;
use crate::ports::{PgIds, SystemClock};

/// The inbound use case as the server runs it.
pub type FrontDesk = InboundService<PgStore, SystemClock, PgIds>;

#[derive(Debug, thiserror::Error)]
#[error("message catalogue overrides are invalid: {0}")]
pub struct CatalogueConfigError(String);

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Catalogue(#[from] CatalogueConfigError),
    #[error(transparent)]
    Database(#[from] inkdesk_postgres::DbError),
}

const ID_POOL_SIZE: usize = 2;

pub fn build(
    settings: &Settings,
    db: &Database,
    database_url: &str,
) -> Result<FrontDesk, BuildError> {
    let rules = settings.studio_rules.clone();
    let store = store(settings, db);
    let config = FrontDeskConfig {
        artist_number: artist_phone(settings),
        pilot_allowlist: settings.features.pilot_mode.then(|| {
            settings
                .pilot_allowlist_numbers
                .iter()
                .filter_map(|n| Phone::parse(n).ok())
                .collect()
        }),
        links: links(settings),
    };
    // Lead ids come from their own small pool: a unit of work waiting for an id must never wait
    // behind units that hold every pooled connection while they wait for it (duplicates blocked on
    // the idempotency row, messages queued on the contact lock).
    let id_pool = Database::connect_lazy(database_url, ID_POOL_SIZE)?;
    Ok(InboundService::new(
        (store, SystemClock, PgIds::new(id_pool)),
        rules.clone(),
        places(&rules),
        catalogue(&rules)?,
        config,
    ))
}

fn artist_phone(settings: &Settings) -> Option<Phone> {
    settings
        .artist_whatsapp_number
        .as_deref()
        .and_then(|n| Phone::parse(n).ok())
}

/// The conversation store for the configured artist and studio.
pub fn store(settings: &Settings, db: &Database) -> PgStore {
    let rules = &settings.studio_rules;
    let mut store = PgStore::new(
        db.clone(),
        rules.studio.artist_id.clone(),
        artist_phone(settings),
    )
    .with_studio(StudioFacts::from_rules(rules));
    if let Some(spreadsheet) = &settings.google.spreadsheet_id {
        store = store.with_spreadsheet_id(spreadsheet.clone());
    }
    if !(settings.google.sheets_enabled && settings.features.sheets) {
        store = store.without_lead_log();
    }
    // `build` refuses to start with a broken catalogue, so a store without copy never serves.
    if let Ok(catalogue) = catalogue(rules) {
        store = store.with_copy(UnitCopy {
            catalogue,
            links: links(settings),
            artist_name: rules.studio.artist_name.clone(),
        });
    }
    store
}

/// Action links and admin links, from the public base URLs.
pub fn links(settings: &Settings) -> LinkBuilder {
    LinkBuilder {
        action_base_url: settings
            .action_token_base_url
            .clone()
            .unwrap_or_else(|| local_base(settings)),
        public_base_url: settings
            .public_base_url
            .clone()
            .unwrap_or_else(|| local_base(settings)),
        token_lifetime: TimeDelta::days(i64::from(settings.action_token_expiry_days)),
    }
}

/// Development without `PUBLIC_BASE_URL`: links point at the local bind address.
fn local_base(settings: &Settings) -> String {
    format!("http://{}", settings.bind_address)
}

/// The built-in city table plus the studio's home city and every tour-stop city.
pub fn places(rules: &StudioRules) -> Places {
    let mut places =
        Places::builtin().with_city(&rules.studio.home_city, Some(&rules.studio.home_country));
    for stop in &rules.tour.stops {
        places = places.with_city(&stop.city, Some(&stop.country));
    }
    places
}

/// The en-GB catalogue with the studio's `[copy.overrides."en-GB"]` applied.
pub fn catalogue(rules: &StudioRules) -> Result<Catalogue, CatalogueConfigError> {
    let overrides: Vec<(&str, &[String])> = rules
        .copy
        .overrides
        .iter()
        .filter(|(locale, _, _)| *locale == rules.copy.locale)
        .map(|(_, id, variants)| (id, variants))
        .collect();
    Catalogue::en_gb()
        .with_overrides(overrides)
        .map_err(|e| CatalogueConfigError(e.to_string()))
}
