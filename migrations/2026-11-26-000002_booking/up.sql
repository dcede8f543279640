-- Booking records: slot offers, holds (with the exclusion constraint that makes double booking
-- impossible), payments, one-tap action tokens and the Sheets row map.

CREATE TABLE slot_offers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id        text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    lead_id          bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    slots            jsonb NOT NULL,
    duration_minutes smallint,
    tour_stop_key    text,
    source           text NOT NULL DEFAULT 'generated' CHECK (source IN ('generated', 'artist')),
    state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'superseded', 'used', 'expired')),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX slot_offers_one_open_per_lead ON slot_offers (lead_id) WHERE state = 'open';

CREATE TABLE slot_holds (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id            text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    lead_id              bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    slot_offer_id        bigint REFERENCES slot_offers (id) ON DELETE RESTRICT,
    session_range        tstzrange NOT NULL,
    blocked_range        tstzrange NOT NULL,
    state                text NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'confirmed', 'released', 'cancelled')),
    expires_at           timestamptz,
    release_reason       text,
    calendar_event_id    text,
    calendar_event_state text NOT NULL DEFAULT 'none'
        CHECK (calendar_event_state IN ('none', 'pending', 'created', 'failed', 'deleted')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    confirmed_at         timestamptz,
    released_at          timestamptz,
    CONSTRAINT slot_holds_no_overlap
        EXCLUDE USING gist (artist_id WITH =, blocked_range WITH &&) WHERE (state IN ('held', 'confirmed')),
    CONSTRAINT slot_holds_session_not_empty CHECK (lower(session_range) < upper(session_range)),
    CONSTRAINT slot_holds_held_expires CHECK (state <> 'held' OR expires_at IS NOT NULL),
    CONSTRAINT slot_holds_blocked_covers_session CHECK (blocked_range @> session_range)
);
CREATE INDEX slot_holds_lead ON slot_holds (lead_id);
CREATE INDEX slot_holds_expiry ON slot_holds (expires_at) WHERE state = 'held';

CREATE TABLE payments (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id                  text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    lead_id                    bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    purpose                    text NOT NULL DEFAULT 'deposit',
    amount_minor               bigint NOT NULL CHECK (amount_minor > 0),
    currency                   char(3) NOT NULL,
    status                     text NOT NULL DEFAULT 'created' CHECK (status IN (
        'created', 'open', 'processing', 'paid', 'expired', 'failed', 'cancelled', 'mismatch',
        'partially_refunded', 'refunded')),
    idempotency_key            text NOT NULL UNIQUE,
    stripe_checkout_session_id text UNIQUE,
    checkout_url               text,
    expires_at                 timestamptz NOT NULL,
    stripe_payment_intent_id   text UNIQUE,
    amount_received_minor      bigint,
    amount_refunded_minor      bigint NOT NULL DEFAULT 0,
    hold_id                    bigint REFERENCES slot_holds (id) ON DELETE RESTRICT,
    deposit_rule_version       text,
    livemode                   boolean,
    requires_review            boolean NOT NULL DEFAULT false,
    review_reason              text,
    paid_at                    timestamptz,
    expired_at                 timestamptz,
    refunded_at                timestamptz,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER payments_updated_at BEFORE UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();
CREATE INDEX payments_lead_time ON payments (lead_id, created_at);
CREATE INDEX payments_open_expiry ON payments (expires_at) WHERE status IN ('created', 'open');
CREATE INDEX payments_review ON payments (id) WHERE requires_review;

CREATE TABLE action_tokens (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash      bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    lead_id         bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    action          text NOT NULL CHECK (action IN ('approve', 'reject', 'resume', 'send_deposit', 'mark_booked')),
    required_status text NOT NULL CHECK (required_status IN (
        'NEW', 'QUALIFYING', 'NEEDS_ARTIST_REPLY', 'NEEDS_FOLLOW_UP', 'TOUR_CONVERSION_OFFERED', 'WAITLISTED',
        'PENDING_APPROVAL', 'REJECTED', 'AWAITING_SLOT', 'COLLECTING_TIME_WINDOWS', 'AWAITING_DEPOSIT',
        'DEPOSIT_EXPIRED', 'DEPOSIT_PAID', 'BOOKING_PENDING', 'BOOKED', 'CANCELLED', 'REFUNDED', 'ABANDONED',
        'STALE', 'OPTOUT')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    revoked_at      timestamptz
);
CREATE INDEX action_tokens_live_per_lead ON action_tokens (lead_id) WHERE used_at IS NULL AND revoked_at IS NULL;

CREATE TABLE sheet_rows (
    lead_id        bigint PRIMARY KEY REFERENCES leads (id) ON DELETE RESTRICT,
    spreadsheet_id text,
    row_number     integer,
    synced_at      timestamptz
);
