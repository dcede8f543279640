// @generated from the migrations by tests/schema.rs; do not edit by hand.

diesel::table! {
    use diesel::sql_types::*;

    action_tokens (id) {
        id -> Int8,
        token_hash -> Bytea,
        lead_id -> Int8,
        action -> Text,
        required_status -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    answers (id) {
        id -> Int8,
        lead_id -> Int8,
        question_key -> Text,
        value_text -> Text,
        parsed -> Nullable<Jsonb>,
        round -> Nullable<Int2>,
        inbound_message_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    artists (id) {
        id -> Text,
        display_name -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    attachments (id) {
        id -> Int8,
        lead_id -> Int8,
        inbound_message_id -> Int8,
        kind -> Text,
        whatsapp_media_id -> Nullable<Text>,
        mime_type -> Nullable<Text>,
        filename -> Nullable<Text>,
        sha256 -> Nullable<Text>,
        size_bytes -> Nullable<Int4>,
        caption -> Nullable<Text>,
        content -> Nullable<Bytea>,
        state -> Text,
        /// The `last_error` column has a maximum length of 500.
        last_error -> Nullable<Varchar>,
        created_at -> Timestamptz,
        stored_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    contacts (id) {
        id -> Int8,
        artist_id -> Text,
        phone -> Nullable<Text>,
        profile_name -> Nullable<Text>,
        is_artist -> Bool,
        opted_out -> Bool,
        opted_out_at -> Nullable<Timestamptz>,
        opted_in_at -> Nullable<Timestamptz>,
        last_inbound_at -> Nullable<Timestamptz>,
        last_inbound_received_at -> Nullable<Timestamptz>,
        undeliverable_at -> Nullable<Timestamptz>,
        cooldowns -> Jsonb,
        erased_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    inbound_messages (id) {
        id -> Int8,
        artist_id -> Text,
        contact_id -> Int8,
        lead_id -> Nullable<Int8>,
        provider -> Text,
        provider_message_id -> Text,
        wa_timestamp -> Timestamptz,
        received_at -> Timestamptz,
        message_type -> Nullable<Text>,
        text -> Nullable<Text>,
        reply_id -> Nullable<Text>,
        context_message_id -> Nullable<Text>,
        media -> Nullable<Jsonb>,
        location -> Nullable<Jsonb>,
        disposition -> Nullable<Text>,
        correlation_id -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    jobs (id) {
        id -> Int8,
        kind -> Text,
        payload -> Jsonb,
        state -> Text,
        run_at -> Timestamptz,
        attempts -> Int4,
        max_attempts -> Int4,
        ordering_key -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        lead_id -> Nullable<Int8>,
        correlation_id -> Nullable<Text>,
        locked_by -> Nullable<Text>,
        lease_expires_at -> Nullable<Timestamptz>,
        /// The `last_error` column has a maximum length of 1000.
        last_error -> Nullable<Varchar>,
        last_error_class -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    #[sql_name = "leads"]
    lead_estimates (id) {
        id -> Int8,
        estimated_category -> Nullable<Text>,
        estimated_days -> Nullable<Numeric>,
        estimated_deposit_minor -> Nullable<Int8>,
        price_min_minor -> Nullable<Int8>,
        price_max_minor -> Nullable<Int8>,
        pricing_trace -> Nullable<Jsonb>,
        region_min_budget_minor -> Nullable<Int8>,
        below_min_budget -> Bool,
        summary_text -> Nullable<Text>,
        deposit_amount_minor -> Nullable<Int8>,
        /// The `deposit_currency` column has a maximum length of 3.
        deposit_currency -> Nullable<Bpchar>,
        deposit_locked_at -> Nullable<Timestamptz>,
        deposit_rule_version -> Nullable<Text>,
        deposit_sent_at -> Nullable<Timestamptz>,
        expiry_count -> Int2,
        link_reissue_count -> Int2,
        appointment_start_at -> Nullable<Timestamptz>,
        appointment_end_at -> Nullable<Timestamptz>,
        confirmed_hold_id -> Nullable<Int8>,
        calendar_event_id -> Nullable<Text>,
        booking_link -> Nullable<Text>,
        booking_tool -> Nullable<Text>,
        booking_link_sent_at -> Nullable<Timestamptz>,
        reschedule_count -> Int2,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    #[sql_name = "leads"]
    lead_funnel (id) {
        id -> Int8,
        qualifying_started_at -> Nullable<Timestamptz>,
        qualifying_completed_at -> Nullable<Timestamptz>,
        pending_approval_at -> Nullable<Timestamptz>,
        approved_at -> Nullable<Timestamptz>,
        deposit_paid_at -> Nullable<Timestamptz>,
        booking_pending_at -> Nullable<Timestamptz>,
        booked_at -> Nullable<Timestamptz>,
        rejected_at -> Nullable<Timestamptz>,
        cancelled_at -> Nullable<Timestamptz>,
        refunded_at -> Nullable<Timestamptz>,
        needs_artist_reply_at -> Nullable<Timestamptz>,
        needs_follow_up_at -> Nullable<Timestamptz>,
        abandoned_at -> Nullable<Timestamptz>,
        stale_at -> Nullable<Timestamptz>,
        waitlisted_at -> Nullable<Timestamptz>,
        opted_out_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    #[sql_name = "leads"]
    lead_interpretation (id) {
        id -> Int8,
        dimensions_width_cm -> Nullable<Numeric>,
        dimensions_height_cm -> Nullable<Numeric>,
        complexity_level -> Nullable<Int2>,
        complexity_unsure -> Nullable<Bool>,
        coverup -> Nullable<Text>,
        placement_hard -> Nullable<Bool>,
        budget_amount_minor -> Nullable<Int8>,
        /// The `budget_currency` column has a maximum length of 3.
        budget_currency -> Nullable<Bpchar>,
        budget_is_range -> Nullable<Bool>,
        budget_gbp_minor -> Nullable<Int8>,
        budget_accepted_minimum -> Bool,
        location_city -> Nullable<Text>,
        location_country -> Nullable<Text>,
        country_recognised -> Nullable<Bool>,
        region -> Nullable<Text>,
        instagram_handle -> Nullable<Text>,
        requested_city -> Nullable<Text>,
        booking_city -> Nullable<Text>,
        tour_stop_key -> Nullable<Text>,
        tour_offer_options -> Nullable<Jsonb>,
        tour_offer_accepted -> Nullable<Bool>,
        waitlisted -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    leads (id) {
        id -> Int8,
        artist_id -> Text,
        contact_id -> Int8,
        channel -> Text,
        status -> Text,
        status_entered_at -> Timestamptz,
        return_status -> Nullable<Text>,
        version -> Int4,
        booking_mode -> Nullable<Text>,
        current_step -> Int2,
        parse_failures -> Jsonb,
        confirmation_shown -> Bool,
        travel_prompt -> Nullable<Text>,
        time_window_round -> Int2,
        coverup_mentioned -> Bool,
        cooldowns -> Jsonb,
        last_client_message_at -> Nullable<Timestamptz>,
        last_bot_message_at -> Nullable<Timestamptz>,
        handover_reason_code -> Nullable<Text>,
        /// The `handover_reason` column has a maximum length of 200.
        handover_reason -> Nullable<Varchar>,
        handover_resumable -> Nullable<Bool>,
        admin_notes -> Nullable<Text>,
        last_admin_action -> Nullable<Text>,
        last_admin_action_at -> Nullable<Timestamptz>,
        cancellation_reason -> Nullable<Text>,
        cancelled_by -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    outbound_messages (id) {
        id -> Int8,
        artist_id -> Text,
        contact_id -> Int8,
        lead_id -> Nullable<Int8>,
        kind -> Text,
        recipient_role -> Text,
        mode -> Text,
        body -> Text,
        interactive -> Nullable<Jsonb>,
        template_name -> Nullable<Text>,
        template_params -> Nullable<Jsonb>,
        replace_key -> Nullable<Text>,
        refresh_on_flush -> Bool,
        payment_id -> Nullable<Int8>,
        stands_in_for -> Nullable<Int8>,
        state -> Text,
        provider_message_id -> Nullable<Text>,
        error_code -> Nullable<Int4>,
        error_title -> Nullable<Text>,
        /// The `error_details` column has a maximum length of 500.
        error_details -> Nullable<Varchar>,
        job_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        delivered_at -> Nullable<Timestamptz>,
        read_at -> Nullable<Timestamptz>,
        failed_at -> Nullable<Timestamptz>,
        deferred_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    payments (id) {
        id -> Int8,
        artist_id -> Text,
        lead_id -> Int8,
        purpose -> Text,
        amount_minor -> Int8,
        /// The `currency` column has a maximum length of 3.
        currency -> Bpchar,
        status -> Text,
        idempotency_key -> Text,
        stripe_checkout_session_id -> Nullable<Text>,
        checkout_url -> Nullable<Text>,
        expires_at -> Timestamptz,
        stripe_payment_intent_id -> Nullable<Text>,
        amount_received_minor -> Nullable<Int8>,
        amount_refunded_minor -> Int8,
        hold_id -> Nullable<Int8>,
        deposit_rule_version -> Nullable<Text>,
        livemode -> Nullable<Bool>,
        requires_review -> Bool,
        review_reason -> Nullable<Text>,
        paid_at -> Nullable<Timestamptz>,
        expired_at -> Nullable<Timestamptz>,
        refunded_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    processed_events (provider, event_id) {
        provider -> Text,
        event_id -> Text,
        kind -> Nullable<Text>,
        lead_id -> Nullable<Int8>,
        processed_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    runtime_settings (key) {
        key -> Text,
        value -> Jsonb,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    sheet_rows (lead_id) {
        lead_id -> Int8,
        spreadsheet_id -> Nullable<Text>,
        row_number -> Nullable<Int4>,
        synced_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    slot_holds (id) {
        id -> Int8,
        artist_id -> Text,
        lead_id -> Int8,
        slot_offer_id -> Nullable<Int8>,
        session_range -> Tstzrange,
        blocked_range -> Tstzrange,
        state -> Text,
        expires_at -> Nullable<Timestamptz>,
        release_reason -> Nullable<Text>,
        calendar_event_id -> Nullable<Text>,
        calendar_event_state -> Text,
        created_at -> Timestamptz,
        confirmed_at -> Nullable<Timestamptz>,
        released_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    slot_offers (id) {
        id -> Int8,
        artist_id -> Text,
        lead_id -> Int8,
        slots -> Jsonb,
        duration_minutes -> Nullable<Int2>,
        tour_stop_key -> Nullable<Text>,
        source -> Text,
        state -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    status_history (id) {
        id -> Int8,
        lead_id -> Int8,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason_code -> Nullable<Text>,
        actor -> Text,
        correlation_id -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    system_events (id) {
        id -> Int8,
        created_at -> Timestamptz,
        level -> Text,
        event_type -> Text,
        lead_id -> Nullable<Int8>,
        contact_id -> Nullable<Int8>,
        payload -> Nullable<Jsonb>,
        correlation_id -> Nullable<Text>,
    }
}

diesel::joinable!(action_tokens -> leads (lead_id));
diesel::joinable!(answers -> inbound_messages (inbound_message_id));
diesel::joinable!(answers -> leads (lead_id));
diesel::joinable!(attachments -> inbound_messages (inbound_message_id));
diesel::joinable!(attachments -> leads (lead_id));
diesel::joinable!(contacts -> artists (artist_id));
diesel::joinable!(inbound_messages -> artists (artist_id));
diesel::joinable!(inbound_messages -> contacts (contact_id));
diesel::joinable!(inbound_messages -> leads (lead_id));
diesel::joinable!(leads -> artists (artist_id));
diesel::joinable!(leads -> contacts (contact_id));
diesel::joinable!(outbound_messages -> artists (artist_id));
diesel::joinable!(outbound_messages -> contacts (contact_id));
diesel::joinable!(outbound_messages -> leads (lead_id));
diesel::joinable!(payments -> artists (artist_id));
diesel::joinable!(payments -> leads (lead_id));
diesel::joinable!(payments -> slot_holds (hold_id));
diesel::joinable!(sheet_rows -> leads (lead_id));
diesel::joinable!(slot_holds -> artists (artist_id));
diesel::joinable!(slot_holds -> leads (lead_id));
diesel::joinable!(slot_holds -> slot_offers (slot_offer_id));
diesel::joinable!(slot_offers -> artists (artist_id));
diesel::joinable!(slot_offers -> leads (lead_id));
diesel::joinable!(status_history -> leads (lead_id));
diesel::joinable!(system_events -> leads (lead_id));

diesel::allow_tables_to_appear_in_same_query!(
    action_tokens,
    answers,
    artists,
    attachments,
    contacts,
    inbound_messages,
    jobs,
    lead_estimates,
    lead_funnel,
    lead_interpretation,
    leads,
    outbound_messages,
    payments,
    processed_events,
    runtime_settings,
    sheet_rows,
    slot_holds,
    slot_offers,
    status_history,
    system_events,
);
