//! Stripe's idempotency layer: the first answer an endpoint gives under a key is stored; the same key
//! with the same method, path and body gets that answer again (`Idempotent-Replayed: true`), with
//! anything else a 400 `idempotency_error`. Keys are forgotten after 24 hours of the fake's clock.

use super::State;

const KEY_LIFETIME_SECS: i64 = 24 * 60 * 60;

pub(crate) struct StoredReply {
    method: String,
    path: String,
    body: Vec<u8>,
    status: u16,
    reply: Vec<u8>,
    stored_at: i64,
}

/// What identifies "the same request" under one key.
pub(super) struct Fingerprint<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub body: &'a [u8],
}

pub(super) enum Lookup {
    Fresh,
    Replay { status: u16, body: Vec<u8> },
    Conflict,
}

pub(super) fn lookup(state: &mut State, key: &str, request: &Fingerprint<'_>) -> Lookup {
    let now = state.now();
    state
        .idempotency
        .retain(|_, stored| now.saturating_sub(stored.stored_at) < KEY_LIFETIME_SECS);
    match state.idempotency.get(key) {
        None => Lookup::Fresh,
        Some(stored)
            if stored.method == request.method
                && stored.path == request.path
                && stored.body == request.body =>
        {
            Lookup::Replay {
                status: stored.status,
                body: stored.reply.clone(),
            }
        }
        Some(_) => Lookup::Conflict,
    }
}

pub(super) fn remember(
    state: &mut State,
    key: String,
    request: &Fingerprint<'_>,
    status: u16,
    reply: Vec<u8>,
) {
    let stored_at = state.now();
    state.idempotency.insert(
        key,
        StoredReply {
            method: request.method.to_owned(),
            path: request.path.to_owned(),
            body: request.body.to_vec(),
            status,
            reply,
            stored_at,
        },
    );
}
