-- Every event the toy projection handled, with how often and by which instance.
CREATE TABLE handled (
    event_id    uuid PRIMARY KEY,
    stream      text NOT NULL,
    commit_pos  bigint NOT NULL,
    prepare_pos bigint NOT NULL,
    times       integer NOT NULL DEFAULT 1,
    instance    text NOT NULL
);
