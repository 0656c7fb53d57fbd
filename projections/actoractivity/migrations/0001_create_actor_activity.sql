-- Who did what, when, on which case: one row per event, for auditors. Metadata holds no
-- personal data, so neither does this table.
CREATE TABLE actor_activity (
    stream         text        NOT NULL,
    revision       bigint      NOT NULL,
    case_id        uuid        NOT NULL,
    actor_id       text        NOT NULL,
    actor_role     text        NOT NULL,
    request_id     text        NOT NULL,
    correlation_id text        NOT NULL,
    event_type     text        NOT NULL,
    at             timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (stream, revision)
);
CREATE INDEX actor_activity_by_actor ON actor_activity (actor_id, at DESC, stream, revision);
CREATE INDEX actor_activity_by_case ON actor_activity (case_id, at);
