-- Every event the toy projection handled, with how often and by which instance.
CREATE TABLE handled (
    event_id    uuid PRIMARY KEY,
    stream      text NOT NULL,
    commit_pos  bigint NOT NULL,
    prepare_pos bigint NOT NULL,
    times       integer NOT NULL DEFAULT 1,
    instance    text NOT NULL,
    applied     bigserial -- rises in the order events were applied, for tests of a case's order
);
-- Secondary indexes, which a generation filling from the start of the log builds at the end:
-- a unique index is one too, unlike the primary key the upsert needs.
CREATE INDEX handled_by_stream ON handled (stream, commit_pos);
CREATE UNIQUE INDEX handled_at_position ON handled (commit_pos, prepare_pos);
