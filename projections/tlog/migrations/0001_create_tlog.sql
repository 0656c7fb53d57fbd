-- The Merkle tree of the transparency log. tlog_node holds every node of a perfect subtree that
-- the appends so far completed: level 0 are the leaf hashes (idx is the event's index in global
-- order), level l idx i covers leaves [i*2^l, (i+1)*2^l). Nothing else is needed to compute the
-- root of any earlier size and every inclusion or consistency proof. tlog_leaf finds an
-- event's index by its id.
CREATE TABLE tlog_node (
    level smallint NOT NULL,
    idx   bigint   NOT NULL,
    hash  bytea    NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE tlog_leaf (
    event_id uuid   PRIMARY KEY,
    idx      bigint NOT NULL
);
