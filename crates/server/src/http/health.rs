use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::state::AppState;

/// Liveness: never touches the database, so an outage never restarts the process.
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let settings = &state.settings;
    let features = settings.features;
    HttpResponse::Ok().json(json!({
        "ok": true,
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_seconds": state.started_at.elapsed().as_secs(),
        "booking_mode": settings.booking_mode().as_str(),
        "features": {
            "sheets": settings.google.sheets_enabled && features.sheets,
            "calendar": settings.google.calendar_enabled && features.calendar,
            "reminders": features.reminders,
            "notifications": features.notifications,
            "panic_mode": features.panic_mode,
            "pilot_mode": features.pilot_mode,
            "demo_mode": features.demo_mode,
        },
    }))
}

/// Readiness: database reachable within 2 s, schema at the latest embedded migration, background
/// workers alive, not shutting down. States only, never error text.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let db = state.database.readiness().await;
    let workers_running = state.heartbeats.all_alive();
    let shutting_down = state.is_shutting_down();
    let ok = db.connected && db.migrations_current && workers_running && !shutting_down;
    let body = json!({
        "ok": ok,
        "database": if db.connected { "connected" } else { "disconnected" },
        "migrations": if db.migrations_current { "current" } else { "pending" },
        "workers": if workers_running { "running" } else { "stopped" },
        "shutting_down": shutting_down,
    });
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
