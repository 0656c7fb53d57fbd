-- The append-only log. seq numbers events in the order they were inserted; tx_id is the
-- inserting transaction, and (tx_id, seq) is the order in which readers may safely hand events
-- out (see eventstore/postgres/read.go).
CREATE TABLE events (
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    tx_id       xid8        NOT NULL,
    stream      text        NOT NULL,
    revision    bigint      NOT NULL CHECK (revision >= 0),
    event_id    uuid        NOT NULL UNIQUE,
    type        text        NOT NULL,
    data        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    -- The read order; seq alone is unique too, but a second index would slow every append.
    PRIMARY KEY (tx_id, seq),
    UNIQUE (stream, revision)
);

-- The log is append-only: refuse changes to written events.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % refused', TG_OP;
END $$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
