-- The notification log lives in schema notify, not in the planner's generation schema: a
-- rebuild of the planner plans every event again and must find what was already queued and
-- sent, or it would send it again. Hence IF NOT EXISTS: every generation runs this file.
CREATE SCHEMA IF NOT EXISTS notify;

-- What the planner remembers of a case from its submission. mobile is personal data: the
-- applicant's normalised number, NULL when they gave none a text can reach; ref is the case
-- reference messages quote.
CREATE TABLE IF NOT EXISTS notify.cases (
    case_id   uuid PRIMARY KEY,
    ref       text NOT NULL,
    service   text NOT NULL,
    mobile    text,
    opted_out boolean NOT NULL DEFAULT false
);

-- Other systems following cases. secrets are the Standard Webhooks signing secrets (whsec_…),
-- newest first; two during a rotation, both signing. Empty event_types or services: all.
CREATE TABLE IF NOT EXISTS notify.webhooks (
    id          uuid PRIMARY KEY,
    url         text NOT NULL,
    event_types text[] NOT NULL DEFAULT '{}',
    services    text[] NOT NULL DEFAULT '{}',
    trusted     boolean NOT NULL DEFAULT false, -- receives the personal part of events
    secrets     text[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per message an event causes, keyed by event, channel and recipient (a mobile number
-- or a webhook id). seq is log order (the planner is a single writer reading the log in
-- order) and the provider's duplicate guard; commit_pos is the event's, for replays.
CREATE TABLE IF NOT EXISTS notify.deliveries (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid NOT NULL,
    channel         text NOT NULL,
    recipient       text NOT NULL, -- personal data for SMS
    case_id         uuid NOT NULL,
    event_type      text NOT NULL,
    commit_pos      bigint NOT NULL,
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
CREATE INDEX IF NOT EXISTS deliveries_pending ON notify.deliveries (case_id, channel, recipient, seq)
    WHERE state IN ('queued', 'failed');
