-- Core conversation schema: artists, contacts, leads and what the conversation records.
-- Enumerations are text with CHECK constraints listing the exact values of the specification.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE FUNCTION inkdesk_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE artists (
    id           text PRIMARY KEY,
    display_name text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER artists_updated_at BEFORE UPDATE ON artists
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();

CREATE TABLE contacts (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id                text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    phone                    text CHECK (phone ~ '^[0-9]{8,15}$'),
    profile_name             text,
    is_artist                boolean NOT NULL DEFAULT false,
    opted_out                boolean NOT NULL DEFAULT false,
    opted_out_at             timestamptz,
    opted_in_at              timestamptz,
    last_inbound_at          timestamptz,
    last_inbound_received_at timestamptz,
    undeliverable_at         timestamptz,
    cooldowns                jsonb NOT NULL DEFAULT '{}'::jsonb,
    erased_at                timestamptz,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    UNIQUE (artist_id, phone)
);
CREATE TRIGGER contacts_updated_at BEFORE UPDATE ON contacts
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();

CREATE TABLE leads (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id                 text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    contact_id                bigint NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    channel                   text NOT NULL DEFAULT 'whatsapp',
    -- State
    status                    text NOT NULL CHECK (status IN (
        'NEW', 'QUALIFYING', 'NEEDS_ARTIST_REPLY', 'NEEDS_FOLLOW_UP', 'TOUR_CONVERSION_OFFERED', 'WAITLISTED',
        'PENDING_APPROVAL', 'REJECTED', 'AWAITING_SLOT', 'COLLECTING_TIME_WINDOWS', 'AWAITING_DEPOSIT',
        'DEPOSIT_EXPIRED', 'DEPOSIT_PAID', 'BOOKING_PENDING', 'BOOKED', 'CANCELLED', 'REFUNDED', 'ABANDONED',
        'STALE', 'OPTOUT')),
    status_entered_at         timestamptz NOT NULL DEFAULT now(),
    return_status             text CHECK (return_status IN (
        'NEW', 'QUALIFYING', 'NEEDS_ARTIST_REPLY', 'NEEDS_FOLLOW_UP', 'TOUR_CONVERSION_OFFERED', 'WAITLISTED',
        'PENDING_APPROVAL', 'REJECTED', 'AWAITING_SLOT', 'COLLECTING_TIME_WINDOWS', 'AWAITING_DEPOSIT',
        'DEPOSIT_EXPIRED', 'DEPOSIT_PAID', 'BOOKING_PENDING', 'BOOKED', 'CANCELLED', 'REFUNDED', 'ABANDONED',
        'STALE', 'OPTOUT')),
    version                   integer NOT NULL DEFAULT 0,
    booking_mode              text CHECK (booking_mode IN ('calendar', 'manual')),
    -- Conversation
    current_step              smallint NOT NULL DEFAULT 0 CHECK (current_step BETWEEN 0 AND 12),
    parse_failures            jsonb NOT NULL DEFAULT '{}'::jsonb,
    confirmation_shown        boolean NOT NULL DEFAULT false,
    travel_prompt             text,
    time_window_round         smallint NOT NULL DEFAULT 0,
    coverup_mentioned         boolean NOT NULL DEFAULT false,
    cooldowns                 jsonb NOT NULL DEFAULT '{}'::jsonb,
    last_client_message_at    timestamptz,
    last_bot_message_at       timestamptz,
    -- Handover
    handover_reason_code      text,
    handover_reason           varchar(200),
    handover_resumable        boolean,
    -- Interpretation
    dimensions_width_cm       numeric(5, 2),
    dimensions_height_cm      numeric(5, 2),
    complexity_level          smallint CHECK (complexity_level BETWEEN 1 AND 3),
    complexity_unsure         boolean,
    coverup                   text CHECK (coverup IN ('yes', 'no', 'unsure')),
    placement_hard            boolean,
    budget_amount_minor       bigint,
    budget_currency           char(3),
    budget_is_range           boolean,
    budget_gbp_minor          bigint,
    budget_accepted_minimum   boolean NOT NULL DEFAULT false,
    location_city             text,
    location_country          text,
    country_recognised        boolean,
    region                    text CHECK (region IN ('UK', 'EUROPE', 'ROW')),
    instagram_handle          text,
    requested_city            text,
    booking_city              text,
    tour_stop_key             text,
    tour_offer_options        jsonb,
    tour_offer_accepted       boolean,
    waitlisted                boolean NOT NULL DEFAULT false,
    -- Estimate
    estimated_category        text CHECK (estimated_category IN ('SMALL', 'MEDIUM', 'LARGE', 'XL')),
    estimated_days            numeric(2, 1),
    estimated_deposit_minor   bigint,
    price_min_minor           bigint,
    price_max_minor           bigint,
    pricing_trace             jsonb,
    region_min_budget_minor   bigint,
    below_min_budget          boolean NOT NULL DEFAULT false,
    summary_text              text,
    -- Deposit
    deposit_amount_minor      bigint CHECK (deposit_amount_minor > 0),
    deposit_currency          char(3),
    deposit_locked_at         timestamptz,
    deposit_rule_version      text,
    deposit_sent_at           timestamptz,
    expiry_count              smallint NOT NULL DEFAULT 0,
    link_reissue_count        smallint NOT NULL DEFAULT 0,
    -- Booking
    appointment_start_at      timestamptz,
    appointment_end_at        timestamptz,
    confirmed_hold_id         bigint,
    calendar_event_id         text,
    booking_link              text,
    booking_tool              text CHECK (booking_tool IN ('FRESHA', 'CALENDLY', 'GCAL', 'OTHER')),
    booking_link_sent_at      timestamptz,
    reschedule_count          smallint NOT NULL DEFAULT 0,
    -- Funnel timestamps
    qualifying_started_at     timestamptz,
    qualifying_completed_at   timestamptz,
    pending_approval_at       timestamptz,
    approved_at               timestamptz,
    deposit_paid_at           timestamptz,
    booking_pending_at        timestamptz,
    booked_at                 timestamptz,
    rejected_at               timestamptz,
    cancelled_at              timestamptz,
    refunded_at               timestamptz,
    needs_artist_reply_at     timestamptz,
    needs_follow_up_at        timestamptz,
    abandoned_at              timestamptz,
    stale_at                  timestamptz,
    waitlisted_at             timestamptz,
    opted_out_at              timestamptz,
    -- Admin
    admin_notes               text,
    last_admin_action         text,
    last_admin_action_at      timestamptz,
    cancellation_reason       text,
    cancelled_by              text CHECK (cancelled_by IN ('artist', 'client')),
    -- Audit
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT leads_return_status_only_when_paused
        CHECK (return_status IS NULL OR status IN ('NEEDS_ARTIST_REPLY', 'ABANDONED'))
);
CREATE TRIGGER leads_updated_at BEFORE UPDATE ON leads
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();

-- A contact has at most one active lead: the arbiter of concurrent "first message" races.
CREATE UNIQUE INDEX leads_one_active_per_contact ON leads (contact_id)
    WHERE status IN ('NEW', 'QUALIFYING', 'NEEDS_ARTIST_REPLY', 'NEEDS_FOLLOW_UP', 'TOUR_CONVERSION_OFFERED',
                     'PENDING_APPROVAL', 'AWAITING_SLOT', 'COLLECTING_TIME_WINDOWS', 'AWAITING_DEPOSIT',
                     'DEPOSIT_EXPIRED', 'DEPOSIT_PAID', 'BOOKING_PENDING');
CREATE INDEX leads_artist_status ON leads (artist_id, status, status_entered_at);
CREATE INDEX leads_contact_recent ON leads (contact_id, created_at DESC);
CREATE INDEX leads_created_cursor ON leads (created_at DESC, id DESC);
CREATE INDEX leads_updated_cursor ON leads (updated_at DESC, id DESC);

CREATE TABLE inbound_messages (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id           text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    contact_id          bigint NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    lead_id             bigint REFERENCES leads (id) ON DELETE RESTRICT,
    provider            text NOT NULL CHECK (provider IN ('whatsapp', 'demo')),
    provider_message_id text NOT NULL,
    wa_timestamp        timestamptz NOT NULL,
    received_at         timestamptz NOT NULL DEFAULT now(),
    message_type        text,
    text                text,
    reply_id            text,
    context_message_id  text,
    media               jsonb,
    location            jsonb,
    disposition         text CHECK (disposition IN (
        'answer', 'repair', 'reprompt', 'deflected', 'command', 'note', 'late', 'ignored', 'blocked_optout',
        'pilot_blocked', 'panic', 'artist', 'ack', 'handover', 'opt_out', 'opt_in')),
    correlation_id      text,
    UNIQUE (provider, provider_message_id)
);
CREATE INDEX inbound_messages_lead_time ON inbound_messages (lead_id, wa_timestamp);
CREATE INDEX inbound_messages_contact_received ON inbound_messages (contact_id, received_at);

CREATE TABLE answers (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id            bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    question_key       text NOT NULL CHECK (question_key IN (
        'idea', 'placement', 'dimensions', 'style', 'complexity', 'coverup', 'reference_images', 'budget',
        'location_city', 'location_country', 'instagram_handle', 'travel_city', 'timing',
        'time_window', 'client_note')),
    value_text         text NOT NULL,
    parsed             jsonb,
    round              smallint,
    inbound_message_id bigint REFERENCES inbound_messages (id) ON DELETE RESTRICT,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answers_latest ON answers (lead_id, question_key, created_at DESC, id DESC);

CREATE TABLE outbound_messages (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist_id           text NOT NULL REFERENCES artists (id) ON DELETE RESTRICT,
    contact_id          bigint NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    lead_id             bigint REFERENCES leads (id) ON DELETE RESTRICT,
    kind                text NOT NULL,
    recipient_role      text NOT NULL CHECK (recipient_role IN ('client', 'artist')),
    mode                text NOT NULL CHECK (mode IN ('text', 'interactive', 'template')),
    body                text NOT NULL,
    interactive         jsonb,
    template_name       text,
    template_params     jsonb,
    replace_key         text,
    refresh_on_flush    boolean NOT NULL DEFAULT false,
    payment_id          bigint,
    stands_in_for       bigint REFERENCES outbound_messages (id) ON DELETE RESTRICT,
    state               text NOT NULL DEFAULT 'queued' CHECK (state IN (
        'queued', 'sent', 'delivered', 'read', 'failed', 'deferred', 'blocked_optout', 'skipped_window_closed',
        'cancelled', 'expired')),
    provider_message_id text UNIQUE,
    error_code          integer,
    error_title         text,
    error_details       varchar(500),
    job_id              bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz,
    delivered_at        timestamptz,
    read_at             timestamptz,
    failed_at           timestamptz,
    deferred_at         timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER outbound_messages_updated_at BEFORE UPDATE ON outbound_messages
    FOR EACH ROW EXECUTE FUNCTION inkdesk_set_updated_at();
CREATE INDEX outbound_messages_deferred ON outbound_messages (contact_id, id) WHERE state = 'deferred';
CREATE INDEX outbound_messages_lead_time ON outbound_messages (lead_id, created_at);

CREATE TABLE attachments (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id            bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    inbound_message_id bigint NOT NULL REFERENCES inbound_messages (id) ON DELETE RESTRICT,
    kind               text NOT NULL CHECK (kind IN ('image', 'document', 'video', 'audio')),
    whatsapp_media_id  text,
    mime_type          text,
    filename           text,
    sha256             text,
    size_bytes         integer CHECK (size_bytes <= 16777216),
    caption            text,
    content            bytea,
    state              text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'stored', 'failed', 'skipped', 'erased')),
    last_error         varchar(500),
    created_at         timestamptz NOT NULL DEFAULT now(),
    stored_at          timestamptz
);
CREATE INDEX attachments_lead ON attachments (lead_id);

CREATE TABLE status_history (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id        bigint NOT NULL REFERENCES leads (id) ON DELETE RESTRICT,
    from_status    text,
    to_status      text NOT NULL,
    reason_code    text,
    actor          text NOT NULL CHECK (actor IN ('client', 'artist', 'admin', 'stripe', 'scheduler', 'system')),
    correlation_id text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_history_lead_time ON status_history (lead_id, created_at);
CREATE INDEX status_history_to_time ON status_history (to_status, created_at);
