-- Every checkpoint the log signed, kept for ever: outsiders check consistency between each and
-- the next. It lives outside the projection's generations, so a rebuild of the tree keeps the
-- history it must agree with.
CREATE TABLE tlog_checkpoint (
    size      bigint      PRIMARY KEY,
    root      bytea       NOT NULL,
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL
);
