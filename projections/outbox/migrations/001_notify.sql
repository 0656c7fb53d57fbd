-- The notification log lives in schema notify, not in the planner's generation schema: a
-- rebuild of the planner plans every event again and must find what was already queued and
-- sent, or it would send it again. Hence IF NOT EXISTS: every generation runs this file.
CREATE SCHEMA IF NOT EXISTS notify;

-- Whom a case's messages go to. mobile is personal data: the applicant's normalised number;
-- ref is the case reference the messages quote.
CREATE TABLE IF NOT EXISTS notify.recipients (
    case_id   uuid PRIMARY KEY,
    ref       text NOT NULL,
    mobile    text NOT NULL,
    opted_out boolean NOT NULL DEFAULT false
);

-- One row per message an event causes, keyed by event, channel and recipient. seq is log order
-- (the planner is a single writer reading the log in order) and the provider's duplicate guard.
CREATE TABLE IF NOT EXISTS notify.deliveries (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid NOT NULL,
    channel         text NOT NULL,
    recipient       text NOT NULL, -- personal data
    case_id         uuid NOT NULL,
    event_type      text NOT NULL,
    legal           boolean NOT NULL, -- a legally required notice: sent despite an opt-out
    body            text NOT NULL,
    state           text NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'failed', 'sent', 'dead', 'skipped')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    provider_id     text NOT NULL DEFAULT '',
    queued_at       timestamptz NOT NULL,
    sent_at         timestamptz,
    UNIQUE (event_id, channel, recipient)
);
CREATE INDEX IF NOT EXISTS deliveries_pending ON notify.deliveries (case_id, channel, seq)
    WHERE state IN ('queued', 'failed');
