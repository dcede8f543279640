-- Platform tables: the idempotency ledger, the durable job queue (outbox), system events and
-- runtime settings.

CREATE TABLE processed_events (
    provider     text NOT NULL CHECK (provider IN ('whatsapp', 'stripe', 'scheduler')),
    event_id     text NOT NULL,
    kind         text,
    lead_id      bigint,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX processed_events_age ON processed_events (processed_at);

CREATE TABLE jobs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN (
        'whatsapp.send', 'artist.notify', 'sheets.upsert', 'calendar.create_event', 'calendar.delete_event',
        'calendar.update_event', 'stripe.create_checkout', 'stripe.expire_session', 'slots.offer', 'media.fetch')),
    payload          jsonb NOT NULL,
    state            text NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'running', 'succeeded', 'dead', 'cancelled')),
    run_at           timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    max_attempts     integer NOT NULL CHECK (max_attempts > 0),
    ordering_key     text,
    dedupe_key       text,
    lead_id          bigint,
    correlation_id   text,
    locked_by        text,
    lease_expires_at timestamptz,
    last_error       varchar(1000),
    last_error_class text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE TRIGGER jobs_updated_at BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();
CREATE UNIQUE INDEX jobs_dedupe_queued ON jobs (dedupe_key) WHERE state = 'queued';
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_ordering ON jobs (ordering_key, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_lead ON jobs (lead_id);

CREATE TABLE system_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at     timestamptz NOT NULL DEFAULT now(),
    level          text NOT NULL CHECK (level IN ('INFO', 'WARN', 'ERROR')),
    event_type     text NOT NULL,
    lead_id        bigint REFERENCES leads (id) ON DELETE SET NULL,
    contact_id     bigint,
    payload        jsonb,
    correlation_id text
);
CREATE INDEX system_events_time ON system_events (created_at);
CREATE INDEX system_events_type_time ON system_events (event_type, created_at);
CREATE INDEX system_events_lead_time ON system_events (lead_id, created_at);
CREATE INDEX system_events_level_time ON system_events (level, created_at);

CREATE TABLE runtime_settings (
    key        text PRIMARY KEY CHECK (key IN ('panic_mode')),
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER runtime_settings_updated_at BEFORE UPDATE ON runtime_settings
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();
