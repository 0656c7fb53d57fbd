-- The projector runtime's own bookkeeping. Read models live in schemas rm_<name>_g<N>.
CREATE SCHEMA IF NOT EXISTS projector;

-- One row per projection name ever registered; id keys its advisory locks.
CREATE TABLE projector.projections (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    holder     text NOT NULL DEFAULT '', -- instance that last took the lock
    held_since timestamptz
);

-- A generation is one schema of a projection with its own checkpoint. Exactly one is live
-- (what readers see); at most one is being built beside it.
CREATE TABLE projector.generations (
    projection     text NOT NULL REFERENCES projector.projections (name),
    generation     integer NOT NULL,
    schema_name    text NOT NULL UNIQUE,
    status         text NOT NULL CHECK (status IN ('building', 'live', 'retired')),
    commit_pos     bigint NOT NULL DEFAULT 0,
    prepare_pos    bigint NOT NULL DEFAULT 0,
    processed      bigint NOT NULL DEFAULT 0,
    unknown_events bigint NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, generation)
);
CREATE UNIQUE INDEX generations_one_live ON projector.generations (projection) WHERE status = 'live';
CREATE UNIQUE INDEX generations_one_building ON projector.generations (projection) WHERE status = 'building';

-- Events a handler failed on. An open row (resolution IS NULL) stalls its projection.
CREATE TABLE projector.dead_letters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    projection  text NOT NULL,
    generation  integer NOT NULL,
    commit_pos  bigint NOT NULL,
    prepare_pos bigint NOT NULL,
    event_id    uuid NOT NULL,
    event_type  text NOT NULL,
    stream      text NOT NULL,
    error       text NOT NULL,
    attempts    integer NOT NULL DEFAULT 1,
    parked_at   timestamptz NOT NULL DEFAULT now(),
    resolution  text CHECK (resolution IN ('retried', 'skipped', 'superseded')),
    resolved_at timestamptz
);
CREATE UNIQUE INDEX dead_letters_one_open ON projector.dead_letters (projection, generation)
    WHERE resolution IS NULL;
